# t60 — figures: every figure of the five seed articles, locked.
#
# Each seed's list was checked by hand against the article: every amount an
# analyst would copy into a spreadsheet, in text order, one line each:
#   text|value|unit[|to=UPPER][|approx][|min|max]
# (text is the original surface, traditional in seed 003; value in base
# units).  Not figures, and so not listed: years and dates (2021年, 9月1日,
# 今年前5个月), ordinals (第六, 第十四批), numbers inside names (5G,
# 中电科53所、58所, G101线, 三十家子, 3D打印), slogans in short quotations
# (“两区两园”, “三篇大文章”, “最后一公里”, “四个阶段”).  Then the SI
# values, the name/year negatives, and the figure forms the rules read
# (ranges, money, negative and fractional percentages) on small feeds.

# figlist: figure records as text|value|unit[|to=…][|approx][|min|max].
figlist() {
    jq -r 'select(.kind=="figure")
           | [.text, (.value | tostring), .unit]
             + (if .to != null then ["to=\(.to)"] else [] end)
             + (if .approx then ["approx"] else [] end)
             + (if .bound then [.bound] else [] end)
           | join("|")'
}

# expect_list ACTUAL EXPECTED: fails with a unified diff of the two lists.
expect_list() {
    if [ "$1" != "$2" ]; then
        _fail "figure list differs (- expected, + got):" \
              "$(diff -u <(printf '%s\n' "$2") <(printf '%s\n' "$1") | tail -n +3 | grep '^[-+]' | head -30)"
    fi
}

# fig_feed TEXT...: a JSON Lines feed with one article per argument (ids t1, t2 ...).
fig_feed() {
    local i=0 t
    for t in "$@"; do i=$((i + 1)); jq -cn --arg id "t$i" --arg text "$t" '{id: $id, text: $text}'; done
}

subtest "seed 000 (朝阳高新区, simplified): every figure, in order"
expect_status 0 zp extract "$SEEDS/000_4c77dbaab02a54b6.txt"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
49个|49|个
10万套|100000|套
16万吨|160000|吨
43家|43|家
67户|67|户
136亿元|13600000000|元
22.12亿元|2212000000|元
15.4%|15.4|%
27个|27|个
135%|135|%
184家|184|家
43家|43|家
23家|23|家
64家|64|家
20家|20|家
12%以上|12|%|min
40多家|40|家|approx
50%|50|%
15天|15|天
2个月|2|个月
60天|60|天
30天|30|天
59天|59|天
59天|59|天
7个工作日|7|工作日
三支|3|支
三个|3|个
29家|29|家
650人|650|人
万余户|10000|户|approx
10637户|10637|户
21个|21|个
20万余元|200000|元|approx
386名|386|名
210余个|210|个|approx
138场|138|场
600平方米|600|平方米
40余次|40|次|approx
228场|228|场
18.52平方公里|18.52|平方公里
55家|55|家
42亿元|4200000000|元
6万亩|60000|亩
44万头|440000|头
431万只|4310000|只
超亿元|100000000|元|min
LIST
)"

subtest "seed 001 (朝阳 7 development zones): every figure, in order"
expect_status 0 zp extract "$SEEDS/001_201a132a17332222.txt"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
近九成|9|成|approx
六成以上|6|成|min
7家|7|家
84家|84|家
7家|7|家
6家|6|家
三家|3|家
7家|7|家
7家|7|家
89.07%|89.07|%
63.65%|63.65|%
73.36%|73.36|%
100%|100|%
287个|287|个
104个|104|个
43.5%|43.5|%
7家|7|家
5个|5|个
7个|7|个
两个|2|个
7家|7|家
13个|13|个
287个|287|个
30万千升|300000|千升
超11亿元|1100000000|元|min
98.23%|98.23|%
54个|54|个
186项|186|项
120万吨|1200000|吨
248家|248|家
50家|50|家
25家|25|家
70亿元|7000000000|元
25亿元|2500000000|元
22个|22|个
30万吨|300000|吨
6000台套|6000|台套
12个|12|个
120万吨|1200000|吨
36个|36|个
161公里|161|公里
450公里|450|公里
150万平方米|1500000|平方米
5个|5|个
11座|11|座
43家|43|家
18家|18|家
13家|13|家
9家|9|家
5个|5|个
7个|7|个
3个|3|个
196家|196|家
12亿元|1200000000|元
5个|5|个
亿只|100000000|只
6亿元|600000000|元
130亩|130|亩
5.7万平方米|57000|平方米
30万至33万只|300000|只|to=330000
40亿元|4000000000|元
1500余人|1500|人|approx
6000余人|6000|人|approx
120万吨|1200000|吨
382.88亩|382.88|亩
18.2亿元|1820000000|元
16.1亿元|1610000000|元
4条|4|条
500人|500|人
120万吨|1200000|吨
80万吨|800000|吨
5万吨|50000|吨
24亿元|2400000000|元
1.5亿元|150000000|元
50亩|50|亩
6.7亿元|670000000|元
100人以上|100|人|min
5000吨|5000|吨
1.05亿元|105000000|元
50亩|50|亩
1.9万平方米|19000|平方米
5000吨|5000|吨
LIST
)"

subtest "seed 002 (龙城区): every figure, in order"
expect_status 0 zp extract "$SEEDS/002_784ca2f8b721edea.txt"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
10亿元|1000000000|元
7万吨|70000|吨
两个|2|个
两个|2|个
1200兆瓦|1200|兆瓦
120万套|1200000|套
7万吨|70000|吨
29家|29|家
33个|33|个
84.4亿元|8440000000|元
23.6亿元|2360000000|元
7万吨|70000|吨
32个|32|个
51.79亿元|5179000000|元
150MW|150|兆瓦
15个|15|个
22个|22|个
15个|15|个
7个|7|个
208家|208|家
57家|57|家
4个|4|个
74家|74|家
85亿元|8500000000|元
4个|4|个
500万元以上|5000000|元|min
107家|107|家
7家|7|家
6个|6|个
1家|1|家
10家|10|家
57%|57|%
两户|2|户
18家|18|家
3家|3|家
5家|5|家
4家|4|家
5万元至200万元|50000|元|to=2000000
300万元|3000000|元
41家|41|家
66家|66|家
31家|31|家
2家|2|家
3家|3|家
7家|7|家
3家|3|家
1.6亿元|160000000|元
1.6亿元|160000000|元
15个月|15|个月
3镇|3|镇
1街|1|街
约60公里|60|公里|approx
3镇|3|镇
1街|1|街
25个|25|个
230平方公里|230|平方公里
约6万人|60000|人|approx
3镇|3|镇
1街|1|街
25个|25|个
18个|18|个
7个|7|个
6个|6|个
80亿元|8000000000|元
10亿元|1000000000|元
12%以上|12|%|min
54项|54|项
397项|397|项
213项|213|项
35家|35|家
35家|35|家
15家|15|家
4100多万美元|41000000|美元|approx
5家|5|家
41家|41|家
6家|6|家
14个|14|个
1200万美元|12000000|美元
4800万元|48000000|元
5个|5|个
5个|5|个
100个|100|个
十项|10|项
十项|10|项
十项|10|项
十项|10|项
五个|5|个
59.75公里|59.75|公里
3镇|3|镇
1街|1|街
25个|25|个
300家左右|300|家|approx
20家|20|家
40%以上|40|%|min
100家|100|家
10个|10|个
100家|100|家
5万亩|50000|亩
LIST
)"

subtest "seed 003 (凌源, mostly traditional: text stays traditional): every figure, in order"
expect_status 0 zp extract "$SEEDS/003_dee68bd4d83d9405.txt"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
6支|6|支
39名|39|名
198個|198|个
36次|36|次
50個|50|个
23個|23|个
17.15億元|1715000000|元
10個|10|个
17億元|1700000000|元
12個|12|个
8個|8|个
3個|3|个
5億元|500000000|元
5亿元|500000000|元
2.71亿元|271000000|元
30個|30|个
6個|6|个
24個|24|个
70.36億元|7036000000|元
26个|26|个
三个|3|个
26个|26|个
17家|17|家
2400余棵|2400|棵|approx
3万平方米|30000|平方米
20万平方米|200000|平方米
兩個|2|个
2萬畝|20000|亩
11戶|11|户
5個|5|个
9.23億元|923000000|元
7個|7|个
17.14億元|1714000000|元
10個|10|个
1.5萬畝|15000|亩
13戶|13|户
1個|1|个
0.5億元|50000000|元
8個|8|个
6.76億元|676000000|元
9個|9|个
5773畝|5773|亩
1775畝|1775|亩
千亿元|100000000000|元
60余项|60|项|approx
95%以上|95|%|min
50余个|50|个|approx
700余人|700|人|approx
10家|10|家
1户|1|户
1.3亿元|130000000|元
0.93亿元|93000000|元
11个|11|个
两家|2|家
66件|66|件
40个工作日|40|工作日
15名|15|名
LIST
)"

subtest "seed 004 (辽阳高新区): every figure, in order"
expect_status 0 zp extract "$SEEDS/004_b0269d6298c48e14.txt"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
30周年|30|周年
30周年|30|周年
4.3平方公里|4.3|平方公里
31.04平方公里|31.04|平方公里
41家|41|家
2家|2|家
4家|4|家
2家|2|家
385项|385|项
135项|135|项
39.8%|39.8|%
4家|4|家
几十米|10|米|approx
24小时|24|小时
近千亩|1000|亩|approx
500万元以上|5000000|元|min
67个|67|个
27亿元以上|2700000000|元|min
12.7亿元|1270000000|元
两个月|2|个月
26名|26|名
8个|8|个
83项|83|项
31.65亿元|3165000000|元
37.13%|37.13|%
两个季度|2|季度
2家|2|家
4家|4|家
2家|2|家
279个|279|个
279个|279|个
5684个|5684|个
720万美元|7200000|美元
1亿元|100000000|元
3710人|3710|人
584.8万元|5848000|元
1309人|1309|人
147.9万元|1479000|元
467家|467|家
24小时|24|小时
3.4万余平方米|34000|平方米|approx
60余万株|600000|株|approx
3000个|3000|个
1600余盏|1600|盏|approx
6栋|6|栋
8000多名|8000|名|approx
2000多平方米|2000|平方米|approx
235次|235|次
5万余元|50000|元|approx
LIST
)"

subtest "figures carry their dimension and SI value (130亩 = 86666.67 m², 1200兆瓦 = 1.2e9 W)"
expect_status 0 zp extract "$SEEDS"/001_201a132a17332222.txt "$SEEDS"/002_784ca2f8b721edea.txt
fig_si() { jq -r --arg t "$1" 'select(.kind=="figure" and .text==$t) | "\(.dimension) \(.si_value * 100 | round / 100)"' <<<"$STDOUT" | head -1; }
expect_eq "$(fig_si 130亩)" "area 86666.67"
expect_eq "$(fig_si 5.7万平方米)" "area 57000"
expect_eq "$(fig_si 30万千升)" "volume 300000"
expect_eq "$(fig_si 120万吨)" "mass 1200000000"
expect_eq "$(fig_si 1200兆瓦)" "power 1200000000"
expect_eq "$(fig_si 150MW)" "power 150000000"
expect_eq "$(fig_si 230平方公里)" "area 230000000"
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="30万至33万只") | [.dimension, .value, .to] | @tsv' <<<"$STDOUT")" $'count\t300000\t330000'
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="5万元至200万元") | [.dimension, .value, .to] | @tsv' <<<"$STDOUT")" $'currency\t50000\t2000000'

subtest "no figure for names and years: 5G, 中电科53所、58所, 3D打印, G101线, 2021年"
expect_status 0 zp extract "$SEEDS"/*.txt
figs=$(jq -r 'select(.kind=="figure") | .norm' <<<"$STDOUT")
expect_no_match "$figs" '5G|^53所|^58所|^3D|101线|^20[0-9]{2}年?$|^两区$|^三篇$|^一公里$|^三十家$'
expect_eq "$(jq -r 'select(.kind=="date" and .text=="2021年") | .kind' <<<"$STDOUT" | sort -u)" "date"
expect_eq "$(jq -r 'select(.kind=="figure" and (.text | test("^(5G|53所|58所|2021年?)$"))) | .text' <<<"$STDOUT")" ""

subtest "traditional seed: text is the original, norm simplified, value from the simplified form"
expect_status 0 zp extract "$SEEDS"/003_dee68bd4d83d9405.txt
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="17.15億元") | [.norm, .value, .unit] | @tsv' <<<"$STDOUT")" $'17.15亿元\t1715000000\t元'
expect_eq "$(jq -r 'select(.kind=="figure" and .text=="2萬畝") | [.norm, .value, .unit] | @tsv' <<<"$STDOUT")" $'2万亩\t20000\t亩'

subtest "ranges: the upper end lends its multiplier only when the lower end has none and stays below"
fig_feed "从8500到3万港元" "两~3百日元" "一千到两千万元人民币" "年产30至33万只" "八九亿韩元" "三五百块" "1万元--5万元" "报账金额在1 万(含)-5 万元之间" "增速5%—8%" "10~15k元" > "$TMP/ranges.jsonl"
expect_status 0 zp extract --jsonl "$TMP/ranges.jsonl"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
从8500到3万港元|8500|港元|to=30000
两~3百日元|200|日元|to=300
一千到两千万元人民币|10000000|元|to=20000000
30至33万只|300000|只|to=330000
八九亿韩元|800000000|韩元|to=900000000|approx
三五百块|300|元|to=500|approx
1万元--5万元|10000|元|to=50000
1 万(含)-5 万元|10000|元|to=50000
5%—8%|5|%|to=8
10~15k元|10000|元|to=15000
LIST
)"

subtest "money: yuan-jiao-fen amounts, currencies before or after the number, symbols, 台币 is no 台"
fig_feed "开销123元1角1分" "税额共计壹仟玖佰圆整，限月" "两毛五" "最多一块二" "港币两千九百六十元" "人民币3.14" "8亿元人民币" "三万元欧元" "选一个，\$20，300美圆, ￥300, ok?" "不到1.9万台币" "两个亿卢布" "几十万块" "人民币数十亿元" "82，225.00元" "3千万亿日元" "50万元（含）以上" "分成三块地" > "$TMP/money.jsonl"
expect_status 0 zp extract --jsonl "$TMP/money.jsonl"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
123元1角1分|123.11|元
壹仟玖佰圆整|1900|元
两毛五|0.25|元
最多一块二|1.2|元|max
港币两千九百六十元|2960|港元
人民币3.14|3.14|元
8亿元人民币|800000000|元
三万元欧元|30000|欧元
$20|20|美元
300美圆|300|美元
￥300|300|元
不到1.9万台币|19000|新台币|max
两个亿卢布|200000000|卢布
几十万块|100000|元|approx
人民币数十亿元|1000000000|元|approx
82，225.00元|82225|元
3千万亿日元|3000000000000000|日元
50万元（含）以上|500000|元|min
LIST
)"

subtest "money: hundredths written after the currency (美分, 便士, 港仙) add to it; apart they do not"
fig_feed "这台电脑两美元又三美分" "股价收于1英镑20便士" "每股派息3港元5港仙" "收于2美元，30美分的差价" "5美元120美分" > "$TMP/cents.jsonl"
expect_status 0 zp extract --jsonl "$TMP/cents.jsonl"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
两美元又三美分|2.03|美元
1英镑20便士|1.2|英镑
3港元5港仙|3.05|港元
2美元|2|美元
5美元|5|美元
LIST
)"

subtest "percentages: signs, 千分之 in ‰, 万分之 in %, 成 with a half; not 五百分之2.2 nor URL escapes"
fig_feed "同比下降-22.2%" "负3.9%" "费率千分之2.4" "万分之三" "三成半" "八点五成" "五百分之2.2" "https://www.test.com/search?q=30%25%2020%" "百分之百" > "$TMP/pct.jsonl"
expect_status 0 zp extract --jsonl "$TMP/pct.jsonl"
expect_list "$(figlist <<<"$STDOUT")" "$(cat <<'LIST'
-22.2%|-22.2|%
负3.9%|-3.9|%
千分之2.4|2.4|‰
万分之三|0.03|%
三成半|3.5|成
八点五成|8.5|成
百分之百|100|%
LIST
)"

subtest "quantities: Latin units, a blank before the unit, a lone 一 with a physical unit, compounds"
fig_feed "2cm" "3.0 公里" "250ml" "1500g" "一升" "一个项目" "三斤半" "六斤八两" "三米九" "几十米高" > "$TMP/qty.jsonl"
expect_status 0 zp extract --jsonl "$TMP/qty.jsonl"
expect_eq "$(jq -r 'select(.kind=="figure") | "\(.text)=\(.si_value * 1000000 | round / 1000000)"' <<<"$STDOUT" | paste -sd' ')" \
    "2cm=0.02 3.0 公里=3000 250ml=0.00025 1500g=1.5 一升=0.001 三斤半=1.75 六斤八两=3.4 三米九=3.9 几十米=10"

subtest "counts: a pair counts two single items in si_value; other measure words do not convert"
fig_feed "两对夫妇" "三双鞋" "五个项目" > "$TMP/pairs.jsonl"
expect_status 0 zp extract --jsonl "$TMP/pairs.jsonl"
expect_eq "$(jq -r 'select(.kind=="figure") | "\(.text)=\(.value) \(.unit) \(.si_value // "-")"' <<<"$STDOUT" | paste -sd' ')" \
    "两对=2 对 4 三双=3 双 6 五个=5 个 -"
