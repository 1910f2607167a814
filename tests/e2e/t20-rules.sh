# t20 — zhpipe rules check: the shipped rules pass; broken ones are named.

subtest "the shipped rules compile and all their examples pass"
expect_status 0 zp rules check "$REPO/rules"
expect_match "$STDOUT" ' 0 error\(s\)'

mkdir -p "$TMP/badrules"
cp "$REPO/rules/units.conf" "$TMP/badrules/"
cat > "$TMP/badrules/bad.rules" <<'R'
# a rule with an unbalanced parenthesis on line 5
rule broken.paren
  kind     figure
  # the pattern below lacks a ')'
  pattern  (?<num>[0-9]+(?<unit>元)
R

subtest "a malformed pattern is reported as file:line with the PCRE2 message, exit 1"
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" 'bad\.rules:2: error: rule broken\.paren: PCRE2 error at offset [0-9]+ of the expanded pattern: missing closing parenthesis'

subtest "an undefined pattern name and a duplicate id are reported with their lines"
cat > "$TMP/badrules/bad.rules" <<'R'
rule a
  kind figure
  pattern {NOPE}
rule a
  kind figure
  pattern [0-9]+元
R
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" 'bad\.rules:1: error: rule a: undefined pattern name \{NOPE\}'
expect_match "$STDERR" "bad\.rules:4: error: duplicate rule id 'a'"

subtest "a failing example is reported at its line"
cat > "$TMP/badrules/bad.rules" <<'R'
rule money
  kind figure
  pattern (?<num>[0-9]+)(?<unit>元)
  example 投资5美元 => 5美元
R
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" "bad\.rules:4: error: rule money: example did not match"

subtest "an example that matches but gives no record (the number or date does not parse) is an error at its line"
cat > "$TMP/badrules/bad.rules" <<'R'
rule money.letters
  kind figure
  pattern (?<num>[0-9A-Z]+)(?<unit>元)
  example 投资5元 => 5元
  example 投资ABC元 => ABC元
rule date.words
  kind date
  pattern 某年某月
  example 在某年某月 => 某年某月
R
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" "bad\.rules:5: error: rule money\.letters: example matched 'ABC元' but gives no record: the numeral parser"
expect_match "$STDERR" "bad\.rules:9: error: rule date\.words: example matched '某年某月' but gives no record: the date normaliser"
expect_no_match "$STDERR" "bad\.rules:4:"
expect_match "$STDOUT" "1 of 3 examples pass"

subtest "extract refuses to run with broken rules and says how to see why"
printf 'rule x\n  kind figure\n  pattern (\n' > "$TMP/badrules/bad.rules"
expect_status 1 zp extract --rules "$TMP/badrules" "$SEEDS/000_4c77dbaab02a54b6.txt"
expect_match "$STDERR" 'zhpipe rules check'

subtest "a unit added to units.conf is used without recompiling"
cat > "$TMP/badrules/bad.rules" <<'R'
rule q
  kind figure
  pattern (?<num>[0-9]+)(?<unit>{@units})
R
echo 'unit 头牛 头 count' >> "$TMP/badrules/units.conf"
printf '存栏300头牛。\n' > "$TMP/cows.txt"
expect_status 0 zp extract --rules "$TMP/badrules" "$TMP/cows.txt"
expect_eq "$(jq -r 'select(.kind=="figure") | [.value, .unit] | @tsv' <<<"$STDOUT")" $'300\t头'

subtest "a trigger too far from where the rule matches is named at the example's line"
cat > "$TMP/badrules/bad.rules" <<'R'
rule money
  kind figure
  trigger 元
  reach 1
  pattern (?<num>[0-9]+)(?<unit>元)
  example 投资500元 => 500元
R
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" "bad\.rules:6: error: rule money: this example matches '500元' tried everywhere but not the same near the triggers"
sed -i 's/reach 1/reach 3/' "$TMP/badrules/bad.rules"
expect_status 0 zp rules check "$TMP/badrules"

subtest "a trigger naming a definition that is no word list is an error; a rule without trigger a warning"
cat > "$TMP/badrules/bad.rules" <<'R'
define NUM [0-9]+
define CUR (?:元|美元(?!金)|欧元)
rule money
  kind figure
  trigger {NUM}
  pattern (?<num>{NUM})(?<unit>{CUR})
rule money2
  kind figure
  trigger {CUR}
  reach 6
  pattern (?<num>[0-9]+)(?<unit>{CUR})
  example 投资500欧元 => 500欧元
R
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" 'bad\.rules:5: error: rule money: trigger \{NUM\} is no list of words or characters: a character class followed by'
expect_no_match "$STDERR" 'rule money2'
printf 'rule far\n  kind figure\n  reach 4\n  pattern (?<num>[0-9]+)(?<unit>吨)\n' > "$TMP/badrules/bad.rules"
expect_status 1 zp rules check "$TMP/badrules"
expect_match "$STDERR" "bad\\.rules:1: error: rule far: 'reach' without 'trigger'"
printf 'rule plain\n  kind figure\n  pattern (?<num>[0-9]+)(?<unit>吨)\n  example 3吨 => 3吨\n' > "$TMP/badrules/bad.rules"
expect_status 0 zp rules check "$TMP/badrules"
expect_match "$STDERR" 'bad\.rules:1: warning: rule plain has no `trigger`'

# The triggers only make extraction cheaper: every record must be the same
# as with every rule tried at every position, on real articles of both
# scripts (the seeds, the sample corpus and 700 bench articles; 35 under
# valgrind, where every rule tried everywhere takes minutes).
subtest "records with triggers are exactly those without (seeds, corpus/, bench sample)"
feed="$TMP/trigger-sample.jsonl"
n=100; [ -n "$ZHPIPE_WRAP" ] && n=5
{ head -n $((5 * n)) "$SHARED/corpus/bench/xwlb-2017-2026.zh-Hans.jsonl"
  tail -n "$n" "$SHARED/corpus/bench/xwlb-2017-2026.zh-Hans.jsonl"
  head -n "$n" "$SHARED/corpus/bench/drcd-devtest.zh-Hant.jsonl"; } > "$feed"
expect_status 0 zp extract -q --jsonl "$feed"
with=$STDOUT
export ZHPIPE_NO_TRIGGERS=1
expect_status 0 zp extract -q --jsonl "$feed"
unset ZHPIPE_NO_TRIGGERS
expect_eq "$(wc -l <<<"$with")" "$(wc -l <<<"$STDOUT")"
expect_eq "$(md5sum <<<"$with")" "$(md5sum <<<"$STDOUT")"
expect_status 0 zp extract -q "$SEEDS"/* "$REPO"/corpus/*.txt
with=$STDOUT
export ZHPIPE_NO_TRIGGERS=1
expect_status 0 zp extract -q "$SEEDS"/* "$REPO"/corpus/*.txt
unset ZHPIPE_NO_TRIGGERS
expect_eq "$(md5sum <<<"$with")" "$(md5sum <<<"$STDOUT")"
