# t50 — daily batches at scale: 5,000 files, one added; interruption and
# SIGKILL mid-run leave an index that opens, checks and completes.

FEED="$SHARED/corpus/bench/xwlb-2017-2026.zh-Hans.jsonl"
BIG="$TMP/big"
mkdir -p "$BIG"
# 5,001 articles of the benchmark corpus as files (the last one is added later).
head -5001 "$FEED" | jq -j '.id + "\u0000" + .text + "\u0000"' |
    while IFS= read -r -d '' id && IFS= read -r -d '' text; do
        printf '%s\n' "$text" > "$BIG/$id.txt"
    done
extra=$(ls "$BIG" | tail -1)
mv "$BIG/$extra" "$TMP/$extra"

subtest "a 5,000-file folder is indexed; adding one file touches only that file"
expect_status 0 zp index -q --db "$TMP/bigdb" "$BIG"
expect_match "$STDERR" '^zhpipe index: 5000 new, 0 changed, 0 unchanged, 0 removed, 0 refused; 5000 read'
mv "$TMP/$extra" "$BIG/"
expect_status 0 zp index -q --db "$TMP/bigdb" "$BIG"
expect_match "$STDERR" '^zhpipe index: 1 new, 0 changed, 5000 unchanged, 0 removed, 0 refused; 1 read'

subtest "a touched but unchanged file is read and hashed, and not rewritten"
touch "$BIG/$extra"
expect_status 0 zp index -q --db "$TMP/bigdb" "$BIG"
expect_match "$STDERR" '0 new, 0 changed, 5001 unchanged, 0 removed, 0 refused; 1 read'

head -3000 "$FEED" > "$TMP/feed3k.jsonl"

# articles DB: the number of articles the index holds.
articles() { zp stats --db "$1" 2>/dev/null | awk '/^articles:/ {print $2}'; }

subtest "SIGKILL at three points of a run: the index opens, passes xapian-check, holds whole batches"
for wait_for in 200 800 1600; do
    db="$TMP/killed-$wait_for"
    # The binary itself in the background (not the zp function's subshell),
    # so that the signal reaches it.
    $ZHPIPE_WRAP "$ZHPIPE" index -q -j 2 --batch 200 --db "$db" --jsonl "$TMP/feed3k.jsonl" 2>/dev/null &
    pid=$!
    for _ in $(seq 600); do   # at most 60 s
        n=$(articles "$db"); [ "${n:-0}" -ge "$wait_for" ] && break
        sleep 0.1
    done
    kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
    n=$(articles "$db")
    xapian-check "$db" >/dev/null 2>&1 || _fail "xapian-check failed after SIGKILL at $n articles"
    [ $((n % 200)) = 0 ] || _fail "$n articles after SIGKILL: not a whole number of batches"
    [ "$n" -ge "$wait_for" ] && [ "$n" -lt 3000 ] || _fail "killed at $n articles, expected between $wait_for and 3000"
    # Every article carries its records: exported records of a sample
    # article equal a fresh extraction of the same feed line.
    id=$(zp export --db "$db" | jq -r 'select(.kind=="document") | .doc' | head -1)
    got=$(zp export --db "$db" | jq -c "select(.doc==\"$id\" and .kind!=\"document\")" | md5sum)
    want=$(jq -c "select(.id==\"$id\")" "$TMP/feed3k.jsonl" | zp extract -q --jsonl - | jq -c 'select(.kind!="document")' | md5sum)
    [ "$got" = "$want" ] || _fail "article $id: its records in the index differ from its extraction"
    # The next run completes the job.
    out=$(zp index -q --db "$db" --jsonl "$TMP/feed3k.jsonl" 2>&1)
    grep -q "$((3000 - n)) new, 0 changed, $n unchanged" <<<"$out" || _fail "resuming after $n: $out"
    [ "$(articles "$db")" = 3000 ] || _fail "not 3000 articles after resuming"
done

subtest "SIGINT stops a run cleanly: exit 130, committed work kept, the next run finishes"
db="$TMP/interrupted"
$ZHPIPE_WRAP "$ZHPIPE" index -j 2 --batch 100 --db "$db" --jsonl "$TMP/feed3k.jsonl" 2>"$TMP/int.err" &
pid=$!
for _ in $(seq 600); do n=$(articles "$db"); [ "${n:-0}" -ge 300 ] && break; sleep 0.1; done
kill -INT "$pid"; wait "$pid"; rc=$?
expect_eq "$rc" "130"
expect_match "$(cat "$TMP/int.err")" 'interrupted; every article up to here is committed'
n=$(articles "$db")
expect_status 0 zp index -q --db "$db" --jsonl "$TMP/feed3k.jsonl"
expect_match "$STDERR" "$((3000 - n)) new, 0 changed, $n unchanged"
