/*
 * numeral.c — exact parsing of Chinese and Arabic numbers; see numeral.h.
 *
 * The input is cut into tokens (a Chinese digit, a run of Arabic digits, a
 * unit 十/百/千, a multiplier 万/亿, a decimal point, ...) and read left to
 * right by a small state machine.  A number is a list of terms such as
 * "三亿" "五千万" and a final section "四千二百"; a multiplier takes every
 * smaller term before it as its coefficient, which is how "三万五千亿"
 * becomes 3.5e12 and "万亿" becomes 1e12.
 *
 * Decisions worth knowing (each one is tested in tests/unit/test_numeral.c):
 *  - A lone digit right after a unit of a hundred or more, or after a
 *    multiplier, is the next lower place: "三万五" = 35000, "一百二" = 120,
 *    "1万5" = 15000.  A 零 in between cancels that: "一万零五" = 10005.
 *  - Arabic runs of two or more digits mean their face value: "1万600" =
 *    10600, "四千230" = 4230.
 *  - 两 is a coefficient ("两万", "两千六") or a whole number ("两"); as a
 *    ones digit ("十两") it is a weight, not a number, and is rejected.
 *    After a multiplier the elision does not apply before another
 *    multiplier: "5亿1万" = 500010000, not 5.1e8 × 1e4.
 *  - A decimal point after a multiplier or an elided digit starts the
 *    fraction of the ones: "两千万点五五四四" = 20000000.5544, "一千六点五"
 *    = 1600.5 (the reading of Recognizers-Text); no multiplier may follow
 *    it.  Before a multiplier it scales it as usual: "1.2亿", "一点五亿".
 *  - Approximate numbers keep the part that is stated: "4100多万" =
 *    41000000, "十几" = 10, "三点几" = 3, each with NUMERAL_APPROX.  A
 *    leading 几 or 数 before a unit or multiplier stands for one:
 *    "几十万" = 100000, "数十亿" = 1e9 (approximate); 几 alone is rejected.
 *  - A multiplier alone ("万", "亿", "万万") is a word, not a number
 *    (万万 also means "absolutely"); "万亿", "十万", "四万万" are numbers.
 *  - 百 or 千 with an implicit one must be followed by explicit digits:
 *    "百二" = 120, but "百十一" (around a hundred and eleven?) is rejected;
 *    "一百十一" = 111.
 *  - Chinese digit strings ("二〇二三", "一七二零点一") are read digit by
 *    digit but cannot take units or multipliers.  Whether "三四" is 34 or
 *    "three or four" is for the caller to decide; here it is 34.
 *  - NUMERAL_CHINESE is set by Chinese digits, units and multipliers; 点,
 *    负 and the approximation characters alone do not set it.
 *  - The value returned is reduced: "1.10" gives 1.1, "22.12亿" gives the
 *    integer 2212000000.
 *  - Blanks may stand between the parts of a number ("7 万5 千4 百",
 *    "负 1,200,000") but not at either end, inside a digit string, or
 *    between two runs of Arabic digits ("1 2"), except the one that
 *    separates a whole number from its fraction ("1 4/3").
 *  - Forms built on top of plain numbers, each read by its own function
 *    over parts of the input: fractions (B分之A, C又B分之A, A/B, the
 *    Cantonese B份A and B分A), exponents ("1.2e5", "2^-1") and suffixes
 *    of Arabic figures (k, M, G, w), and amounts in yuan ("壹佰圆整",
 *    "一块二" = 1.2, "两毛五" = 0.25, "三块零四" = 3.04).  A bare "5分" is
 *    not read as money: it is a score or a minute more often than a fen.
 *  - A fraction that no decimal holds is rounded half up to 18 decimals
 *    (or to what the 64-bit mantissa holds) and flagged NUMERAL_ROUNDED.
 *  - Characters that are not part of any number ("个" not before a
 *    multiplier, "米", invalid UTF-8) make the whole input a NUMERAL_SYNTAX
 *    error, even when the digits before them would overflow.
 */
#include "numeral.h"

#include <math.h>
#include <string.h>

enum {
    DECIMAL_MAX_SCALE = 18,
    /* Terms are kept per multiplier exponent (12 for 兆, 8 for 亿, 4 for
     * 万), and they must strictly decrease, so three are enough. */
    MAX_TERMS = 3,
    /* Largest |exponent| of "1e5" and "2^5" forms. */
    MAX_EXPONENT = 60,
    /* Exponent meaning "no unit seen yet in this section": every unit
     * (at most 10^3) is smaller. */
    NO_UNIT_EXPONENT = 4
};

static const int64_t POWERS_OF_TEN[DECIMAL_MAX_SCALE + 1] = {
    1LL,
    10LL,
    100LL,
    1000LL,
    10000LL,
    100000LL,
    1000000LL,
    10000000LL,
    100000000LL,
    1000000000LL,
    10000000000LL,
    100000000000LL,
    1000000000000LL,
    10000000000000LL,
    100000000000000LL,
    1000000000000000LL,
    10000000000000000LL,
    100000000000000000LL,
    1000000000000000000LL,
};

/* ------------------------------------------------------------------------ */
/* Exact decimal arithmetic                                                  */
/* ------------------------------------------------------------------------ */

/* Tells whether a decimal respects the documented scale range, so that the
 * public functions never index the power table out of bounds. */
static bool decimal_scale_is_valid(zh_decimal d)
{
    return d.scale >= 0 && d.scale <= DECIMAL_MAX_SCALE;
}

/* Multiplies a mantissa by 10^k (k >= 0) and reports overflow; zero stays
 * zero whatever k is, so "0 × 10^40" is not an overflow. */
static bool mantissa_scale_up(int64_t *mant, int k)
{
    if (*mant == 0)
        return true;
    if (k > DECIMAL_MAX_SCALE)
        return false;
    return !__builtin_mul_overflow(*mant, POWERS_OF_TEN[k], mant);
}

/* Adds two decimals exactly, aligning them on the larger scale first. */
static bool decimal_add(zh_decimal a, zh_decimal b, zh_decimal *out)
{
    int scale = a.scale > b.scale ? a.scale : b.scale;
    int64_t am = a.mant, bm = b.mant;
    if (!mantissa_scale_up(&am, scale - a.scale) || !mantissa_scale_up(&bm, scale - b.scale))
        return false;
    int64_t sum;
    if (__builtin_add_overflow(am, bm, &sum))
        return false;
    out->mant = sum;
    out->scale = scale;
    return true;
}

/* Tells whether a non-negative decimal is below 10^exponent; used to check
 * that a lower term fits under the one above it ("三亿二万" but not
 * "三亿20000万"). */
static bool decimal_below_power_of_ten(zh_decimal d, int exponent)
{
    if (exponent > DECIMAL_MAX_SCALE)
        return true;
    int64_t integer_part = d.mant / POWERS_OF_TEN[d.scale];
    return integer_part < POWERS_OF_TEN[exponent];
}

/* Removes trailing fractional zeros so that equal values compare equal
 * field by field; zero always gets scale 0. */
zh_decimal zh_decimal_reduce(zh_decimal d)
{
    if (d.mant == 0) {
        d.scale = 0;
        return d;
    }
    while (d.scale > 0 && d.mant % 10 == 0) {
        d.mant /= 10;
        d.scale--;
    }
    return d;
}

/* Multiplies by 10^k, as when 万 or 亿 scales a figure; refuses rather
 * than rounds, so a caller never stores an approximate value. */
bool zh_decimal_shift(zh_decimal *d, int k)
{
    if (!decimal_scale_is_valid(*d))
        return false;
    zh_decimal r = *d;
    if (k >= 0) {
        /* Dropping fractional places first keeps the mantissa small. */
        int from_scale = k < r.scale ? k : r.scale;
        r.scale -= from_scale;
        if (!mantissa_scale_up(&r.mant, k - from_scale))
            return false;
    } else {
        /* A scale beyond 18 is only reachable by removing trailing zeros;
         * otherwise a digit would be lost.  The comparison is written so
         * that a huge negative k cannot overflow. */
        long long scale = (long long)r.scale - k;
        while (scale > DECIMAL_MAX_SCALE && r.mant != 0 && r.mant % 10 == 0) {
            r.mant /= 10;
            scale--;
        }
        if (r.mant == 0)
            scale = 0;
        if (scale > DECIMAL_MAX_SCALE)
            return false;
        r.scale = (int)scale;
    }
    *d = r;
    return true;
}

/* Multiplies two decimals exactly, as when a unit factor scales a value. */
bool zh_decimal_mul(zh_decimal a, zh_decimal b, zh_decimal *out)
{
    if (!decimal_scale_is_valid(a) || !decimal_scale_is_valid(b))
        return false;
    /* Reducing first gives the product the best chance to fit. */
    a = zh_decimal_reduce(a);
    b = zh_decimal_reduce(b);
    zh_decimal r;
    if (__builtin_mul_overflow(a.mant, b.mant, &r.mant))
        return false;
    r.scale = a.scale + b.scale;
    if (r.scale > DECIMAL_MAX_SCALE) {
        r = zh_decimal_reduce(r);
        if (r.scale > DECIMAL_MAX_SCALE)
            return false;
    }
    *out = r;
    return true;
}

/* The public, checked form of decimal_add. */
bool zh_decimal_add(zh_decimal a, zh_decimal b, zh_decimal *out)
{
    zh_decimal r;
    if (!decimal_scale_is_valid(a) || !decimal_scale_is_valid(b) || !decimal_add(a, b, &r))
        return false;
    *out = r;
    return true;
}

/* Compares exactly, in 128 bits after aligning the scales. */
int zh_decimal_cmp(zh_decimal a, zh_decimal b)
{
    if (!decimal_scale_is_valid(a) || !decimal_scale_is_valid(b)) {
        double x = zh_decimal_to_double(a), y = zh_decimal_to_double(b);
        return (x > y) - (x < y);
    }
    int scale = a.scale > b.scale ? a.scale : b.scale;
    __int128 x = (__int128)a.mant * POWERS_OF_TEN[scale - a.scale];
    __int128 y = (__int128)b.mant * POWERS_OF_TEN[scale - b.scale];
    return (x > y) - (x < y);
}

/* |m| as an unsigned number, correct for INT64_MIN. */
static uint64_t magnitude_of(int64_t m)
{
    return m < 0 ? (uint64_t)0 - (uint64_t)m : (uint64_t)m;
}

/* n / d, exact when a zh_decimal holds the quotient, otherwise rounded
 * half up to as many decimals (at most 18) as the mantissa holds, with
 * *rounded set.  Both operands are valid decimals; d is not zero. */
static numeral_status decimal_div(zh_decimal n, zh_decimal d, zh_decimal *out, bool *rounded)
{
    if (d.mant == 0 || !decimal_scale_is_valid(n) || !decimal_scale_is_valid(d))
        return NUMERAL_SYNTAX;
    bool negative = (n.mant < 0) != (d.mant < 0);
    /* n/d = (|n.mant| × 10^d.scale) / (|d.mant| × 10^n.scale); each side
     * is below 2^64 × 10^18 < 2^124, so 128-bit arithmetic is exact. */
    unsigned __int128 a = (unsigned __int128)magnitude_of(n.mant) * (uint64_t)POWERS_OF_TEN[d.scale];
    unsigned __int128 b = (unsigned __int128)magnitude_of(d.mant) * (uint64_t)POWERS_OF_TEN[n.scale];
    unsigned __int128 q = a / b, r = a % b;
    if (q > (unsigned __int128)INT64_MAX)
        return NUMERAL_OVERFLOW;
    uint64_t mant = (uint64_t)q;
    int scale = 0;
    while (r != 0 && scale < DECIMAL_MAX_SCALE) {
        unsigned __int128 r10 = r * 10;
        uint64_t digit = (uint64_t)(r10 / b);
        if (mant > ((uint64_t)INT64_MAX - digit) / 10)
            break;
        mant = mant * 10 + digit;
        scale++;
        r = r10 % b;
    }
    if (r != 0) {
        *rounded = true;
        if (r * 2 >= b) {
            if (mant == (uint64_t)INT64_MAX)
                return NUMERAL_OVERFLOW;
            mant++;
        }
    }
    zh_decimal v = {.mant = (int64_t)mant, .scale = scale};
    if (negative)
        v.mant = -v.mant;
    *out = zh_decimal_reduce(v);
    return NUMERAL_OK;
}

/* The decimal nearest to x with at most 18 decimals and a mantissa that
 * fits, for the rare values no exact arithmetic holds ("1.1^23"). */
static numeral_status decimal_from_long_double(long double x, zh_decimal *out)
{
    if (!isfinite(x) || fabsl(x) >= 9.2e18L)
        return NUMERAL_OVERFLOW;
    int scale = DECIMAL_MAX_SCALE;
    while (scale > 0 && fabsl(x) * (long double)POWERS_OF_TEN[scale] >= 9.2e18L)
        scale--;
    zh_decimal v = {.mant = (int64_t)llroundl(x * (long double)POWERS_OF_TEN[scale]), .scale = scale};
    *out = zh_decimal_reduce(v);
    return NUMERAL_OK;
}

/* base^n for an integer n: exact when the product fits, else rounded
 * (*rounded set); a negative n divides one by the power. */
static numeral_status decimal_pow(zh_decimal base, int n, zh_decimal *out, bool *rounded)
{
    int k = n < 0 ? -n : n;
    zh_decimal r = {.mant = 1, .scale = 0};
    bool exact = true;
    for (int i = 0; i < k && exact; i++)
        exact = zh_decimal_mul(r, base, &r);
    if (!exact) {
        /* mant^k / 10^(scale·k): the mantissa is exact in a long double. */
        long double x = powl((long double)base.mant, (long double)k) / powl(10.0L, (long double)base.scale * k);
        numeral_status st = decimal_from_long_double(x, &r);
        if (st != NUMERAL_OK || r.mant == 0)
            return NUMERAL_OVERFLOW;
        *rounded = true;
    }
    if (n >= 0) {
        *out = zh_decimal_reduce(r);
        return NUMERAL_OK;
    }
    return decimal_div((zh_decimal){.mant = 1, .scale = 0}, r, out, rounded);
}

/* Converts to a double for consumers that need one (ranking, plots). */
double zh_decimal_to_double(zh_decimal d)
{
    /* Dividing by an exact power of ten rounds once, so "0.1" gives the
     * double nearest to 0.1 rather than 1 × 0.1 accumulated. */
    double value = (double)d.mant;
    int scale = d.scale;
    while (scale > DECIMAL_MAX_SCALE) {
        value /= 1e18;
        scale -= DECIMAL_MAX_SCALE;
    }
    while (scale < 0) {
        value *= 10.0;
        scale++;
    }
    return value / (double)POWERS_OF_TEN[scale];
}

/* Appends one character to a bounded buffer the way snprintf does: the
 * position always advances so that the caller learns the needed length. */
static void format_put(char *buf, size_t size, size_t *pos, char c)
{
    if (*pos + 1 < size)
        buf[*pos] = c;
    (*pos)++;
}

/* Writes the plain decimal text of d; see numeral.h for the contract. */
int zh_decimal_format(zh_decimal d, char *buf, size_t size)
{
    /* A scale outside 0..18 breaks the type's invariant; refusing it is
     * safer than printing a misleading number. */
    if (!decimal_scale_is_valid(d)) {
        if (size > 0)
            buf[0] = '\0';
        return -1;
    }
    /* The magnitude is taken unsigned so that INT64_MIN prints correctly. */
    uint64_t magnitude = d.mant < 0 ? (uint64_t)0 - (uint64_t)d.mant : (uint64_t)d.mant;
    char digits[20];
    int digit_count = 0;
    do {
        digits[digit_count++] = (char)('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude > 0);
    /* Digits are printed most significant first, padded with zeros so that
     * there is at least one digit before the point. */
    int total_digits = digit_count > d.scale ? digit_count : d.scale + 1;
    size_t pos = 0;
    if (d.mant < 0)
        format_put(buf, size, &pos, '-');
    for (int place = total_digits - 1; place >= 0; place--) {
        if (place == d.scale - 1)
            format_put(buf, size, &pos, '.');
        format_put(buf, size, &pos, place < digit_count ? digits[place] : '0');
    }
    if (size > 0)
        buf[pos < size ? pos : size - 1] = '\0';
    return (int)pos;
}

/* Names a status for log and error messages. */
const char *numeral_strerror(numeral_status st)
{
    switch (st) {
    case NUMERAL_OK:
        return "ok";
    case NUMERAL_EMPTY:
        return "empty number";
    case NUMERAL_SYNTAX:
        return "not a well-formed number";
    case NUMERAL_OVERFLOW:
        return "number too large or too precise";
    }
    return "unknown numeral status";
}

/* ------------------------------------------------------------------------ */
/* Lexer                                                                     */
/* ------------------------------------------------------------------------ */

typedef enum {
    TOKEN_END,
    TOKEN_INVALID,
    TOKEN_DIGIT,      /* one Chinese digit: 一 二 两 壹 零 〇 ... */
    TOKEN_ARABIC,     /* a run of Arabic digits, maybe with separators */
    TOKEN_UNIT,       /* 十 百 千 and their financial forms */
    TOKEN_TENS,       /* 廿 卅 卌: a digit and 十 in one character */
    TOKEN_MULTIPLIER, /* 万 亿 */
    TOKEN_POINT,      /* . ． 点 點 */
    TOKEN_MINUS,      /* - － − 负 負 */
    TOKEN_MORE,       /* 多 余 餘 来: "and more" */
    TOKEN_SOME,       /* 几 幾 数 數: "some" digit */
    TOKEN_GE,         /* 个 個: only in "两个亿" */
    TOKEN_HALF,       /* 半: "半百", "一半" */
    TOKEN_SUFFIX,     /* k K w W M G after Arabic digits: value is the power of ten */
    TOKEN_EXP,        /* e E: "1.2e5" */
    TOKEN_POWER,      /* ^: "2^5" */
    TOKEN_PLUS,       /* + ＋: only in an exponent */
    TOKEN_SLASH,      /* / ／: "1/2" */
    TOKEN_FRACTION,   /* 分之, 份之, 份: "三分之一" */
    TOKEN_FEN,        /* 分: a fen of money, or the Cantonese "四分一" */
    TOKEN_AND,        /* 又: "三又二分之一" */
    TOKEN_YUAN,       /* 元 圆 圓 块 塊 蚊 */
    TOKEN_JIAO,       /* 角 毛 毫: a tenth of a yuan */
    TOKEN_CLOSE       /* 整 正 钱 錢: the end of an amount of money */
} token_kind;

/* Properties of a character that matter beyond its kind and value. */
enum {
    TRAIT_LIANG = 1 << 0,        /* 两/兩, the counting form of two */
    TRAIT_ZERO = 1 << 1,         /* 零 〇 ○ */
    TRAIT_CHINESE = 1 << 2,      /* sets NUMERAL_CHINESE */
    TRAIT_ARABIC_POINT = 1 << 3  /* '.' or '．' rather than 点 */
};

typedef struct {
    token_kind kind;
    int value;      /* digit value, power of ten of a unit or multiplier,
                       or the tens of 廿/卅/卌 */
    unsigned traits;
    size_t start, end;  /* bytes of the token in the input */
    int digit_count;    /* TOKEN_ARABIC: digits, separators not counted */
    bool has_separators;
    bool blank_before;  /* blanks were skipped before the token */
} token;

typedef struct {
    uint32_t code_point;
    token_kind kind;
    int value;
    unsigned traits;
} numeral_char;

/* Every non-Arabic character the parser knows, by code point. */
static const numeral_char NUMERAL_CHARS[] = {
    {0x96F6, TOKEN_DIGIT, 0, TRAIT_ZERO | TRAIT_CHINESE},  /* 零 */
    {0x3007, TOKEN_DIGIT, 0, TRAIT_ZERO | TRAIT_CHINESE},  /* 〇 */
    {0x25CB, TOKEN_DIGIT, 0, TRAIT_ZERO | TRAIT_CHINESE},  /* ○, common stand-in for 〇 */
    {0x4E00, TOKEN_DIGIT, 1, TRAIT_CHINESE},               /* 一 */
    {0x5E7A, TOKEN_DIGIT, 1, TRAIT_CHINESE},               /* 幺 */
    {0x58F9, TOKEN_DIGIT, 1, TRAIT_CHINESE},               /* 壹 */
    {0x4E8C, TOKEN_DIGIT, 2, TRAIT_CHINESE},               /* 二 */
    {0x8D30, TOKEN_DIGIT, 2, TRAIT_CHINESE},               /* 贰 */
    {0x8CB3, TOKEN_DIGIT, 2, TRAIT_CHINESE},               /* 貳 */
    {0x5F0D, TOKEN_DIGIT, 2, TRAIT_CHINESE},               /* 弍 */
    {0x4E24, TOKEN_DIGIT, 2, TRAIT_LIANG | TRAIT_CHINESE}, /* 两 */
    {0x5169, TOKEN_DIGIT, 2, TRAIT_LIANG | TRAIT_CHINESE}, /* 兩 */
    {0x4E09, TOKEN_DIGIT, 3, TRAIT_CHINESE},               /* 三 */
    {0x53C1, TOKEN_DIGIT, 3, TRAIT_CHINESE},               /* 叁 */
    {0x53C3, TOKEN_DIGIT, 3, TRAIT_CHINESE},               /* 參 */
    {0x53C4, TOKEN_DIGIT, 3, TRAIT_CHINESE},               /* 叄 */
    {0x53C2, TOKEN_DIGIT, 3, TRAIT_CHINESE},               /* 参 */
    {0x56DB, TOKEN_DIGIT, 4, TRAIT_CHINESE},               /* 四 */
    {0x8086, TOKEN_DIGIT, 4, TRAIT_CHINESE},               /* 肆 */
    {0x4E94, TOKEN_DIGIT, 5, TRAIT_CHINESE},               /* 五 */
    {0x4F0D, TOKEN_DIGIT, 5, TRAIT_CHINESE},               /* 伍 */
    {0x516D, TOKEN_DIGIT, 6, TRAIT_CHINESE},               /* 六 */
    {0x9646, TOKEN_DIGIT, 6, TRAIT_CHINESE},               /* 陆 */
    {0x9678, TOKEN_DIGIT, 6, TRAIT_CHINESE},               /* 陸 */
    {0x4E03, TOKEN_DIGIT, 7, TRAIT_CHINESE},               /* 七 */
    {0x67D2, TOKEN_DIGIT, 7, TRAIT_CHINESE},               /* 柒 */
    {0x516B, TOKEN_DIGIT, 8, TRAIT_CHINESE},               /* 八 */
    {0x634C, TOKEN_DIGIT, 8, TRAIT_CHINESE},               /* 捌 */
    {0x4E5D, TOKEN_DIGIT, 9, TRAIT_CHINESE},               /* 九 */
    {0x7396, TOKEN_DIGIT, 9, TRAIT_CHINESE},               /* 玖 */
    {0x5341, TOKEN_UNIT, 1, TRAIT_CHINESE},                /* 十 */
    {0x62FE, TOKEN_UNIT, 1, TRAIT_CHINESE},                /* 拾 */
    {0x767E, TOKEN_UNIT, 2, TRAIT_CHINESE},                /* 百 */
    {0x4F70, TOKEN_UNIT, 2, TRAIT_CHINESE},                /* 佰 */
    {0x5343, TOKEN_UNIT, 3, TRAIT_CHINESE},                /* 千 */
    {0x4EDF, TOKEN_UNIT, 3, TRAIT_CHINESE},                /* 仟 */
    {0x5EFF, TOKEN_TENS, 2, TRAIT_CHINESE},                /* 廿 */
    {0x5344, TOKEN_TENS, 2, TRAIT_CHINESE},                /* 卄 */
    {0x5345, TOKEN_TENS, 3, TRAIT_CHINESE},                /* 卅 */
    {0x534C, TOKEN_TENS, 4, TRAIT_CHINESE},                /* 卌 */
    {0x4E07, TOKEN_MULTIPLIER, 4, TRAIT_CHINESE},          /* 万 */
    {0x842C, TOKEN_MULTIPLIER, 4, TRAIT_CHINESE},          /* 萬 */
    {0x4EBF, TOKEN_MULTIPLIER, 8, TRAIT_CHINESE},          /* 亿 */
    {0x5104, TOKEN_MULTIPLIER, 8, TRAIT_CHINESE},          /* 億 */
    {0x002E, TOKEN_POINT, 0, TRAIT_ARABIC_POINT},          /* . */
    {0xFF0E, TOKEN_POINT, 0, TRAIT_ARABIC_POINT},          /* ． */
    {0x70B9, TOKEN_POINT, 0, 0},                           /* 点 */
    {0x9EDE, TOKEN_POINT, 0, 0},                           /* 點 */
    {0x002D, TOKEN_MINUS, 0, 0},                           /* - */
    {0xFF0D, TOKEN_MINUS, 0, 0},                           /* － */
    {0x2212, TOKEN_MINUS, 0, 0},                           /* − */
    {0x8D1F, TOKEN_MINUS, 0, 0},                           /* 负 */
    {0x8CA0, TOKEN_MINUS, 0, 0},                           /* 負 */
    {0x591A, TOKEN_MORE, 0, 0},                            /* 多 */
    {0x4F59, TOKEN_MORE, 0, 0},                            /* 余 */
    {0x9918, TOKEN_MORE, 0, 0},                            /* 餘 */
    {0x6765, TOKEN_MORE, 0, 0},                            /* 来 ("十来个") */
    {0x51E0, TOKEN_SOME, 0, 0},                            /* 几 */
    {0x5E7E, TOKEN_SOME, 0, 0},                            /* 幾 */
    {0x6570, TOKEN_SOME, 0, 0},                            /* 数 */
    {0x6578, TOKEN_SOME, 0, 0},                            /* 數 */
    {0x4FE9, TOKEN_DIGIT, 2, TRAIT_LIANG | TRAIT_CHINESE}, /* 俩 */
    {0x5006, TOKEN_DIGIT, 2, TRAIT_LIANG | TRAIT_CHINESE}, /* 倆 */
    {0x5146, TOKEN_MULTIPLIER, 12, TRAIT_CHINESE},         /* 兆 */
    {0x4E2A, TOKEN_GE, 0, 0},                              /* 个 */
    {0x500B, TOKEN_GE, 0, 0},                              /* 個 */
    {0x534A, TOKEN_HALF, 0, TRAIT_CHINESE},                /* 半 */
    {0x006B, TOKEN_SUFFIX, 3, 0},                          /* k */
    {0x004B, TOKEN_SUFFIX, 3, 0},                          /* K */
    {0x0077, TOKEN_SUFFIX, 4, 0},                          /* w (万) */
    {0x0057, TOKEN_SUFFIX, 4, 0},                          /* W */
    {0x004D, TOKEN_SUFFIX, 6, 0},                          /* M */
    {0x0047, TOKEN_SUFFIX, 9, 0},                          /* G */
    {0x0065, TOKEN_EXP, 0, 0},                             /* e */
    {0x0045, TOKEN_EXP, 0, 0},                             /* E */
    {0x005E, TOKEN_POWER, 0, 0},                           /* ^ */
    {0x002B, TOKEN_PLUS, 0, 0},                            /* + */
    {0xFF0B, TOKEN_PLUS, 0, 0},                            /* ＋ */
    {0x002F, TOKEN_SLASH, 0, 0},                           /* / */
    {0xFF0F, TOKEN_SLASH, 0, 0},                           /* ／ */
    {0x4EFD, TOKEN_FRACTION, 0, 0},                        /* 份 (份之 when 之 follows) */
    {0x5206, TOKEN_FEN, 0, 0},                             /* 分 (分之 when 之 follows) */
    {0x53C8, TOKEN_AND, 0, 0},                             /* 又 */
    {0x5143, TOKEN_YUAN, 0, 0},                            /* 元 */
    {0x5706, TOKEN_YUAN, 0, 0},                            /* 圆 */
    {0x5713, TOKEN_YUAN, 0, 0},                            /* 圓 */
    {0x5757, TOKEN_YUAN, 0, 0},                            /* 块 */
    {0x584A, TOKEN_YUAN, 0, 0},                            /* 塊 */
    {0x868A, TOKEN_YUAN, 0, 0},                            /* 蚊 (Cantonese) */
    {0x89D2, TOKEN_JIAO, 0, 0},                            /* 角 */
    {0x6BDB, TOKEN_JIAO, 0, 0},                            /* 毛 */
    {0x6BEB, TOKEN_JIAO, 0, 0},                            /* 毫 (Cantonese) */
    {0x6574, TOKEN_CLOSE, 0, 0},                           /* 整 */
    {0x6B63, TOKEN_CLOSE, 0, 0},                           /* 正 */
    {0x94B1, TOKEN_CLOSE, 0, 0},                           /* 钱 */
    {0x9322, TOKEN_CLOSE, 0, 0},                           /* 錢 */
};

enum {
    CP_WAN = 0x4E07,     /* 万 */
    CP_WAN_T = 0x842C,   /* 萬 */
    CP_ZHI = 0x4E4B      /* 之 */
};

/* Decodes one UTF-8 code point at s[pos] without reading past len.
 * Returns its length in bytes, or 0 for a malformed, overlong, truncated
 * or surrogate sequence, so that bad input is rejected rather than
 * guessed at. */
static size_t utf8_decode(const char *text, size_t len, size_t pos, uint32_t *code_point)
{
    const unsigned char *s = (const unsigned char *)text + pos;
    size_t available = len - pos;
    unsigned char lead = s[0];
    size_t length;
    uint32_t cp, minimum;
    if (lead < 0x80) {
        *code_point = lead;
        return 1;
    } else if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
        cp = lead & 0x1F;
        minimum = 0x80;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        length = 3;
        cp = lead & 0x0F;
        minimum = 0x800;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        length = 4;
        cp = lead & 0x07;
        minimum = 0x10000;
    } else {
        return 0;
    }
    if (available < length)
        return 0;
    for (size_t i = 1; i < length; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (cp < minimum || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    *code_point = cp;
    return length;
}

/* Returns the value of an ASCII or full-width Arabic digit, or -1. */
static int arabic_digit_value(uint32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return (int)(cp - '0');
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return (int)(cp - 0xFF10);
    return -1;
}

/* Tells whether a character is a thousands separator (',' or '，'). */
static bool is_thousands_separator(uint32_t cp)
{
    return cp == ',' || cp == 0xFF0C;
}

/* Reads a run of Arabic digits and thousands separators starting at pos.
 * Separators are only valid between groups of exactly three digits after
 * a first group of one to three ("1,236", not "1,23" nor "1234,567"); a
 * run that breaks this rule becomes TOKEN_INVALID. */
static token lex_arabic_run(const char *text, size_t len, size_t pos)
{
    token t = {.kind = TOKEN_ARABIC, .start = pos};
    int group_length = 0, first_group_length = 0;
    bool groups_ok = true;
    size_t cursor = pos;
    while (cursor < len) {
        uint32_t cp;
        size_t n = utf8_decode(text, len, cursor, &cp);
        if (n == 0)
            break;
        if (arabic_digit_value(cp) >= 0) {
            t.digit_count++;
            group_length++;
        } else if (is_thousands_separator(cp)) {
            if (!t.has_separators)
                first_group_length = group_length;
            else if (group_length != 3)
                groups_ok = false;
            t.has_separators = true;
            group_length = 0;
        } else {
            break;
        }
        cursor += n;
    }
    if (t.has_separators && (first_group_length < 1 || first_group_length > 3 || group_length != 3))
        groups_ok = false;
    t.end = cursor;
    if (!groups_ok)
        t.kind = TOKEN_INVALID;
    return t;
}

/* Blanks that may separate the parts of a number: space, tab, NBSP and
 * the ideographic space. */
static bool is_blank(uint32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0x00A0 || cp == 0x3000;
}

/* The first position at or after pos that is not a blank. */
static size_t skip_blanks(const char *text, size_t len, size_t pos)
{
    while (pos < len) {
        uint32_t cp;
        size_t n = utf8_decode(text, len, pos, &cp);
        if (n == 0 || !is_blank(cp))
            break;
        pos += n;
    }
    return pos;
}

/* The code point at pos, or 0 at the end or on bad UTF-8; *n its length. */
static uint32_t code_point_at(const char *text, size_t len, size_t pos, size_t *n)
{
    uint32_t cp = 0;
    *n = pos < len ? utf8_decode(text, len, pos, &cp) : 0;
    return *n ? cp : 0;
}

/* Returns the token that starts at byte pos, after any blanks.  Pure in
 * its arguments, so the parser can look ahead by lexing from a later
 * position. */
static token lex_token(const char *text, size_t len, size_t pos)
{
    size_t at = skip_blanks(text, len, pos);
    token t = {.kind = TOKEN_END, .start = at, .end = at, .blank_before = at > pos};
    if (at >= len)
        return t;
    uint32_t cp;
    size_t n = utf8_decode(text, len, at, &cp);
    t.kind = TOKEN_INVALID;
    if (n == 0) {
        t.end = at + 1;
        return t;
    }
    t.end = at + n;
    if (arabic_digit_value(cp) >= 0) {
        token a = lex_arabic_run(text, len, at);
        a.blank_before = t.blank_before;
        return a;
    }
    for (size_t i = 0; i < sizeof NUMERAL_CHARS / sizeof NUMERAL_CHARS[0]; i++) {
        if (NUMERAL_CHARS[i].code_point == cp) {
            t.kind = NUMERAL_CHARS[i].kind;
            t.value = NUMERAL_CHARS[i].value;
            t.traits = NUMERAL_CHARS[i].traits;
            break;
        }
    }
    /* Two-character tokens: 万万 (= 亿), 分之 and 份之 (blanks allowed
     * before 之: "二分 之一"). */
    size_t n2;
    if (cp == CP_WAN || cp == CP_WAN_T) {
        uint32_t next = code_point_at(text, len, t.end, &n2);
        if (next == CP_WAN || next == CP_WAN_T) {
            t.value = 8;
            t.end += n2;
        }
    } else if (t.kind == TOKEN_FEN || t.kind == TOKEN_FRACTION) {
        size_t z = skip_blanks(text, len, t.end);
        if (code_point_at(text, len, z, &n2) == CP_ZHI) {
            t.kind = TOKEN_FRACTION;
            t.end = z + n2;
        }
    }
    return t;
}

/* Tells whether every token of the input is known.  Checked before any
 * arithmetic so that "10000000000000000000000元" is a syntax error rather
 * than an overflow: the input is not a number at all. */
static bool all_tokens_known(const char *text, size_t len)
{
    size_t pos = 0;
    for (;;) {
        token t = lex_token(text, len, pos);
        if (t.kind == TOKEN_END)
            return true;
        if (t.kind == TOKEN_INVALID)
            return false;
        pos = t.end;
    }
}

/* Computes the integer written by an Arabic run, skipping separators. */
static bool arabic_run_value(const char *text, const token *t, int64_t *value)
{
    int64_t acc = 0;
    size_t cursor = t->start;
    while (cursor < t->end) {
        uint32_t cp = 0;
        size_t n = utf8_decode(text, t->end, cursor, &cp);
        int digit = arabic_digit_value(cp);
        if (digit >= 0 && (__builtin_mul_overflow(acc, 10, &acc) || __builtin_add_overflow(acc, digit, &acc)))
            return false;
        cursor += n;
    }
    *value = acc;
    return true;
}

/* ------------------------------------------------------------------------ */
/* Parser                                                                    */
/* ------------------------------------------------------------------------ */

/* What the previous token was, which decides what may follow. */
typedef enum {
    PREV_START,      /* nothing yet (a sign does not count) */
    PREV_DIGIT,      /* a single digit or 几, not yet placed */
    PREV_ZERO,       /* a 零 marking skipped places */
    PREV_LITERAL,    /* an Arabic run of two or more digits, or a decimal */
    PREV_UNIT,       /* 十 百 千 廿 ... */
    PREV_MULTIPLIER, /* 万 亿 */
    PREV_MORE        /* 多 余, or 几 after an Arabic run */
} previous_kind;

/* A digit or literal read but not yet added, because what follows decides
 * its place ("三" in "三千" versus "三万三"). */
typedef struct {
    bool present;
    bool is_digit;      /* a single digit, subject to the elision rule */
    zh_decimal value;
    bool is_liang;
    bool is_zero_char;  /* 零 at the very start */
    bool is_some;       /* 几 */
    bool is_first;      /* the first token of the number */
    /* Place a final lone digit stands for ("三万五": 1000); 0 when it is
     * plain ones, -1 when such a digit would be ambiguous. */
    int64_t elision_place;
    bool elision_from_unit; /* the place comes from 百/千, not from 万/亿 */
} pending_value;

/* A finished multiplier term such as "五千万" = 5e7 at place exponent 4. */
typedef struct {
    zh_decimal value;
    int place_exponent;
    bool merged;  /* the coefficient was lower terms ("万亿"), not digits */
} magnitude_term;

typedef struct {
    const char *text;
    size_t len;
    token current;
    int flags;
    previous_kind prev;
    magnitude_term terms[MAX_TERMS];
    int term_count;
    /* The section being read: the part below the next multiplier. */
    zh_decimal section;
    int last_unit_exponent;
    bool section_has_content;
    pending_value pending;
    bool fraction_seen;  /* after a decimal only multipliers may follow */
    bool approx_closed;  /* after 多/余 only multipliers may follow */
    bool multiplier_closed; /* a decimal of the ones ("一千六点五"): nothing may follow */
    bool bare_leading_unit; /* began with 百 or 千 without a coefficient */
} parser;

/* Where a pending value is being placed, for the elision and 两 rules. */
typedef enum {
    PLACE_AT_END,
    PLACE_BEFORE_MULTIPLIER,
    PLACE_BEFORE_POINT,
    PLACE_BEFORE_MORE
} placement;

/* Moves to the next token and records whether a Chinese numeral was read. */
static void advance(parser *p)
{
    if (p->current.traits & TRAIT_CHINESE)
        p->flags |= NUMERAL_CHINESE;
    p->current = lex_token(p->text, p->len, p->current.end);
}

/* Returns the token after the current one without consuming anything. */
static token peek_next(const parser *p)
{
    return lex_token(p->text, p->len, p->current.end);
}

/* Makes a decimal from a small integer. */
static zh_decimal integer_decimal(int64_t value)
{
    return (zh_decimal){.mant = value, .scale = 0};
}

/* Tells whether a token is a Chinese digit that may appear in a digit
 * string such as "二〇二三" (两 never does). */
static bool is_string_digit(const token *t)
{
    return t->kind == TOKEN_DIGIT && !(t->traits & TRAIT_LIANG);
}

/* Adds a value to the current section, checking overflow. */
static numeral_status section_add(parser *p, zh_decimal value)
{
    if (!decimal_add(p->section, value, &p->section))
        return NUMERAL_OVERFLOW;
    p->section_has_content = true;
    return NUMERAL_OK;
}

/* Tells whether the 两 rule allows a pending digit in this placement:
 * as a plain coefficient of a multiplier or as the whole number only. */
static bool liang_allowed(const pending_value *pv, placement where, bool elided)
{
    if (!pv->is_liang)
        return true;
    if (where == PLACE_BEFORE_MULTIPLIER)
        return !elided;
    return where == PLACE_AT_END && pv->is_first;
}

/* Adds the pending digit or literal to the section.  A lone digit after a
 * big unit stands for the next lower place when it ends the section
 * ("一百二" = 120), and is plain ones otherwise; an Arabic literal must
 * fit below the last unit ("四千230", not "四千2300"). */
static numeral_status place_pending(parser *p, placement where)
{
    pending_value *pv = &p->pending;
    if (!pv->present)
        return NUMERAL_OK;
    zh_decimal value = pv->value;
    /* A lone digit after 万/亿 before another multiplier is that
     * multiplier's coefficient ("5亿1万"), not an elided place. */
    bool ends_section = where == PLACE_AT_END || where == PLACE_BEFORE_POINT ||
                        (where == PLACE_BEFORE_MULTIPLIER && pv->elision_from_unit);
    bool elided = pv->is_digit && pv->elision_place != 0 && ends_section;
    if (!liang_allowed(pv, where, elided))
        return NUMERAL_SYNTAX;
    if (elided) {
        if (pv->elision_place < 0)
            return NUMERAL_SYNTAX;
        if (__builtin_mul_overflow(value.mant, pv->elision_place, &value.mant))
            return NUMERAL_OVERFLOW;
    } else if (!pv->is_digit && p->last_unit_exponent < NO_UNIT_EXPONENT &&
               !decimal_below_power_of_ten(value, p->last_unit_exponent)) {
        return NUMERAL_SYNTAX;
    }
    pv->present = false;
    return section_add(p, value);
}

/* Returns the place a lone final digit would stand for if read now, from
 * what precedes it (see pending_value.elision_place). */
static int64_t elision_place_here(const parser *p)
{
    if (p->prev == PREV_UNIT && p->last_unit_exponent >= 2)
        return POWERS_OF_TEN[p->last_unit_exponent - 1];
    if (p->prev == PREV_MULTIPLIER) {
        const magnitude_term *top = &p->terms[p->term_count - 1];
        return top->merged ? -1 : POWERS_OF_TEN[top->place_exponent - 1];
    }
    return 0;
}

/* Tells whether a new digit, literal or unit may start here: after a
 * decimal or an approximation only multipliers may follow. */
static bool open_for_digits(const parser *p)
{
    return !p->fraction_seen && !p->approx_closed;
}

/* Records a single digit (Chinese, a one-digit Arabic run, or 几 with
 * value 0) as pending; two digits in a row are not positional. */
static numeral_status read_digit(parser *p, int digit, unsigned traits, bool is_some)
{
    if (!open_for_digits(p))
        return NUMERAL_SYNTAX;
    if (p->prev != PREV_START && p->prev != PREV_ZERO && p->prev != PREV_UNIT && p->prev != PREV_MULTIPLIER)
        return NUMERAL_SYNTAX;
    p->pending = (pending_value){
        .present = true,
        .is_digit = true,
        .value = integer_decimal(digit),
        .is_liang = (traits & TRAIT_LIANG) != 0,
        .is_zero_char = (traits & TRAIT_ZERO) != 0,
        .is_some = is_some,
        .is_first = p->prev == PREV_START,
        .elision_place = elision_place_here(p),
        .elision_from_unit = p->prev == PREV_UNIT,
    };
    p->prev = PREV_DIGIT;
    return NUMERAL_OK;
}

/* Handles 零/〇: at the start it is the digit zero ("零点五"), after a
 * unit or multiplier it marks skipped places ("一千零一"). */
static numeral_status read_zero(parser *p)
{
    if (p->prev == PREV_START)
        return read_digit(p, 0, p->current.traits, false);
    if (!open_for_digits(p) || (p->prev != PREV_UNIT && p->prev != PREV_MULTIPLIER))
        return NUMERAL_SYNTAX;
    p->prev = PREV_ZERO;
    return NUMERAL_OK;
}

/* Handles a run of Arabic digits: one digit behaves like a Chinese digit
 * ("3千", "1万5"); a longer run is a literal with its face value. */
static numeral_status read_arabic(parser *p)
{
    const token *t = &p->current;
    int64_t value;
    if (!arabic_run_value(p->text, t, &value))
        return NUMERAL_OVERFLOW;
    if (t->digit_count == 1)
        return read_digit(p, (int)value, 0, false);
    if (!open_for_digits(p))
        return NUMERAL_SYNTAX;
    if (p->prev != PREV_START && p->prev != PREV_ZERO && p->prev != PREV_UNIT && p->prev != PREV_MULTIPLIER)
        return NUMERAL_SYNTAX;
    p->pending = (pending_value){.present = true, .value = integer_decimal(value)};
    p->prev = PREV_LITERAL;
    return NUMERAL_OK;
}

/* Adds coefficient × 10^exponent for a unit (十 百 千) or for 廿/卅/卌,
 * whose coefficient is built in.  Units must decrease within a section. */
static numeral_status add_unit(parser *p, zh_decimal coefficient, int exponent)
{
    if (exponent >= p->last_unit_exponent)
        return NUMERAL_SYNTAX;
    p->pending.present = false;
    p->last_unit_exponent = exponent;
    p->prev = PREV_UNIT;
    if (!zh_decimal_shift(&coefficient, exponent))
        return NUMERAL_OVERFLOW;
    return section_add(p, coefficient);
}

/* Handles 十 百 千: the coefficient is the pending digit, or an implied
 * one at the start ("十二", "百二"), after 零 ("一千零十", "一万零百一十一")
 * and before 十 anywhere ("一百十六"), unless the number began with an
 * implied one itself ("百十一" is rejected). */
static numeral_status read_unit(parser *p)
{
    int exponent = p->current.value;
    if (!open_for_digits(p))
        return NUMERAL_SYNTAX;
    switch (p->prev) {
    case PREV_DIGIT:
        if (p->pending.is_zero_char)
            return NUMERAL_SYNTAX;
        return add_unit(p, p->pending.value, exponent);
    case PREV_START:
        p->bare_leading_unit = exponent >= 2;
        return add_unit(p, integer_decimal(1), exponent);
    case PREV_ZERO:
        return add_unit(p, integer_decimal(1), exponent);
    case PREV_UNIT:
    case PREV_MULTIPLIER:
        if (exponent != 1 || p->bare_leading_unit)
            return NUMERAL_SYNTAX;
        return add_unit(p, integer_decimal(1), exponent);
    default:
        return NUMERAL_SYNTAX;
    }
}

/* Handles 廿 卅 卌, which stand for 二十 三十 四十 in one character. */
static numeral_status read_tens(parser *p)
{
    if (!open_for_digits(p))
        return NUMERAL_SYNTAX;
    if (p->prev != PREV_START && p->prev != PREV_ZERO && p->prev != PREV_UNIT && p->prev != PREV_MULTIPLIER)
        return NUMERAL_SYNTAX;
    return add_unit(p, integer_decimal(p->current.value), 1);
}

/* Starts a new, empty section after a multiplier. */
static void reset_section(parser *p)
{
    p->section = integer_decimal(0);
    p->last_unit_exponent = NO_UNIT_EXPONENT;
    p->section_has_content = false;
}

/* Handles 万 and 亿: everything smaller before it becomes its coefficient,
 * so "三万五千亿" = 35000 × 1e8 and "万亿" = 1e12.  The new term must be
 * smaller than the term above it. */
static numeral_status read_multiplier(parser *p)
{
    int exponent = p->current.value;
    if (p->multiplier_closed)
        return NUMERAL_SYNTAX;
    if (p->prev == PREV_ZERO || (p->prev == PREV_DIGIT && p->pending.is_zero_char))
        return NUMERAL_SYNTAX;
    if (p->prev == PREV_START) {
        numeral_status st = section_add(p, integer_decimal(1));
        if (st != NUMERAL_OK)
            return st;
    }
    numeral_status st = place_pending(p, PLACE_BEFORE_MULTIPLIER);
    if (st != NUMERAL_OK)
        return st;
    zh_decimal coefficient = p->section;
    bool merged = false;
    while (p->term_count > 0 && p->terms[p->term_count - 1].place_exponent < exponent) {
        if (!decimal_add(coefficient, p->terms[--p->term_count].value, &coefficient))
            return NUMERAL_OVERFLOW;
        merged = true;
    }
    if (!p->section_has_content && !merged)
        return NUMERAL_SYNTAX;
    if (!zh_decimal_shift(&coefficient, exponent))
        return NUMERAL_OVERFLOW;
    if (p->term_count > 0) {
        const magnitude_term *top = &p->terms[p->term_count - 1];
        if (top->place_exponent == exponent || !decimal_below_power_of_ten(coefficient, top->place_exponent))
            return NUMERAL_SYNTAX;
    }
    if (p->term_count == MAX_TERMS)
        return NUMERAL_SYNTAX;
    p->terms[p->term_count++] = (magnitude_term){
        .value = coefficient,
        .place_exponent = exponent,
        .merged = merged && !p->section_has_content,
    };
    reset_section(p);
    p->prev = PREV_MULTIPLIER;
    return NUMERAL_OK;
}

/* Accumulates fractional digits exactly.  Zeros are held back until a
 * non-zero digit follows, so trailing zeros ("1.10", "零点零零") never
 * count against the 18-digit limit. */
typedef struct {
    zh_decimal value;
    int held_zeros;
    int digit_count;
} fraction_builder;

/* Appends one digit after the decimal point. */
static bool fraction_append(fraction_builder *f, int digit)
{
    f->digit_count++;
    if (digit == 0) {
        f->held_zeros++;
        return true;
    }
    int places = f->held_zeros + 1;
    if (f->value.scale + places > DECIMAL_MAX_SCALE || !mantissa_scale_up(&f->value.mant, places))
        return false;
    f->value.mant += digit;
    f->value.scale += places;
    f->held_zeros = 0;
    return true;
}

/* Reads the digits after a decimal point: one Arabic run ("一百点123") or
 * Chinese digits, optionally ending in 几 ("三点几", approximate). */
static numeral_status read_fraction_digits(parser *p, fraction_builder *f)
{
    if (p->current.kind == TOKEN_ARABIC) {
        if (p->current.has_separators)
            return NUMERAL_SYNTAX;
        size_t cursor = p->current.start;
        while (cursor < p->current.end) {
            uint32_t cp = 0;
            cursor += utf8_decode(p->text, p->current.end, cursor, &cp);
            if (!fraction_append(f, arabic_digit_value(cp)))
                return NUMERAL_OVERFLOW;
        }
        advance(p);
        return NUMERAL_OK;
    }
    while (is_string_digit(&p->current)) {
        if (!fraction_append(f, p->current.value))
            return NUMERAL_OVERFLOW;
        advance(p);
    }
    if (p->current.kind == TOKEN_SOME) {
        p->flags |= NUMERAL_APPROX;
        f->digit_count++;
        advance(p);
    }
    return NUMERAL_OK;
}

/* Handles a decimal point: what was read so far in the section is the
 * integer part ("二十七点五", "1.2亿"); a lone leading Arabic point
 * (".77") means zero.  After the fraction only multipliers may follow,
 * except after a multiplier or an elided digit, where the fraction is of
 * the ones ("两千万点五", "一千六点五") and nothing may follow. */
static numeral_status read_point(parser *p)
{
    bool integer_ok;
    bool of_ones = p->prev == PREV_MULTIPLIER || (p->prev == PREV_DIGIT && p->pending.elision_place != 0);
    switch (p->prev) {
    case PREV_START:
        integer_ok = (p->current.traits & TRAIT_ARABIC_POINT) && peek_next(p).kind == TOKEN_ARABIC;
        break;
    case PREV_DIGIT:
        integer_ok = !p->pending.is_some;
        break;
    case PREV_LITERAL:
    case PREV_UNIT:
    case PREV_MULTIPLIER:
        integer_ok = true;
        break;
    default:
        integer_ok = false;
    }
    if (!integer_ok || !open_for_digits(p))
        return NUMERAL_SYNTAX;
    if (of_ones)
        p->multiplier_closed = true;
    numeral_status st = place_pending(p, PLACE_BEFORE_POINT);
    if (st != NUMERAL_OK)
        return st;
    advance(p);
    fraction_builder f = {.value = integer_decimal(0)};
    st = read_fraction_digits(p, &f);
    if (st != NUMERAL_OK)
        return st;
    if (f.digit_count == 0)
        return NUMERAL_SYNTAX;
    st = section_add(p, f.value);
    p->fraction_seen = true;
    p->prev = PREV_LITERAL;
    return st;
}

/* Handles 多/余 ("十多", "4100多万", "一万多"), and 几 after an Arabic
 * run ("20几万"): the stated part is kept and the number is marked
 * approximate; only multipliers may follow.  An Arabic figure must end in
 * zero, since "more than" is only said of a round figure ("23多" is not
 * Chinese). */
static numeral_status read_more(parser *p)
{
    if (!open_for_digits(p))
        return NUMERAL_SYNTAX;
    if (p->prev != PREV_UNIT && p->prev != PREV_MULTIPLIER && p->prev != PREV_LITERAL)
        return NUMERAL_SYNTAX;
    if (p->prev == PREV_LITERAL && p->pending.value.mant % 10 != 0)
        return NUMERAL_SYNTAX;
    numeral_status st = place_pending(p, PLACE_BEFORE_MORE);
    p->flags |= NUMERAL_APPROX;
    p->approx_closed = true;
    p->prev = PREV_MORE;
    return st;
}

/* Handles 几 and 数: after an Arabic run it works like 多; at the start,
 * before a unit or multiplier, it stands for one ("几十万" = 100000,
 * "数十亿"); elsewhere it is an unknown digit worth nothing ("十几" = 10,
 * "一百几十" = 100).  Always approximate. */
static numeral_status read_some(parser *p)
{
    if (p->prev == PREV_LITERAL)
        return read_more(p);
    if (p->prev == PREV_START) {
        token_kind next = peek_next(p).kind;
        if (next != TOKEN_UNIT && next != TOKEN_MULTIPLIER && next != TOKEN_GE)
            return NUMERAL_SYNTAX;
        p->flags |= NUMERAL_APPROX;
        return read_digit(p, 1, 0, true);
    }
    p->flags |= NUMERAL_APPROX;
    return read_digit(p, 0, 0, true);
}

/* Handles 个 between a number and its multiplier ("两个亿", "十几个亿"):
 * a filler word, allowed nowhere else. */
static numeral_status read_ge(parser *p)
{
    if (peek_next(p).kind != TOKEN_MULTIPLIER || p->prev == PREV_START || p->prev == PREV_ZERO ||
        p->prev == PREV_MULTIPLIER)
        return NUMERAL_SYNTAX;
    return NUMERAL_OK;
}

/* Handles 半: at the start, half of the unit or multiplier that follows
 * ("半百" = 50, "半万" = 5000) or, alone, one half; after a leading 一
 * that ends the number, one half too ("一半" = 0.5). */
static numeral_status read_half(parser *p)
{
    const zh_decimal half = {.mant = 5, .scale = 1};
    token next = peek_next(p);
    if (p->prev == PREV_START && next.kind == TOKEN_UNIT) {
        advance(p);
        return add_unit(p, half, p->current.value);
    }
    if (p->prev == PREV_START && next.kind == TOKEN_MULTIPLIER) {
        p->pending = (pending_value){.present = true, .value = half};
        p->prev = PREV_LITERAL;
        return NUMERAL_OK;
    }
    if ((p->prev == PREV_START || (p->prev == PREV_DIGIT && p->pending.is_first && p->pending.value.mant == 1 &&
                                   !p->pending.is_some)) &&
        next.kind == TOKEN_END) {
        p->pending = (pending_value){.present = true, .value = half};
        p->prev = PREV_LITERAL;
        return NUMERAL_OK;
    }
    return NUMERAL_SYNTAX;
}

/* Ends the number: places what is pending and adds up the terms. */
static numeral_status finish_positional(parser *p, zh_decimal *out)
{
    if (p->prev == PREV_START || p->prev == PREV_ZERO)
        return NUMERAL_SYNTAX;
    numeral_status st = place_pending(p, PLACE_AT_END);
    if (st != NUMERAL_OK)
        return st;
    zh_decimal total = p->section;
    if (p->term_count > 0 && !decimal_below_power_of_ten(total, p->terms[p->term_count - 1].place_exponent))
        return NUMERAL_SYNTAX;
    for (int i = 0; i < p->term_count; i++) {
        if (!decimal_add(total, p->terms[i].value, &total))
            return NUMERAL_OVERFLOW;
    }
    *out = total;
    return NUMERAL_OK;
}

/* Dispatches the current token to its handler. */
static numeral_status read_token(parser *p)
{
    switch (p->current.kind) {
    case TOKEN_DIGIT:
        if (p->current.traits & TRAIT_ZERO)
            return read_zero(p);
        return read_digit(p, p->current.value, p->current.traits, false);
    case TOKEN_ARABIC:
        return read_arabic(p);
    case TOKEN_UNIT:
        return read_unit(p);
    case TOKEN_TENS:
        return read_tens(p);
    case TOKEN_MULTIPLIER:
        return read_multiplier(p);
    case TOKEN_MORE:
        return read_more(p);
    case TOKEN_SOME:
        return read_some(p);
    case TOKEN_GE:
        return read_ge(p);
    case TOKEN_HALF:
        return read_half(p);
    default:
        return NUMERAL_SYNTAX;
    }
}

/* Reads a positional number ("三万零五百", "1.2亿", "200亿零四千230")
 * from the current token to the end of the input. */
static numeral_status parse_positional(parser *p, zh_decimal *out)
{
    reset_section(p);
    while (p->current.kind != TOKEN_END) {
        numeral_status st;
        if (p->current.kind == TOKEN_POINT) {
            /* read_point consumes the fraction digits itself. */
            st = read_point(p);
        } else {
            st = read_token(p);
            advance(p);
        }
        if (st != NUMERAL_OK)
            return st;
    }
    return finish_positional(p, out);
}

/* Reads a Chinese digit string ("二〇二三", "一七二零点一"): digits read one
 * by one, an optional fraction, and nothing else. */
static numeral_status parse_digit_string(parser *p, zh_decimal *out)
{
    int64_t integer = 0;
    bool first = true;
    while (is_string_digit(&p->current)) {
        if (p->current.blank_before && !first)
            return NUMERAL_SYNTAX;
        first = false;
        if (__builtin_mul_overflow(integer, 10, &integer) || __builtin_add_overflow(integer, p->current.value, &integer))
            return NUMERAL_OVERFLOW;
        advance(p);
    }
    zh_decimal value = integer_decimal(integer);
    if (p->current.kind == TOKEN_POINT) {
        advance(p);
        fraction_builder f = {.value = integer_decimal(0)};
        numeral_status st = read_fraction_digits(p, &f);
        if (st != NUMERAL_OK)
            return st;
        if (f.digit_count == 0)
            return NUMERAL_SYNTAX;
        if (!decimal_add(value, f.value, &value))
            return NUMERAL_OVERFLOW;
    }
    if (p->current.kind != TOKEN_END)
        return NUMERAL_SYNTAX;
    *out = value;
    return NUMERAL_OK;
}

/* ------------------------------------------------------------------------ */
/* Whole inputs                                                              */
/* ------------------------------------------------------------------------ */

/* A plain number in s[from, to): an optional sign (when allowed), then a
 * digit string or a positional number, or an Arabic figure with a suffix
 * (k, w, M, G).  Flags are ORed into *flags. */
static numeral_status parse_plain(const char *s, size_t from, size_t to, bool allow_sign, zh_decimal *out,
                                  int *flags)
{
    parser p = {.text = s, .len = to};
    p.current = lex_token(s, to, from);
    bool negative = false;
    if (p.current.kind == TOKEN_MINUS) {
        if (!allow_sign)
            return NUMERAL_SYNTAX;
        negative = true;
        advance(&p);
    }
    if (p.current.kind == TOKEN_END)
        return NUMERAL_SYNTAX;
    /* A suffix must be the last token, after Arabic digits only. */
    int suffix = 0;
    for (token t = p.current; t.kind != TOKEN_END; t = lex_token(s, to, t.end)) {
        if (t.kind != TOKEN_SUFFIX)
            continue;
        if (lex_token(s, to, t.end).kind != TOKEN_END || t.start == p.current.start)
            return NUMERAL_SYNTAX;
        suffix = t.value;
        p.len = t.start;
    }
    numeral_status st;
    token next = peek_next(&p);
    if (is_string_digit(&p.current) && is_string_digit(&next))
        st = parse_digit_string(&p, out);
    else
        st = parse_positional(&p, out);
    if (st != NUMERAL_OK)
        return st;
    if (suffix) {
        if (p.flags & (NUMERAL_CHINESE | NUMERAL_APPROX))
            return NUMERAL_SYNTAX;
        if (!zh_decimal_shift(out, suffix))
            return NUMERAL_OVERFLOW;
    }
    *out = zh_decimal_reduce(*out);
    if (negative)
        out->mant = -out->mant;
    *flags |= p.flags;
    return NUMERAL_OK;
}

/* The structural tokens of an input, found before it is read: each
 * decides which form the input has. */
typedef struct {
    token exp, power, fraction, fen, slash, and, yuan, jiao;
    bool has_exp, has_power, has_fraction, has_fen, has_slash, has_and, has_yuan, has_jiao;
    int count;      /* tokens after the sign */
    token first;    /* the first of them */
} layout;

static layout scan_layout(const char *s, size_t from, size_t to)
{
    layout l = {0};
    for (token t = lex_token(s, to, from); t.kind != TOKEN_END; t = lex_token(s, to, t.end)) {
        if (l.count++ == 0)
            l.first = t;
#define KEEP(kind_, field)                                                                                           \
    case kind_:                                                                                                      \
        if (!l.has_##field) {                                                                                        \
            l.field = t;                                                                                             \
            l.has_##field = true;                                                                                    \
        }                                                                                                            \
        break;
        switch (t.kind) {
            KEEP(TOKEN_EXP, exp)
            KEEP(TOKEN_POWER, power)
            KEEP(TOKEN_FRACTION, fraction)
            KEEP(TOKEN_FEN, fen)
            KEEP(TOKEN_SLASH, slash)
            KEEP(TOKEN_AND, and)
            KEEP(TOKEN_YUAN, yuan)
            KEEP(TOKEN_JIAO, jiao)
        default:
            break;
        }
#undef KEEP
    }
    return l;
}

/* An exponent: a plain Arabic number, e or ^, an optional sign and an
 * integer ("1.2e-3", "2^5", "2.5^-1"). */
static numeral_status parse_exponent(const char *s, size_t from, size_t len, token op, zh_decimal *out, int *flags,
                                     bool *rounded)
{
    int fl = 0;
    zh_decimal base;
    numeral_status st = parse_plain(s, from, op.start, false, &base, &fl);
    if (st != NUMERAL_OK)
        return st;
    if (fl & (NUMERAL_CHINESE | NUMERAL_APPROX))
        return NUMERAL_SYNTAX;
    token t = lex_token(s, len, op.end);
    bool negative = false;
    if (t.kind == TOKEN_MINUS || t.kind == TOKEN_PLUS) {
        negative = t.kind == TOKEN_MINUS;
        t = lex_token(s, len, t.end);
    }
    int64_t e;
    if (t.kind != TOKEN_ARABIC || t.has_separators || t.blank_before || lex_token(s, len, t.end).kind != TOKEN_END)
        return NUMERAL_SYNTAX;
    if (t.digit_count > 3 || !arabic_run_value(s, &t, &e) || e > MAX_EXPONENT)
        return NUMERAL_OVERFLOW;
    int n = negative ? -(int)e : (int)e;
    if (op.kind == TOKEN_EXP) {
        if (!zh_decimal_shift(&base, n))
            return NUMERAL_OVERFLOW;
        *out = zh_decimal_reduce(base);
    } else if ((st = decimal_pow(base, n, out, rounded)) != NUMERAL_OK) {
        return st;
    }
    *flags |= fl;
    return NUMERAL_OK;
}

/* A fraction: [whole 又] denominator 分之|份 numerator ("三分之一",
 * "负一又二分之一", the Cantonese "四分一"), or Arabic [whole blank]
 * numerator / denominator ("1/2", "1 4/3").  The numerator and
 * denominator may carry their own sign. */
static numeral_status parse_fraction(const char *s, size_t from, size_t len, const layout *l, zh_decimal *out,
                                     int *flags, bool *rounded)
{
    int fl = 0;
    zh_decimal whole = {0}, num, den;
    bool has_whole = false;
    numeral_status st;
    size_t rest = from;
    if (l->has_and) {
        if ((st = parse_plain(s, from, l->and.start, false, &whole, &fl)) != NUMERAL_OK)
            return st;
        has_whole = true;
        rest = l->and.end;
    }
    if (l->has_slash) {
        /* The numerator is the one token before the slash. */
        token numtok = {0};
        bool found = false;
        for (token t = lex_token(s, len, rest); t.kind != TOKEN_END && t.start < l->slash.start;
             t = lex_token(s, len, t.end)) {
            numtok = t;
            found = true;
        }
        if (!found || numtok.kind != TOKEN_ARABIC)
            return NUMERAL_SYNTAX;
        if (lex_token(s, len, rest).start < numtok.start) {
            if (has_whole || !numtok.blank_before)
                return NUMERAL_SYNTAX;
            if ((st = parse_plain(s, rest, numtok.start, false, &whole, &fl)) != NUMERAL_OK)
                return st;
            has_whole = true;
        }
        if ((st = parse_plain(s, numtok.start, l->slash.start, false, &num, &fl)) != NUMERAL_OK ||
            (st = parse_plain(s, l->slash.end, len, false, &den, &fl)) != NUMERAL_OK)
            return st;
        if (fl & (NUMERAL_CHINESE | NUMERAL_APPROX))
            return NUMERAL_SYNTAX;
    } else {
        token mark = l->has_fraction ? l->fraction : l->fen;
        if (mark.start < rest)
            return NUMERAL_SYNTAX;
        if ((st = parse_plain(s, rest, mark.start, true, &den, &fl)) != NUMERAL_OK ||
            (st = parse_plain(s, mark.end, len, true, &num, &fl)) != NUMERAL_OK)
            return st;
    }
    if (den.mant == 0)
        return NUMERAL_SYNTAX;
    if (has_whole) {
        zh_decimal product;
        if (!zh_decimal_mul(whole, den, &product) || !decimal_add(product, num, &num))
            return NUMERAL_OVERFLOW;
    }
    if ((st = decimal_div(num, den, out, rounded)) != NUMERAL_OK)
        return st;
    *flags |= fl;
    return NUMERAL_OK;
}

/* One digit of 角 or 分: a Chinese digit (两 too) or one Arabic digit. */
static bool money_digit(const char *s, const token *t, int *digit)
{
    int64_t v;
    if (t->kind == TOKEN_DIGIT && !(t->traits & TRAIT_ZERO)) {
        *digit = t->value;
        return true;
    }
    if (t->kind == TOKEN_ARABIC && t->digit_count == 1 && !t->has_separators && arabic_run_value(s, t, &v)) {
        *digit = (int)v;
        return true;
    }
    return false;
}

/* An amount of money in yuan: [number 元|圆|块|蚊] then [零] d 角|毛|毫,
 * [零] d 分, a lone final digit for the next place down ("一块二" = 1.2,
 * "三块零四" = 3.04, "两毛五" = 0.25) or 半 ("一块半"), and a closing
 * 整/正/钱.  The value is in yuan. */
static numeral_status parse_money(const char *s, size_t from, size_t len, const layout *l, zh_decimal *out,
                                  int *flags)
{
    int fl = NUMERAL_YUAN;
    zh_decimal total = {0};
    numeral_status st;
    size_t pos = from;
    int place = 1; /* 1: the digit after 元 is 角; 2: 分; 3: nothing more */
    if (l->has_yuan) {
        if ((st = parse_plain(s, from, l->yuan.start, false, &total, &fl)) != NUMERAL_OK)
            return st;
        pos = l->yuan.end;
    } else {
        place = 0; /* must begin with d 角 */
    }
    token t = lex_token(s, len, pos);
    bool zero = false;
    if (place > 0 && t.kind == TOKEN_HALF) {
        if (!decimal_add(total, (zh_decimal){.mant = 5, .scale = 1}, &total))
            return NUMERAL_OVERFLOW;
        t = lex_token(s, len, t.end);
        place = 3;
    }
    while (t.kind != TOKEN_END && t.kind != TOKEN_CLOSE && place < 3) {
        int d;
        if (t.kind == TOKEN_DIGIT && (t.traits & TRAIT_ZERO) && !zero && place > 0) {
            zero = true;
            t = lex_token(s, len, t.end);
            continue;
        }
        if (!money_digit(s, &t, &d))
            return NUMERAL_SYNTAX;
        if (t.traits & TRAIT_CHINESE)
            fl |= NUMERAL_CHINESE;
        token u = lex_token(s, len, t.end);
        int at;
        if (u.kind == TOKEN_JIAO && place <= 1) {
            at = 1;
            t = lex_token(s, len, u.end);
        } else if (u.kind == TOKEN_FEN && place >= 1) {
            at = 2;
            t = lex_token(s, len, u.end);
        } else if ((u.kind == TOKEN_END || u.kind == TOKEN_CLOSE) && place >= 1) {
            at = zero ? 2 : place; /* elided: the next place down */
            t = u;
        } else {
            return NUMERAL_SYNTAX;
        }
        if (at < place || (zero && at == 1))
            return NUMERAL_SYNTAX;
        zh_decimal part = {.mant = d, .scale = at};
        if (!decimal_add(total, part, &total))
            return NUMERAL_OVERFLOW;
        place = at + 1;
        zero = false;
    }
    if (zero || place == 0)
        return NUMERAL_SYNTAX;
    if (t.kind == TOKEN_CLOSE)
        t = lex_token(s, len, t.end);
    if (t.kind != TOKEN_END)
        return NUMERAL_SYNTAX;
    *out = zh_decimal_reduce(total);
    *flags |= fl;
    return NUMERAL_OK;
}

/* Reads a whole input: an optional sign, then the form its structural
 * tokens announce. */
static numeral_status parse_expression(const char *s, size_t len, zh_decimal *out, int *flags)
{
    token first = lex_token(s, len, 0);
    size_t from = 0;
    bool negative = false;
    if (first.kind == TOKEN_MINUS) {
        negative = true;
        from = first.end;
    }
    layout l = scan_layout(s, from, len);
    bool money = l.has_yuan || l.has_jiao;
    bool rounded = false;
    numeral_status st;
    if (l.has_exp || l.has_power)
        st = parse_exponent(s, from, len, l.has_exp ? l.exp : l.power, out, flags, &rounded);
    else if (l.has_fraction || l.has_slash || (l.has_fen && !money))
        st = parse_fraction(s, from, len, &l, out, flags, &rounded);
    else if (money)
        st = parse_money(s, from, len, &l, out, flags);
    else if (l.count == 1 && l.first.kind == TOKEN_MULTIPLIER)
        st = NUMERAL_SYNTAX; /* 万, 亿, 万万 alone are words */
    else
        st = parse_plain(s, from, len, false, out, flags);
    if (st != NUMERAL_OK)
        return st;
    if (rounded)
        *flags |= NUMERAL_ROUNDED;
    if (negative)
        out->mant = -out->mant;
    return NUMERAL_OK;
}

/* Tells whether the last character of s[0..len) (valid UTF-8) is a blank. */
static bool ends_with_blank(const char *s, size_t len)
{
    size_t i = len - 1;
    while (i > 0 && ((unsigned char)s[i] & 0xC0) == 0x80)
        i--;
    uint32_t cp = 0;
    return utf8_decode(s, len, i, &cp) > 0 && is_blank(cp);
}

/* Parses one whole number; checks the characters first, then the
 * grammar, and clears the outputs on failure so no caller sees a
 * half-built value. */
numeral_status numeral_parse(const char *s, size_t len, zh_decimal *out, int *flags)
{
    zh_decimal value = integer_decimal(0);
    int fl = 0;
    numeral_status st;
    if (len == 0 || s == NULL) {
        st = NUMERAL_EMPTY;
    } else if (!all_tokens_known(s, len)) {
        st = NUMERAL_SYNTAX;
    } else if (skip_blanks(s, len, 0) != 0 || lex_token(s, len, 0).kind == TOKEN_END || ends_with_blank(s, len)) {
        st = NUMERAL_SYNTAX;
    } else {
        st = parse_expression(s, len, &value, &fl);
    }
    if (st != NUMERAL_OK) {
        value = integer_decimal(0);
        fl = 0;
    }
    if (out)
        *out = value;
    if (flags)
        *flags = fl;
    return st;
}

/* ---------------------------------------------------------------- amounts */

/* True when s[at..len) starts with one of the words. */
static bool starts_with_any(const char *s, size_t len, size_t at, const char *const *words, size_t *wlen)
{
    for (size_t i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (at + n <= len && memcmp(s + at, words[i], n) == 0) {
            if (wlen)
                *wlen = n;
            return true;
        }
    }
    return false;
}

/* True when s[0..len) ends with one of the words; *wlen gets its length. */
static bool ends_with_any(const char *s, size_t len, const char *const *words, size_t *wlen)
{
    for (size_t i = 0; words[i]; i++) {
        size_t n = strlen(words[i]);
        if (n <= len && memcmp(s + len - n, words[i], n) == 0) {
            *wlen = n;
            return true;
        }
    }
    return false;
}

/* Copies s into buf with the Cantonese money words written the Mandarin
 * way: 個/个 (the dollar, unless a multiplier follows: 两个亿) as 元, 仙
 * (a cent) as 分; a leading 個 before more gets its implicit one (個半 =
 * 一元半).
 * Every replaced character has three bytes, as its replacement has. */
static size_t mandarin_amount(const char *s, size_t len, char *buf, size_t cap)
{
    static const char *const ge[] = {"个", "個", NULL};
    static const char *const xian[] = {"仙", NULL};
    static const char *const multipliers[] = {"万", "萬", "亿", "億", "千", "百", "兆", NULL};
    size_t n = 0, w;
    if (starts_with_any(s, len, 0, ge, &w) && w < len) {
        memcpy(buf, "一", 3);
        n = 3;
    }
    for (size_t i = 0; i < len && n + 3 < cap;) {
        if (starts_with_any(s, len, i, ge, &w) && !starts_with_any(s, len, i + w, multipliers, NULL)) {
            memcpy(buf + n, "元", 3);
            n += 3, i += w;
        } else if (starts_with_any(s, len, i, xian, &w)) {
            memcpy(buf + n, "分", 3);
            n += 3, i += w;
        } else {
            buf[n++] = s[i++];
        }
    }
    return n;
}

numeral_status numeral_parse_amount(const char *s, size_t len, zh_decimal *out, int *flags)
{
    static const char *const fen[] = {"分", NULL};
    static const char *const jiao[] = {"角", "毛", "毫", NULL};
    char buf[512];
    zh_decimal v = {0};
    int fl = 0;
    numeral_status st = !s || len == 0 ? NUMERAL_EMPTY : NUMERAL_SYNTAX;
    if (st == NUMERAL_SYNTAX && len + 4 <= sizeof buf) { /* longer is no amount */
        size_t n = mandarin_amount(s, len, buf, sizeof buf), w;
        st = numeral_parse(buf, n, &v, &fl);
        if (st == NUMERAL_SYNTAX && (ends_with_any(buf, n, fen, &w) || ends_with_any(buf, n, jiao, &w))) {
            /* a count of cents or dimes alone: 25分 = 0.25, 三毫 = 0.3 */
            int places = memcmp(buf + n - w, "分", w) == 0 ? -2 : -1;
            if (numeral_parse(buf, n - w, &v, &fl) == NUMERAL_OK && !(fl & NUMERAL_YUAN) &&
                zh_decimal_shift(&v, places)) {
                v = zh_decimal_reduce(v);
                fl |= NUMERAL_YUAN;
                st = NUMERAL_OK;
            }
        }
    }
    if (st != NUMERAL_OK)
        v = (zh_decimal){0}, fl = 0;
    if (out)
        *out = v;
    if (flags)
        *flags = fl;
    return st;
}
