#!/usr/bin/env bash
# bench/run.sh — zhpipe benchmarks against peers, on the real news corpus.
#
#   bash bench/run.sh full     (make bench)        → bench/results.md
#   bash bench/run.sh quick    (make bench-quick)  → bench/results-quick.md
#
# full  = xwlb-2017-2026.zh-Hans.jsonl + drcd-devtest.zh-Hant.jsonl, in that order
#         (52,348 articles, 86.8 MB), read in place from $SHARED/corpus/bench;
# quick = the first 5 % of the lines of each of the two files.
#
# What runs (each timed command: one uncounted warm-up run, then RUNS counted runs,
# except the index builds, which get no warm-up — see "Method" in the results):
#   1. peers: cat > /dev/null (floor), iconv UTF-8 → GB18030, opencc -c t2s over the
#      articles' text only, Xapian omega scriptindex (XAPIAN_CJK_NGRAM=1)
#   2. zhpipe extract --jsonl -j 1
#   3. zhpipe index --jsonl -j 1 and -j $(nproc), fresh database each run
#   4. search latency: in-process (--queries --timing) and one process per query
#   5. linearity (extract at 10 / 50 / 100 % of the input, and one long article of
#      ~1 and ~4 MB), the traditional part alone (drcd: extract vs opencc), the ratios
#      and the targets (PASS/MISS).
#
# Environment: SHARED (default ../shared), RUNS (default 3, at least 3),
#   ZHPIPE (default ./zhpipe), KEEP_DBS=1 keeps every database in bench/work/,
#   WAIT_QUIET=SECONDS: on a shared machine, before each timed run wait until other processes
#   use < 0.2 cores, spending at most SECONDS on waiting over the whole benchmark
#   (default 0 = never wait; the load is reported either way).
# Tools: bash ≥ 4, jq, awk, coreutils, /usr/bin/time (GNU), opencc, scriptindex
# (make deps-bench installs them). No python.
set -euo pipefail
unset LC_ALL
export LC_NUMERIC=C LC_COLLATE=C

die() { printf 'bench: error: %b\n' "$*" >&2; exit 1; }
log() { printf 'bench: %s\n' "$*" >&2; }

MODE=${1:-}
case $MODE in
    full | quick) ;;
    *) echo "usage: bash bench/run.sh full|quick" >&2; exit 2 ;;
esac

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
SHARED=${SHARED:-$ROOT/../shared}
[[ -d $SHARED ]] || die "SHARED=$SHARED is not a directory (set SHARED to the shared data folder)"
SHARED=$(cd "$SHARED" && pwd)
CORPUS=$SHARED/corpus/bench
XWLB=$CORPUS/xwlb-2017-2026.zh-Hans.jsonl
DRCD=$CORPUS/drcd-devtest.zh-Hant.jsonl
QUERIES=$CORPUS/queries-50.txt
ZHPIPE=${ZHPIPE:-$ROOT/zhpipe}
RUNS=${RUNS:-3}
[[ $RUNS =~ ^[0-9]+$ ]] && ((RUNS >= 3)) || die "RUNS=$RUNS: need an integer ≥ 3 (results are medians of ≥ 3 runs)"
NPROC=$(nproc)
WAIT_QUIET=${WAIT_QUIET:-0}
[[ $WAIT_QUIET =~ ^[0-9]+$ ]] || die "WAIT_QUIET=$WAIT_QUIET: need a number of seconds"

# ------------------------------------------------------------------ checks
((BASH_VERSINFO[0] >= 4)) || die "bash ≥ 4 needed (this is $BASH_VERSION)"
missing=()
for t in jq awk sort head wc du nproc sha256sum iconv cat opencc scriptindex git; do
    command -v "$t" >/dev/null || missing+=("$t")
done
[[ -x /usr/bin/time ]] || missing+=("/usr/bin/time (Debian package time)")
((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} — run: make deps-bench"
tv=$(/usr/bin/time -v true 2>&1 || true)
[[ $tv == *"Maximum resident set size"* ]] \
    || die "/usr/bin/time is not GNU time (no -v); run: make deps-bench"
[[ -x $ZHPIPE ]] || die "$ZHPIPE not built — run: make zhpipe"
for f in "$XWLB" "$DRCD" "$QUERIES"; do
    [[ -r $f ]] || die "cannot read $f (is SHARED=$SHARED right?)"
done
zh_help=$("$ZHPIPE" search --help 2>&1 || true)
[[ $zh_help == *--timing* ]] \
    || die "$ZHPIPE has no 'search --queries FILE --timing' (needed for in-process latency)"

WORK=$ROOT/bench/work/$MODE
if [[ $MODE == full ]]; then OUT=$ROOT/bench/results.md; else OUT=$ROOT/bench/results-quick.md; fi
rm -rf "$WORK"
mkdir -p "$WORK"
RES=$WORK/runs.tsv
: >"$RES"
# Snapshot of the binary and the rules, so that a rebuild (or a rules edit) while the
# benchmark runs cannot mix versions; every command below runs the copy.
RULES_SRC=${ZHPIPE_RULES:-$ROOT/rules}
[[ -d $RULES_SRC ]] || die "rules directory $RULES_SRC not found"
mkdir -p "$WORK/bin"
cp "$ZHPIPE" "$WORK/bin/zhpipe"
cp -r "$RULES_SRC" "$WORK/bin/rules"
ZHPIPE_SRC=$ZHPIPE
ZHPIPE=$WORK/bin/zhpipe
export ZHPIPE_RULES=$WORK/bin/rules
BIN_SHA=$(sha256sum "$ZHPIPE" | cut -c1-12)
GIT_STATE="$(git describe --always --dirty --tags 2>/dev/null || echo unknown) (rev $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ", with uncommitted changes"))"
RULES_SHA=$(cd "$ZHPIPE_RULES" && find . -type f -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-12)
HZ=$(getconf CLK_TCK 2>/dev/null || echo 100)

# ------------------------------------------------------------------ helpers
now() { # seconds since the epoch, µs resolution, without a fork when bash ≥ 5
    if [[ -n ${EPOCHREALTIME:-} ]]; then REPLY=${EPOCHREALTIME/,/.}; else REPLY=$(date +%s.%N); fi
}
busy_jiffies() { # machine-wide busy CPU time so far (all processes)
    local u n s q sq st
    read -r _ u n s _ _ q sq st _ </proc/stat  # cpu user nice system idle iowait irq softirq steal
    REPLY=$((u + n + s + q + sq + st))
}
calc() { awk "BEGIN { x = $1; printf \"%.${2:-2}f\", x }"; }
mb() { calc "$1 / 1e6" "${2:-1}"; }
# Shows a command with the long paths shortened to the variables named in the results.
show_cmd() {
    local s="" a
    for a in "$@"; do
        a=${a//$CORPUS/\$CORPUS}
        a=${a//$ROOT\//}
        [[ $a == *[[:space:]]* ]] && a="'$a'"
        s+="${s:+ }$a"
    done
    printf '%s' "$s"
}

declare -A CMD
# wait_quiet : waits until the machine is idle, within what is left of the WAIT_QUIET budget.
WAITED=0
wait_quiet() {
    ((WAITED < WAIT_QUIET)) || return 0
    local t0=$SECONDS b0 load said=""
    while :; do
        busy_jiffies; b0=$REPLY
        sleep 1
        busy_jiffies
        load=$(calc "($REPLY - $b0) / $HZ" 2)
        if awk -v l="$load" 'BEGIN { exit !(l < 0.2) }'; then break; fi
        if ((WAITED + SECONDS - t0 >= WAIT_QUIET)); then
            log "  still $load cores busy; the WAIT_QUIET budget (${WAIT_QUIET}s) is spent: no more waiting"
            break
        fi
        [[ -n $said ]] || { log "  waiting for the machine to go quiet ($load cores busy)"; said=1; }
    done
    WAITED=$((WAITED + SECONDS - t0))
}
# run_once CMD... : runs the command once under /usr/bin/time -v, stdout to $STDOUT_TO
# (default /dev/null); sets R_WALL (s), R_RSS (kB), R_CPU (user+sys s), R_OTHER (cores
# kept busy by other processes meanwhile). Dies with the command's stderr on failure.
run_once() {
    local tf=$WORK/time.out ef=$WORK/stderr.out t0 t1 b0 b1
    wait_quiet
    busy_jiffies; b0=$REPLY
    now; t0=$REPLY
    if ! /usr/bin/time -v -o "$tf" "$@" >"${STDOUT_TO:-/dev/null}" 2>"$ef"; then
        die "command failed: $(show_cmd "$@")\n$(tail -n 8 "$ef")"
    fi
    now; t1=$REPLY
    busy_jiffies; b1=$REPLY
    R_WALL=$(calc "$t1 - $t0" 4)
    R_RSS=$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$tf")
    R_CPU=$(awk -F': *' '/User time/ { u = $2 } /System time/ { s = $2 } END { printf "%.2f", u + s }' "$tf")
    R_OTHER=$(calc "(($b1 - $b0) / $HZ - $R_CPU) / $R_WALL" 2)
    [[ $R_OTHER == -* ]] && R_OTHER=0.00
    return 0
}
# measure KEY WARMUPS PRE CMD... : WARMUPS uncounted runs, then RUNS counted ones;
# PRE (eval'd, untimed) runs before every run (e.g. rm -rf of the database).
measure() {
    local key=$1 warm=$2 pre=$3 i
    shift 3
    CMD[$key]=$(show_cmd "$@")
    for ((i = 1; i <= warm + RUNS; i++)); do
        [[ -n $pre ]] && eval "$pre"
        run_once "$@"
        if ((i <= warm)); then
            log "  $key: warm-up ${R_WALL}s (not counted)"
            continue
        fi
        printf '%s\t%d\t%s\t%s\t%s\t%s\n' "$key" $((i - warm)) "$R_WALL" "$R_RSS" "$R_CPU" "$R_OTHER" >>"$RES"
        log "  $key: run $((i - warm))/$RUNS ${R_WALL}s, peak RSS $((R_RSS / 1024)) MB, other load ${R_OTHER} cores"
    done
}
# summ KEY : sets MED MIN MAX (wall s), RSSMB (max over runs), CPU (median), OTH (max)
summ() {
    local rows
    rows=$(awk -F'\t' -v k="$1" '$1 == k' "$RES")
    if [[ -z $rows ]]; then MED=NA MIN=NA MAX=NA RSSMB=NA CPU=NA OTH=NA; return 0; fi
    read -r MED MIN MAX <<<"$(cut -f3 <<<"$rows" | sort -g | median_min_max)"
    read -r CPU _ _ <<<"$(cut -f5 <<<"$rows" | sort -g | median_min_max)"
    read -r _ _ RSSMB <<<"$(cut -f4 <<<"$rows" | sort -g | median_min_max)"
    read -r _ _ OTH <<<"$(cut -f6 <<<"$rows" | sort -g | median_min_max)"
    RSSMB=$(calc "$RSSMB / 1024" 1)
}
# median_min_max : of sorted numbers on stdin
median_min_max() {
    awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.3f %.3f %.3f\n", m, a[1], a[NR] }'
}
# pct FILE P : nearest-rank percentile of the numbers in FILE (one per line)
pct() { sort -g "$1" | awk -v p="$2" '{ a[NR] = $1 } END { i = int(p * NR / 100); if (i < p * NR / 100) i++; if (i < 1) i = 1; printf "%.2f", a[i] }'; }
passmiss() { awk "BEGIN { exit !($1) }" && echo PASS || echo MISS; }
fmt_time() { printf '%s (%s–%s)' "$MED" "$MIN" "$MAX"; }

# ------------------------------------------------------------------ inputs
T_START=$(date -u +%Y-%m-%dT%H:%M:%SZ)
SECONDS=0
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
log "mode $MODE, $RUNS runs per measurement, work dir ${WORK#"$ROOT"/}"
if awk -v l="${LOAD_START%% *}" -v n="$NPROC" 'BEGIN { exit !(l > 0.25 * n) }'; then
    log "WARNING: load average is $LOAD_START on $NPROC cores — other processes will skew the timings"
fi

log "checking the corpus files"
sha_ok=yes
while read -r sum name; do
    got=$(sha256sum "$CORPUS/$name" | cut -d' ' -f1)
    [[ $got == "$sum" ]] || { sha_ok=no; log "WARNING: $name sha256 $got ≠ README's $sum"; }
done <<'EOF'
aeb993cebaab26bc61d04e3441e939aee29c8aeb614ed68fa6e96b7b3cbc3d98 xwlb-2017-2026.zh-Hans.jsonl
901b70f0e34c5f4c313098021987656dbaa54d4ad7f5c9ee254fe71342c52d61 drcd-devtest.zh-Hant.jsonl
EOF

if [[ $MODE == full ]]; then
    IN_X=$XWLB IN_D=$DRCD # read in place, never copied
else
    nx=$((($(wc -l <"$XWLB") * 5 + 99) / 100))
    nd=$((($(wc -l <"$DRCD") * 5 + 99) / 100))
    IN_X=$WORK/quick-xwlb.jsonl IN_D=$WORK/quick-drcd.jsonl
    head -n "$nx" "$XWLB" >"$IN_X"
    head -n "$nd" "$DRCD" >"$IN_D"
fi
INPUTS=("$IN_X" "$IN_D")
FEED_BYTES=$(cat "${INPUTS[@]}" | wc -c)
ARTICLES=$(cat "${INPUTS[@]}" | wc -l)
D_BYTES=$(wc -c <"$IN_D")
D_ARTICLES=$(wc -l <"$IN_D")
log "input: $ARTICLES articles, $FEED_BYTES bytes"

log "preparing peer inputs with jq (untimed)"
TEXT=$WORK/text.txt       # the articles' text fields, one after another (opencc)
TEXT_D=$WORK/text-drcd.txt
DUMP=$WORK/articles.dump  # scriptindex dump format: name=value, '=' continues a line
SCRIPT=$WORK/articles.script
jq -r '.text // ""' "${INPUTS[@]}" >"$TEXT"
jq -r '.text // ""' "$IN_D" >"$TEXT_D"
jq -r '"id=" + .id,
       "title=" + ((.title // "") | gsub("\r"; "") | gsub("\n"; "\n=")),
       "text=" + ((.text // "") | gsub("\r"; "") | gsub("\n"; "\n=")),
       ""' "${INPUTS[@]}" >"$DUMP"
cat >"$SCRIPT" <<'EOF'
# One record per article: the id is the unique boolean Q term (and stored),
# title and text are indexed as free text (positional, so phrases work).
id : boolean=Q unique=Q field=id
title : index field=title
text : index
EOF
TEXT_BYTES=$(wc -c <"$TEXT")
TEXT_D_BYTES=$(wc -c <"$TEXT_D")
DUMP_BYTES=$(wc -c <"$DUMP")
[[ $(grep -c '^id=' "$DUMP") == "$ARTICLES" ]] || die "dump for scriptindex has the wrong number of records"

# Prefixes of the input for the linearity check (10 % and 50 % of the lines).
L10=$(((ARTICLES * 10 + 99) / 100))
L50=$(((ARTICLES * 50 + 99) / 100))
P10=$WORK/prefix-10.jsonl P50=$WORK/prefix-50.jsonl
awk -v n="$L10" 'NR > n { exit } { print }' "${INPUTS[@]}" >"$P10"
awk -v n="$L50" 'NR > n { exit } { print }' "${INPUTS[@]}" >"$P50"
P10_BYTES=$(wc -c <"$P10")
P50_BYTES=$(wc -c <"$P50")

# One long article: the first ~1 MB and ~4 MB of the text (whole lines), as
# single files: extraction must stay linear within an article too.
LONG1=$WORK/long-1mb.txt LONG4=$WORK/long-4mb.txt
LC_ALL=C awk -v n=1000000 '{ print; b += length($0) + 1 } b >= n { exit }' "$TEXT" >"$LONG1"
LC_ALL=C awk -v n=4000000 '{ print; b += length($0) + 1 } b >= n { exit }' "$TEXT" >"$LONG4"
LONG1_BYTES=$(wc -c <"$LONG1")
LONG4_BYTES=$(wc -c <"$LONG4")

for ((i = 1; i <= 3; i++)); do (cat "${INPUTS[@]}" "$TEXT" "$DUMP" "$ZHPIPE" >/dev/null); done # page cache

# ------------------------------------------------------------------ 1. peers
log "1/5 peers"
measure cat 1 "" cat "${INPUTS[@]}"
measure iconv 1 "" iconv -f UTF-8 -t GB18030 "${INPUTS[@]}"
measure opencc 1 "" opencc -c t2s -i "$TEXT" -o /dev/null
SIDB=$WORK/scriptindex.db
measure scriptindex 0 "rm -rf '$SIDB'" env XAPIAN_CJK_NGRAM=1 scriptindex --overwrite "$SIDB" "$SCRIPT" "$DUMP"
SI_SIZE=$(du -sb "$SIDB" | cut -f1)
SI_NGRAM="not checked (xapian-delve missing)"
if command -v xapian-delve >/dev/null; then
    # With CJK n-grams, single Han characters are terms; without, whole runs are.
    if xapian-delve "$SIDB" -t 中 2>/dev/null | grep -c termfreq >/dev/null; then
        SI_NGRAM="yes (the single-character term 中 is in the database)"
    else
        SI_NGRAM="NO — single characters are not terms, XAPIAN_CJK_NGRAM had no effect"
        log "WARNING: scriptindex database has no CJK n-gram terms"
    fi
fi
[[ ${KEEP_DBS:-} == 1 ]] || rm -rf "$SIDB"

# ------------------------------------------------------------------ 2. extract
log "2/5 zhpipe extract"
measure extract 1 "" "$ZHPIPE" extract --jsonl -j 1 -q "${INPUTS[@]}"

# ------------------------------------------------------------------ 3. index
log "3/5 zhpipe index"
DB1=$WORK/zhpipe-j1.db DBN=$WORK/zhpipe-j$NPROC.db
measure index1 0 "rm -rf '$DB1'" "$ZHPIPE" index --jsonl -j 1 -q --db "$DB1" "${INPUTS[@]}"
DB1_SIZE=$(du -sb "$DB1" | cut -f1)
if ((NPROC > 1)); then
    measure indexN 0 "rm -rf '$DBN'" "$ZHPIPE" index --jsonl -j "$NPROC" -q --db "$DBN" "${INPUTS[@]}"
    DBN_SIZE=$(du -sb "$DBN" | cut -f1)
    [[ ${KEEP_DBS:-} == 1 ]] || rm -rf "$DB1"
    DB=$DBN
else
    log "  one core: no -jN run"
    DB=$DB1
fi

# ------------------------------------------------------------------ 4. search
log "4/5 search latency"
Q3=$WORK/queries-x3.txt
cat "$QUERIES" "$QUERIES" "$QUERIES" >"$Q3"
NQ=$(grep -c . "$QUERIES")
NQ3=$(grep -c . "$Q3")
# In-process: one warm-up pass over the 50 queries, then one process over 3 × 50.
STDOUT_TO=/dev/null run_once "$ZHPIPE" search --db "$DB" --queries "$QUERIES" --timing --limit 10
STDOUT_TO=$WORK/search-timing.tsv run_once "$ZHPIPE" search --db "$DB" --queries "$Q3" --timing --limit 10
CMD[search_in]=$(show_cmd "$ZHPIPE" search --db "$DB" --queries "$Q3" --timing --limit 10)
SEARCH_RSS=$(calc "$R_RSS / 1024" 1)
SEARCH_WALL=$R_WALL
cut -f1 "$WORK/search-timing.tsv" >"$WORK/search-inproc-ms.txt"
[[ $(wc -l <"$WORK/search-inproc-ms.txt") == "$NQ3" ]] \
    || die "search --timing printed $(wc -l <"$WORK/search-inproc-ms.txt") lines for $NQ3 queries"
SI_P50=$(pct "$WORK/search-inproc-ms.txt" 50)
SI_P95=$(pct "$WORK/search-inproc-ms.txt" 95)
SI_P99=$(pct "$WORK/search-inproc-ms.txt" 99)
SI_MAX=$(pct "$WORK/search-inproc-ms.txt" 100)
SI_SLOW=$(sort -t$'\t' -k1,1gr "$WORK/search-timing.tsv" | awk -F'\t' '!seen[$2]++ && ++n <= 3 { printf "%s%s %s ms", (n > 1 ? ", " : ""), $2, $1 }')
# Whole process: each query its own `zhpipe search` (start-up, open, search, snippets, print).
mapfile -t QS < <(grep . "$QUERIES")
"$ZHPIPE" search --db "$DB" --limit 10 "${QS[0]}" >/dev/null 2>&1 || die "search failed for ${QS[0]}"
: >"$WORK/search-process-ms.txt"
for ((r = 1; r <= 3; r++)); do
    wait_quiet
    for q in "${QS[@]}"; do
        now; t0=$REPLY
        "$ZHPIPE" search --db "$DB" --limit 10 "$q" >/dev/null 2>"$WORK/stderr.out" \
            || die "search failed for '$q': $(tail -n 3 "$WORK/stderr.out")"
        now
        calc "($REPLY - $t0) * 1000" 3 >>"$WORK/search-process-ms.txt"
        echo >>"$WORK/search-process-ms.txt"
    done
done
CMD[search_proc]=$(show_cmd "$ZHPIPE" search --db "$DB" --limit 10 QUERY)
SP_P50=$(pct "$WORK/search-process-ms.txt" 50)
SP_P95=$(pct "$WORK/search-process-ms.txt" 95)
SP_P99=$(pct "$WORK/search-process-ms.txt" 99)
SP_MAX=$(pct "$WORK/search-process-ms.txt" 100)
SP_N=$(wc -l <"$WORK/search-process-ms.txt")

# ------------------------------------------------------------------ 5. linearity, traditional
log "5/5 linearity and the traditional part"
measure extract10 1 "" "$ZHPIPE" extract --jsonl -j 1 -q "$P10"
measure extract50 1 "" "$ZHPIPE" extract --jsonl -j 1 -q "$P50"
measure opencc_d 1 "" opencc -c t2s -i "$TEXT_D" -o /dev/null
measure extract_d 1 "" "$ZHPIPE" extract --jsonl -j 1 -q "$IN_D"
measure long1 1 "" "$ZHPIPE" extract -j 1 -q "$LONG1"
measure long4 1 "" "$ZHPIPE" extract -j 1 -q "$LONG4"
measure opencc_long4 1 "" opencc -c t2s -i "$LONG4" -o /dev/null

# ------------------------------------------------------------------ profile (untimed)
# Where the time goes: one more run of each with --profile (time per stage
# and per rule, on stderr), not counted in the tables above.
log "profiles (extract, traditional part, index of the 10 % prefix)"
"$ZHPIPE" extract --jsonl -j 1 -q --profile "${INPUTS[@]}" 2>"$WORK/profile-extract.txt" >/dev/null \
    || die "extract --profile failed: $(tail -n 3 "$WORK/profile-extract.txt")"
"$ZHPIPE" extract --jsonl -j 1 -q --profile "$IN_D" 2>"$WORK/profile-extract-drcd.txt" >/dev/null \
    || die "extract --profile (drcd) failed"
rm -rf "$WORK/profile.db"
"$ZHPIPE" index --jsonl -j 1 -q --profile --db "$WORK/profile.db" "$P10" 2>"$WORK/profile-index.txt" \
    || die "index --profile failed: $(tail -n 3 "$WORK/profile-index.txt")"
rm -rf "$WORK/profile.db"

LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)
ELAPSED=$((SECONDS - WAITED))

# ------------------------------------------------------------------ report
TMP=$WORK/results.md
{
    summ opencc; OPENCC_MED=$MED OPENCC_CPU=$CPU
    summ extract; EXTRACT_MED=$MED EXTRACT_RSS=$RSSMB EXTRACT_CPU=$CPU
    summ scriptindex; SI_MED=$MED SI_CPU=$CPU
    summ index1; IDX1_MED=$MED IDX1_RSS=$RSSMB IDX1_CPU=$CPU
    IDXN_MED=NA IDXN_RSS=0
    if ((NPROC > 1)); then summ indexN; IDXN_MED=$MED; IDXN_RSS=$RSSMB; fi
    summ opencc_d; OPENCC_D_MED=$MED OPENCC_D_CPU=$CPU
    summ extract_d; EXTRACT_D_MED=$MED EXTRACT_D_CPU=$CPU
    ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }
    C_EXTRACT=$(ratio "$OPENCC_CPU" "$EXTRACT_CPU")
    C_TRAD=$(ratio "$OPENCC_D_CPU" "$EXTRACT_D_CPU")
    C_INDEX=$(ratio "$SI_CPU" "$IDX1_CPU")
    C_IDX1_APS=$(awk -v a="$ARTICLES" -v c="$IDX1_CPU" 'BEGIN { printf "%.0f", a / c }')

    R_EXTRACT=$(calc "$OPENCC_MED / $EXTRACT_MED" 2)
    R_TRAD=$(calc "$OPENCC_D_MED / $EXTRACT_D_MED" 2)
    IDX1_APS=$(calc "$ARTICLES / $IDX1_MED" 0)
    SI_APS=$(calc "$ARTICLES / $SI_MED" 0)
    R_INDEX=$(calc "$IDX1_APS / $SI_APS" 2)
    if ((NPROC > 1)); then R_JN=$(calc "$IDX1_MED / $IDXN_MED" 2); else R_JN=NA; fi
    ZH_RSS=$(printf '%s\n' "$EXTRACT_RSS" "$IDX1_RSS" "$IDXN_RSS" "$SEARCH_RSS" | sort -g | tail -n 1)

    echo "# zhpipe benchmarks ($MODE)"
    echo
    echo "Generated by \`bash bench/run.sh $MODE\` on $T_START (UTC) in $((ELAPSED / 60)) min $((ELAPSED % 60)) s."
    if [[ $MODE == quick ]]; then echo "Quick mode: the first 5 % of the lines of each corpus file; the full run writes bench/results.md."; fi
    echo
    echo "## Machine and versions"
    echo
    echo "| | |"
    echo "| --- | --- |"
    echo "| CPU | $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), nproc = $NPROC |"
    echo "| RAM | $(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) |"
    echo "| kernel | $(uname -sr) |"
    echo "| load average (1, 5, 15 min) | at start $LOAD_START, at end $LOAD_END |"
    echo "| zhpipe | $GIT_STATE at the start; \`$("$ZHPIPE" --version 2>&1 | head -n 1)\` |"
    echo "| opencc | $(opencc --version 2>&1 | awk '/Version/ { print $2 }') (package $(dpkg-query -W -f='${Version}' opencc 2>/dev/null || echo '?')) |"
    echo "| Xapian | $(scriptindex --version | head -n 1); xapian-core $(dpkg-query -W -f='${Version}' libxapian30 2>/dev/null || xapian-config --version 2>/dev/null | awk '{ print $NF }') |"
    echo "| iconv | $(iconv --version | head -n 1) |"
    echo "| jq, GNU time | $(jq --version), GNU time $(dpkg-query -W -f='${Version}' time 2>/dev/null || echo "?") |"
    echo
    echo "## Input"
    echo
    echo "CORPUS = \`$CORPUS\` (read in place; sha256 as in its README: $sha_ok)."
    echo
    echo "| | articles | bytes | MB |"
    echo "| --- | ---: | ---: | ---: |"
    if [[ $MODE == full ]]; then
        echo "| feed: \$CORPUS/xwlb-2017-2026.zh-Hans.jsonl + drcd-devtest.zh-Hant.jsonl | $ARTICLES | $FEED_BYTES | $(mb "$FEED_BYTES") |"
    else
        echo "| feed: first $nx lines of xwlb + first $nd lines of drcd | $ARTICLES | $FEED_BYTES | $(mb "$FEED_BYTES") |"
    fi
    echo "| the articles' \`text\` fields only (\`jq -r .text\`, for opencc) | $ARTICLES | $TEXT_BYTES | $(mb "$TEXT_BYTES") |"
    echo "| scriptindex dump (id, title, text) | $ARTICLES | $DUMP_BYTES | $(mb "$DUMP_BYTES") |"
    echo "| traditional part (drcd) feed / text | $D_ARTICLES | $D_BYTES / $TEXT_D_BYTES | $(mb "$D_BYTES" 2) / $(mb "$TEXT_D_BYTES" 2) |"
    echo
    echo "## Method"
    echo
    echo "- Wall time from bash's \`\$EPOCHREALTIME\` (µs; \`date +%s.%N\` on bash 4) around \`/usr/bin/time -v CMD\`;"
    echo "  peak RSS (\"Maximum resident set size\") and user+sys CPU from \`/usr/bin/time -v\`. MB = 10^6 bytes."
    echo "- Each row: median of $RUNS runs, (min–max). Before each command one warm-up run that is not counted,"
    echo "  except the index builds (scriptindex, zhpipe index; minutes each in full mode), which get no warm-up:"
    echo "  their input is already in the page cache from the earlier sections, and each run starts from an"
    echo "  empty database (\`rm -rf\` before, untimed). No other cache tricks; stdout of every command goes to /dev/null."
    echo "- \"other load\": cores kept busy by other processes during the run (machine busy time from /proc/stat"
    echo "  minus the command's own CPU time, ÷ wall time; worst run). Well above 0 means other work shared the"
    echo "  CPUs and the wall times are inflated (then compare the CPU s columns). Noisy for runs under ~1 s"
    echo "  (/proc/stat counts in 10 ms ticks)."
    if ((WAIT_QUIET > 0)); then
        echo "- WAIT_QUIET=$WAIT_QUIET: before each run the script waited for the other processes to use < 0.2 cores,"
        echo "  spending at most $WAIT_QUIET s on it over the whole run ($WAITED s spent, not in the elapsed time above)."
    fi
    echo "- zhpipe runs from a copy taken at the start, bench/work/$MODE/bin/zhpipe (sha256 $BIN_SHA…, of"
    echo "  ${ZHPIPE_SRC#"$ROOT"/}), with ZHPIPE_RULES=bench/work/$MODE/bin/rules (copy of ${RULES_SRC#"$ROOT"/}, tree sha256 $RULES_SHA…)."
    echo "- The jq conversions (text file, scriptindex dump, prefixes) happen once, untimed."
    echo
    echo "## 1. Peers"
    echo
    echo "| command | input | median s (min–max) | MB/s | articles/s | CPU s | peak RSS MB | other load |"
    echo "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    summ cat; echo "| cat > /dev/null (floor) | feed $(mb "$FEED_BYTES") MB | $(fmt_time) | $(calc "$FEED_BYTES / 1e6 / $MED" 0) | $(calc "$ARTICLES / $MED" 0) | $CPU | $RSSMB | $OTH |"
    summ iconv; echo "| iconv UTF-8 → GB18030 (reference) | feed $(mb "$FEED_BYTES") MB | $(fmt_time) | $(calc "$FEED_BYTES / 1e6 / $MED" 1) | $(calc "$ARTICLES / $MED" 0) | $CPU | $RSSMB | $OTH |"
    summ opencc; echo "| opencc -c t2s | text $(mb "$TEXT_BYTES") MB | $(fmt_time) | $(calc "$TEXT_BYTES / 1e6 / $MED" 2) | $(calc "$ARTICLES / $MED" 0) | $CPU | $RSSMB | $OTH |"
    summ scriptindex; echo "| scriptindex (XAPIAN_CJK_NGRAM=1) | dump $(mb "$DUMP_BYTES") MB | $(fmt_time) | $(calc "$DUMP_BYTES / 1e6 / $MED" 2) | $SI_APS | $CPU | $RSSMB | $OTH |"
    echo
    echo "scriptindex database: $SI_SIZE bytes ($(mb "$SI_SIZE") MB). Index script:"
    echo
    echo '```'
    grep -v '^#' "$SCRIPT"
    echo '```'
    echo
    echo "CJK: scriptindex 1.4.22 has no CJK option (nothing in \`scriptindex --help\` or its man page); its"
    echo "\`index\` action uses Xapian::TermGenerator, which in Xapian 1.4 splits Han text into unigrams and"
    echo "bigrams when the environment variable XAPIAN_CJK_NGRAM is non-empty. Run with XAPIAN_CJK_NGRAM=1,"
    echo "default stemmer (english; affects only Latin words). N-grams in effect: $SI_NGRAM."
    echo
    echo "## 2. zhpipe extract (all stages, one thread)"
    echo
    echo "| command | median s (min–max) | feed MB/s | text MB/s | articles/s | CPU s | peak RSS MB | other load |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    summ extract; echo "| extract --jsonl -j 1 | $(fmt_time) | $(calc "$FEED_BYTES / 1e6 / $MED" 2) | $(calc "$TEXT_BYTES / 1e6 / $MED" 2) | $(calc "$ARTICLES / $MED" 0) | $CPU | $RSSMB | $OTH |"
    echo
    echo "\"text MB/s\" counts only the bytes of the \`text\` fields (what opencc converts), so it compares with"
    echo "opencc on the same text; zhpipe also reads the JSON, titles and ids."
    echo
    echo "## 3. zhpipe index (fresh database each run)"
    echo
    echo "| command | median s (min–max) | feed MB/s | articles/s | CPU s | peak RSS MB | other load | database |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"
    summ index1; echo "| index --jsonl -j 1 | $(fmt_time) | $(calc "$FEED_BYTES / 1e6 / $MED" 2) | $(calc "$ARTICLES / $MED" 0) | $CPU | $RSSMB | $OTH | $(mb "$DB1_SIZE") MB |"
    if ((NPROC > 1)); then
        summ indexN; echo "| index --jsonl -j $NPROC | $(fmt_time) | $(calc "$FEED_BYTES / 1e6 / $MED" 2) | $(calc "$ARTICLES / $MED" 0) | $CPU | $RSSMB | $OTH | $(mb "$DBN_SIZE") MB |"
    fi
    summ scriptindex; echo "| scriptindex (peer, from §1) | $(fmt_time) | $(calc "$FEED_BYTES / 1e6 / $MED" 2) | $SI_APS | $CPU | $RSSMB | $OTH | $(mb "$SI_SIZE") MB |"
    echo
    echo "Database sizes from \`du -sb\`."
    echo
    echo "## 4. Search latency"
    echo
    echo "Index: \`${DB#"$ROOT"/}\` ($ARTICLES articles). Queries: \$CORPUS/queries-50.txt ($NQ queries)."
    echo
    echo "| | samples | p50 ms | p95 ms | p99 ms | max ms |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    echo "| in-process (\`--queries\` × 3, \`--timing\`) | $NQ3 | $SI_P50 | $SI_P95 | $SI_P99 | $SI_MAX |"
    echo "| whole process, one per query (× 3) | $SP_N | $SP_P50 | $SP_P95 | $SP_P99 | $SP_MAX |"
    echo
    echo "In-process time is what \`--timing\` prints: parse, normalise and run the query inside one process"
    echo "with the index already open (no start-up; with --timing the hits are not formatted). One warm-up pass over the"
    echo "$NQ queries is not counted. The $NQ3-query process: ${SEARCH_WALL}s wall, peak RSS $SEARCH_RSS MB."
    echo "Slowest in-process: $SI_SLOW. Percentiles are nearest-rank."
    echo "Whole process: wall time of each \`zhpipe search\` (start-up, open, search, snippets, output to /dev/null)."
    echo
    echo "## 5. Linearity and the traditional part"
    echo
    echo "Extract (-j 1) over the first 10 % and 50 % of the feed's lines and all of it (100 % is §2)."
    echo
    echo "| part | articles | MB | median s (min–max) | s per MB | MB/s |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: |"
    summ extract10; S10=$(calc "$MED / ($P10_BYTES / 1e6)" 4)
    echo "| 10 % | $L10 | $(mb "$P10_BYTES" 2) | $(fmt_time) | $S10 | $(calc "$P10_BYTES / 1e6 / $MED" 2) |"
    summ extract50; S50=$(calc "$MED / ($P50_BYTES / 1e6)" 4)
    echo "| 50 % | $L50 | $(mb "$P50_BYTES" 2) | $(fmt_time) | $S50 | $(calc "$P50_BYTES / 1e6 / $MED" 2) |"
    summ extract; S100=$(calc "$MED / ($FEED_BYTES / 1e6)" 4)
    echo "| 100 % | $ARTICLES | $(mb "$FEED_BYTES" 2) | $(fmt_time) | $S100 | $(calc "$FEED_BYTES / 1e6 / $MED" 2) |"
    echo
    echo "Cost per MB at 100 % ÷ at 10 %: $(calc "$S100 / $S10" 2) (1.00 = linear). The 10 % and 50 % prefixes are"
    echo "simplified news only; the last 3 % of the feed is the traditional part."
    echo
    if [[ $MODE == quick ]]; then echo "Traditional part alone (drcd, quick subset: start-up time dominates):"; else echo "Traditional part alone (drcd):"; fi
    echo
    echo "| command | input | median s (min–max) | text MB/s | CPU s | peak RSS MB |"
    echo "| --- | --- | ---: | ---: | ---: | ---: |"
    summ opencc_d; echo "| opencc -c t2s | text $(mb "$TEXT_D_BYTES" 2) MB | $(fmt_time) | $(calc "$TEXT_D_BYTES / 1e6 / $MED" 2) | $CPU | $RSSMB |"
    summ extract_d; echo "| zhpipe extract --jsonl -j 1 | feed $(mb "$D_BYTES" 2) MB | $(fmt_time) | $(calc "$TEXT_D_BYTES / 1e6 / $MED" 2) | $CPU | $RSSMB |"
    echo
    echo "One long article: the first lines of the text (~1 MB and ~4 MB) as one file each."
    echo
    echo "| command | input MB | median s (min–max) | s per MB | peak RSS MB |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    summ long1; SL1=$(calc "$MED / ($LONG1_BYTES / 1e6)" 4)
    echo "| zhpipe extract -j 1 | $(mb "$LONG1_BYTES" 2) | $(fmt_time) | $SL1 | $RSSMB |"
    summ long4; SL4=$(calc "$MED / ($LONG4_BYTES / 1e6)" 4)
    echo "| zhpipe extract -j 1 | $(mb "$LONG4_BYTES" 2) | $(fmt_time) | $SL4 | $RSSMB |"
    summ opencc_long4
    echo "| opencc -c t2s | $(mb "$LONG4_BYTES" 2) | $(fmt_time) | $(calc "$MED / ($LONG4_BYTES / 1e6)" 4) | $RSSMB |"
    echo
    echo "Cost per MB of one article, 4 MB ÷ 1 MB: $(calc "$SL4 / $SL1" 2) (1.00 = linear)."
    echo
    echo "## 6. Where the time goes"
    echo
    echo "One untimed run each with \`--profile\` (monotonic clock around every stage and every PCRE2 search,"
    echo "one thread): the whole feed, the traditional part, and \`index -j 1\` over the 10 % prefix."
    echo
    echo '```'
    cat "$WORK/profile-extract.txt"
    echo
    cat "$WORK/profile-extract-drcd.txt"
    echo
    grep -v '^zhpipe index: [0-9]' "$WORK/profile-index.txt"
    echo '```'
    echo
    echo "## Commands"
    echo
    echo "CORPUS=$CORPUS; paths without a leading / are relative to the repository."
    echo
    echo '```'
    for k in cat iconv opencc scriptindex extract index1 indexN search_in search_proc extract10 extract50 opencc_d extract_d; do
        if [[ -n ${CMD[$k]:-} ]]; then printf '%-12s %s\n' "$k" "${CMD[$k]}"; fi
    done
    echo '```'
    echo
    echo "## Ratios and targets"
    echo
    MAXOTH=$(awk -F'\t' '$1 !~ /^(cat|iconv)$/ && $6 > m { m = $6 } END { printf "%.2f", m + 0 }' "$RES")
    echo "Measured = ratio of median wall times (the targets' definition). CPU = the same ratio from median"
    echo "user+sys CPU time, which other load on the machine disturbs much less (meaningless for -jN ÷ -j1)."
    if awk -v m="$MAXOTH" 'BEGIN { exit !(m > 0.3) }'; then
        echo
        echo "**Warning: other processes kept up to $MAXOTH cores busy during the timed runs (see \"other load\"),"
        echo "so wall times are inflated unevenly; where the two verdicts differ, the CPU-time one is the fair one.**"
    fi
    echo
    echo "| | measured | CPU | target | verdict | verdict by CPU |"
    echo "| --- | ---: | ---: | ---: | --- | --- |"
    echo "| extract ÷ opencc throughput (MB/s of the same text) | ${R_EXTRACT}× | ${C_EXTRACT}× | ≥ 5× | $(passmiss "$R_EXTRACT >= 5") | $(passmiss "$C_EXTRACT >= 5") |"
    echo "| traditional part: extract ÷ opencc (drcd text) | ${R_TRAD}× | ${C_TRAD}× | ≥ 0.8× | $(passmiss "$R_TRAD >= 0.8") | $(passmiss "$C_TRAD >= 0.8") |"
    echo "| index -j 1 ÷ scriptindex (articles/s) | ${R_INDEX}× | ${C_INDEX}× | ≥ 2× | $(passmiss "$R_INDEX >= 2") | $(passmiss "$C_INDEX >= 2") |"
    echo "| index -j 1 articles/s | $IDX1_APS | $C_IDX1_APS | ≥ 700 | $(passmiss "$IDX1_APS >= 700") | $(passmiss "$C_IDX1_APS >= 700") |"
    if ((NPROC > 1)); then
        jn_note=""; if ((NPROC != 2)); then jn_note=" (stated for -j 2)"; fi
        echo "| index -j $NPROC ÷ -j 1 | ${R_JN}× | — | ≥ 1.7×$jn_note | $(passmiss "$R_JN >= 1.7") | |"
    else
        echo "| index -jN ÷ -j 1 | n/a (1 core) | — | ≥ 1.7× | n/a | |"
    fi
    echo "| search p99, in-process | $SI_P99 ms | — | ≤ 10 ms | $(passmiss "$SI_P99 <= 10") | |"
    echo "| peak RSS, worst zhpipe command | $ZH_RSS MB | — | ≤ 300 MB | $(passmiss "$ZH_RSS <= 300") | |"
    echo "| extract cost per MB, 100 % ÷ 10 % | $(calc "$S100 / $S10" 2) | — | ≈ 1 (linear) | | |"
    echo "| one article's cost per MB, 4 MB ÷ 1 MB | $(calc "$SL4 / $SL1" 2) | — | ≈ 1 (linear) | | |"
} >"$TMP"

mv "$TMP" "$OUT"
log "done in $((ELAPSED / 60)) min $((ELAPSED % 60)) s; results in ${OUT#"$ROOT"/}"
echo
sed -n '/^## Ratios and targets/,$p' "$OUT"
