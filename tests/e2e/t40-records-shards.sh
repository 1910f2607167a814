# t40 — records as records, export, facets, shards (local and remote), compaction.

DB4="$TMP/db4"
zp index -q --db "$DB4" "$SEEDS" 2>/dev/null

subtest "records: figures of a billion yuan or more, each with its article and offsets"
expect_status 0 zp records --db "$DB4" 'unit:元 value:1e9..'
expect_eq "$(jq -r 'select(.value < 1e9 or .unit != "元")' <<<"$STDOUT" | wc -l)" "0"
expect_match "$(jq -r '[.text, .value] | @tsv' <<<"$STDOUT")" $'^136亿元\t13600000000$'
expect_eq "$(jq -r 'select(.doc == null or .start == null)' <<<"$STDOUT" | wc -l)" "0"

subtest "records: dates in 2021, people titled 主任, a zone named in traditional script"
expect_status 0 zp records --db "$DB4" 'kind:date year:2021'
expect_match "$(jq -r '.value' <<<"$STDOUT" | sort -u)" '^2021'
expect_status 0 zp records --db "$DB4" 'type:PER 主任'
expect_match "$(jq -r '.name' <<<"$STDOUT")" '^刘凤玉$'
expect_status 0 zp records --db "$DB4" 'type:ZONE name:朝陽高新技術產業開發區'
expect_match "$(jq -r '.doc' <<<"$STDOUT" | sort -u)" '000_4c77dbaab02a54b6'

subtest "records: a bad condition is a one-line error"
expect_status 1 zp records --db "$DB4" 'value:abc'
expect_match "$STDERR" "not a number"
expect_status 1 zp records --db "$DB4" 'colour:red'
expect_match "$STDERR" "unknown record field 'colour:'"

subtest "export: every record, JSON Lines and CSV with a header"
expect_status 0 zp export --db "$DB4"
n_export=$(wc -l <<<"$STDOUT")
n_extract=$(zp extract -q "$SEEDS"/*.txt | wc -l)
expect_eq "$n_export" "$n_extract"
expect_status 0 zp export --db "$DB4" --format csv
# Rows start with the doc path; quoted fields may hold line breaks.
expect_eq "$(grep -c "^$SEEDS/" <<<"$STDOUT")" "$n_extract"
expect_match "$(head -1 <<<"$STDOUT")" '^doc,kind,start,end'


subtest "facets: the most frequent zones among the matches"
expect_status 0 zp search --db "$DB4" --facet zone --facet year --format json -n 0 开发区
expect_match "$(jq -r 'select(.facet=="zone") | .value' <<<"$STDOUT")" '^朝阳高新技术产业开发区$'

subtest "shards: two shards searched together give the same top hits as one index"
head -400 "$SHARED/corpus/bench/xwlb-2017-2026.zh-Hans.jsonl" > "$TMP/feed400.jsonl"
zp index -q --db "$TMP/all" --jsonl "$TMP/feed400.jsonl" 2>/dev/null
zp index -q --db "$TMP/sh1" --shard 1/2 --jsonl "$TMP/feed400.jsonl" 2>/dev/null
zp index -q --db "$TMP/sh2" --shard 2/2 --jsonl "$TMP/feed400.jsonl" 2>/dev/null
one=$(zp search --db "$TMP/all" --format json -n 5 经济 发展 | jq -r .doc)
two=$(zp search --db "$TMP/sh1" --db "$TMP/sh2" --format json -n 5 经济 发展 | jq -r .doc)
expect_eq "$two" "$one"
expect_eq "$(zp stats --db "$TMP/sh1" | grep articles: ) + $(zp stats --db "$TMP/sh2" | grep articles:)" "articles: $(( $(zp stats --db "$TMP/sh1" | awk '/^articles:/{print $2}') )) + articles: $(( 400 - $(zp stats --db "$TMP/sh1" | awk '/^articles:/{print $2}') ))"

subtest "compact merges the shards into one index with every article"
expect_status 0 zp compact "$TMP/sh1" "$TMP/sh2" "$TMP/merged"
expect_match "$(zp stats --db "$TMP/merged")" 'articles: 400'
expect_eq "$(zp search --db "$TMP/merged" --format json -n 5 经济 发展 | jq -r .doc)" "$one"

subtest "remote shards: two xapian-tcpsrv on 127.0.0.1, queried through a stub file"
srv_pids=()
port_base=$((20000 + RANDOM % 20000))
start_srv() { # db port
    # Its own session: on SIGTERM xapian-tcpsrv signals its whole process group.
    setsid xapian-tcpsrv --interface 127.0.0.1 --port "$2" "$1" >/dev/null 2>&1 &
    srv_pids+=($!)
}
start_srv "$TMP/sh1" "$port_base"
start_srv "$TMP/sh2" "$((port_base + 1))"
printf 'remote 127.0.0.1:%d\nremote 127.0.0.1:%d\n' "$port_base" "$((port_base + 1))" > "$TMP/remote.stub"
for _ in $(seq 50); do   # wait until both listen (bounded: 5 s)
    zp search --db "$TMP/remote.stub" -n 1 经济 >/dev/null 2>&1 && break
    sleep 0.1
done
expect_eq "$(zp search --db "$TMP/remote.stub" --format json -n 5 经济 发展 | jq -r .doc)" "$one"
kill "${srv_pids[@]}" 2>/dev/null; wait "${srv_pids[@]}" 2>/dev/null

subtest "a remote shard that is down is a clear error"
expect_status 1 zp search --db "$TMP/remote.stub" 经济
expect_match "$STDERR" 'cannot open index'

subtest "index -j 1 and -j 2 store identical documents and records"
zp index -q -j 1 --db "$TMP/j1" --jsonl "$TMP/feed400.jsonl" 2>/dev/null
zp index -q -j 2 --db "$TMP/j2" --jsonl "$TMP/feed400.jsonl" 2>/dev/null
expect_eq "$(zp export --db "$TMP/j2" | md5sum)" "$(zp export --db "$TMP/j1" | md5sum)"
expect_eq "$(zp search --db "$TMP/j2" --format json -n 20 经济 | md5sum)" "$(zp search --db "$TMP/j1" --format json -n 20 经济 | md5sum)"
