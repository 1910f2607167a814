#!/usr/bin/env bash
# tools/eval.sh — `make eval`: zhpipe's pass rates on the external test
# suites in $SHARED/testdata/external (see eval/README.md for the method,
# the unit and type mappings, and what is left out and why).
#
# For each suite: jq turns the applicable cases into "items" (one per
# expected value or entity, or a left-out item with its reason), the items
# give one JSON Lines feed, ONE `zhpipe extract --jsonl -q` runs over it
# (two for the suites with numeral cases: the numeral parser runs under a
# one-rule directory, everything else under rules/), and jq compares.
#
# Output: a table `suite kind run passed rate`, NER precision/recall/F1,
# a summary against the targets; build/eval/failures-<suite>-<kind>.txt
# list the first $EVAL_FAILURES failures (input, expected, got).
# Exit status: 0 (a measurement, whatever the rates), 1 when zhpipe fails
# or loses documents, 2 when a suite file or a tool is missing.
#
# Needs bash, jq (1.6+), coreutils.  Environment: SHARED (default ../shared),
# ZHPIPE (default ./zhpipe), EVAL_OUT (default build/eval), EVAL_FAILURES (50).
set -euo pipefail
trap 'echo "eval: internal error (line $LINENO: $BASH_COMMAND)" >&2; exit 2' ERR
cd "$(dirname "$0")/.."
START=$SECONDS

SHARED=${SHARED:-$(cd .. && pwd)/shared}
EXT=$SHARED/testdata/external
ZHPIPE=${ZHPIPE:-./zhpipe}
OUT=${EVAL_OUT:-build/eval}
NFAIL=${EVAL_FAILURES:-50}
W=$OUT/work
LIB=$PWD/eval

die() { echo "eval: $*" >&2; exit 2; }
command -v jq >/dev/null || die "jq is missing (apt-get install jq)"
[ -x "$ZHPIPE" ] || die "$ZHPIPE is missing (run make)"
[ -f "$LIB/lib.jq" ] || die "$LIB/lib.jq is missing"
SUITES="cn2an duckling_zh recognizers_text_zh jionlp msra_ner_test weibo_ner"
for s in $SUITES; do
    [ -s "$EXT/$s.jsonl" ] || die "suite file missing: $EXT/$s.jsonl (set SHARED=...)"
done

rm -rf "$OUT"
mkdir -p "$W"
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/zhpipe-eval.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$TMPD"' EXIT

# The numeral parser on its own: one rule whose `num` group is the whole
# line but for a measure word of units.conf's counts at its end (一个,
# 五对), so a figure record appears exactly when the parser accepts the
# number, with the parser's value (and si_value for a pair).
NUMRULES=$TMPD/numrules
mkdir -p "$NUMRULES"
cp rules/units.conf "$NUMRULES/"
cat > "$NUMRULES/number.rules" <<'EOF'
# make eval: the whole input is one number, with or without a measure word.
rule eval.number
  kind     figure
  pattern  ^(?<num>.+?)(?<unit>{@units:count})?$
EOF

# jq 1.6 exits 0 when only an earlier input failed: any message on stderr
# is an error of this harness.
jqs() {
    local err rc=0
    err=$(mktemp "$TMPD/jq.XXXXXX")
    jq -L "$LIB" "$@" 2> "$err" || rc=$?
    if [ "$rc" -ne 0 ] || [ -s "$err" ]; then
        echo "eval: jq failed (exit $rc): $(head -3 "$err")" >&2
        exit 2
    fi
    rm -f "$err"
}
FAILED=0

# run_zhpipe NAME RULEDIR: items $W/NAME.items.jsonl -> feed -> records.
run_zhpipe() {
    local name=$1 rules=$2 feed=$W/$1.feed.jsonl rec=$W/$1.records.jsonl err=$W/$1.stderr rc
    jqs -c -s 'map(select(.skip == null and .field == null)) | unique_by(.doc) | .[]
              | {id: .doc, text} + (if .date then {date} else {} end)' "$W/$name.items.jsonl" > "$feed"
    rc=0
    "$ZHPIPE" extract --jsonl -q --rules "$rules" "$feed" > "$rec" 2> "$err" || rc=$?
    local lines docs refused
    lines=$(grep -c . "$feed") || true
    docs=$(jq -c 'select(.kind == "document") | 1' "$rec" 2>/dev/null | wc -l) || docs=0
    refused=$(grep -c 'refused' "$err") || true
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "eval: zhpipe exited $rc on $feed" >&2
        head -5 "$err" | sed 's/^/  /' >&2
        FAILED=1
    elif [ $((docs + refused)) -ne "$lines" ]; then
        echo "eval: zhpipe gave $docs documents (+$refused refused) for the $lines lines of $feed" >&2
        FAILED=1
    fi
    if [ "$refused" -gt 0 ]; then
        echo "note: $name: zhpipe refused $refused feed line(s): $(sed 's/^zhpipe extract: //' "$err" | head -3 | tr '\n' ' ')" >> "$W/notes.txt"
    fi
}

# run_parse NAME KIND: the items of $W/NAME.items.jsonl that are whole
# values of a known kind (field: KIND; the peers' parse functions) go
# through `zhpipe parse KIND`, one input per line; its lines become records
# of those items' docs, appended to $W/NAME.records.jsonl.
run_parse() {
    local name=$1 kind=$2 items=$W/$1.$2.parse.jsonl out=$W/$1.$2.parsed.jsonl err=$W/$1.$2.parse.stderr rc=0
    jqs -c --arg k "$kind" 'select(.skip == null and .field == $k) | {doc, text}' "$W/$name.items.jsonl" > "$items"
    jqs -r '.text' "$items" | "$ZHPIPE" parse "$kind" -q > "$out" 2> "$err" || rc=$?
    if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then
        echo "eval: zhpipe parse $kind exited $rc on $items" >&2
        head -5 "$err" | sed 's/^/  /' >&2
        FAILED=1
    elif [ "$(grep -c . "$out")" != "$(grep -c . "$items")" ]; then
        echo "eval: zhpipe parse $kind gave $(grep -c . "$out") lines for the $(grep -c . "$items") of $items" >&2
        FAILED=1
    fi
    echo "note: $name $kind: $(grep -c . "$items") whole-input (parse) case(s) read with \`zhpipe parse $kind\`, the others with extract" >> "$W/notes.txt"
    jqs -c -n --slurpfile items "$items" --slurpfile out "$out" \
        '[$items, $out] | transpose[] | select(.[1].error == null) | .[1] + {doc: .[0].doc}' >> "$W/$name.records.jsonl"
}

# ====================================================================== items
# Every item: suite, kind, id, doc (feed id), text (feed text), input
# (shown in failures), date (reference), and either skip (the reason it is
# left out) or check + exp + expdesc.

# ---- cn2an: numerals (mode strict/normal/smart; direct is digit-by-digit)
jqs -c -s '
  [.[] | select(.kind == "numeral")] as $all
  | [$all[] | select(.polarity != "negative"
                     and any(.valid_in_modes[]; . == "normal" or . == "smart")) | .input] as $loose
  | $all[]
  | {suite: "cn2an", kind: "numeral", id, doc: .id, text: .input, input: .input, check: "numeral"}
    + if .mode == "direct" then {skip: "direct mode (digit string, not a value)"}
      elif .polarity == "negative" and (.input as $i | $loose | index($i)) != null
        then {skip: "strict-only negative, valid in normal/smart"}
      elif .polarity == "negative" then {neg: true, expdesc: "rejected (no number)"}
      else {exp: {value: .expected.value}, expdesc: (.expected.value | tostring)} end
' "$EXT/cn2an.jsonl" > "$W/cn2an-num.items.jsonl"

# ---- duckling: numerals, money, quantities, dates
jqs -c 'select(.kind == "numeral")
  | {suite: "duckling", kind: "numeral", id, doc: .id, text: .input, input: .input, check: "numeral",
     exp: {value: .expected.value}, expdesc: (.expected.value | tostring)}
' "$EXT/duckling_zh.jsonl" > "$W/duckling-num.items.jsonl"

jqs -c 'include "lib";
  def cur: {"$": "元", "cent": "元", "CNY": "元", "HKD": "港元", "USD": "美元", "EUR": "欧元"}[.] // .;
  def si: {"gram": ["mass", 0.001], "centimetre": ["length", 0.01], "metre": ["length", 1],
           "kilometre": ["length", 1000], "foot": ["length", 0.3048], "inch": ["length", 0.0254],
           "mile": ["length", 1609.344], "litre": ["volume", 0.001], "millilitre": ["volume", 0.000001],
           "gallon": ["volume", 0.003785411784]}[.];
  # an amount {value, unit} -> [dimension, units or null, value in zhpipe terms]
  def amt: if .unit == "cent" then ["currency", ["元"], .value / 100]
           elif (.unit | si) then (.unit | si) as [$d, $f] | [$d, null, .value * $f]
           else ["currency", [.unit | cur], .value] end;
  def bound_exp($x):
    if $x.type == "value" then ($x | amt) as [$d, $u, $v] | {dims: [$d], units: $u, value: $v, qual: "value"}
    elif $x.from and $x.to then ($x.from | amt) as [$d, $u, $v] | ($x.to | amt) as [$d2, $u2, $t]
      | {dims: [$d], units: $u, value: $v, to: $t, qual: "range"}
    elif $x.from then ($x.from | amt) as [$d, $u, $v] | {dims: [$d], units: $u, value: $v, qual: "min"}
    else ($x.to | amt) as [$d, $u, $v] | {dims: [$d], units: $u, value: $v, qual: "max"} end;
  . as $c
  | {suite: "duckling", kind, id, doc: .id, text: .input, input: .input, date: .ref_time[0:10]}
  + if .kind == "money" then {field: "money", doc: "\(.id)@parse"} else {} end
  + if .kind == "money" or .kind == "quantity" or .kind == "distance" or .kind == "volume" then
      bound_exp(.expected) as $e
      | {check: "measure", exp: ($e + {norm: (if .kind == "money" then "money" else "si" end),
                                      bs: 0, be: (.input | utf8bytelength)}),
         expdesc: ($e | "\(.value)\(if .to then "~\(.to)" else "" end) \(.units // [.dims[0] + " (SI)"] | join("|"))\(if .qual != "value" then " " + .qual else "" end)")}
    elif .kind == "time" then
      .expected as $x
      | (if $x.holiday then "holiday/solar term"
         elif ($x.grain | IN("hour", "minute", "second")) then "clock time/time of day"
         elif $x.grain == "week" then "weekday/week"
         else date_reason_text($c.input) end) as $why
      | ($x | dk_span) as $s
      | if $why then {skip: $why}
        elif $s == null then {skip: "peer value not a calendar span"}
        else {check: "date", exp: {spans: [$s], bs: 0, be: (.input | utf8bytelength)},
              expdesc: ($s | join(" .. "))} end
    else empty end
' "$EXT/duckling_zh.jsonl" > "$W/duckling.items.jsonl"

# ---- Recognizers-Text: numerals (model), money, percent, dates (model, parser)
jqs -c 'select(.kind == "numeral") | . as $c
  | if (.expected.entities | length) == 0 then
      {suite: "recognizers", kind: "numeral", id, doc: .id, text: .input, input: .input, check: "numeral",
       neg: true, expdesc: "no number"}
    else .expected.entities | to_entries[] | .key as $k | .value as $e | $c.input[$e.start:$e.end] as $t
      | {suite: "recognizers", kind: "numeral", id: "\($c.id)#\($k + 1)", doc: "\($c.id)#\($k + 1)", text: $t,
         input: $t, check: "numeral", exp: {value: ($e.resolution.value | tonumber)}, expdesc: $e.resolution.value}
    end
' "$EXT/recognizers_text_zh.jsonl" > "$W/recognizers-num.items.jsonl"

jqs -c 'include "lib";
  def iso: {"CNY": "元", "USD": "美元", "HKD": "港元", "EUR": "欧元", "JPY": "日元", "TWD": "新台币",
            "GBP": "英镑", "KRW": "韩元", "RUB": "卢布", "AUD": "澳元", "CHF": "瑞士法郎", "NGN": "奈拉"}[.] // .;
  def ref: if .ref_time then {date: .ref_time[0:10]} else {} end;
  def pct_dims: ["percent", "percentage_point", "tenth", "permille"];
  select(.kind == "money" or .kind == "percent" or (.kind == "time" and .layer != "extractor")) | . as $c
  | ({suite: "recognizers", doc: .id, text: .input} + ref) as $base
  | (if .kind == "time" then "time-" + .layer else .kind end) as $kind
  | if (.expected.entities | length) == 0 then
      if .kind == "time" then $base + {kind: $kind, id, input: .input, skip: "negative case (no date expected)"}
      else $base + {kind: $kind, id, input: .input, check: "measure", neg: true, expdesc: "nothing",
                    exp: {dims: (if .kind == "money" then ["currency"] else pct_dims end)}} end
    elif .kind == "money" and all(.expected.entities[]; .resolution.value == null) then
      $base + {kind: $kind, id, input: .input, skip: "currency name without an amount"}
    else .expected.entities | to_entries[] | .key as $k | .value as $e
      | $c.input[$e.start:$e.end] as $t
      | bspan($c.input; $e.start; $e.end) as [$bs, $be]
      | $base + {kind: $kind, id: "\($c.id)#\($k + 1)", input: "\($c.input)  [\($t)]"}
      + if $c.kind == "money" then
          ($e.resolution | if .isoCurrency then [.isoCurrency | iso]
                           elif .unit == "Dollar" then ["元", "美元"] else [.unit] end) as $u
          | {check: "measure", exp: {dims: ["currency"], units: $u, norm: "money", qual: "value",
                                     value: ($e.resolution.value | tonumber), bs: $bs, be: $be},
             expdesc: "\($e.resolution.value) \($u | join("|"))"}
        elif $c.kind == "percent" then
          ($e.resolution.value | rtrimstr("%") | tonumber) as $v
          | {check: "measure", exp: {dims: pct_dims, units: null, norm: "percent", qual: "value",
                                     value: $v, bs: $bs, be: $be}, expdesc: $e.resolution.value}
        else
          (if $c.layer == "model" then
             ($e.resolution.values // []) as $vs | ($vs | map(.timex // "") | join(" ")) as $tx
             | if ($e.type | test("set$")) then "recurring"
               elif ($e.type | test("duration$")) then "duration/offset"
               elif ($e.type | test("time$|timerange$")) then "clock time/time of day"
               elif any($vs[]; .isLunar == "True") then "lunar/era calendar"
               elif ($tx | test("W")) then "weekday/week"
               elif ($tx | test("T")) then "clock time/time of day"
               else date_reason_text($t) end
           else
             ($e.value.Timex // "") as $tx
             | if $c.component == "Set" then "recurring"
               elif $c.component == "Duration" then "duration/offset"
               elif $c.component == "Holiday" then "holiday/solar term"
               elif ($c.component | IN("Time", "TimePeriod", "DateTime", "DateTimePeriod", "Merged")) then "clock time/time of day"
               elif ($tx | test("W")) then "weekday/week"
               elif ($tx | test("T")) then "clock time/time of day"
               else date_reason_text($t) end
           end) as $why
          | (if $c.layer == "model" then ($e | rt_model_spans($t)) else ($e | rt_parser_spans($t)) end) as $spans
          | if $why then {skip: $why}
            elif any($spans[][]; . == "0001-01-01") then
              {check: "date", exp: {invalid: true, bs: $bs, be: $be}, expdesc: "no date (the peer marks it invalid)"}
            elif ($spans | length) == 0 then {skip: "peer value not a calendar span (not resolved, season)"}
            else {check: "date", exp: {spans: $spans, bs: $bs, be: $be},
                  expdesc: ($spans | map(join(" .. ")) | join("  or  "))} end
        end
    end
' "$EXT/recognizers_text_zh.jsonl" > "$W/recognizers.items.jsonl"

# ---- jionlp: money (parse, extract), dates (parse; extract = spans only)
jqs -c 'include "lib";
  # Partial references ("2021", "2021-05") are completed with the first
  # month/day: the peer computed its value knowing only the given fields.
  def ref: if (.ref_time | type) == "string" and (.ref_time | test("^[0-9]{4}"))
           then {date: ((.ref_time[0:10] + "-01-01")[0:10] | if test("^[0-9]{4}-[0-9]{2}-[0-9]{2}$") then .
                        else (.[0:7] + "-01") end)}
           else {} end;
  def num: tonumber;
  . as $c
  | ({suite: "jionlp", doc: .id, text: .input} + ref) as $base
  | if .kind == "money" and .task == "parse" then
      .expected as $x
      | ({dims: ["currency"], units: [$x.case], norm: "money", bs: 0, be: (.input | utf8bytelength)}
         + if ($x.num | type) == "array" then {value: ($x.num[0] | num), to: ($x.num[1] | num),
                                              qual: (if $x.definition == "blur" then "range~" else "range" end)}
           else {value: ($x.num | num),
                 qual: {"accurate": "exact", "blur": "approx", "blur+": "min", "blur-": "max~"}[$x.definition]} end) as $e
      | $base + {kind: "money", id, input: .input, check: "measure", exp: $e, field: "money", doc: "\(.id)@parse",
                 expdesc: "\($x.num | if type == "array" then join("~") else . end) \($x.case) \($x.definition)"}
    elif .kind == "money" then
      if (.expected.entities | length) == 0 then
        $base + {kind: "money", id, input: .input, check: "measure", neg: true, expdesc: "nothing",
                 exp: {dims: ["currency"]}}
      else .expected.entities | to_entries[] | .key as $k | .value as $e
        | bspan($c.input; $e.start; $e.end) as [$bs, $be]
        | $base + {kind: "money", id: "\($c.id)#\($k + 1)", input: "\($c.input)  [\($e.text)]", check: "measure",
                   exp: {dims: ["currency"], units: null, value: null, bs: $bs, be: $be},
                   expdesc: "a currency figure covering \($e.text)"}
      end
    elif .kind == "time" and .task == "parse" then
      .expected as $x
      | (if $x.type == "time_delta" then "duration/offset"
         elif $x.type == "time_period" then "recurring"
         elif $c.options.ret_future then "peer option ret_future (prefer the future)"
         elif ($c.options.lunar_date != false)
              and ($c.input | test("[正一二三四五六七八九十冬腊]+月[初廿卅]?[一二三四五六七八九十]+$"))
           then "lunar/era calendar"
         else date_reason_text($c.input) end) as $why
      | $base + {kind: "time", id, input: .input}
      + if $why then {skip: $why}
        else ($x.time | jio_span) as $s
          | {check: "date", exp: {spans: [$s], bs: 0, be: (.input | utf8bytelength),
                     blur: ($x.definition == "blur" and all($s[]; . != "-inf" and . != "inf" and . != $base.date))},
             expdesc: (($s | join(" .. ")) + (if $x.definition == "blur" then " (blur)" else "" end))} end
    elif .kind == "time" then
      if (.expected.entities | length) == 0 then
        $base + {kind: "time-extract", id, input: .input, check: "span", neg: true, expdesc: "no date"}
      else .expected.entities | to_entries[] | .key as $k | .value as $e
        | bspan($c.input; $e.start; $e.end) as [$bs, $be]
        | $base + {kind: "time-extract", id: "\($c.id)#\($k + 1)", input: "\($c.input)  [\($e.text)]"}
        + (date_reason_text($e.text) as $why
           | if $why then {skip: $why}
             else {check: "span", exp: {bs: $bs, be: $be}, expdesc: "a date spanning \($e.text)"} end)
      end
    else empty end
' "$EXT/jionlp.jsonl" > "$W/jionlp.items.jsonl"

# ====================================================================== run
run_zhpipe cn2an-num "$NUMRULES"
run_zhpipe duckling-num "$NUMRULES"
run_zhpipe recognizers-num "$NUMRULES"
run_zhpipe duckling rules
run_zhpipe recognizers rules
run_zhpipe jionlp rules
run_parse duckling money
run_parse jionlp money

# ====================================================================== score
# One result line per scored item: suite, kind, id, pass, input, expected, got.
for name in cn2an-num duckling-num recognizers-num duckling recognizers jionlp; do
    jqs -c -n --slurpfile items "$W/$name.items.jsonl" --slurpfile recs "$W/$name.records.jsonl" '
      include "lib";
      (reduce $recs[] as $r ({}; .[$r.doc] += [$r])) as $by
      | $items[] | select(.skip == null) | . as $it | ($by[$it.doc] // []) as $rs
      | [$rs[] | select(.kind == "figure")] as $figs
      | [$rs[] | select(.kind == "date")] as $dates
      | (if .check == "numeral" then
           {pass: (if .neg then ($figs | length) == 0
                   else ($figs | length) > 0 and close($figs[0].si_value // $figs[0].value; $it.exp.value) end),
            got: (if ($figs | length) == 0 then "(not parsed)" else ($figs | map(.value | tostring) | join(", ")) end)}
         elif .check == "measure" then
           {pass: (if .neg then all($figs[]; (.dimension as $d | $it.exp.dims | index($d)) == null)
                   else any($figs[]; fig_ok($it.exp)) end),
            got: (if ($figs | length) == 0 then "(no figure)" else ($figs | map(fig_desc) | join("; ")) end)}
         elif .check == "date" then
           [$dates[] | select(.start < $it.exp.be and .end > $it.exp.bs) | rec_span | select(. != null)] as $got
           | (if $it.exp.invalid then ($got | length) == 0
              else any($got[]; . as $s | any($it.exp.spans[]; . == $s)) end) as $strict
           | {pass: ($strict or ($it.exp.blur == true and any($got[]; . as $s | any($it.exp.spans[]; inside_edge($s; .))))),
              relaxed: ($strict | not),
            got: (if ($dates | length) == 0 then "(no date)"
                  else ($dates | map(date_desc + " = " + (rec_span | if . then join(" .. ") else "?" end)) | join("; ")) end)}
         else
           {pass: (if .neg then ($dates | length) == 0
                   else any($dates[]; .start == $it.exp.bs and .end == $it.exp.be) end),
            got: (if ($dates | length) == 0 then "(no date)" else ($dates | map(date_desc) | join("; ")) end)}
         end) as $r
      | {suite, kind, id, pass: $r.pass, input, expected: .expdesc, got: $r.got}
        + (if $r.pass and $r.relaxed == true then {relaxed: true} else {} end)
    ' > "$W/$name.results.jsonl"
done

# ---- NER: MSRA and Weibo (.NAM only, GPE -> LOC); zhpipe ZONE -> LOC.
for suite in msra_ner_test weibo_ner; do
    short=${suite%%_*}
    jqs -c --arg s "$short" '{suite: $s, kind: "ner", id, doc: .id, text: .input, input: .input,
        gold: [.input as $i | .expected.entities[]
               | select($s == "msra" or (.type | endswith(".NAM")))
               | {type: (.type | sub("\\.NAM$"; "") | if . == "GPE" then "LOC" else . end),
                  bs: ($i[0:.start] | utf8bytelength), be: ($i[0:.end] | utf8bytelength), text}]}
    ' "$EXT/$suite.jsonl" > "$W/$short.items.jsonl"
    run_zhpipe "$short" rules
    jqs -c -n --slurpfile items "$W/$short.items.jsonl" --slurpfile recs "$W/$short.records.jsonl" '
      def ty: {"PER": "PER", "ORG": "ORG", "LOC": "LOC", "ZONE": "LOC"}[.] // null;
      (reduce ($recs[] | select(.kind == "entity")) as $r ({}; .[$r.doc] += [$r])) as $by
      | $items[] | . as $it
      | ([($by[$it.doc] // [])[] | (.type | ty) as $t | select($t != null)
          | {type: $t, bs: .start, be: .end, text}] | unique) as $pred
      | {suite, id, input, gold, pred: $pred,
         tp: [$pred[] | . as $p | select(any($it.gold[]; .type == $p.type and .bs == $p.bs and .be == $p.be))]}
    ' > "$W/$short.results.jsonl"
done

# ====================================================================== report
{
printf '%-12s %-14s %6s %7s %7s\n' suite kind run passed rate
cat "$W"/*-num.results.jsonl "$W"/duckling.results.jsonl "$W"/recognizers.results.jsonl "$W"/jionlp.results.jsonl |
  jqs -r -s 'group_by([.suite, .kind])[] | [.[0].suite, .[0].kind, length, (map(select(.pass)) | length)]
            | "\(.[0]) \(.[1]) \(.[2]) \(.[3]) \(if .[2] > 0 then (1000 * .[3] / .[2] | round) / 10 else 0 end)%"' |
  sort -k1,1 -k2,2 | awk '{printf "%-12s %-14s %6d %7d %7s\n", $1, $2, $3, $4, $5}'

echo
echo "NER (exact span and type; ZONE scored as LOC; weibo .NAM only, GPE as LOC)"
printf '%-8s %-4s %6s %6s %6s %7s %7s %7s\n' suite type gold pred tp P R F1
for short in msra weibo; do
    jqs -r -s '
      def r1: 1000 * . | round / 10;
      .[0].suite as $s
      | ["PER", "LOC", "ORG", "all"][] as $ty
      | def sel: select($ty == "all" or .type == $ty);
        ([.[].gold[] | sel] | length) as $g
      | ([.[].pred[] | sel] | length) as $p
      | ([.[].tp[] | sel] | length) as $t
      | (if $p > 0 then $t / $p else 0 end) as $P | (if $g > 0 then $t / $g else 0 end) as $R
      | (if $P + $R > 0 then 2 * $P * $R / ($P + $R) else 0 end) as $F
      | "\($s) \($ty) \($g) \($p) \($t) \($P | r1)% \($R | r1)% \($F | r1)%"
    ' "$W/$short.results.jsonl" | awk '{printf "%-8s %-4s %6d %6d %6d %7s %7s %7s\n", $1, $2, $3, $4, $5, $6, $7, $8}'
done
} > "$W/table.txt"
cat "$W/table.txt"

# ---- failures
cat "$W"/*-num.results.jsonl "$W"/duckling.results.jsonl "$W"/recognizers.results.jsonl "$W"/jionlp.results.jsonl |
  jqs -c 'select(.pass | not)' > "$W/failures.jsonl"
keys=$(jqs -r '"\(.suite)-\(.kind)"' "$W/failures.jsonl" | sort -u)
for key in $keys; do
    jqs -r -s --arg k "$key" --argjson n "$NFAIL" '
      map(select("\(.suite)-\(.kind)" == $k)) as $f
      | "# \($k): \($f | length) failures; the first \([$n, ($f | length)] | min) (input, expected, got)\n",
        ($f[:$n][] | "\(.id)\n  input:    \(.input)\n  expected: \(.expected)\n  got:      \(.got)\n")
    ' "$W/failures.jsonl" > "$OUT/failures-$key.txt"
done
for short in msra weibo; do
    jqs -r -s --argjson n "$NFAIL" '
      def show: map("\(.type):\(.text)") | join(" ");
      map(select((.gold | map({type, bs, be}) | sort) != (.pred | map({type, bs, be}) | sort))) as $f
      | "# \(.[0].suite) ner: \($f | length) sentences where the entities differ; the first \([$n, ($f | length)] | min)\n",
        ($f[:$n][] | "\(.id)\n  input:    \(.input)\n  expected: \(.gold | show)\n  got:      \(.pred | show)\n")
    ' "$W/$short.results.jsonl" > "$OUT/failures-$short-ner.txt"
done

# ---- summary
{
echo
echo "== summary (targets: numerals 98%, money 95%, calendar dates 90%)"
cat "$W"/*-num.results.jsonl "$W"/duckling.results.jsonl "$W"/recognizers.results.jsonl "$W"/jionlp.results.jsonl |
  jqs -r -s '
    def grp: if .kind == "numeral" then "numerals"
             elif .kind == "money" then "money"
             elif .kind == "time" or .kind == "time-model" or .kind == "time-parser" then "dates"
             else "report-only" end;
    def target: {"numerals": 98, "money": 95, "dates": 90}[.];
    group_by(grp)[] | (.[0] | grp) as $g | length as $n | (map(select(.pass)) | length) as $p
    | (if $n > 0 then 100 * $p / $n else 0 end) as $r
    | "\($g) \($n) \($p) \((10 * $r | round) / 10)% \(if ($g | target) then (if $r >= ($g | target) then "met (target \($g | target)%)" else "BELOW target \($g | target)%" end) else "(percent, quantity, jionlp date spans)" end)"
  ' | awk '{ printf "%-12s run %5d  passed %5d  %7s  ", $1, $2, $3, $4; $1=$2=$3=$4=""; sub(/^ +/, ""); print }'
for short in msra weibo; do
    jqs -r -s '.[0].suite as $s | ([.[].gold[]] | length) as $g | ([.[].pred[]] | length) as $p | ([.[].tp[]] | length) as $t
      | (if $p > 0 then $t / $p else 0 end) as $P | (if $g > 0 then $t / $g else 0 end) as $R
      | "ner \($s): P \(1000 * $P | round / 10)%  R \(1000 * $R | round / 10)%  F1 \(if $P + $R > 0 then 2000 * $P * $R / ($P + $R) | round / 10 else 0 end)% (all types; per type above)"' \
      "$W/$short.results.jsonl"
done
echo
echo "left out (not scored), by reason:"
cat "$W"/cn2an-num.items.jsonl "$W"/duckling.items.jsonl "$W"/recognizers.items.jsonl "$W"/jionlp.items.jsonl |
  jqs -r -s 'map(select(.skip)) | group_by([.suite, .kind, .skip])[] | "  \(.[0].suite) \(.[0].kind): \(.[0].skip) \(length)"'
cat "$W"/*.results.jsonl | jqs -r -s 'map(select(.relaxed)) | group_by([.suite, .kind])[]
  | "note: \(.[0].suite) \(.[0].kind): \(length) blur case(s) passed at the right edge of the peer span (\(map(.input) | .[:6] | join(", "))\(if length > 6 then ", ..." else "" end))"'
if [ -f "$W/notes.txt" ]; then cat "$W/notes.txt"; fi
echo
echo "failures: $OUT/failures-*.txt; feeds, records and results: $W/"
echo "eval time: $((SECONDS - START)) s"
} | tee "$W/summary.txt"
cat "$W/table.txt" "$W/summary.txt" > "$OUT/summary.txt"

if [ "$FAILED" -ne 0 ]; then
    echo "eval: zhpipe failed on at least one suite (see above); the rates are incomplete" >&2
    exit 1
fi
exit 0
