# t63 — `zhpipe parse`: one value per input, of a kind the caller names.

# fields FILTER: one line per output record
fields() { jq -r "$1" <<<"$STDOUT"; }

subtest "parse money: amounts with and without a currency, qualifiers, ranges, small change, Cantonese"
expect_status 0 zp parse money '约4.287亿美元' '三百万' ' 15k~20k ' '5分' '二十五分' '五仙' '三毫' \
    '港幣三個一毫四' '個半' '小于40万' '30w上下' '人民币100万元左右' '3块5' '5万元至200万元' '１５８．６亿元' \
    '超过1,236元' '两个亿'
expect_eq "$(fields '[.input, .value, (.to // "-"), .unit, .dimension, .approx, (.bound // "-")] | join(" ")')" "\
约4.287亿美元 428700000 - 美元 currency true -
三百万 3000000 - 元 currency false -
 15k~20k  15000 20000 元 currency false -
5分 0.05 - 元 currency false -
二十五分 0.25 - 元 currency false -
五仙 0.05 - 元 currency false -
三毫 0.3 - 元 currency false -
港幣三個一毫四 3.14 - 港元 currency false -
個半 1.5 - 元 currency false -
小于40万 400000 - 元 currency false max
30w上下 300000 - 元 currency true -
人民币100万元左右 1000000 - 元 currency true -
3块5 3.5 - 元 currency false -
5万元至200万元 50000 2000000 元 currency false -
１５８．６亿元 15860000000 - 元 currency false -
超过1,236元 1236 - 元 currency false min
两个亿 200000000 - 元 currency false -"
# the span is the input without its blanks, in bytes of the input
expect_eq "$(fields 'select(.input == " 15k~20k ") | [.start, .end, .text] | join(" ")')" "1 8 15k~20k"

subtest "parse money: what is not one amount is an error line in its place, exit 3"
expect_status 3 zp parse money '五個半月' 'abc' '三个人' '5分钟' '' '100元' '5%' '20万至10万'
expect_eq "$(fields '[.input, (.error // .value)] | @tsv')" "\
五個半月	not an amount of money
abc	not an amount of money
三个人	not an amount of money
5分钟	not an amount of money
	not an amount of money: empty file (0 bytes); nothing to extract
100元	100
5%	not an amount of money
20万至10万	not an amount of money"

subtest "parse reads standard input line by line, CRLF too, in order"
expect_status 0 bash -c "printf '三百万\r\n五分\n約100萬港元\n' | $(printf '%q ' $ZHPIPE_WRAP "$ZHPIPE") parse money"
expect_eq "$(fields '[.value, .unit, .approx] | join(" ")')" "\
3000000 元 false
0.05 元 false
1000000 港元 true"

subtest "parse number and parse date"
expect_status 3 zp parse number '三百万' '1,236' '二十七点五' '一万零五百' '4100多万' '万' '5%'
expect_eq "$(fields '[.input, (.value // .error), (.approx | if . == null then "-" else tostring end)] | join(" ")')" "\
三百万 3000000 false
1,236 1236 false
二十七点五 27.5 false
一万零五百 10500 false
4100多万 41000000 true
万 not a number -
5% not a number -"
expect_status 3 zp parse date --ref-date 2024-10-28 '去年10月下旬' '年底前' '“十四五”期末' '2024年三季度' '5G'
expect_eq "$(fields '[.input, (.value // .error), (.resolved // "-"), (.grain // "-")] | join(" ")')" "\
去年10月下旬 XXXX-10-21/XXXX-10-31 2023-10-21/2023-10-31 period
年底前 ../XXXX-12-31 2024-10-28/2024-12-31 period
“十四五”期末 2025 2025 year
2024年三季度 2024-Q3 2024-Q3 quarter
5G not a date - -"
expect_status 0 zp parse date 去年
expect_eq "$(fields '[.value, .relative, has("resolved")] | join(" ")')" "XXXX true false"

subtest "parse: usage errors say what is wrong (exit 2)"
expect_status 2 zp parse
expect_match "$STDERR" "money, number or date"
expect_status 2 zp parse amount 5元
expect_match "$STDERR" "'amount' is not a kind"
expect_status 2 zp parse money --jsonl 5元
expect_status 0 zp parse --help
expect_match "$STDOUT" "Cantonese"
expect_status 0 zp parse money -- -5元
expect_eq "$(fields '.value')" "-5"
