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
 *  - Approximate numbers keep the part that is stated: "4100多万" =
 *    41000000, "十几" = 10, "三点几" = 3, each with NUMERAL_APPROX.  A
 *    leading 几 ("几十") states nothing and is rejected.
 *  - Chinese digit strings ("二〇二三", "一七二零点一") are read digit by
 *    digit but cannot take units or multipliers.  Whether "三四" is 34 or
 *    "three or four" is for the caller to decide; here it is 34.
 *  - NUMERAL_CHINESE is set by Chinese digits, units and multipliers; 点,
 *    负 and the approximation characters alone do not set it.
 *  - The value returned is reduced: "1.10" gives 1.1, "22.12亿" gives the
 *    integer 2212000000.
 *  - Characters that are not part of any number (a space, "元", "个",
 *    invalid UTF-8) make the whole input a NUMERAL_SYNTAX error, even when
 *    the digits before them would overflow.
 */
#include "numeral.h"

enum {
    DECIMAL_MAX_SCALE = 18,
    /* Terms are kept per multiplier exponent (8 for 亿, 4 for 万), and
     * they must strictly decrease, so two are enough. */
    MAX_TERMS = 2,
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
    TOKEN_MORE,       /* 多 余 餘: "and more" */
    TOKEN_SOME        /* 几 幾: "some" digit */
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
    {0x51E0, TOKEN_SOME, 0, 0},                            /* 几 */
    {0x5E7E, TOKEN_SOME, 0, 0},                            /* 幾 */
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

/* Returns the token that starts at byte pos.  Pure in its arguments, so
 * the parser can look ahead by lexing from a later position. */
static token lex_token(const char *text, size_t len, size_t pos)
{
    token t = {.kind = TOKEN_END, .start = pos, .end = pos};
    if (pos >= len)
        return t;
    uint32_t cp;
    size_t n = utf8_decode(text, len, pos, &cp);
    t.kind = TOKEN_INVALID;
    if (n == 0) {
        t.end = pos + 1;
        return t;
    }
    t.end = pos + n;
    if (arabic_digit_value(cp) >= 0)
        return lex_arabic_run(text, len, pos);
    for (size_t i = 0; i < sizeof NUMERAL_CHARS / sizeof NUMERAL_CHARS[0]; i++) {
        if (NUMERAL_CHARS[i].code_point == cp) {
            t.kind = NUMERAL_CHARS[i].kind;
            t.value = NUMERAL_CHARS[i].value;
            t.traits = NUMERAL_CHARS[i].traits;
            break;
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
    bool ends_section = where == PLACE_AT_END || where == PLACE_BEFORE_MULTIPLIER;
    bool elided = pv->is_digit && pv->elision_place != 0 && ends_section;
    if (pv->is_digit && pv->elision_place != 0 && where == PLACE_BEFORE_POINT)
        return NUMERAL_SYNTAX;
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
static numeral_status add_unit(parser *p, int64_t coefficient, int exponent)
{
    if (exponent >= p->last_unit_exponent)
        return NUMERAL_SYNTAX;
    p->pending.present = false;
    p->last_unit_exponent = exponent;
    p->prev = PREV_UNIT;
    return section_add(p, integer_decimal(coefficient * POWERS_OF_TEN[exponent]));
}

/* Handles 十 百 千: the coefficient is the pending digit, or an implied
 * one at the start ("十二", "百二") and before 十 anywhere ("一千零十"). */
static numeral_status read_unit(parser *p)
{
    int exponent = p->current.value;
    if (!open_for_digits(p))
        return NUMERAL_SYNTAX;
    switch (p->prev) {
    case PREV_DIGIT:
        if (p->pending.is_zero_char)
            return NUMERAL_SYNTAX;
        return add_unit(p, p->pending.value.mant, exponent);
    case PREV_START:
        return add_unit(p, 1, exponent);
    case PREV_ZERO:
    case PREV_UNIT:
    case PREV_MULTIPLIER:
        return exponent == 1 ? add_unit(p, 1, exponent) : NUMERAL_SYNTAX;
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
    return add_unit(p, p->current.value, 1);
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
 * (".77") means zero.  After the fraction only multipliers may follow. */
static numeral_status read_point(parser *p)
{
    bool integer_ok;
    switch (p->prev) {
    case PREV_START:
        integer_ok = (p->current.traits & TRAIT_ARABIC_POINT) && peek_next(p).kind == TOKEN_ARABIC;
        break;
    case PREV_DIGIT:
        integer_ok = !p->pending.is_some;
        break;
    case PREV_LITERAL:
    case PREV_UNIT:
        integer_ok = true;
        break;
    default:
        integer_ok = false;
    }
    if (!integer_ok || !open_for_digits(p))
        return NUMERAL_SYNTAX;
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

/* Handles 几: after an Arabic run it works like 多; elsewhere it is an
 * unknown digit worth nothing ("十几" = 10, "一百几十" = 100), approximate. */
static numeral_status read_some(parser *p)
{
    if (p->prev == PREV_LITERAL)
        return read_more(p);
    if (p->prev == PREV_START)
        return NUMERAL_SYNTAX;
    p->flags |= NUMERAL_APPROX;
    return read_digit(p, 0, 0, true);
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
    while (is_string_digit(&p->current)) {
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

/* Reads an optional sign, then a digit string or a positional number. */
static numeral_status parse_number(parser *p, zh_decimal *out)
{
    bool negative = false;
    if (p->current.kind == TOKEN_MINUS) {
        negative = true;
        advance(p);
    }
    numeral_status st;
    token next = peek_next(p);
    if (is_string_digit(&p->current) && is_string_digit(&next))
        st = parse_digit_string(p, out);
    else
        st = parse_positional(p, out);
    if (st != NUMERAL_OK)
        return st;
    *out = zh_decimal_reduce(*out);
    if (negative)
        out->mant = -out->mant;
    return NUMERAL_OK;
}

/* Parses one whole number; checks the characters first, then the
 * grammar, and clears the outputs on failure so no caller sees a
 * half-built value. */
numeral_status numeral_parse(const char *s, size_t len, zh_decimal *out, int *flags)
{
    zh_decimal value = integer_decimal(0);
    numeral_status st;
    parser p = {.text = s, .len = len};
    if (len == 0 || s == NULL) {
        st = NUMERAL_EMPTY;
    } else if (!all_tokens_known(s, len)) {
        st = NUMERAL_SYNTAX;
    } else {
        p.current = lex_token(s, len, 0);
        st = parse_number(&p, &value);
    }
    if (st != NUMERAL_OK) {
        value = integer_decimal(0);
        p.flags = 0;
    }
    if (out)
        *out = value;
    if (flags)
        *flags = p.flags;
    return st;
}
