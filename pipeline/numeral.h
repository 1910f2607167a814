/*
 * numeral.h — exact parsing of Chinese and Arabic numbers.
 *
 * A number in news text is written in Arabic digits ("136", "1,236",
 * "22.12"), in Chinese numerals ("三十八", "一万零五百", "两千", "廿",
 * "二十七点五", financial "壹贰叁", "〇"), as a digit string ("二〇二三"),
 * or mixed ("1.2亿", "3万", "200亿零四千230").  This module turns one such
 * string into an exact decimal.  It knows nothing of units, ranges or
 * approximation words around the number: the figure rules find those.
 *
 * Values are exact decimals so that "22.12亿" is 2212000000 and not
 * 2211999999.9999998.
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
    NUMERAL_APPROX = 1 << 0, /* 多/余/几 inside the number: "4100多万", "十几" */
    NUMERAL_CHINESE = 1 << 1 /* at least one Chinese numeral character */
};

/*
 * Parses the whole of s[0..len) (UTF-8) as one number and stores it in *out.
 * *flags (may be NULL) receives NUMERAL_* flags.  Accepts simplified and
 * traditional forms (万/萬, 亿/億, 两/兩, 贰/貳 ...), ASCII and full-width
 * digits, ',' and '，' thousands separators between groups of three
 * digits, '.' and 点/點 decimals, a leading 负/負/'-', an implicit
 * leading one ("十二" = 12, "亿" = 1e8, "万亿" = 1e12), and 多/余/几
 * between a number and its multiplier ("4100多万" = 41000000, approx).
 * Anything else gives NUMERAL_SYNTAX; the whole input must be consumed.
 * The value is reduced ("1.10" gives 1.1); approximate numbers keep the
 * stated part ("十几" = 10).  On failure *out is zero and *flags is 0.
 */
numeral_status numeral_parse(const char *s, size_t len, zh_decimal *out, int *flags);

/* Human-readable text of a status, for messages. */
const char *numeral_strerror(numeral_status st);

/* Multiplies *d by 10^k (k may be negative) exactly; false on overflow
 * or when precision would be lost (then *d is unchanged). */
bool zh_decimal_shift(zh_decimal *d, int k);

/* Multiplies two decimals exactly; false on overflow. */
bool zh_decimal_mul(zh_decimal a, zh_decimal b, zh_decimal *out);

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
