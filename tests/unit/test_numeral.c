/*
 * test_numeral.c — unit tests for pipeline/numeral.c.
 *
 * The bulk is one table: input → status, exact value text (through
 * zh_decimal_format) and flags.  The table is grouped by the form of the
 * number, and each group also lists inputs that must be rejected, so that
 * a change in what is accepted shows up next to what it affects.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "numeral.h"

/* Short flag names keep the table readable. */
#define CN NUMERAL_CHINESE
#define APPROX NUMERAL_APPROX
#define ROUND NUMERAL_ROUNDED
#define YUAN NUMERAL_YUAN

typedef struct {
    const char *input;
    numeral_status status;
    const char *value; /* formatted value when status is NUMERAL_OK */
    int flags;
} numeral_case;

#define OK(in, val, fl) {in, NUMERAL_OK, val, fl}
#define BAD(in) {in, NUMERAL_SYNTAX, NULL, 0}
#define TOO_BIG(in) {in, NUMERAL_OVERFLOW, NULL, 0}

static const numeral_case CASES[] = {
    /* Arabic integers. */
    OK("0", "0", 0),
    OK("7", "7", 0),
    OK("136", "136", 0),
    OK("007", "7", 0),
    OK("2023", "2023", 0),
    OK("100000", "100000", 0),
    OK("9223372036854775807", "9223372036854775807", 0),
    OK("-42", "-42", 0),
    OK("－42", "-42", 0),
    OK("−42", "-42", 0),
    OK("-9223372036854775807", "-9223372036854775807", 0),
    BAD("1 2"),
    BAD(" 12"),
    BAD("12 "),
    BAD("0x10"),
    BAD("+5"),
    BAD("5-"),
    BAD("1-2"),
    BAD("abc"),

    /* Arabic decimals. */
    OK("3.14", "3.14", 0),
    OK("0.5", "0.5", 0),
    OK("0.05", "0.05", 0),
    OK("1.10", "1.1", 0),
    OK("01.10", "1.1", 0),
    OK("15.40", "15.4", 0),
    OK("2.000", "2", 0),
    OK("100.0", "100", 0),
    OK(".77", "0.77", 0),
    OK("-.5", "-0.5", 0),
    OK("-3.5", "-3.5", 0),
    OK("-10.1", "-10.1", 0),
    OK("0.000000000000000001", "0.000000000000000001", 0),
    OK("1.0000000000000000000000", "1", 0),
    OK("-0", "0", 0),
    OK("-0.0", "0", 0),
    BAD("1.2.3"),
    BAD("1."),
    BAD("."),
    BAD("1..2"),
    BAD("-."),

    /* Thousands separators: only between groups of three digits. */
    OK("1,236", "1236", 0),
    OK("34,567", "34567", 0),
    OK("1,040,000", "1040000", 0),
    OK("12,345,678.9", "12345678.9", 0),
    OK("1，236", "1236", 0),
    OK("-1,200,000", "-1200000", 0),
    OK("1,236万", "12360000", CN),
    BAD("1,23"),
    BAD("1,2345"),
    BAD("1234,567"),
    BAD(",123"),
    BAD("123,"),
    BAD("1,,234"),
    BAD("1,234,56"),
    BAD("1.234,5"),
    BAD("1,236千"),

    /* Full-width digits and point. */
    OK("１５８．６", "158.6", 0),
    OK("１２３", "123", 0),
    OK("１，２３６", "1236", 0),
    OK("１５８．６亿", "15860000000", CN),
    OK("－１５", "-15", 0),

    /* Chinese positional numerals. */
    OK("零", "0", CN),
    OK("〇", "0", CN),
    OK("一", "1", CN),
    OK("十", "10", CN),
    OK("十一", "11", CN),
    OK("一十一", "11", CN),
    OK("十二", "12", CN),
    OK("二十", "20", CN),
    OK("三十八", "38", CN),
    OK("九十九", "99", CN),
    OK("一百", "100", CN),
    OK("一百零一", "101", CN),
    OK("一百一十", "110", CN),
    OK("一百二十六", "126", CN),
    OK("三百零五", "305", CN),
    OK("一千", "1000", CN),
    OK("一千零一", "1001", CN),
    OK("一千零十", "1010", CN),
    OK("一千零一十", "1010", CN),
    OK("五千零五十", "5050", CN),
    OK("一万零四十", "10040", CN),
    OK("一万零五百", "10500", CN),
    OK("十万", "100000", CN),
    OK("十万零一", "100001", CN),
    OK("十万八千", "108000", CN),
    OK("十二万三千", "123000", CN),
    OK("一百一十一万", "1110000", CN),
    OK("一千万", "10000000", CN),
    OK("一亿", "100000000", CN),
    OK("一亿零一", "100000001", CN),
    OK("一亿零五百万", "105000000", CN),
    OK("九千九百九十九万九千九百九十九", "99999999", CN),
    OK("一千零一万一千零一", "10011001", CN),
    OK("一千一百一十一万一千一百一十一亿一千一百一十一万一千一百一十一", "1111111111111111", CN),
    OK("一百九十万零三千九百七十一", "1903971", CN),

    /* Implicit leading one and compound multipliers.  A multiplier alone
     * is a word (万万 = "absolutely"), not a number. */
    OK("万亿", "1000000000000", CN),
    OK("三万亿", "3000000000000", CN),
    OK("三万五千亿", "3500000000000", CN),
    OK("一万亿零五千万", "1000050000000", CN),
    OK("百二萬", "1200000", CN),
    OK("千一", "1100", CN),
    OK("萬九", "19000", CN),
    OK("一百十一", "111", CN),
    OK("四万万", "400000000", CN),
    OK("10万万", "1000000000", CN),
    OK("十萬萬", "1000000000", CN),
    OK("五兆六十二亿四万五千二", "5006200045200", CN),
    OK("四十九兆九千五百九十二億", "49959200000000", CN),
    OK("3千万亿", "3000000000000000", CN),
    BAD("万"),
    BAD("亿"),
    BAD("萬"),
    BAD("兆"),
    BAD("萬萬"),
    BAD("百十一"),
    BAD("千十"),
    BAD("亿万"),
    BAD("万万"),
    BAD("三亿万"),
    BAD("一万二万"),
    BAD("一亿二亿"),
    BAD("一万亿五"),

    /* 两 counts (两千, 两万) but is not a ones digit: 十两 and 一百两 are
     * weights in taels, so they are rejected rather than read as 12, 120. */
    OK("两", "2", CN),
    OK("两千", "2000", CN),
    OK("两百", "200", CN),
    OK("两万", "20000", CN),
    OK("两亿", "200000000", CN),
    OK("两千六", "2600", CN),
    OK("兩千六", "2600", CN),
    OK("兩萬", "20000", CN),
    OK("俩千", "2000", CN),
    OK("倆千两百贰拾二", "2222", CN),
    OK("一亿两万", "100020000", CN),
    BAD("一百两"),
    BAD("十两"),
    BAD("二十两"),
    BAD("一万两"),
    BAD("两点五"),
    BAD("一两"),

    /* 廿 卅 卌. */
    OK("廿", "20", CN),
    OK("廿二", "22", CN),
    OK("卅", "30", CN),
    OK("卅三", "33", CN),
    OK("卌", "40", CN),
    OK("五百卅四", "534", CN),
    OK("一萬零卌", "10040", CN),
    BAD("二廿"),
    BAD("廿十"),

    /* Financial forms. */
    OK("壹", "1", CN),
    OK("贰", "2", CN),
    OK("叁", "3", CN),
    OK("肆", "4", CN),
    OK("伍", "5", CN),
    OK("陆", "6", CN),
    OK("柒", "7", CN),
    OK("捌", "8", CN),
    OK("玖", "9", CN),
    OK("拾", "10", CN),
    OK("拾壹", "11", CN),
    OK("壹拾壹", "11", CN),
    OK("壹佰壹拾壹", "111", CN),
    OK("壹仟壹佰壹拾壹", "1111", CN),
    OK("贰佰零叁", "203", CN),
    OK("伍佰叁拾肆", "534", CN),
    OK("玖仟陆佰陆拾伍", "9665", CN),
    OK("壹万壹仟壹佰壹拾壹", "11111", CN),
    OK("壹拾万零叁仟肆佰伍拾叁", "103453", CN),
    OK("壹亿", "100000000", CN),

    /* Traditional forms. */
    BAD("億"),
    OK("三萬四千五百六十七", "34567", CN),
    OK("一萬零四十", "10040", CN),
    OK("貳拾", "20", CN),
    OK("參拾參", "33", CN),
    OK("陸拾", "60", CN),
    OK("參萬肆仟伍佰陸拾柒", "34567", CN),
    OK("壹佰零肆萬", "1040000", CN),
    OK("一點一", "1.1", CN),
    OK("零點五", "0.5", CN),
    OK("零點77", "0.77", CN),
    OK("負一百二十萬", "-1200000", CN),
    OK("負壹佰貳拾萬", "-1200000", CN),
    OK("十萬", "100000", CN),
    OK("十幾萬", "100000", CN | APPROX),
    OK("十餘", "10", CN | APPROX),

    /* Digit strings, read digit by digit. */
    OK("一七二零", "1720", CN),
    OK("二〇二三", "2023", CN),
    OK("二○○二", "2002", CN),
    OK("一九九八", "1998", CN),
    OK("二〇〇〇", "2000", CN),
    OK("一二三", "123", CN),
    OK("一一", "11", CN),
    OK("壹壹壹", "111", CN),
    OK("一零一", "101", CN),
    OK("零五", "5", CN),
    OK("一七二零点一", "1720.1", CN),
    OK("一七二零点一三四", "1720.134", CN),
    OK("一二点三零", "12.3", CN),
    OK("负一七二零", "-1720", CN),
    OK("负一七二零点一", "-1720.1", CN),
    BAD("一二三万"),
    BAD("一二三十"),
    BAD("二0二三"),
    BAD("一九九几"),

    /* Chinese decimals. */
    OK("二十七点五", "27.5", CN),
    OK("十点五", "10.5", CN),
    OK("零点一", "0.1", CN),
    OK("零点零一", "0.01", CN),
    OK("零点零", "0", CN),
    OK("零点零零", "0", CN),
    OK("一点零", "1", CN),
    OK("三点一四一五九", "3.14159", CN),
    OK("零点零零零零零零零零零零零零零零一", "0.000000000000001", CN),
    OK("负零点一零", "-0.1", CN),
    OK("一百点123", "100.123", CN),
    OK("一点五亿", "150000000", CN),
    OK("二十七点五万", "275000", CN),
    OK("十万零五点五", "100005.5", CN),
    /* After a multiplier or an elided digit the decimal is of the ones. */
    OK("一百二点五", "120.5", CN),
    OK("一千六点五", "1600.5", CN),
    OK("两千三点一", "2300.1", CN),
    OK("三万五点五", "35000.5", CN),
    OK("一万点五", "10000.5", CN),
    OK("两千万点五五四四", "20000000.5544", CN),
    OK("四百亿点零五零", "40000000000.05", CN),
    BAD("一千六点五万"),
    BAD("两千万点五亿"),
    BAD("零点"),
    BAD("点零"),
    BAD("点一"),
    BAD("零点点"),
    BAD("零点零大"),
    BAD("点1二"),

    /* Mixed Arabic and Chinese. */
    OK("1.2亿", "120000000", CN),
    OK("3万", "30000", CN),
    OK("10.1万", "101000", CN),
    OK("-10.1万", "-101000", CN),
    OK("22.12亿", "2212000000", CN),
    OK("158.6亿", "15860000000", CN),
    OK("16.4亿", "1640000000", CN),
    OK("35.1亿", "3510000000", CN),
    OK("36.57亿", "3657000000", CN),
    OK("0.5万", "5000", CN),
    OK("1.04万", "10400", CN),
    OK("1.5万亿", "1500000000000", CN),
    OK("200亿零四千230", "20000004230", CN),
    OK("100万", "1000000", CN),
    OK("100万三千", "1003000", CN),
    OK("4100万", "41000000", CN),
    OK("1,200万", "12000000", CN),
    OK("1百01", "101", CN),
    OK("1万600", "10600", CN),
    OK("3千", "3000", CN),
    OK("3千万", "30000000", CN),
    OK("5百", "500", CN),
    OK("2亿5000万", "250000000", CN),
    OK("1亿2000万", "120000000", CN),
    OK("3万5000亿", "3500000000000", CN),
    /* Mixed sections: a lone digit after 万/亿 before another multiplier
     * is its coefficient, not an elided place. */
    OK("5亿1万4千6百", "500014600", CN),
    OK("5億1萬4千6百", "500014600", CN),
    OK("一亿五万", "100050000", CN),
    OK("1万5千", "15000", CN),
    BAD("10.1万零100"),
    BAD("10..1万"),
    BAD("10.1万3千"),
    BAD("13千"),
    BAD("30百"),
    BAD("四千2300"),
    BAD("十23"),
    BAD("3亿20000万"),
    BAD("一23"),

    /* Approximate numbers keep the stated part and set NUMERAL_APPROX. */
    OK("4100多万", "41000000", CN | APPROX),
    OK("4100多", "4100", APPROX),
    OK("200余万", "2000000", CN | APPROX),
    OK("十几", "10", CN | APPROX),
    OK("二十几", "20", CN | APPROX),
    OK("十多", "10", CN | APPROX),
    OK("一百多", "100", CN | APPROX),
    OK("三十余", "30", CN | APPROX),
    OK("十多万", "100000", CN | APPROX),
    OK("十来", "10", CN | APPROX),
    OK("二十来万", "200000", CN | APPROX),
    OK("100来", "100", APPROX),
    BAD("三来"),
    OK("一万多", "10000", CN | APPROX),
    OK("三千余万", "30000000", CN | APPROX),
    OK("五十多亿", "5000000000", CN | APPROX),
    OK("20几", "20", APPROX),
    OK("20几万", "200000", CN | APPROX),
    OK("一百几十", "100", CN | APPROX),
    OK("一百零几", "100", CN | APPROX),
    OK("三点几", "3", CN | APPROX),
    OK("十几亿", "1000000000", CN | APPROX),
    /* A leading 几/数 before a unit stands for one. */
    OK("几十", "10", CN | APPROX),
    OK("几十万", "100000", CN | APPROX),
    OK("数十亿", "1000000000", CN | APPROX),
    OK("几百", "100", CN | APPROX),
    BAD("几"),
    BAD("数"),
    BAD("几五"),
    BAD("多"),
    BAD("多万"),
    BAD("5多"),
    BAD("五多"),
    BAD("十几多"),
    BAD("1.5万多"),
    BAD("4100多万多"),
    BAD("十多五"),
    BAD("幾"),
    BAD("23多"),
    BAD("23几万"),

    /* Colloquial elision: a lone final digit takes the next lower place. */
    OK("三万五", "35000", CN),
    OK("十三万五", "135000", CN),
    OK("一百二", "120", CN),
    OK("一百二十万三", "1203000", CN),
    OK("一亿五", "150000000", CN),
    OK("二十万五", "205000", CN),
    OK("1万5", "15000", CN),
    OK("3千5", "3500", CN),
    OK("一百十六", "116", CN),
    OK("一千一十", "1010", CN),
    OK("十万零一千", "101000", CN),
    OK("一万零五", "10005", CN),

    /* Signs. */
    OK("负五", "-5", CN),
    OK("负5", "-5", 0),
    OK("负十", "-10", CN),
    OK("负一十一", "-11", CN),
    OK("负二十七点五", "-27.5", CN),
    OK("負三", "-3", CN),
    OK("-3万", "-30000", CN),
    OK("负零", "0", CN),
    OK("负1,200,000", "-1200000", 0),
    OK("负 1,200,000", "-1200000", 0),
    OK("- 1,200,000", "-1200000", 0),
    BAD("负"),
    BAD("-"),
    BAD("负负五"),
    BAD("五负"),
    BAD("负十一十二"),
    BAD("负 "),

    /* Malformed positional numerals. */
    BAD("十一十二"),
    BAD("十七十八"),
    BAD("百千"),
    BAD("十百"),
    BAD("一百一零"),
    BAD("一万零零五"),
    OK("一万零百一十一", "10111", CN),
    BAD("一百零"),
    BAD("零十"),
    BAD("零万"),
    BAD("十二三"),
    BAD("三个"),
    BAD("九千二百二十三京"),
    BAD("5%"),

    /* Blanks between the parts of a number, not at the ends, not inside
     * a digit string, not between two runs of digits. */
    OK("7 万5 千4 百", "75400", CN),
    OK("三千 八百 九十六 万 四千 九百 六十五", "38964965", CN),
    OK("二十 億", "2000000000", CN),
    OK("1000 万", "10000000", CN),
    OK("五百 余万", "5000000", CN | APPROX),
    OK("177.1 亿", "17710000000", CN),
    OK("八千 三百 八十五 萬 二千 三百 二十六 點三三", "83852326.33", CN),
    BAD("1\u30002"),
    BAD("一 二"),
    BAD("1\t2"),

    /* 个 only between a number and its multiplier; 半. */
    OK("两个亿", "200000000", CN),
    OK("十几个亿", "1000000000", CN | APPROX),
    OK("三个万", "30000", CN),
    OK("半百", "50", CN),
    OK("半万", "5000", CN),
    OK("一半", "0.5", CN),
    OK("半", "0.5", CN),
    BAD("半半"),
    BAD("两半"),
    BAD("个亿"),
    BAD("三个半"),

    /* Arabic suffixes and exponents. */
    OK("100K", "100000", 0),
    OK("40k", "40000", 0),
    OK("15k", "15000", 0),
    OK("30w", "300000", 0),
    OK("3M", "3000000", 0),
    OK("1.04M", "1040000", 0),
    OK(".0012G", "1200000", 0),
    OK("-1200K", "-1200000", 0),
    OK("-2.5 M", "-2500000", 0),
    OK("1e5", "100000", 0),
    OK("2e5", "200000", 0),
    OK("21.2E0", "21.2", 0),
    OK("-127.32e13", "-1273200000000000", 0),
    OK("12.32e+14", "1232000000000000", 0),
    OK("-12e-1", "-1.2", 0),
    OK("２.７８９０e－１", "0.2789", 0),
    OK("2^5", "32", 0),
    OK("2^-1", "0.5", 0),
    OK("2.5^-1", "0.4", 0),
    OK("1.1^+23", "8.954302432552373723", ROUND),
    OK("3^-1", "0.333333333333333333", ROUND),
    BAD("三k"),
    BAD("k"),
    BAD("5kk"),
    BAD("5k3"),
    BAD("1e"),
    BAD("e5"),
    BAD("1e5.5"),
    BAD("-1.1^--23"),
    BAD("十e5"),
    TOO_BIG("1e99"),
    TOO_BIG("1e19"),

    /* Fractions: 分之 (and 份, the Cantonese 分 before a number), 又 for
     * a whole part, Arabic a/b.  Rounded to 18 decimals when inexact. */
    OK("五分之一", "0.2", CN),
    OK("二分之一", "0.5", CN),
    OK("三分之一", "0.333333333333333333", CN | ROUND),
    OK("三分之二", "0.666666666666666667", CN | ROUND),
    OK("百分之五", "0.05", CN),
    OK("一百分之五十五点五七九", "0.55579", CN),
    OK("千分之一", "0.001", CN),
    OK("一万万分之七", "0.00000007", CN),
    OK("四千二分之三", "0.000714285714285714", CN | ROUND),
    OK("五百分之2333", "4.666", CN),
    OK("１６分之2225", "139.0625", 0),
    OK("二十五分之一千零拾肆", "40.56", CN),
    OK("负一又二分之一", "-1.5", CN),
    OK("负３分之负一百五十七", "52.33333333333333333", CN | ROUND),
    OK("3又一千分之23", "3.023", CN),
    OK("一百万又五十万分之二十五", "1000000.00005", CN),
    OK("三 百 五 又 三 分之 一", "350.3333333333333333", CN | ROUND),
    OK("二分 之一", "0.5", CN),
    OK("十份十一", "1.1", CN),
    OK("二份一", "0.5", CN),
    OK("一又十分一", "1.1", CN),
    OK("1/2", "0.5", 0),
    OK("-3/2", "-1.5", 0),
    OK("３／５", "0.6", 0),
    OK("1 4/3", "2.333333333333333333", ROUND),
    OK("4 6/3", "6", 0),
    BAD("百分之"),
    BAD("分之一"),
    BAD("零分之一"),
    OK("0/5", "0", 0),
    BAD("1/0"),
    BAD("1 2/3/4"),
    BAD("一/二"),
    BAD("14/3 1"),
    BAD("又二分之一"),
    BAD("五分"),

    /* Amounts in yuan, jiao and fen: the value is in yuan, NUMERAL_YUAN. */
    OK("十元", "10", CN | YUAN),
    OK("12元", "12", YUAN),
    OK("7块", "7", YUAN),
    OK("3.04块", "3.04", YUAN),
    OK("壹拾壹元整", "11", CN | YUAN),
    OK("壹佰壹拾壹圆整", "111", CN | YUAN),
    OK("壹拾壹元正", "11", CN | YUAN),
    OK("壹拾壹元壹角", "11.1", CN | YUAN),
    OK("壹拾壹元壹角壹分", "11.11", CN | YUAN),
    OK("玖仟陆佰陆拾伍圆壹角捌分", "9665.18", CN | YUAN),
    OK("肆佰叁拾萬圆整", "4300000", CN | YUAN),
    OK("123元1角1分", "123.11", YUAN),
    OK("六十四万零一百四十三元一角七分", "640143.17", CN | YUAN),
    OK("50元6角三分", "50.63", CN | YUAN),
    OK("一块二", "1.2", CN | YUAN),
    OK("一块二角", "1.2", CN | YUAN),
    OK("三块零四", "3.04", CN | YUAN),
    OK("三块四分", "3.04", CN | YUAN),
    OK("五块七毛八", "5.78", CN | YUAN),
    OK("十块三毛", "10.3", CN | YUAN),
    OK("十块钱", "10", CN | YUAN),
    OK("一百三十五块六角七分钱", "135.67", CN | YUAN),
    OK("十几块", "10", CN | APPROX | YUAN),
    OK("一块半", "1.5", CN | YUAN),
    OK("两毛五", "0.25", CN | YUAN),
    OK("两角五分", "0.25", CN | YUAN),
    OK("两毛", "0.2", CN | YUAN),
    OK("2角", "0.2", YUAN),
    OK("七蚊", "7", CN | YUAN),
    OK("三蚊零四", "3.04", CN | YUAN),
    OK("负5元", "-5", YUAN),
    BAD("元整"),
    BAD("圆"),
    BAD("元"),
    BAD("5元5元"),
    BAD("三块零"),
    BAD("三块零四角"),
    BAD("两毛五角"),
    BAD("12角"),
    BAD("5分"),
    BAD("1元2分3角"),
    BAD("5元整整"),

    /* Invalid UTF-8 is a syntax error, never a crash. */
    BAD("\xff"),
    BAD("1\xff"),
    BAD("\xe4\xb8"),
    BAD("一\x80"),
    BAD("\xc0\xb1"),
    BAD("\xed\xa0\x80"),
    BAD("\xf4\x90\x80\x80"),
    BAD("\xe4\xb8\x80\xe4"),

    /* Overflow of the 64-bit mantissa or of the 18-digit scale. */
    TOO_BIG("123456789012345678901234567890"),
    TOO_BIG("9223372036854775808"),
    TOO_BIG("-9223372036854775808"),
    TOO_BIG("9,223,372,036,854,775,808"),
    TOO_BIG("10000000000000000000"),
    TOO_BIG("9999999999999999亿"),
    TOO_BIG("92233720368547758.08"),
    TOO_BIG("0.0000000000000000001"),
    TOO_BIG("1.2345678901234567891"),
    TOO_BIG("九九九九九九九九九九九九九九九九九九九九"),
    TOO_BIG("99999999999999999999多"),
    BAD("99999999999999999999米"),
    TOO_BIG("99999999999999999999元"),
};

/* numeral_parse_amount: an input known to be money, value in the major unit. */
static const numeral_case AMOUNT_CASES[] = {
    /* what numeral_parse reads, unchanged */
    OK("三百万", "3000000", CN),
    OK("40万", "400000", CN),
    OK("15k", "15000", 0),
    OK("30w", "300000", 0),
    OK("两毛五", "0.25", CN | YUAN),
    OK("123元1角1分", "123.11", YUAN),
    OK("两个亿", "200000000", CN),
    /* small change alone */
    OK("五分", "0.05", CN | YUAN),
    OK("5分", "0.05", YUAN),
    OK("20分", "0.2", YUAN),
    OK("二十五分", "0.25", CN | YUAN),
    OK("五仙", "0.05", CN | YUAN),
    OK("三毫", "0.3", CN | YUAN),
    OK("8角", "0.8", YUAN),
    /* Cantonese 個 for the dollar */
    OK("五個半", "5.5", CN | YUAN),
    OK("個半", "1.5", CN | YUAN),
    OK("一個半", "1.5", CN | YUAN),
    OK("個九", "1.9", CN | YUAN),
    OK("三個一毫四", "3.14", CN | YUAN),
    OK("三个", "3", CN | YUAN),
    /* still not amounts */
    BAD("分"),
    BAD("個"),
    BAD("五分之"),
    BAD("五角五角"),
    BAD("元元"),
    BAD("三个人"),
    BAD("一百分分"),
    {"", NUMERAL_EMPTY, NULL, 0},
};

typedef numeral_status (*numeral_parser)(const char *, size_t, zh_decimal *, int *);

/* Checks one case and prints a readable message on mismatch; returns
 * whether it passed so the caller can report every failure at once. */
static bool check_case_with(numeral_parser parse, const numeral_case *c)
{
    zh_decimal value = {.mant = 12345, .scale = 3};
    int flags = -1;
    numeral_status st = parse(c->input, strlen(c->input), &value, &flags);
    char text[64];
    zh_decimal_format(value, text, sizeof text);
    if (st != c->status) {
        print_error("\"%s\": status %s (%d), expected %s (%d), value %s\n", c->input, numeral_strerror(st), (int)st,
                    numeral_strerror(c->status), (int)c->status, text);
        return false;
    }
    if (st != NUMERAL_OK) {
        if (value.mant != 0 || value.scale != 0 || flags != 0) {
            print_error("\"%s\": failed parse left value %s flags %d\n", c->input, text, flags);
            return false;
        }
        return true;
    }
    if (strcmp(text, c->value) != 0 || flags != c->flags) {
        print_error("\"%s\": got %s flags %d, expected %s flags %d\n", c->input, text, flags, c->value, c->flags);
        return false;
    }
    return true;
}

static bool check_case(const numeral_case *c) { return check_case_with(numeral_parse, c); }

static void test_amount_table(void **state)
{
    (void)state;
    int failures = 0;
    for (size_t i = 0; i < sizeof AMOUNT_CASES / sizeof AMOUNT_CASES[0]; i++)
        failures += !check_case_with(numeral_parse_amount, &AMOUNT_CASES[i]);
    assert_int_equal(failures, 0);
}

/* Runs the whole table and reports every failing row, not just the first. */
static void test_parse_table(void **state)
{
    (void)state;
    int failures = 0, checked = 0;
    for (size_t i = 0; i < sizeof CASES / sizeof CASES[0]; i++) {
        checked++;
        failures += !check_case(&CASES[i]);
    }
    print_message("numeral table: %d cases, %d failures\n", checked, failures);
    assert_true(checked >= 220);
    assert_int_equal(failures, 0);
}

/* An empty input is NUMERAL_EMPTY, distinct from a malformed one. */
static void test_empty_input(void **state)
{
    (void)state;
    zh_decimal value;
    int flags = 7;
    assert_int_equal(numeral_parse("", 0, &value, &flags), NUMERAL_EMPTY);
    assert_int_equal(flags, 0);
    assert_int_equal(numeral_parse("123", 0, &value, NULL), NUMERAL_EMPTY);
    assert_int_equal(numeral_parse(NULL, 0, &value, NULL), NUMERAL_EMPTY);
}

/* Parses a copy of text[0..len) held in a buffer of exactly len bytes, so
 * that AddressSanitizer catches any read past the end. */
static numeral_status parse_exact_buffer(const char *text, size_t len, zh_decimal *value)
{
    char *copy = malloc(len ? len : 1);
    assert_non_null(copy);
    memcpy(copy, text, len);
    numeral_status st = numeral_parse(copy, len, value, NULL);
    free(copy);
    return st;
}

/* Only s[0..len) is read: a prefix parses on its own, and a character cut
 * in the middle is a syntax error. */
static void test_length_is_respected(void **state)
{
    (void)state;
    zh_decimal value;
    assert_int_equal(parse_exact_buffer("12345", 3, &value), NUMERAL_OK);
    assert_int_equal(value.mant, 123);
    /* "三十" is the first six bytes of "三十八万". */
    assert_int_equal(parse_exact_buffer("三十八万", 6, &value), NUMERAL_OK);
    assert_int_equal(value.mant, 30);
    assert_int_equal(parse_exact_buffer("三十八万", 7, &value), NUMERAL_SYNTAX);
    assert_int_equal(parse_exact_buffer("三十八万", 11, &value), NUMERAL_SYNTAX);
    assert_int_equal(parse_exact_buffer("1,236", 4, &value), NUMERAL_SYNTAX);
    assert_int_equal(parse_exact_buffer("１５", 2, &value), NUMERAL_SYNTAX);
    /* An embedded NUL is a byte like any other, and not a number. */
    assert_int_equal(numeral_parse("1\0" "2", 3, &value, NULL), NUMERAL_SYNTAX);
}

/* out and flags may be NULL; the status is still reported. */
static void test_null_outputs(void **state)
{
    (void)state;
    assert_int_equal(numeral_parse("三十八", strlen("三十八"), NULL, NULL), NUMERAL_OK);
    assert_int_equal(numeral_parse("三十八x", strlen("三十八x"), NULL, NULL), NUMERAL_SYNTAX);
}

/* Formats a decimal into a fixed buffer for comparisons. */
static const char *formatted(zh_decimal d, char *buf, size_t size)
{
    zh_decimal_format(d, buf, size);
    return buf;
}

/* zh_decimal_shift multiplies by a power of ten without losing digits. */
static void test_decimal_shift(void **state)
{
    (void)state;
    char buf[64];
    zh_decimal d = {.mant = 2212, .scale = 2};
    assert_true(zh_decimal_shift(&d, 8));
    assert_int_equal(d.mant, 2212000000LL);
    assert_int_equal(d.scale, 0);

    d = (zh_decimal){.mant = 15, .scale = 1};
    assert_true(zh_decimal_shift(&d, 2));
    assert_string_equal(formatted(d, buf, sizeof buf), "150");

    d = (zh_decimal){.mant = 5, .scale = 0};
    assert_true(zh_decimal_shift(&d, -2));
    assert_string_equal(formatted(d, buf, sizeof buf), "0.05");

    d = (zh_decimal){.mant = -15, .scale = 1};
    assert_true(zh_decimal_shift(&d, 1));
    assert_string_equal(formatted(d, buf, sizeof buf), "-15");

    d = (zh_decimal){.mant = 123, .scale = 0};
    assert_true(zh_decimal_shift(&d, 0));
    assert_string_equal(formatted(d, buf, sizeof buf), "123");

    d = (zh_decimal){.mant = 1, .scale = 0};
    assert_true(zh_decimal_shift(&d, -18));
    assert_string_equal(formatted(d, buf, sizeof buf), "0.000000000000000001");

    /* A 19th decimal place cannot be held: refused, value unchanged. */
    d = (zh_decimal){.mant = 1, .scale = 0};
    assert_false(zh_decimal_shift(&d, -19));
    assert_int_equal(d.mant, 1);
    assert_int_equal(d.scale, 0);

    /* ... unless the digit that would fall off is a zero. */
    d = (zh_decimal){.mant = 10, .scale = 0};
    assert_true(zh_decimal_shift(&d, -19));
    assert_int_equal(d.mant, 1);
    assert_int_equal(d.scale, 18);

    d = (zh_decimal){.mant = INT64_MAX, .scale = 0};
    assert_false(zh_decimal_shift(&d, 1));
    assert_int_equal(d.mant, INT64_MAX);

    d = (zh_decimal){.mant = 0, .scale = 0};
    assert_true(zh_decimal_shift(&d, 100));
    assert_int_equal(d.mant, 0);
    assert_true(zh_decimal_shift(&d, -100));
    assert_int_equal(d.mant, 0);

    d = (zh_decimal){.mant = 1, .scale = 0};
    assert_false(zh_decimal_shift(&d, 19));
    assert_false(zh_decimal_shift(&d, INT_MAX));
    assert_false(zh_decimal_shift(&d, INT_MIN));
    assert_int_equal(d.mant, 1);

    d = (zh_decimal){.mant = 1, .scale = 19};
    assert_false(zh_decimal_shift(&d, 1));
}

/* zh_decimal_mul is exact and refuses what does not fit. */
static void test_decimal_mul(void **state)
{
    (void)state;
    char buf[64];
    zh_decimal r;
    assert_true(zh_decimal_mul((zh_decimal){15, 1}, (zh_decimal){2, 0}, &r));
    assert_string_equal(formatted(zh_decimal_reduce(r), buf, sizeof buf), "3");
    assert_true(zh_decimal_mul((zh_decimal){2212, 2}, (zh_decimal){100000000, 0}, &r));
    assert_string_equal(formatted(zh_decimal_reduce(r), buf, sizeof buf), "2212000000");
    assert_true(zh_decimal_mul((zh_decimal){-5, 1}, (zh_decimal){5, 1}, &r));
    assert_string_equal(formatted(zh_decimal_reduce(r), buf, sizeof buf), "-0.25");
    assert_true(zh_decimal_mul((zh_decimal){1, 9}, (zh_decimal){1, 9}, &r));
    assert_string_equal(formatted(r, buf, sizeof buf), "0.000000000000000001");
    /* Trailing zeros do not count against the scale limit. */
    assert_true(zh_decimal_mul((zh_decimal){10, 10}, (zh_decimal){10, 10}, &r));
    assert_string_equal(formatted(r, buf, sizeof buf), "0.000000000000000001");
    assert_true(zh_decimal_mul((zh_decimal){0, 18}, (zh_decimal){0, 18}, &r));
    assert_string_equal(formatted(r, buf, sizeof buf), "0");
    assert_false(zh_decimal_mul((zh_decimal){INT64_MAX, 0}, (zh_decimal){2, 0}, &r));
    assert_false(zh_decimal_mul((zh_decimal){1, 10}, (zh_decimal){1, 10}, &r));
    assert_false(zh_decimal_mul((zh_decimal){1, 19}, (zh_decimal){1, 0}, &r));
}

/* zh_decimal_reduce drops trailing fractional zeros only. */
static void test_decimal_reduce(void **state)
{
    (void)state;
    zh_decimal d = zh_decimal_reduce((zh_decimal){1540, 2});
    assert_int_equal(d.mant, 154);
    assert_int_equal(d.scale, 1);
    d = zh_decimal_reduce((zh_decimal){0, 5});
    assert_int_equal(d.mant, 0);
    assert_int_equal(d.scale, 0);
    d = zh_decimal_reduce((zh_decimal){100, 0});
    assert_int_equal(d.mant, 100);
    assert_int_equal(d.scale, 0);
    d = zh_decimal_reduce((zh_decimal){-1500, 3});
    assert_int_equal(d.mant, -15);
    assert_int_equal(d.scale, 1);
    d = zh_decimal_reduce((zh_decimal){7, 3});
    assert_int_equal(d.mant, 7);
    assert_int_equal(d.scale, 3);
}

/* zh_decimal_format writes plain decimals and behaves like snprintf when
 * the buffer is short. */
static void test_decimal_format(void **state)
{
    (void)state;
    char buf[64];
    assert_string_equal(formatted((zh_decimal){0, 0}, buf, sizeof buf), "0");
    assert_string_equal(formatted((zh_decimal){5, 2}, buf, sizeof buf), "0.05");
    assert_string_equal(formatted((zh_decimal){-5, 2}, buf, sizeof buf), "-0.05");
    assert_string_equal(formatted((zh_decimal){13600000000LL, 0}, buf, sizeof buf), "13600000000");
    assert_string_equal(formatted((zh_decimal){154, 1}, buf, sizeof buf), "15.4");
    assert_string_equal(formatted((zh_decimal){1540, 2}, buf, sizeof buf), "15.40");
    assert_string_equal(formatted((zh_decimal){INT64_MIN, 0}, buf, sizeof buf), "-9223372036854775808");
    assert_string_equal(formatted((zh_decimal){INT64_MAX, 18}, buf, sizeof buf), "9.223372036854775807");
    assert_string_equal(formatted((zh_decimal){INT64_MIN, 18}, buf, sizeof buf), "-9.223372036854775808");
    assert_string_equal(formatted((zh_decimal){1, 18}, buf, sizeof buf), "0.000000000000000001");

    char small[4];
    assert_int_equal(zh_decimal_format((zh_decimal){12345, 0}, small, sizeof small), 5);
    assert_string_equal(small, "123");
    assert_int_equal(zh_decimal_format((zh_decimal){-5, 2}, NULL, 0), 5);
    char one[1] = {'x'};
    assert_int_equal(zh_decimal_format((zh_decimal){7, 0}, one, sizeof one), 1);
    assert_int_equal(one[0], '\0');
    assert_int_equal(zh_decimal_format((zh_decimal){7, 19}, buf, sizeof buf), -1);
    assert_int_equal(zh_decimal_format((zh_decimal){7, -1}, buf, sizeof buf), -1);
}

/* zh_decimal_to_double rounds once, so exact decimals compare equal to the
 * corresponding C literals. */
static void test_decimal_to_double(void **state)
{
    (void)state;
    assert_true(zh_decimal_to_double((zh_decimal){2212, 2}) == 22.12);
    assert_true(zh_decimal_to_double((zh_decimal){5, 1}) == 0.5);
    assert_true(zh_decimal_to_double((zh_decimal){-15, 1}) == -1.5);
    assert_true(zh_decimal_to_double((zh_decimal){1, 18}) == 1e-18);
    assert_true(zh_decimal_to_double((zh_decimal){13600000000LL, 0}) == 1.36e10);
    assert_true(zh_decimal_to_double((zh_decimal){0, 0}) == 0.0);
}

/* Every status has its own message. */
static void test_strerror(void **state)
{
    (void)state;
    const char *ok = numeral_strerror(NUMERAL_OK);
    const char *empty = numeral_strerror(NUMERAL_EMPTY);
    const char *syntax = numeral_strerror(NUMERAL_SYNTAX);
    const char *overflow = numeral_strerror(NUMERAL_OVERFLOW);
    assert_non_null(ok);
    assert_string_not_equal(ok, empty);
    assert_string_not_equal(empty, syntax);
    assert_string_not_equal(syntax, overflow);
    assert_non_null(numeral_strerror((numeral_status)99));
}

/* A small deterministic generator, so the random test is reproducible. */
static uint32_t next_random(uint32_t *seed)
{
    *seed ^= *seed << 13;
    *seed ^= *seed >> 17;
    *seed ^= *seed << 5;
    return *seed;
}

/* Random strings from number fragments and stray bytes must never crash;
 * every accepted value must format to Arabic text that parses back to the
 * same value (the formatter and the parser agree). */
static void test_random_inputs(void **state)
{
    (void)state;
    static const char *const FRAGMENTS[] = {
        "一", "二", "两", "三", "五", "九", "零", "〇", "十", "百", "千", "万", "亿", "廿",
        "壹", "拾", "萬", "億", "点", ".", ",", "，", "0", "1", "5", "123", "１", "负", "-",
        "多", "余", "几", "分", "\xff", "\xe4", "\x80", " ",
    };
    const size_t fragment_count = sizeof FRAGMENTS / sizeof FRAGMENTS[0];
    uint32_t seed = 2463534242u;
    int accepted = 0;
    for (int round = 0; round < 50000; round++) {
        char input[96];
        size_t len = 0;
        int pieces = 1 + (int)(next_random(&seed) % 8);
        for (int i = 0; i < pieces; i++) {
            const char *f = FRAGMENTS[next_random(&seed) % fragment_count];
            size_t n = strlen(f);
            if (len + n > sizeof input)
                break;
            memcpy(input + len, f, n);
            len += n;
        }
        zh_decimal value;
        numeral_status st = parse_exact_buffer(input, len, &value);
        assert_true(st == NUMERAL_OK || st == NUMERAL_SYNTAX || st == NUMERAL_OVERFLOW);
        if (st != NUMERAL_OK)
            continue;
        accepted++;
        char text[64];
        int n = zh_decimal_format(value, text, sizeof text);
        assert_true(n > 0 && (size_t)n < sizeof text);
        zh_decimal again;
        assert_int_equal(numeral_parse(text, (size_t)n, &again, NULL), NUMERAL_OK);
        assert_int_equal(again.mant, value.mant);
        assert_int_equal(again.scale, value.scale);
    }
    assert_true(accepted > 100);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_amount_table),
        cmocka_unit_test(test_empty_input),
        cmocka_unit_test(test_length_is_respected),
        cmocka_unit_test(test_null_outputs),
        cmocka_unit_test(test_decimal_shift),
        cmocka_unit_test(test_decimal_mul),
        cmocka_unit_test(test_decimal_reduce),
        cmocka_unit_test(test_decimal_format),
        cmocka_unit_test(test_decimal_to_double),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_random_inputs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
