# t10 — zhpipe extract on the real articles: records, offsets, encodings.

S0="$SEEDS/000_4c77dbaab02a54b6.txt"   # simplified, 朝阳高新区
S3="$SEEDS/003_dee68bd4d83d9405.txt"   # mostly traditional, 凌源經濟開發區

# offsets_ok FILE ENCODING < records.jsonl: every record's [start, end) of
# FILE, decoded from ENCODING, is exactly its `text`.
offsets_ok() {
    local file=$1 enc=$2 bad=0 start end text slice
    while IFS=$'\t' read -r start end text; do
        text=$(base64 -d <<<"$text")
        slice=$(tail -c +$((start + 1)) "$file" | head -c $((end - start)) | iconv -f "$enc" -t UTF-8 2>/dev/null)
        if [ "$slice" != "$text" ]; then
            echo "offset mismatch at $start-$end: file has '$slice', record says '$text'" >&2
            bad=$((bad + 1))
        fi
    done < <(jq -r 'select(.kind != "document") | [.start, .end, (.text | @base64)] | @tsv')
    [ "$bad" = 0 ]
}

subtest "extract on the five seed articles: every line is JSON with the common fields"
expect_status 0 zp extract "$SEEDS"/*.txt
expect_eq "$(jq -c 'select(has("doc") and has("kind") and has("text") and has("norm") and has("start") and has("end") and has("rule") | not)' <<<"$STDOUT" | wc -l)" "0"
expect_eq "$(jq -r 'select(.kind=="document") | .doc' <<<"$STDOUT" | wc -l)" "5"

subtest "figures of seed 000 carry exact values and units"
expect_status 0 zp extract "$S0"
expect_eq "$(jq -c 'select(.kind=="figure" and .text=="136亿元") | [.value, .unit, .dimension]' <<<"$STDOUT")" '[13600000000,"元","currency"]'
expect_eq "$(jq -c 'select(.kind=="figure" and .text=="22.12亿元") | .value' <<<"$STDOUT")" '2212000000'
expect_eq "$(jq -c 'select(.kind=="figure" and .text=="15.4%") | [.value, .unit]' <<<"$STDOUT" | head -1)" '[15.4,"%"]'
expect_eq "$(jq -c 'select(.kind=="figure" and .text=="43家") | .value' <<<"$STDOUT" | head -1)" '43'

subtest "dates and entities of seed 000"
expect_status 0 zp extract "$S0"
expect_eq "$(jq -r 'select(.kind=="date" and .text=="2021年") | .value' <<<"$STDOUT")" "2021"
expect_eq "$(jq -r 'select(.kind=="date" and .text=="今年前三季度") | .grain' <<<"$STDOUT")" "month"
expect_match "$(jq -r 'select(.kind=="entity") | .name' <<<"$STDOUT")" '^朝阳浪马轮胎有限公司$'
expect_match "$(jq -r 'select(.kind=="entity" and .type=="PER") | .name' <<<"$STDOUT")" '^刘凤玉$'
expect_match "$(jq -r 'select(.kind=="entity" and .type=="ZONE") | .name' <<<"$STDOUT")" '^朝阳高新技术产业开发区$'

subtest "the abbreviation 朝阳高新区 is recorded as the full zone name"
expect_status 0 zp extract "$S0"
expect_eq "$(jq -r 'select(.kind=="entity" and .text=="朝阳高新区") | .name' <<<"$STDOUT" | sort -u)" "朝阳高新技术产业开发区"

subtest "a word broken by a layout line break is repaired (朝阳高新\\n\\n区)"
expect_status 0 zp extract "$S0"
expect_match "$(jq -r 'select(.kind=="entity") | [.norm, .text] | @tsv' <<<"$STDOUT")" $'^朝阳高新区\t朝阳高新\n\n区$'

subtest "offsets of every record point at its text in the UTF-8 original"
expect_status 0 zp extract "$S0" "$S3"
offsets_ok "$S0" UTF-8 < <(jq -c "select(.doc==\"$S0\")" <<<"$STDOUT") || _fail "offsets of $S0"
offsets_ok "$S3" UTF-8 < <(jq -c "select(.doc==\"$S3\")" <<<"$STDOUT") || _fail "offsets of $S3"

subtest "the traditional article is converted: traditional=true, names simplified, text original"
expect_status 0 zp extract "$S3"
expect_eq "$(jq -r 'select(.kind=="document") | .traditional' <<<"$STDOUT")" "true"
expect_match "$(jq -r 'select(.kind=="entity" and .type=="ZONE") | [.text, .name] | @tsv' <<<"$STDOUT")" $'^凌源經濟開發區\t凌源经济开发区$'

# The same article in GB18030, Big5 and UTF-16 gives the same records.
same_records() { jq -c 'select(.kind != "document") | del(.doc, .start, .end)'; }

subtest "GB18030, UTF-16LE and UTF-16BE copies of a seed give the same records, offsets in each encoding"
iconv -f UTF-8 -t GB18030 "$S0" > "$TMP/s0.gbk"
iconv -f UTF-8 -t UTF-16LE "$S0" > "$TMP/s0.u16le"
{ printf '\xfe\xff'; iconv -f UTF-8 -t UTF-16BE "$S0"; } > "$TMP/s0.u16be"
zp extract "$S0" | same_records > "$TMP/utf8.rec"
for e in gbk:GB18030 u16le:UTF-16LE u16be:UTF-16BE; do
    f="$TMP/s0.${e%%:*}"
    zp extract "$f" > "$TMP/out.jsonl"
    expect_eq "$(jq -r 'select(.kind=="document") | .encoding' "$TMP/out.jsonl")" "${e##*:}"
    same_records < "$TMP/out.jsonl" | cmp -s - "$TMP/utf8.rec" || _fail "records of $f differ from the UTF-8 file"
    offsets_ok "$f" "${e##*:}" < "$TMP/out.jsonl" || _fail "offsets of $f"
done

subtest "a Big5 copy of the traditional seed gives the records of its UTF-8 round trip"
iconv -c -f UTF-8 -t BIG5 "$S3" > "$TMP/s3.big5" 2>/dev/null
iconv -f BIG5 -t UTF-8 "$TMP/s3.big5" > "$TMP/s3.rt.txt"
zp extract "$TMP/s3.rt.txt" | same_records > "$TMP/rt.rec"
zp extract "$TMP/s3.big5" > "$TMP/out.jsonl"
expect_eq "$(jq -r 'select(.kind=="document") | .encoding' "$TMP/out.jsonl")" "BIG5"
same_records < "$TMP/out.jsonl" | cmp -s - "$TMP/rt.rec" || _fail "Big5 records differ from the UTF-8 round trip"
offsets_ok "$TMP/s3.big5" BIG5 < "$TMP/out.jsonl" || _fail "offsets of the Big5 file"

subtest "-j 1 and -j 4 give byte-identical output"
a=$(zp extract -j 1 "$SEEDS"/*.txt | md5sum); b=$(zp extract -j 4 "$SEEDS"/*.txt | md5sum)
expect_eq "$a" "$b"

subtest "CSV output: a header row and one row per record"
n_json=$(zp extract "$S0" | wc -l)
expect_status 0 zp extract --format csv "$S0"
expect_match "$(head -1 <<<"$STDOUT")" '^doc,kind,start,end,rule,text,norm,value'

subtest "--ref-date resolves relative dates; the document record says where the date came from"
expect_status 0 zp extract --ref-date 2024-10-28 "$S0"
expect_eq "$(jq -r 'select(.kind=="document") | [.ref_date, .ref_source] | @tsv' <<<"$STDOUT")" $'2024-10-28\toption'
expect_eq "$(jq -r 'select(.kind=="date" and .text=="今年前三季度") | .resolved' <<<"$STDOUT")" "2024-01/2024-09"

subtest "JSON Lines feed input: id, date and title from the feed"
printf '%s\n' '{"id":"a1","date":"2023-05-06","title":"标题","text":"今年一季度完成投资3.2亿元。"}' > "$TMP/feed.jsonl"
expect_status 0 zp extract --jsonl "$TMP/feed.jsonl"
expect_eq "$(jq -r 'select(.kind=="document") | [.doc, .title, .ref_date, .ref_source] | @tsv' <<<"$STDOUT")" $'a1\t标题\t2023-05-06\tfeed'
expect_eq "$(jq -r 'select(.kind=="figure") | .value' <<<"$STDOUT")" "320000000"
expect_eq "$(jq -r 'select(.kind=="date") | .resolved' <<<"$STDOUT")" "2023-Q1"

subtest "usage errors exit 2, --help exits 0"
expect_status 2 zp extract
expect_status 2 zp extract --format xml "$S0"
expect_status 0 zp extract --help
expect_match "$STDOUT" 'Examples'

subtest "a binary file and an empty file are refused by name; the others are still extracted (exit 3)"
printf '\x89PNG\r\n\x1a\n\0\0\0' > "$TMP/image.png"; : > "$TMP/empty.txt"
expect_status 3 zp extract "$TMP/image.png" "$TMP/empty.txt" "$S0"
expect_match "$STDERR" 'image.png: refused: binary file, not text \(PNG\)'
expect_match "$STDERR" 'empty.txt: refused: empty file'
expect_eq "$(jq -r 'select(.kind=="document") | .doc' <<<"$STDOUT")" "$S0"

subtest "--profile prints where the time went on stderr and changes nothing in the output"
expect_status 0 zp extract -q "$SEEDS"/*
plain=$STDOUT
expect_status 0 zp extract -q --profile -j 2 "$SEEDS"/*
expect_eq "$(md5sum <<<"$STDOUT")" "$(md5sum <<<"$plain")"
expect_match "$STDERR" 'zhpipe extract: profile of 5 articles, 0\.[0-9] MB'
for stage in 'decode \(uchardet, iconv\)' 'normalise: OpenCC' 'extract: trigger words' 'extract: date rules' \
             'output \(records, index documents\)'; do
    expect_match "$STDERR" "$stage +[0-9]+\.[0-9]{3} +[0-9.]+%"
done
expect_match "$STDERR" 'PCRE2 searches of the rules: [0-9.]+ s in all'
expect_match "$STDERR" 'date\.expr +[0-9.]+ s +[0-9]+ searches'
