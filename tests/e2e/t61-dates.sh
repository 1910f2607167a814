# t61 — every date expression of the five seed articles, by hand.
#
# Each line is "start text value resolved grain" (start: the byte offset in
# the original file; resolved "-" when absent), in the order of the
# article.  The lists were written from reading the articles: they hold
# every calendar date the text states and nothing else (durations such as
# "15年前", "两个月", products such as "六号肠", 建成后年 "after completion,
# yearly", 至今 alone, 近日/目前/当年 are not dates).  Relative dates are
# anchored with --ref-date 2024-10-28.

S0="$SEEDS/000_4c77dbaab02a54b6.txt"
S1="$SEEDS/001_201a132a17332222.txt"
S2="$SEEDS/002_784ca2f8b721edea.txt"
S3="$SEEDS/003_dee68bd4d83d9405.txt"
S4="$SEEDS/004_b0269d6298c48e14.txt"

# dates FILE [OPTIONS]: the date records of FILE, one line each.
dates() {
    local f=$1; shift
    zp extract "$@" "$f" | jq -r 'select(.kind=="date") | [.start, .text, .value, (.resolved // "-"), .grain] | join(" ")'
}

subtest "seed 000: 自2009年 is a start, 今年以来 runs to the reference day, 从2007年起步 is a plain year"
expect_eq "$(dates "$S0" --ref-date 2024-10-28)" "\
270 自2009年 2009-01-01/.. 2009-01-01/.. period
289 2021年 2021 2021 year
1551 2026年 2026 2026 year
1975 今年前三季度 XXXX-01/XXXX-09 2024-01/2024-09 month
3992 2025年 2025 2025 year
8089 今年以来 XXXX/XXXX-XX-XX 2024/2024-10-28 period
11323 今年 XXXX 2024 year
11786 截至目前 ../XXXX-XX-XX ../2024-10-28 period
12404 今年 XXXX 2024 year
12526 今年以来 XXXX/XXXX-XX-XX 2024/2024-10-28 period
13145 2007年 2007 2007 year
15139 今天 XXXX-XX-XX 2024-10-28 day"

subtest "seed 001: 今年前5个月, 今日, 8月份; 建成后年 is not the year after next"
expect_eq "$(dates "$S1" --ref-date 2024-10-28)" "\
160 2024年 2024 2024 year
582 2024年 2024 2024 year
769 今年前5个月 XXXX-01/XXXX-05 2024-01/2024-05 month
944 今日 XXXX-XX-XX 2024-10-28 day
5769 今年1月至5月 XXXX-01/XXXX-05 2024-01/2024-05 month
6069 8月份 XXXX-08 2024-08 month
6555 2024年 2024 2024 year
7556 7月7日 XXXX-07-07 2024-07-07 day
8330 今年上半年 XXXX-H1 2024-H1 half
9357 7月6日 XXXX-07-06 2024-07-06 day
11170 7月5日 XXXX-07-05 2024-07-05 day
11983 截至目前 ../XXXX-XX-XX ../2024-10-28 period
12700 今年 XXXX 2024 year
13347 2019年5月 2019-05 2019-05 month
13371 2020年6月 2020-06 2020-06 month
14501 年底前 ../XXXX-12-31 2024-10-28/2024-12-31 period"

subtest "seed 002: 2021年年底, 年初以来, a range after 自, 到2025年 as an end, the plan and its last year"
expect_eq "$(dates "$S2" --ref-date 2024-10-28)" "\
138 今年以来 XXXX/XXXX-XX-XX 2024/2024-10-28 period
674 9月1日 XXXX-09-01 2024-09-01 day
896 11月末 XXXX-11-30 2024-11-30 day
917 2022年5月 2022-05 2022-05 month
1133 今年 XXXX 2024 year
1371 年初以来 XXXX-01/XXXX-XX-XX 2024-01/2024-10-28 period
3650 2021年年底 2021-12 2021-12 month
4800 2021年 2021 2021 year
5908 今年6月份 XXXX-06 2024-06 month
6162 截至目前 ../XXXX-XX-XX ../2024-10-28 period
6426 9月1日 XXXX-09-01 2024-09-01 day
6580 自2021年7月至2022年10月 2021-07/2022-10 2021-07/2022-10 month
8043 截至目前 ../XXXX-XX-XX ../2024-10-28 period
8101 本年度 XXXX 2024 year
8217 2020年 2020 2020 year
8722 今年 XXXX 2024 year
8759 “十四五” 2021/2025 2021/2025 period
9037 到2025年 ../2025-12-31 2024-10-28/2025-12-31 period
9848 8月31日 XXXX-08-31 2024-08-31 day
12948 截至目前 ../XXXX-XX-XX ../2024-10-28 period
14636 2021年至2023年 2021/2023 2021/2023 year
18560 “十四五”期末 2025 2025 year"

subtest "seed 003 (traditional): 年初, plan periods, 4月初以來 in the original script"
expect_eq "$(dates "$S3" --ref-date 2024-10-28)" "\
116 年初 XXXX-01 2024-01 month
1731 截至目前 ../XXXX-XX-XX ../2024-10-28 period
3022 “十四五” 2021/2025 2021/2025 period
3479 截至目前 ../XXXX-XX-XX ../2024-10-28 period
6044 “十四五”时期 2021/2025 2021/2025 period
6368 “十四五”时期 2021/2025 2021/2025 period
6780 4月初以來 XXXX-04-01/XXXX-XX-XX 2024-04-01/2024-10-28 period
9895 今年以来 XXXX/XXXX-XX-XX 2024/2024-10-28 period"

subtest "seed 004: 金秋十月, 今年初, 截至9月底, 去年10月下旬; 15年前 and “十一”前 are not dates"
expect_eq "$(dates "$S4" --ref-date 2024-10-28)" "\
140 今年 XXXX 2024 year
292 2010年 2010 2010 year
1085 十月 XXXX-10 2024-10 month
2698 2022年 2022 2022 year
3661 截至目前 ../XXXX-XX-XX ../2024-10-28 period
4950 今年8月 XXXX-08 2024-08 month
5347 今年初 XXXX-01 2024-01 month
6354 今年上半年 XXXX-H1 2024-H1 half
9847 今天 XXXX-XX-XX 2024-10-28 day
9994 10月12日 XXXX-10-12 2024-10-12 day
11707 10月12日 XXXX-10-12 2024-10-12 day
12418 截至9月底 ../XXXX-09-30 ../2024-09-30 period
12542 今年以来 XXXX/XXXX-XX-XX 2024/2024-10-28 period
12911 今年上半年 XXXX-H1 2024-H1 half
13993 今年以来 XXXX/XXXX-XX-XX 2024/2024-10-28 period
14646 去年10月下旬 XXXX-10-21/XXXX-10-31 2023-10-21/2023-10-31 period
15324 10月12日 XXXX-10-12 2024-10-12 day
15683 今年 XXXX 2024 year
17113 10月12日 XXXX-10-12 2024-10-12 day"

subtest "relative dates say so: relative is true exactly when the value holds an X"
expect_status 0 zp extract --ref-date 2024-10-28 "$SEEDS"/*.txt
expect_eq "$(jq -c 'select(.kind=="date" and (.relative != (.value | test("X"))))' <<<"$STDOUT" | wc -l)" "0"
# an absolute value is its own resolved value, but for a deadline after the
# reference, which runs from the reference day (到2025年)
expect_eq "$(jq -r 'select(.kind=="date" and (.relative | not) and .resolved != .value) | "\(.text) \(.resolved)"' <<<"$STDOUT")" "到2025年 2024-10-28/2025-12-31"

subtest "without --ref-date: no seed has a dateline, so ref_date is null and relative dates have no resolved"
expect_status 0 zp extract "$SEEDS"/*.txt
expect_eq "$(jq -r 'select(.kind=="document") | [.ref_date, .ref_source] | @json' <<<"$STDOUT" | sort -u)" "[null,null]"
expect_eq "$(jq -c 'select(.kind=="date" and .relative and has("resolved"))' <<<"$STDOUT" | wc -l)" "0"
expect_eq "$(jq -c 'select(.kind=="date" and .relative)' <<<"$STDOUT" | wc -l)" "53"
expect_eq "$(jq -c 'select(.kind=="date" and (.relative | not) and .resolved != .value)' <<<"$STDOUT" | wc -l)" "0"
# The same dates are found, with the same values, with or without a reference.
a=$(zp extract "$SEEDS"/*.txt | jq -c 'select(.kind=="date") | [.doc, .start, .end, .value, .grain]')
b=$(zp extract --ref-date 2024-10-28 "$SEEDS"/*.txt | jq -c 'select(.kind=="date") | [.doc, .start, .end, .value, .grain]')
expect_eq "$a" "$b"

subtest "a dateline at the top of a copy of seed 004 becomes its reference date"
{ printf '2023年1月10日，本报记者许刚报道\n'; cat "$S4"; } > "$TMP/s4-dateline.txt"
expect_status 0 zp extract "$TMP/s4-dateline.txt"
expect_eq "$(jq -r 'select(.kind=="document") | [.ref_date, .ref_source] | @tsv' <<<"$STDOUT")" $'2023-01-10\tdateline'
expect_eq "$(jq -r 'select(.kind=="date" and .text=="去年10月下旬") | .resolved' <<<"$STDOUT")" "2022-10-21/2022-10-31"
# a month without a year takes the reference's year, even when that is in the future
expect_eq "$(jq -r 'select(.kind=="date" and .text=="截至9月底") | .resolved' <<<"$STDOUT")" "../2023-09-30"
expect_eq "$(jq -r 'select(.kind=="date" and .text=="今年以来") | .resolved' <<<"$STDOUT" | sort -u)" "2023/2023-01-10"
expect_eq "$(jq -r 'select(.kind=="date" and .text=="2023年1月10日") | [.value, .grain] | @tsv' <<<"$STDOUT")" $'2023-01-10\tday'

subtest "figures do not swallow dates, and dates do not swallow figures"
expect_status 0 zp extract --ref-date 2024-10-28 "$S1" "$S2"
# no figure overlaps a date at least as long (2019年5月, 今年前5个月 stay dates) ...
expect_eq "$(jq -s '[.[] | select(.kind=="date")] as $d | [.[] | select(.kind=="figure") | . as $f
    | select(any($d[]; .doc == $f.doc and .start < $f.end and $f.start < .end))] | length' <<<"$STDOUT")" "0"
# ... and the figures next to dates are still there
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^287个$'
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^30万至33万只$'
expect_match "$(jq -r 'select(.kind=="figure") | .text' <<<"$STDOUT")" '^12%以上$'

subtest "short years are read as years, never as a tail with the reference year"
printf '%s\n' '15年3月2日开工，07年第三季度投产，19年底完工；18年10月1日到19年2月3日试运行。' > "$TMP/short.txt"
expect_status 0 zp extract --ref-date 2024-10-28 "$TMP/short.txt"
expect_eq "$(jq -r 'select(.kind=="date") | [.text, .value] | @tsv' <<<"$STDOUT")" "\
15年3月2日	2015-03-02
07年第三季度	2007-Q3
19年底	2019-12
18年10月1日到19年2月3日	2018-10-01/2019-02-03"

subtest "同年, 当月, 这一年 are placed on the last date the article stated, else on its own date"
printf '%s\n' '这一年，园区起步。2019年，产值增长。同年10月，项目开工，当月完成投资5亿元。' '2021年3月，二期投产。同年至今，新增企业12家。' > "$TMP/anaphora.txt"
expect_status 0 zp extract --ref-date 2024-10-28 "$TMP/anaphora.txt"
expect_eq "$(jq -r 'select(.kind=="date") | [.text, .value, .resolved // "-"] | @tsv' <<<"$STDOUT")" "\
这一年	XXXX	2024
2019年	2019	2019
同年10月	XXXX-10	2019-10
当月	XXXX-XX	2019-10
2021年3月	2021-03	2021-03
同年至今	XXXX/XXXX-XX-XX	-"

subtest "the article date is an index value: --since/--until, date:A..B and date:YYYY filter searches"
cat > "$TMP/dated.jsonl" <<'FEED'
{"id":"a","date":"2023-05-01","text":"朝阳高新区签约项目。"}
{"id":"b","date":"2024-10-28","text":"朝阳高新区投产。"}
{"id":"c","text":"2025年3月1日，记者报道：朝阳高新区扩建。"}
{"id":"d","text":"朝阳高新区，没有日期。"}
FEED
expect_status 0 zp index -q --db "$TMP/dated.db" --jsonl "$TMP/dated.jsonl"
docs() { zp search --db "$TMP/dated.db" --format json "$@" | jq -r .doc | sort | tr '\n' ' '; }
expect_eq "$(docs 朝阳)" "a b c d "
expect_eq "$(docs --since 2024-01-01 朝阳)" "b c "
expect_eq "$(docs --until 2024-12-31 朝阳)" "a b "
expect_eq "$(docs --since 2024-01-01 --until 2024-12-31 朝阳)" "b "
expect_eq "$(docs 'date:2024..2025 朝阳')" "b c "
expect_eq "$(docs 'date:..2024-10-27 朝阳')" "a "
expect_eq "$(docs 'date:2023 朝阳')" "a "
expect_eq "$(docs 'date:2025-03 OR date:2023')" "a c "
expect_status 1 zp search --db "$TMP/dated.db" 'date:soon 朝阳'
expect_match "$STDERR" "date:soon at column 1 is not a date"
