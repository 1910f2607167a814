# t30 — zhpipe index and search: incremental batches, both scripts, errors.

DB="$TMP/db"
mkdir -p "$TMP/articles"
cp "$SEEDS"/*.txt "$TMP/articles/"
chmod u+w "$TMP/articles"/*.txt   # shared/ is read-only; the test edits its copies

subtest "index a folder: every article is new"
expect_status 0 zp index --db "$DB" "$TMP/articles"
expect_match "$STDERR" '5 new, 0 changed, 0 unchanged, 0 removed, 0 refused'

subtest "re-indexing an unchanged folder changes nothing and reads nothing"
expect_status 0 zp index --db "$DB" "$TMP/articles"
expect_match "$STDERR" '0 new, 0 changed, 5 unchanged, 0 removed, 0 refused'

subtest "a traditional query finds the simplified article (朝陽高新區 → 000)"
expect_status 0 zp search --db "$DB" --format json 朝陽高新區
expect_eq "$(jq -r '.doc' <<<"$STDOUT" | head -1)" "$TMP/articles/000_4c77dbaab02a54b6.txt"

subtest "a simplified query finds the traditional article (凌源经济开发区 → 003)"
expect_status 0 zp search --db "$DB" --format json '"凌源经济开发区"'
expect_eq "$(jq -r '.doc' <<<"$STDOUT" | head -1)" "$TMP/articles/003_dee68bd4d83d9405.txt"

subtest "search JSON has rank, doc, score and a highlighted snippet"
expect_status 0 zp search --db "$DB" --format json 浪马轮胎
expect_eq "$(jq -r 'select(.rank==1) | (.score > 0)' <<<"$STDOUT")" "true"
expect_match "$(jq -r '.snippet' <<<"$STDOUT" | head -1)" '<b>'

subtest "entity filter: zone:朝阳高新技术产业开发区 finds the article that used only the abbreviation too"
expect_status 0 zp search --db "$DB" --format json 'zone:朝阳高新技术产业开发区'
expect_match "$(jq -r '.doc' <<<"$STDOUT")" '000_4c77dbaab02a54b6'

subtest "a changed file is replaced, not added twice"
echo "新增一段：今年新签约项目12个。" >> "$TMP/articles/001_201a132a17332222.txt"
expect_status 0 zp index --db "$DB" "$TMP/articles"
expect_match "$STDERR" '0 new, 1 changed, 4 unchanged'
expect_status 0 zp stats --db "$DB"
expect_match "$STDOUT" 'articles: 5'

subtest "a removed file is reported, and dropped with --prune"
rm "$TMP/articles/004_b0269d6298c48e14.txt"
expect_status 0 zp index --db "$DB" "$TMP/articles"
expect_match "$STDERR" '1 indexed file\(s\) no longer exist'
expect_status 0 zp index --db "$DB" --prune "$TMP/articles"
expect_match "$STDERR" '1 removed'
expect_status 0 zp stats --db "$DB"
expect_match "$STDOUT" 'articles: 4'

subtest "show prints an article with its records"
expect_status 0 zp show --db "$DB" --format json "$TMP/articles/000_4c77dbaab02a54b6.txt"
expect_match "$(jq -r '.records[].text' <<<"$STDOUT")" '^136亿元$'

subtest "bad queries get a one-line error and exit 1"
expect_status 1 zp search --db "$DB" '"朝阳 高新区'
expect_match "$STDERR" 'unbalanced quote'
expect_status 1 zp search --db "$DB" 'foo:bar'
expect_match "$STDERR" "unknown field 'foo:'"
expect_status 1 zp search --db "$DB" 'date:2025..2021'
expect_match "$STDERR" 'empty date range'

subtest "a missing index and a file as index are clear errors"
expect_status 1 zp search --db "$TMP/nope.db" 高新区
expect_match "$STDERR" 'no index at'
: > "$TMP/afile"
expect_status 1 zp index --db "$TMP/afile" "$TMP/articles"
expect_match "$STDERR" 'is a file, not a zhpipe index'

subtest "a second writer gets 'locked' while the first runs"
mkfifo "$TMP/fifo"
zp index --db "$DB" --jsonl "$TMP/fifo" 2>/dev/null &
writer=$!
exec 7>"$TMP/fifo"   # keeps the first writer waiting for input, lock held
sleep 0.5
expect_status 1 zp index --db "$DB" "$TMP/articles"
expect_match "$STDERR" 'is locked by another process'
exec 7>&-
wait $writer

subtest "single characters and unquoted Chinese words: words are phrases, ANDed"
zp index -q --db "$TMP/db30b" "$SEEDS" 2>/dev/null
expect_status 0 zp search --db "$TMP/db30b" --format json 钢
expect_match "$(jq -r .doc <<<"$STDOUT")" '000_4c77dbaab02a54b6'
expect_status 0 zp search --db "$TMP/db30b" --explain --format json 高新区 投资
expect_match "$STDERR" 'PHRASE 3'
expect_eq "$(zp search --db "$TMP/db30b" --format json '高新区 投资' | md5sum)" "$(zp search --db "$TMP/db30b" --format json '"高新区" "投资"' | md5sum)"

subtest "index --profile shows the writer's share beside the extraction stages"
expect_status 0 zp index --profile --db "$TMP/db-profile" "$SEEDS"
expect_match "$STDERR" 'zhpipe index: profile of 5 articles'
expect_match "$STDERR" 'index writer \(Xapian\) +[0-9]+\.[0-9]{3} +[0-9.]+%'
expect_match "$STDERR" 'extract: entity rules +[0-9]+\.[0-9]{3}'
