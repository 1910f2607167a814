# lib.sh — a small transcript-test library for zhpipe's end-to-end tests.
#
# Each test file (tests/e2e/t*.sh) is sourced by run.sh and calls:
#   subtest "what it checks"
#   expect_eq "$actual" "$expected"     # one assertion per subtest
#   expect_status N command args...    # runs it, compares the exit status
#   expect_match "$text" 'ERE'
# A subtest fails on its first failed assertion; the failure prints what
# was expected and what came.

ZHPIPE=${ZHPIPE:-$PWD/zhpipe}
ZHPIPE_WRAP=${ZHPIPE_WRAP:-}
SHARED=${SHARED:-$(cd "$PWD/../shared" 2>/dev/null && pwd)}
SEEDS="$SHARED/corpus/seeds"
REPO=$PWD
export ZHPIPE_RULES="$REPO/rules"

_passed=0
_failed=0
_current=""
_current_failed=0

# zp: runs zhpipe (under $ZHPIPE_WRAP, e.g. valgrind, when set).
zp() { $ZHPIPE_WRAP "$ZHPIPE" "$@"; }

_close_subtest() {
    [ -n "$_current" ] || return 0
    if [ "$_current_failed" = 0 ]; then
        _passed=$((_passed + 1)); echo "  ok     $_current"
    else
        _failed=$((_failed + 1)); echo "  FAILED $_current"
    fi
    _current=""
}

subtest() { _close_subtest; _current="$1"; _current_failed=0; }

_fail() {
    _current_failed=1
    printf '    %s\n' "$@" | head -40 >&2
}

expect_eq() {
    if [ "$1" != "$2" ]; then
        _fail "expected: $2" "got:      $1"
    fi
}

expect_match() {
    if ! grep -Eq -- "$2" <<<"$1"; then
        _fail "expected to match: $2" "got: $(head -c 600 <<<"$1")"
    fi
}

expect_no_match() {
    if grep -Eq -- "$2" <<<"$1"; then
        _fail "expected NOT to match: $2" "got: $(grep -E -- "$2" <<<"$1" | head -5)"
    fi
}

# expect_status N cmd...: stdout/stderr of the command go to $OUT/$ERR.
expect_status() {
    local want=$1; shift
    OUT=$(mktemp); ERR=$(mktemp)
    "$@" >"$OUT" 2>"$ERR"
    local got=$?
    if [ "$got" != "$want" ]; then
        _fail "exit status: expected $want, got $got from: $*" "stderr: $(head -c 800 "$ERR")"
    fi
    STDOUT=$(cat "$OUT"); STDERR=$(cat "$ERR"); rm -f "$OUT" "$ERR"
}

# jq over JSON Lines: jqf FILTER < input
jqf() { jq -r "$@"; }

finish() {
    _close_subtest
    echo
    echo "$_passed passed, $_failed failed"
    [ "$_failed" = 0 ]
}
