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
