/*
 * numeral.h — exact parsing of Chinese and Arabic numbers.
 *
 * A number in news text is written in Arabic digits ("136", "1,236",
 * "22.12"), in Chinese numerals ("三十八", "一万零五百", "两千", "廿",
 * "二十七点五", financial "壹贰叁", "〇"), as a digit string ("二〇二三"),
 * or mixed ("1.2亿", "3万", "200亿零四千230").  This module turns one such
 * string into an exact decimal.  It knows nothing of units, ranges or
 * approximation words around the number: the figure rules find those.
 * The only "units" it reads are the ones that are part of how a number is
 * written: 分之 (fractions), 元/角/分 (an amount written in yuan, jiao and
 * fen, "123元1角1分", "两毛五"), and the k/M/G/w suffixes of Arabic figures.
 *
 * Values are exact decimals so that "22.12亿" is 2212000000 and not
 * 2211999999.9999998.  A fraction or power that no decimal holds exactly
 * ("三分之一") is rounded to the nearest value with at most 18 decimals
 * that fits, and says so with NUMERAL_ROUNDED.
 *
 * Pure functions, no allocation, thread-safe.
 */
#ifndef ZHPIPE_NUMERAL_H
#define ZHPIPE_NUMERAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* value = mant × 10^(-scale); scale is 0..18 and mant carries the sign. */
typedef struct {
    int64_t mant;
    int scale;
} zh_decimal;

typedef enum {
    NUMERAL_OK = 0,
    NUMERAL_EMPTY,     /* nothing to parse */
    NUMERAL_SYNTAX,    /* not a well-formed number */
    NUMERAL_OVERFLOW,  /* does not fit an int64 mantissa */
} numeral_status;

/* Flags reported by numeral_parse(). */
enum {
    NUMERAL_APPROX = 1 << 0,  /* 多/余/来/几/数 in the number: "4100多万", "十几", "几十万" */
    NUMERAL_CHINESE = 1 << 1, /* at least one Chinese numeral character */
    NUMERAL_ROUNDED = 1 << 2, /* a fraction or power rounded to what a zh_decimal holds ("三分之一") */
    NUMERAL_YUAN = 1 << 3     /* an amount of money in 元/块/圆 and 角/毛/分 ("3元5角", "两毛五"): value in 元 */
};

/*
 * Parses the whole of s[0..len) (UTF-8) as one number and stores it in *out.
 * *flags (may be NULL) receives NUMERAL_* flags.  Accepts simplified and
 * traditional forms (万/萬, 亿/億, 两/兩/俩, 贰/貳 ...), ASCII and full-width
 * digits, ',' and '，' thousands separators between groups of three
 * digits, '.' and 点/點 decimals, a leading 负/負/'-', an implicit
 * leading one ("十二" = 12, "万亿" = 1e12, but a multiplier alone, "万",
 * "万万", is not a number), 万万 (= 亿) and 兆 (= 1e12), 多/余/几 between a
 * number and its multiplier ("4100多万" = 41000000, approx), a leading
 * 几/数 before a unit ("几十万" = 100000, approx), 个 before a multiplier
 * ("两个亿"), 半 ("半百" = 50, "一半" = 0.5), blanks between the parts of
 * a number ("7 万5 千", not between two runs of digits), Arabic suffixes
 * k/K (1e3), w/W (1e4), M (1e6), G (1e9), exponents ("2.5e-3", "2^5"),
 * fractions ("三分之一", "3又4分之1", "1/2", "1 4/3") and amounts in
 * yuan ("壹佰圆整", "123元1角1分", "一块二", "两毛五": NUMERAL_YUAN).
 * Anything else gives NUMERAL_SYNTAX; the whole input must be consumed.
 * The value is reduced ("1.10" gives 1.1); approximate numbers keep the
 * stated part ("十几" = 10).  On failure *out is zero and *flags is 0.
 */
numeral_status numeral_parse(const char *s, size_t len, zh_decimal *out, int *flags);

/*
 * Parses s[0..len) as an amount of money the caller knows to be one (a
 * form field, a spreadsheet cell; `zhpipe parse money`), in the major
 * unit.  Reads what numeral_parse() reads (a number alone is the amount:
 * 三百万 = 3000000) and the spoken forms of small change that running
 * text leaves ambiguous: a bare 分 or Cantonese 仙 is a hundredth (5分 =
 * 0.05, 二十五分 = 0.25), a bare 角/毛/毫 a tenth (三毫 = 0.3), and
 * Cantonese 個/个 is the dollar (五個半 = 5.5, 個九 = 1.9, 三個一毫四 =
 * 3.14), except before a multiplier (两个亿).  The currency is the
 * caller's to strip and name.
 */
numeral_status numeral_parse_amount(const char *s, size_t len, zh_decimal *out, int *flags);

/* Human-readable text of a status, for messages. */
const char *numeral_strerror(numeral_status st);

/* Multiplies *d by 10^k (k may be negative) exactly; false on overflow
 * or when precision would be lost (then *d is unchanged). */
bool zh_decimal_shift(zh_decimal *d, int k);

/* Multiplies two decimals exactly; false on overflow. */
bool zh_decimal_mul(zh_decimal a, zh_decimal b, zh_decimal *out);

/* Adds two decimals exactly; false on overflow (then *out is unchanged). */
bool zh_decimal_add(zh_decimal a, zh_decimal b, zh_decimal *out);

/* Compares two valid decimals: negative, zero or positive as a < b,
 * a == b, a > b. */
int zh_decimal_cmp(zh_decimal a, zh_decimal b);

/* Removes trailing zero digits after the decimal point (15.40 → 15.4). */
zh_decimal zh_decimal_reduce(zh_decimal d);

double zh_decimal_to_double(zh_decimal d);

/*
 * Writes d as a plain decimal ("13600000000", "15.4", "-0.05"; never
 * exponent notation), NUL-terminated.  Returns the length written, or the
 * length needed when size is too small (like snprintf); -1 when d.scale
 * is outside 0..18.
 */
int zh_decimal_format(zh_decimal d, char *buf, size_t size);

#endif
