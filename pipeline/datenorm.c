/*
 * datenorm.c — reads one Chinese date expression and says which span of
 * the calendar it denotes.  The value conventions are documented in
 * datenorm.h; this file keeps to them.
 *
 * How it works.  A cursor walks the UTF-8 bytes and decodes one code point
 * at a time, so the reader needs no buffer, never looks past the length it
 * was given, and treats an invalid byte as a character that matches
 * nothing.  Small parsers, each of which either consumes its construct or
 * leaves the cursor where it was, turn the text into an `expr`: one or two
 * `point`s whose fields (year, month, day, quarter, half) are either stated
 * by the text or taken from the reference with an offset (去年 = reference
 * year - 1).  Only then are the two output strings written, the stated one
 * with X where the reference supplies a field and the resolved one with
 * the reference applied, so both come from the same description.
 */
#include "datenorm.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* ================================================================ calendar */

/* True for leap years of the proleptic Gregorian calendar. */
static bool is_leap_year(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

/* Days in a month; 0 for a month outside 1..12 so callers can test it. */
int days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && is_leap_year(year))
        return 29;
    return days[month - 1];
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm); used to
 * move a reference date by whole days (昨天, 前天) across month ends. */
static long days_from_civil(int year, int month, int day)
{
    long y = year - (month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

/* The inverse of days_from_civil(). */
static void civil_from_days(long z, int *year, int *month, int *day)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *day = (int)(doy - (153 * mp + 2) / 5 + 1);
    *month = (int)(mp < 10 ? mp + 3 : mp - 9);
    *year = (int)(yoe + era * 400 + (*month <= 2));
}

/* Floor division, so that month and quarter arithmetic carries correctly
 * into the year even for offsets that go below zero. */
static int floor_div(int a, int b)
{
    int q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

/* ================================================================ cursor */

enum { CP_END = -2, CP_BAD = -1 };

/* A read position in text[0..len): nothing at or past len is ever read.
 * quote_end remembers where the last skipped quotation mark ended, so that
 * "“十五”" can be told from a bare 十五. */
typedef struct {
    const unsigned char *s;
    size_t len;
    size_t pos;
    size_t quote_end;
    int ref_words; /* words that name a time relative to the reference: 今年, 本月, 上季度, 昨天 */
    int anaphora;  /* words that name the year or month the text last spoke of: 同年, 当月 */
} cursor;

/* Decodes the code point at byte `at`.  Returns its length (0 at the end);
 * invalid, overlong, surrogate or truncated sequences give CP_BAD with
 * length 1, so scanning always advances and never over-reads. */
static size_t decode_at(const unsigned char *s, size_t len, size_t at, int32_t *cp)
{
    if (at >= len) {
        *cp = CP_END;
        return 0;
    }
    unsigned b0 = s[at];
    size_t n;
    int32_t v, min;
    if (b0 < 0x80) {
        *cp = (int32_t)b0;
        return 1;
    } else if ((b0 & 0xE0) == 0xC0) {
        n = 2, v = b0 & 0x1F, min = 0x80;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 3, v = b0 & 0x0F, min = 0x800;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 4, v = b0 & 0x07, min = 0x10000;
    } else {
        *cp = CP_BAD;
        return 1;
    }
    if (len - at < n) {
        *cp = CP_BAD;
        return 1;
    }
    for (size_t i = 1; i < n; i++) {
        unsigned b = s[at + i];
        if ((b & 0xC0) != 0x80) {
            *cp = CP_BAD;
            return 1;
        }
        v = (v << 6) | (int32_t)(b & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
        *cp = CP_BAD;
        return 1;
    }
    *cp = v;
    return n;
}

/* The code point under the cursor (CP_END at the end). */
static int32_t peek(const cursor *c)
{
    int32_t cp;
    decode_at(c->s, c->len, c->pos, &cp);
    return cp;
}

/* Moves past the code point under the cursor. */
static void advance(cursor *c)
{
    int32_t cp;
    c->pos += decode_at(c->s, c->len, c->pos, &cp);
}

/* Consumes the UTF-8 literal `lit` if the text continues with it. */
static bool accept(cursor *c, const char *lit)
{
    size_t n = strlen(lit);
    if (c->len - c->pos < n || memcmp(c->s + c->pos, lit, n) != 0)
        return false;
    c->pos += n;
    return true;
}

/* Consumes the first literal of a NULL-terminated list that matches (lists
 * put longer words first); returns its index or -1. */
static int accept_any(cursor *c, const char *const *lits)
{
    for (int i = 0; lits[i]; i++)
        if (accept(c, lits[i]))
            return i;
    return -1;
}

/* Consumes the code point cp if it is next. */
static bool accept_cp(cursor *c, int32_t cp)
{
    if (peek(c) != cp)
        return false;
    advance(c);
    return true;
}

static bool at_end(const cursor *c)
{
    return c->pos >= c->len;
}

/* Quotation marks around a name ("十四五", 「十四五」) carry no meaning here. */
static bool is_quote(int32_t cp)
{
    switch (cp) {
    case '"': case '\'': case 0x201C: case 0x201D: case 0x2018: case 0x2019:
    case 0x300C: case 0x300D: case 0x300E: case 0x300F: case 0xFF02: case 0xFF07:
        return true;
    default:
        return false;
    }
}

/* Spaces (ASCII, no-break, ideographic) that may separate the parts. */
static bool is_space(int32_t cp)
{
    return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x3000;
}

/* Skips spaces and quotation marks between the parts of an expression. */
static void skip_filler(cursor *c)
{
    for (;;) {
        int32_t cp = peek(c);
        if (is_quote(cp)) {
            advance(c);
            c->quote_end = c->pos;
        } else if (is_space(cp)) {
            advance(c);
        } else {
            return;
        }
    }
}

/* ================================================================ numbers */

/* Numbers saturate here: anything larger is not a calendar number, and
 * saturation keeps absurd digit strings from overflowing. */
#define NUMBER_CAP 100000000L

typedef struct {
    long value;
    int digits;   /* digits written one by one (2024, 二〇二四); 0 for 二十 */
    bool chinese; /* written with Chinese numerals */
} number;

/* 0..9 for an ASCII or full-width digit, else -1. */
static int arabic_digit(int32_t cp)
{
    if (cp >= '0' && cp <= '9')
        return cp - '0';
    if (cp >= 0xFF10 && cp <= 0xFF19)
        return cp - 0xFF10;
    return -1;
}

/* 0..9 for a Chinese digit (〇/零/○ are zero), else -1.  两 is not a digit
 * of a digit string ("二〇二三") and is handled by the positional reader. */
static int chinese_digit(int32_t cp)
{
    switch (cp) {
    case 0x3007: case 0x96F6: case 0x25CB: return 0; /* 〇 零 ○ */
    case 0x4E00: return 1; /* 一 */
    case 0x4E8C: return 2; /* 二 */
    case 0x4E09: return 3; /* 三 */
    case 0x56DB: return 4; /* 四 */
    case 0x4E94: return 5; /* 五 */
    case 0x516D: return 6; /* 六 */
    case 0x4E03: return 7; /* 七 */
    case 0x516B: return 8; /* 八 */
    case 0x4E5D: return 9; /* 九 */
    default: return -1;
    }
}

/* Adds one digit to a saturating accumulator. */
static void push_digit(number *n, int d)
{
    if (n->value < NUMBER_CAP)
        n->value = n->value * 10 + d;
    if (n->digits < 1000)
        n->digits++;
}

/* Reads a run of ASCII or full-width digits ("2024", "２０２４"). */
static bool read_arabic(cursor *c, number *n)
{
    *n = (number){0, 0, false};
    int d;
    while ((d = arabic_digit(peek(c))) >= 0) {
        push_digit(n, d);
        advance(c);
    }
    return n->digits > 0;
}

/* Reads Chinese digits written one by one, as years are ("二〇二三"). */
static bool read_chinese_digits(cursor *c, number *n)
{
    *n = (number){0, 0, true};
    int d;
    while ((d = chinese_digit(peek(c))) >= 0) {
        push_digit(n, d);
        advance(c);
    }
    return n->digits > 0;
}

/* The multiplier of 十, 百, 千, or 0. */
static int chinese_unit(int32_t cp)
{
    switch (cp) {
    case 0x5341: return 10;   /* 十 */
    case 0x767E: return 100;  /* 百 */
    case 0x5343: return 1000; /* 千 */
    default: return 0;
    }
}

/*
 * Reads a positional Chinese numeral: 十二, 三十一, 廿八, 卅一, 两千零四.
 * It stops before a second bare digit ("十四五" reads 14 and leaves 五),
 * which is what the five-year-plan names need.  Returns false when nothing
 * was read.
 */
static bool read_chinese_positional(cursor *c, number *n)
{
    size_t start = c->pos;
    long total = 0;
    int pending = -1; /* a digit waiting for its unit */
    bool any_unit = false;
    for (;;) {
        int32_t cp = peek(c);
        int d = cp == 0x4E24 ? 2 : chinese_digit(cp); /* 两 */
        int unit = chinese_unit(cp);
        if (d > 0 && pending < 0) {
            pending = d;
        } else if (d == 0 && pending < 0 && any_unit) {
            /* 零 between units: 两千零四 */
        } else if (unit && (pending > 0 || unit == 10)) {
            total += (long)(pending > 0 ? pending : 1) * unit;
            pending = -1;
            any_unit = true;
        } else if ((cp == 0x5EFF || cp == 0x5345) && pending < 0 && total == 0) {
            total = cp == 0x5EFF ? 20 : 30; /* 廿 卅 */
            any_unit = true;
        } else {
            break;
        }
        if (total > NUMBER_CAP)
            total = NUMBER_CAP;
        advance(c);
    }
    if (pending > 0)
        total += pending;
    *n = (number){total, 0, true};
    return c->pos > start && total > 0;
}

/* Reads a small number as months, days and counts are written: Arabic
 * digits or a positional Chinese numeral. */
static bool read_small_number(cursor *c, number *n)
{
    return read_arabic(c, n) || read_chinese_positional(c, n);
}

/* A number that can be a month or a day: at most two digits or a Chinese
 * numeral below 100.  Three digits ("136") make the text not a date. */
static bool read_day_or_month_number(cursor *c, number *n)
{
    size_t start = c->pos;
    if (read_small_number(c, n) && n->digits <= 2 && n->value < 100)
        return true;
    c->pos = start;
    return false;
}

/* ================================================================ points */

/* How a field of a point is known. */
typedef enum {
    FM_UNSET,      /* not stated; the grain does not need it or the reference gives it */
    FM_ABS,        /* stated: v is the value */
    FM_REF,        /* from the reference: v is an offset (去年 = -1) */
    FM_LAST,       /* day only: the last day of the month */
    FM_IN_QUARTER, /* month only: v-th month (1..3) of the quarter field */
} field_mode;

typedef struct {
    field_mode mode;
    int v;
} field;

/* One calendar unit (a year, half, quarter, month or day). */
typedef struct {
    date_grain grain;
    field year, month, day, quarter;
    int half;              /* 1 or 2 for GRAIN_HALF */
    bool year_short;       /* written with 2-3 digits ("15年"): alone it is a duration */
    bool year_derived;     /* computed from a name (十四五, 20世纪), not written */
    bool year_after_left;  /* 次年/翌年: the year after the left end of a range */
    bool year_inherited;   /* the year came from the other end of a range */
    bool day_edge;         /* the day is an edge of the month (9月初, 月底), not a stated day */
    date_grain bare_tail;  /* the unit (month, quarter, day) that was written as a
                              number without its unit ("2019年1", "1月3", the 19
                              of 1994.01-19); GRAIN_YEAR when there is none */
} point;

typedef enum {
    TERM_POINT,   /* one unit: a == b */
    TERM_SPAN,    /* a named span: 上旬, 前三季度, 十四五 */
    TERM_BARE,    /* a number without a unit ("1" in 1-5月): only in ranges */
    TERM_PRESENT, /* 目前, 现在, 今: only as the end of a range or after 截至 */
} term_kind;

typedef struct {
    term_kind kind;
    date_grain grain; /* of the whole term */
    point a, b;       /* first and last unit */
    number bare;
} term;

/* Field constructors. */
static field stated(int v) { return (field){FM_ABS, v}; }
static field from_ref(int offset) { return (field){FM_REF, offset}; }

/* An empty point of the given grain. */
static point new_point(date_grain grain)
{
    point p;
    memset(&p, 0, sizeof p);
    p.grain = grain;
    p.bare_tail = GRAIN_YEAR;
    return p;
}

/* Makes a term of a single point. */
static void term_of_point(term *t, const point *p)
{
    t->kind = TERM_POINT;
    t->grain = p->grain;
    t->a = *p;
    t->b = *p;
}

/* Makes a term of a named span from a to b. */
static void term_of_span(term *t, const point *a, const point *b, date_grain grain)
{
    t->kind = TERM_SPAN;
    t->grain = grain;
    t->a = *a;
    t->b = *b;
}

/* Turns digits written for a year into the year: two digits take the
 * century by a fixed pivot (00-29 → 20xx, 30-99 → 19xx) so that the value
 * does not depend on the reference. */
static int year_from_digits(long value, int digits)
{
    if (digits == 2)
        return (int)(value <= 29 ? 2000 + value : 1900 + value);
    return (int)value;
}

/* ================================================================ years */

typedef struct {
    const char *word;
    int offset;
} relative_word;

/* Year words relative to the reference year. */
static const relative_word relative_years[] = {
    {"大前年", -3}, {"大后年", 3}, {"今年", 0}, {"本年", 0}, {"年内", 0},
    {"去年", -1}, {"上一年", -1}, {"上年", -1}, {"明年", 1}, {"来年", 1},
    {"下一年", 1}, {"下年", 1}, {"前年", -2}, {"后年", 2}, {NULL, 0},
};

/* Year and month words that point back at the date the text last stated
 * (2019年……同年10月): resolved on the anchor date_parse_anchored gets.
 * 当年 is not one: it is as often "back then" (当年的小渔村). */
static const relative_word anaphoric_years[] = {
    {"同年", 0}, {"这一年", 0}, {"该年", 0}, {NULL, 0},
};
static const relative_word anaphoric_months[] = {
    {"当月", 0}, {"同月", 0}, {NULL, 0},
};

/* Looks up a relative word of a table; returns its index or -1. */
static int accept_relative(cursor *c, const relative_word *table)
{
    for (int i = 0; table[i].word; i++)
        if (accept(c, table[i].word))
            return i;
    return -1;
}

/* 今年, 去年, 本年度 ...: a year taken from the reference. */
static bool parse_relative_year(cursor *c, point *p)
{
    int i = accept_relative(c, anaphoric_years);
    if (i >= 0) {
        c->anaphora++;
        p->year = from_ref(anaphoric_years[i].offset);
        p->grain = GRAIN_YEAR;
        accept(c, "度");
        return true;
    }
    i = accept_relative(c, relative_years);
    if (i < 0)
        return false;
    c->ref_words++;
    accept(c, "度");
    p->year = from_ref(relative_years[i].offset);
    p->grain = GRAIN_YEAR;
    return true;
}

/* 次年, 翌年: the year after the left end of a range. */
static bool parse_following_year(cursor *c, point *p)
{
    static const char *const words[] = {"次年", "翌年", NULL};
    if (accept_any(c, words) < 0)
        return false;
    p->year_after_left = true;
    p->grain = GRAIN_YEAR;
    return true;
}

/* True when a year's digits start with a zero ("08", "零八"): nobody writes
 * a duration that way, so even two digits are certainly a year. */
static bool zero_led(const cursor *c, size_t start)
{
    int32_t cp;
    decode_at(c->s, c->len, start, &cp);
    return arabic_digit(cp) == 0 || chinese_digit(cp) == 0;
}

/* The digits of a stated year: 2024, 二〇二四, 98, 两千零四.  n->digits
 * becomes 4 for forms that cannot be a duration (four digits, a leading
 * zero, 两千零四). */
static bool read_year_number(cursor *c, number *n)
{
    size_t start = c->pos;
    bool digits = read_arabic(c, n) || read_chinese_digits(c, n);
    if (digits && n->digits >= 2 && n->digits <= 4) {
        if (zero_led(c, start) && n->digits == 2) {
            n->value += 2000;
            n->digits = 4;
        }
        return true;
    }
    c->pos = start;
    if (read_chinese_positional(c, n) && n->value >= 1000 && n->value <= 9999) {
        n->digits = 4;
        return true;
    }
    c->pos = start;
    return false;
}

/* A stated year followed by 年 or 年度: "2024年", "二〇二三年", "98年". */
static bool parse_absolute_year(cursor *c, point *p)
{
    size_t start = c->pos;
    number n;
    bool ok = read_year_number(c, &n);
    if (ok) {
        skip_filler(c); /* "2009 年" */
        ok = accept(c, "年");
    }
    if (!ok) {
        c->pos = start;
        return false;
    }
    accept(c, "度");
    p->year = stated(year_from_digits(n.value, n.digits));
    p->year_short = n.digits < 4;
    p->grain = GRAIN_YEAR;
    return true;
}

/* 民国三年, 民国38年: years of the Republic era, 1911 + n (元年 is 1912). */
static bool parse_republic_year(cursor *c, point *p)
{
    size_t start = c->pos;
    number n;
    if (!accept(c, "民国"))
        return false;
    if (accept(c, "元"))
        n.value = 1;
    else if (!read_small_number(c, &n) || n.value > 200)
        goto fail;
    if (!accept(c, "年"))
        goto fail;
    p->year = stated(1911 + (int)n.value);
    p->year_derived = true;
    p->grain = GRAIN_YEAR;
    return true;
fail:
    c->pos = start;
    return false;
}

/* Any year part that can open a point. */
static bool parse_year(cursor *c, point *p)
{
    return parse_relative_year(c, p) || parse_following_year(c, p) || parse_absolute_year(c, p) ||
           parse_republic_year(c, p);
}

/* ================================================================ months, days */

/* Month words relative to the reference month. */
static const relative_word relative_months[] = {
    {"本月", 0}, {"这个月", 0}, {"今个月", 0} /* Cantonese */, {"上上个月", -2}, {"上上月", -2},
    {"下下个月", 2}, {"下下月", 2}, {"上一个月", -1}, {"上个月", -1}, {"上月", -1},
    {"下一个月", 1}, {"下个月", 1}, {"下月", 1}, {NULL, 0},
};

/* A month: "5月", "十二月", "5月份", "元月", "第三个月", or 本月/上月/下月. */
static bool parse_month(cursor *c, point *p)
{
    size_t start = c->pos;
    int i = accept_relative(c, relative_months);
    int k = i < 0 ? accept_relative(c, anaphoric_months) : -1;
    if (k >= 0) {
        c->anaphora++;
        p->month = from_ref(anaphoric_months[k].offset);
    } else if (i >= 0) {
        c->ref_words++;
        p->month = from_ref(relative_months[i].offset);
    } else if (accept(c, "元月") || accept(c, "首月")) {
        p->month = stated(1);
    } else if (accept(c, "第")) {
        number n; /* 第三个月: the third month of the year */
        if (!read_day_or_month_number(c, &n) || !accept(c, "个月")) {
            c->pos = start;
            return false;
        }
        p->month = stated((int)n.value);
    } else {
        number n;
        if (!read_day_or_month_number(c, &n) || !accept(c, "月")) {
            c->pos = start;
            return false;
        }
        p->month = stated((int)n.value);
    }
    accept(c, "份");
    p->grain = GRAIN_MONTH;
    return true;
}

/* A day: "28日", "二十八号", or a bare trailing number after a month
 * ("1月3", "2019年4月12-19日"). */
static bool parse_day(cursor *c, point *p, bool need_unit)
{
    size_t start = c->pos;
    number n;
    if (!read_day_or_month_number(c, &n)) {
        return false;
    }
    bool unit = accept(c, "日") || accept(c, "号");
    if (!unit && need_unit) {
        c->pos = start;
        return false;
    }
    if (!unit)
        p->bare_tail = GRAIN_DAY;
    p->day = stated((int)n.value);
    p->grain = GRAIN_DAY;
    return true;
}

/* Skips a weekday written after a day: "（星期一）", "，周一", " 星期日". */
static void skip_weekday(cursor *c)
{
    static const char *const opens[] = {"（", "(", "，", ",", NULL};
    static const char *const names[] = {"星期", "礼拜", "周", NULL};
    static const char *const days[] = {"一", "二", "三", "四", "五", "六", "日", "天", NULL};
    static const char *const closes[] = {"）", ")", NULL};
    size_t start = c->pos;
    skip_filler(c);
    int open = accept_any(c, opens);
    bool parenthesised = open == 0 || open == 1;
    skip_filler(c);
    if (accept_any(c, names) < 0 || accept_any(c, days) < 0) {
        c->pos = start;
        return;
    }
    if (parenthesised)
        accept_any(c, closes);
}

/* Reads a clock time: "10时", "8点30分", "9点半", "零时", "15:30". */
static bool read_clock(cursor *c)
{
    static const char *const hour_marks[] = {"时", "点", NULL};
    static const char *const fractions[] = {"半", "整", "一刻", "三刻", NULL};
    static const char *const colons[] = {":", "：", NULL};
    size_t start = c->pos;
    number n;
    if (!accept(c, "零") && !read_small_number(c, &n))
        return false;
    if (accept_any(c, colons) >= 0) {
        if (!read_arabic(c, &n) || n.digits != 2) {
            c->pos = start;
            return false;
        }
        size_t before_seconds = c->pos;
        if (accept_any(c, colons) < 0 || !read_arabic(c, &n) || n.digits != 2)
            c->pos = before_seconds;
        return true;
    }
    if (accept_any(c, hour_marks) < 0) {
        c->pos = start;
        return false;
    }
    if (accept_any(c, fractions) < 0 && read_small_number(c, &n) && accept(c, "分") &&
        read_small_number(c, &n))
        accept(c, "秒");
    return true;
}

/* Skips a time of day after a day ("上午", "晚8时许", "10:30"): the value
 * is a date, so a finer time does not change it. */
static void skip_time_of_day(cursor *c)
{
    static const char *const periods[] = {
        "凌晨", "早上", "早晨", "上午", "中午", "午间", "下午", "傍晚", "晚上", "晚间",
        "夜间", "夜里", "深夜", "半夜", "午夜", "白天", "全天", "晚", "早", "夜", NULL};
    size_t start = c->pos;
    skip_filler(c);
    bool any = accept_any(c, periods) >= 0;
    any = read_clock(c) || any;
    if (!any)
        c->pos = start;
    else
        accept(c, "许");
}

/* Skips what may follow a day without changing it. */
static void skip_day_trailer(cursor *c)
{
    skip_weekday(c);
    skip_time_of_day(c);
}

/* ================================================================ parts of units */

/* 上旬, 中旬, 下旬 (and 上中旬, 中下旬, 月中, 上半月, 下半月): a span of
 * days of the month in p; spans that reach the end end on the month's
 * last day.  Without a month (bare) the month is the reference's, and the
 * single character 中 is not accepted. */
static bool parse_dekad(cursor *c, const point *p, term *t, bool bare)
{
    static const struct {
        const char *word;
        int first, last; /* last 0: the month's last day */
    } dekads[] = {
        {"上中旬", 1, 20}, {"中下旬", 11, 0}, {"上旬", 1, 10}, {"中旬", 11, 20}, {"下旬", 21, 0},
        {"上半月", 1, 15}, {"下半月", 16, 0}, {"月中", 11, 20}, {"中", 11, 20},
    };
    size_t count = sizeof dekads / sizeof dekads[0] - (bare ? 1 : 0);
    for (size_t i = 0; i < count; i++) {
        if (!accept(c, dekads[i].word))
            continue;
        point a = *p, b = *p;
        if (bare)
            a.month = b.month = from_ref(0);
        a.grain = b.grain = GRAIN_DAY;
        a.day = stated(dekads[i].first);
        b.day = dekads[i].last ? stated(dekads[i].last) : (field){FM_LAST, 0};
        term_of_span(t, &a, &b, GRAIN_PERIOD);
        return true;
    }
    return false;
}

/* Reads 初 (first) or 底/末 (last) after a unit, with the unit's name
 * repeated or not ("9月初" / "十二月月底", "2023年底" / "2023年年底");
 * with unit_required the name must be there (年底 alone, never 底 alone).
 * Returns +1 for the start, -1 for the end, 0 when absent. */
static int parse_edge(cursor *c, const char *unit, bool unit_required)
{
    static const char *const firsts[] = {"初", "伊始", NULL};
    static const char *const lasts[] = {"底", "末", NULL};
    size_t start = c->pos;
    if (unit && !accept(c, unit) && unit_required)
        return 0;
    if (accept_any(c, firsts) >= 0)
        return 1;
    if (accept_any(c, lasts) >= 0)
        return -1;
    c->pos = start;
    return 0;
}

/* 9月初 → the 1st, 9月底/9月末 → the last day (one grain finer than the
 * month, as 年初/年底 are for the year). */
static bool parse_month_edge(cursor *c, point *p)
{
    int edge = parse_edge(c, "月", false);
    if (!edge)
        return false;
    p->day = edge > 0 ? stated(1) : (field){FM_LAST, 0};
    p->grain = GRAIN_DAY;
    p->day_edge = true;
    return true;
}

/* 这个月前两天 → days 1-2 of the month in p, 去年的前10天 → 1-10 January:
 * the first days of a month or year, as a span of days (at most 31, so
 * that the span stays in the first month). */
static bool parse_leading_days(cursor *c, const point *p, term *t)
{
    static const char *const sides[] = {"前", "头", NULL};
    size_t start = c->pos;
    number n;
    if (accept_any(c, sides) < 0)
        return false;
    skip_filler(c);
    if (!read_small_number(c, &n) || n.digits > 2 || n.value < 1 || n.value > 31)
        goto fail;
    skip_filler(c);
    if (!accept(c, "天") && !accept(c, "日"))
        goto fail;
    point a = *p, b = *p;
    if (a.month.mode == FM_UNSET)
        a.month = b.month = stated(1);
    a.grain = b.grain = GRAIN_DAY;
    a.day = stated(1);
    b.day = stated((int)n.value);
    term_of_span(t, &a, &b, GRAIN_DAY);
    return true;
fail:
    c->pos = start;
    return false;
}

/* What may follow a month: the first days, a dekad, an edge, a day, or
 * nothing. */
static void parse_month_tail(cursor *c, point *p, term *t)
{
    skip_filler(c);
    if (parse_leading_days(c, p, t) || parse_dekad(c, p, t, false))
        return;
    if (parse_month_edge(c, p) || parse_day(c, p, false)) {
        if (p->day.mode == FM_ABS)
            skip_day_trailer(c);
        term_of_point(t, p);
        return;
    }
    term_of_point(t, p);
}

/* 年初 → January, 年底/年末 → December of the year in p ("年" may be
 * left out after a stated year: 2023年底). */
static bool parse_year_edge(cursor *c, point *p, bool unit_required)
{
    int edge = parse_edge(c, "年", unit_required);
    if (!edge)
        return false;
    p->month = stated(edge > 0 ? 1 : 12);
    p->grain = GRAIN_MONTH;
    return true;
}

/* Quarter words relative to the reference's quarter. */
static const relative_word relative_quarters[] = {
    {"本季度", 0}, {"这个季度", 0}, {"上上个季度", -2}, {"上上季度", -2}, {"下下个季度", 2},
    {"下下季度", 2}, {"上一季度", -1}, {"上个季度", -1}, {"上季度", -1},
    {"下一季度", 1}, {"下个季度", 1}, {"下季度", 1}, {NULL, 0},
};

/* The number of a quarter: 一季度, 第三季度, 1季度, 首季度, Q4.  A bare 季
 * is accepted only before 末/初 ("三季末"), since 四季 means the seasons. */
static bool read_quarter_number(cursor *c, int *q)
{
    size_t start = c->pos;
    number n;
    if (accept(c, "首季度") || accept(c, "首季")) {
        *q = 1;
        return true;
    }
    if (accept(c, "Q") || accept(c, "q")) {
        if (read_arabic(c, &n) && n.digits == 1) {
            accept(c, "季度");
            *q = (int)n.value;
            return true;
        }
        c->pos = start;
        return false;
    }
    accept(c, "第");
    if (read_small_number(c, &n) && n.digits <= 1 && n.value < 10) {
        /* after 季, the cursor stays before 末/初 for the edge reader */
        bool named = accept(c, "季度") ||
                     (accept(c, "季") && (peek(c) == 0x672B /* 末 */ || peek(c) == 0x521D /* 初 */));
        if (named) {
            *q = (int)n.value;
            return true;
        }
    }
    c->pos = start;
    return false;
}

/* A quarter, stated or relative ("上季度"). */
static bool parse_quarter(cursor *c, point *p)
{
    int i = accept_relative(c, relative_quarters);
    int q;
    if (i >= 0) {
        c->ref_words++;
        p->quarter = from_ref(relative_quarters[i].offset);
    } else if (read_quarter_number(c, &q))
        p->quarter = stated(q);
    else
        return false;
    p->grain = GRAIN_QUARTER;
    return true;
}

/* 上半年 / 下半年 (前半年 / 后半年). */
static bool parse_half(cursor *c, point *p)
{
    if (accept(c, "上半年") || accept(c, "前半年"))
        p->half = 1;
    else if (accept(c, "下半年") || accept(c, "后半年"))
        p->half = 2;
    else
        return false;
    p->grain = GRAIN_HALF;
    return true;
}

/* 一季度末 → March, 三季度初 → July, 上半年末 → June: one grain finer. */
static void parse_quarter_or_half_edge(cursor *c, point *p)
{
    int edge = parse_edge(c, p->grain == GRAIN_QUARTER ? "季度" : NULL, false);
    if (!edge)
        return;
    if (p->grain == GRAIN_HALF) {
        p->month = stated(edge > 0 ? p->half * 6 - 5 : p->half * 6);
    } else if (p->quarter.mode == FM_ABS) {
        p->month = stated(edge > 0 ? p->quarter.v * 3 - 2 : p->quarter.v * 3);
        p->quarter.mode = FM_UNSET;
    } else {
        p->month = (field){FM_IN_QUARTER, edge > 0 ? 1 : 3};
    }
    p->grain = GRAIN_MONTH;
}

/* 前三季度 → months 1..9, 前5个月 → 1..5, 今年后三个月 → 10..12: the first
 * or last months of the year in p, written as a span of months.  The last
 * months need a stated year, since 后三个月 alone means "the next three
 * months".  A count out of range makes a month outside 1..12, which
 * validation reports. */
static bool parse_leading_months(cursor *c, const point *p, bool has_year, term *t)
{
    static const char *const sides[] = {"前", "头", "最后", "后", NULL};
    size_t start = c->pos;
    int side = accept_any(c, sides);
    bool last = side >= 2;
    number n;
    if (side >= 0)
        skip_filler(c); /* "最后 4 个月" */
    if (side < 0 || (last && !has_year) || !read_small_number(c, &n) || n.digits > 2) {
        c->pos = start;
        return false;
    }
    skip_filler(c);
    accept(c, "个");
    long months;
    if (accept(c, "季度") || accept(c, "季"))
        months = n.value * 3;
    else if (accept(c, "月"))
        months = n.value;
    else {
        c->pos = start;
        return false;
    }
    accept(c, "份");
    if (months > 99)
        months = 99;
    point a = *p, b = *p;
    a.grain = b.grain = GRAIN_MONTH;
    a.month = stated(last ? 13 - (int)months : 1);
    b.month = stated(last ? 12 : (int)months);
    term_of_span(t, &a, &b, GRAIN_MONTH);
    return true;
}

/* ================================================================ terms */

/* Day words relative to the reference day. */
static const relative_word relative_days[] = {
    {"大大前天", -4}, {"大大后天", 4}, {"大前天", -3}, {"大后天", 3}, {"大后日", 3},
    {"前天", -2}, {"前日", -2}, {"后天", 2}, {"后日", 2}, {"昨天", -1}, {"昨日", -1},
    {"寻日", -1}, {"今天", 0}, {"今日", 0}, {"本日", 0}, {"明天", 1}, {"明日", 1},
    {"听日", 1}, {NULL, 0}, /* 寻日, 听日: Cantonese yesterday, tomorrow */
};

/* 今天, 昨天, 前天 ...: a day taken from the reference. */
static bool parse_relative_day(cursor *c, term *t)
{
    int i = accept_relative(c, relative_days);
    if (i < 0)
        return false;
    point p = new_point(GRAIN_DAY);
    c->ref_words++;
    p.day = from_ref(relative_days[i].offset);
    skip_day_trailer(c);
    term_of_point(t, &p);
    return true;
}

/* Reads the separator of a numeric date ("-", "/", "." and their
 * full-width forms) and returns it as ASCII, or 0. */
static int read_numeric_separator(cursor *c)
{
    int32_t cp = peek(c);
    int sep = cp == 0xFF0D ? '-' : cp == 0xFF0F ? '/' : cp == 0xFF0E ? '.' : cp;
    if (sep != '-' && sep != '/' && sep != '.')
        return 0;
    advance(c);
    return sep;
}

/* Fills a point from a numeric date's parts (month and day 0 = absent). */
static void numeric_point(point *p, long year, long month, long day)
{
    *p = new_point(day ? GRAIN_DAY : GRAIN_MONTH);
    p->year = stated((int)year);
    p->month = stated((int)month);
    if (day)
        p->day = stated((int)day);
}

/* True when eight digits read as YYYYMMDD make a real date; otherwise
 * they are some other number (an identifier, a telephone number). */
static bool compact_date_exists(long digits)
{
    int year = (int)(digits / 10000), month = (int)(digits / 100 % 100), day = (int)(digits % 100);
    return year >= 1000 && day >= 1 && day <= days_in_month(year, month);
}

/* Numeric dates: 2024-10-28, 2024/10/28, 2024.9.6, 20240307, 2024-10,
 * 2008.03.  A month alone needs two digits so that "2024-5" is not read. */
static bool parse_numeric_date(cursor *c, point *p)
{
    size_t start = c->pos;
    number y, m, d;
    if (!read_arabic(c, &y))
        goto fail;
    if (y.digits == 8) {
        if (!compact_date_exists(y.value))
            goto fail;
        numeric_point(p, y.value / 10000, y.value / 100 % 100, y.value % 100);
        return true;
    }
    int sep = y.digits == 4 ? read_numeric_separator(c) : 0;
    if (!sep || !read_arabic(c, &m) || m.digits > 2)
        goto fail;
    size_t after_month = c->pos;
    if (read_numeric_separator(c) == sep && read_arabic(c, &d) && d.digits <= 2) {
        numeric_point(p, y.value, m.value, d.value);
        return true;
    }
    c->pos = after_month;
    if (m.digits != 2)
        goto fail;
    numeric_point(p, y.value, m.value, 0);
    return true;
fail:
    c->pos = start;
    return false;
}

/* "2010 01 29": a four-digit year, month and day separated by single
 * spaces; both month and day need two digits, so that a row of figures
 * ("2010 5 3") is not read. */
static bool parse_spaced_date(cursor *c, point *p)
{
    size_t start = c->pos;
    number y, m, d;
    if (read_arabic(c, &y) && y.digits == 4 && accept(c, " ") && read_arabic(c, &m) && m.digits == 2 &&
        accept(c, " ") && read_arabic(c, &d) && d.digits == 2) {
        numeric_point(p, y.value, m.value, d.value);
        return true;
    }
    c->pos = start;
    return false;
}

/*
 * "31/10/1974", "13.5.2015", "3/3/15", "1/2/2020": day and month before
 * the year.  A second number above 12 can only be the day (10/31/1974, as
 * the US writes); otherwise the day comes first, as Hong Kong and Macau
 * write dates (1/2/2020 is 1 February): of the places that write Chinese,
 * they are the ones that put the year last (the mainland and Taiwan write
 * it first).  Two-digit years only with "/" (3/3/15), as dates are written
 * by hand; their century is fixed as for other two-digit years.
 */
static bool parse_trailing_year_date(cursor *c, point *p)
{
    size_t start = c->pos;
    number a, b, y;
    int sep;
    if (!read_arabic(c, &a) || a.digits > 2 || !(sep = read_numeric_separator(c)) || !read_arabic(c, &b) ||
        b.digits > 2 || read_numeric_separator(c) != sep || !read_arabic(c, &y) ||
        !(y.digits == 4 || (y.digits == 2 && sep == '/')))
        goto fail;
    long month, day;
    if (b.value > 12 && a.value <= 12)
        month = a.value, day = b.value;
    else
        month = b.value, day = a.value; /* day first, as Hong Kong and Macau write */
    numeric_point(p, year_from_digits(y.value, y.digits), month, day);
    p->year_short = y.digits == 2;
    return true;
fail:
    c->pos = start;
    return false;
}

/* "7·20", "5・12": a month and day joined by a middle dot, as events are
 * named; the year is the reference's. */
static bool parse_dotted_day(cursor *c, point *p)
{
    size_t start = c->pos;
    number m, d;
    if (read_arabic(c, &m) && m.digits <= 2 && (accept_cp(c, 0xB7) || accept_cp(c, 0x30FB)) &&
        read_arabic(c, &d) && d.digits <= 2) {
        *p = new_point(GRAIN_DAY);
        p->month = stated((int)m.value);
        p->day = stated((int)d.value);
        return true;
    }
    c->pos = start;
    return false;
}

/* Numeric and dotted dates as terms. */
static bool parse_numeric_term(cursor *c, term *t)
{
    point p;
    if (!parse_numeric_date(c, &p) && !parse_spaced_date(c, &p) && !parse_trailing_year_date(c, &p) &&
        !parse_dotted_day(c, &p))
        return false;
    if (p.grain == GRAIN_DAY)
        skip_day_trailer(c);
    term_of_point(t, &p);
    return true;
}

/* The first year of five-year plan n: 一五 1953, 二五 1958, then 1966 + 5(n-3)
 * (the third plan was delayed to 1966 by the adjustment years). */
static int plan_first_year(int n)
{
    if (n == 1)
        return 1953;
    if (n == 2)
        return 1958;
    return 1966 + 5 * (n - 3);
}

/* Writes the short name of plan n ("十四五") into buf. */
static void plan_name(int n, char *buf, size_t size)
{
    static const char *const digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
    if (n < 10)
        snprintf(buf, size, "%s五", digits[n]);
    else
        snprintf(buf, size, "十%s五", digits[n - 10]);
}

/* Reads a plan's short name.  Trying 19 down to 1 tries the three-character
 * names first, so that 十五五 (15) wins over 十五 (10).  Returns the plan
 * number or 0. */
static int read_plan_name(cursor *c)
{
    char name[16];
    for (int n = 19; n >= 1; n--) {
        plan_name(n, name, sizeof name);
        if (accept(c, name))
            return n;
    }
    return 0;
}

/* "第十四个五年规划/计划": the long name of a plan.  Returns its number or 0. */
static int read_plan_long_name(cursor *c)
{
    size_t start = c->pos;
    number n;
    if (accept(c, "第") && read_chinese_positional(c, &n) && n.value <= 30 && accept(c, "个五年") &&
        (accept(c, "规划") || accept(c, "计划")))
        return (int)n.value;
    c->pos = start;
    return 0;
}

/* What may follow a plan's name: its period (时期, 期间) or an edge
 * (末, 期末 → its last year; 初, 期初 → its first year).  Returns 2 for a
 * period word, +1/-1 for an edge, 0 for nothing. */
static int read_plan_suffix(cursor *c)
{
    static const char *const periods[] = {
        "规划期间", "规划时期", "规划期", "计划期间", "计划时期", "计划期", "时期", "期间", "期", NULL};
    static const char *const lasts[] = {"期末", "末期", "末年", "末", NULL};
    static const char *const firsts[] = {"期初", "初期", "初", NULL};
    skip_filler(c);
    if (accept_any(c, lasts) >= 0)
        return -1;
    if (accept_any(c, firsts) >= 0)
        return 1;
    if (accept_any(c, periods) >= 0)
        return 2;
    return 0;
}

/*
 * Five-year plans: 十四五 → 2021/2025, "十四五"时期 → 2021/2025,
 * 十四五末 / "十四五"期末 → 2025.  Names below 十一五 are also ordinary
 * numbers (十五, 三五), so they need quotation marks or a suffix.
 */
static bool parse_plan(cursor *c, term *t)
{
    size_t start = c->pos;
    bool quoted = c->quote_end == start && start > 0;
    int n = read_plan_name(c);
    bool long_name = false;
    if (!n) {
        n = read_plan_long_name(c);
        long_name = n > 0;
    }
    if (n < 1 || n > 30) {
        c->pos = start;
        return false;
    }
    quoted = quoted || is_quote(peek(c));
    int suffix = read_plan_suffix(c);
    if (!suffix && !quoted && !long_name && n < 11) {
        c->pos = start;
        return false;
    }
    point a = new_point(GRAIN_YEAR), b = new_point(GRAIN_YEAR);
    a.year = stated(plan_first_year(n));
    b.year = stated(plan_first_year(n) + 4);
    a.year_derived = b.year_derived = true;
    if (suffix == 1 || suffix == -1)
        term_of_point(t, suffix > 0 ? &a : &b);
    else
        term_of_span(t, &a, &b, GRAIN_PERIOD);
    return true;
}

/* ================================================================ centuries, decades */

/* A century: 20世纪, 二十世纪, 上世纪, 本世纪.  上世纪 is taken as the 20th
 * and 本世纪/新世纪 as the 21st, as in texts written in this century.
 * Returns its number or 0. */
static int read_century(cursor *c)
{
    static const char *const previous[] = {"上个世纪", "上世纪", NULL};
    static const char *const current[] = {"本世纪", "这个世纪", "新世纪", NULL};
    size_t start = c->pos;
    number n;
    if (accept_any(c, previous) >= 0)
        return 20;
    if (accept_any(c, current) >= 0)
        return 21;
    accept(c, "公元");
    if (read_small_number(c, &n) && n.digits <= 2 && n.value >= 1 && n.value <= 99 && accept(c, "世纪"))
        return (int)n.value;
    c->pos = start;
    return 0;
}

/* A decade: 80年代, 八十年代, 1980年代, or two of them: 五六十年代 (1950-
 * 1969, *length 20; else 10).  Sets *first to its first year,
 * within the century when one was read, else in the 1900s (80年代 is the
 * 1980s; 00年代 and 10年代 alone are ambiguous and not read). */
static bool read_decade(cursor *c, int century, int *first, int *length)
{
    size_t start = c->pos;
    number n;
    /* 五六十年代, 七八十年代: two neighbouring decades, twenty years */
    int d1 = chinese_digit(peek(c));
    if (d1 >= 1 && d1 <= 8) {
        advance(c);
        if (chinese_digit(peek(c)) == d1 + 1) {
            advance(c);
            if (accept(c, "十年代")) {
                *first = (century ? (century - 1) * 100 : 1900) + d1 * 10;
                *length = 20;
                return true;
            }
        }
        c->pos = start;
    }
    *length = 10;
    bool read = read_arabic(c, &n) ? (n.digits == 2 || n.digits == 4) : read_chinese_positional(c, &n);
    if (!read || n.value % 10 != 0 || !accept(c, "年代"))
        goto fail;
    if (n.digits == 4 && !century)
        *first = (int)n.value;
    else if (n.digits == 4 || n.value >= 100)
        goto fail;
    else if (century)
        *first = (century - 1) * 100 + (int)n.value;
    else if (n.value >= 20)
        *first = 1900 + (int)n.value;
    else
        goto fail;
    return true;
fail:
    c->pos = start;
    return false;
}

/* Parts of a decade or century, as offsets of their first and last years:
 * 初/初期/前期, 中期/中叶, 末/末期/后期, 上半叶, 下半叶.  The first row is
 * for decades, the second for centuries. */
static bool read_era_part(cursor *c, bool century, int *from, int *to)
{
    static const struct {
        const char *word;
        int span[2][2];
    } parts[] = {
        {"初期", {{0, 2}, {0, 19}}},  {"前期", {{0, 2}, {0, 19}}},   {"初", {{0, 2}, {0, 19}}},
        {"中期", {{4, 6}, {40, 59}}}, {"中叶", {{4, 6}, {40, 59}}},  {"末期", {{7, 9}, {80, 99}}},
        {"后期", {{7, 9}, {80, 99}}}, {"末", {{7, 9}, {80, 99}}},    {"上半叶", {{0, 4}, {0, 49}}},
        {"下半叶", {{5, 9}, {50, 99}}},
    };
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++) {
        if (accept(c, parts[i].word)) {
            *from = parts[i].span[century][0];
            *to = parts[i].span[century][1];
            return true;
        }
    }
    return false;
}

/*
 * Centuries and decades as periods of years, in the popular reading
 * (20世纪 = 1900-1999): 上世纪80年代 → 1980/1989, 二十世纪九十年代末期 →
 * 1997/1999, 11世纪初 → 1000/1019.
 */
static bool parse_era(cursor *c, term *t)
{
    size_t start = c->pos;
    int century = read_century(c), first, length, from, to;
    if (century)
        accept(c, "的");
    if (read_decade(c, century, &first, &length)) {
        /* length 10, or 20 for a pair of decades, which has no parts */
    } else if (century) {
        first = (century - 1) * 100;
        length = 100;
    } else {
        c->pos = start;
        return false;
    }
    if (length == 20 || !read_era_part(c, length == 100, &from, &to))
        from = 0, to = length - 1;
    point a = new_point(GRAIN_YEAR), b = new_point(GRAIN_YEAR);
    a.year = stated(first + from);
    b.year = stated(first + to);
    a.year_derived = b.year_derived = true;
    term_of_span(t, &a, &b, GRAIN_PERIOD);
    return true;
}

/* 今明两年: this year and the next. */
static bool parse_this_and_next_year(cursor *c, term *t)
{
    if (!accept(c, "今明两年"))
        return false;
    point a = new_point(GRAIN_YEAR), b = new_point(GRAIN_YEAR);
    a.year = from_ref(0);
    b.year = from_ref(1);
    c->ref_words++;
    term_of_span(t, &a, &b, GRAIN_YEAR);
    return true;
}

/* 目前, 现在, 当前, 今: the reference day itself, as the end of a range. */
static bool parse_present(cursor *c, term *t)
{
    static const char *const words[] = {"目前", "现在", "当前", "今", NULL};
    if (accept_any(c, words) < 0)
        return false;
    point p = new_point(GRAIN_DAY);
    p.day = from_ref(0);
    term_of_point(t, &p);
    t->kind = TERM_PRESENT;
    return true;
}

/* A number without a unit, which a range end supplies ("1" in 1-5月). */
static bool parse_bare(cursor *c, term *t)
{
    size_t start = c->pos;
    number n;
    if (read_arabic(c, &n)) {
        if (n.digits > 4)
            goto fail;
    } else if (!read_chinese_digits(c, &n) || n.digits < 2 || n.digits > 4) {
        c->pos = start;
        if (!read_chinese_positional(c, &n))
            goto fail;
    }
    t->kind = TERM_BARE;
    t->bare = n;
    return true;
fail:
    c->pos = start;
    return false;
}

/* After a year and nothing finer: an edge (年底), or a bare trailing month
 * ("2019年1" in 2019年1-五月, which only a range end may have).  The year
 * alone is a point too. */
static void parse_year_tail(cursor *c, point *p, term *t)
{
    size_t start = c->pos;
    number n;
    if (!parse_year_edge(c, p, false)) {
        if (read_day_or_month_number(c, &n)) {
            p->month = stated((int)n.value);
            p->grain = GRAIN_MONTH;
            p->bare_tail = GRAIN_MONTH;
        } else {
            c->pos = start;
        }
    }
    term_of_point(t, p);
}

/* 年初/年底 and 月初/月底 without a stated year or month: this year's,
 * this month's. */
static bool parse_bare_edge(cursor *c, point *p, term *t)
{
    if (parse_year_edge(c, p, true)) {
        term_of_point(t, p);
        return true;
    }
    static const char *const months[] = {"月初", "月底", "月末", NULL};
    size_t start = c->pos;
    if (accept_any(c, months) < 0)
        return false;
    c->pos = start;
    p->month = from_ref(0);
    parse_month_edge(c, p);
    term_of_point(t, p);
    return true;
}

/*
 * The calendar form: [year] then one of: 前三季度, a quarter or half (with
 * an edge), a month (with a dekad, edge or day), a day alone ("29日"), or
 * the year's own tail.  Words alone (年底, 月初) count as this year's.
 */
static bool parse_calendar_term(cursor *c, term *t)
{
    size_t start = c->pos;
    point p = new_point(GRAIN_YEAR);
    bool has_year = parse_year(c, &p);
    skip_filler(c);
    if (has_year)
        accept(c, "的"); /* 2021年的第三个月 */
    if (parse_leading_months(c, &p, has_year, t) || (has_year && parse_leading_days(c, &p, t)))
        return true;
    if (parse_quarter(c, &p) || parse_half(c, &p)) {
        parse_quarter_or_half_edge(c, &p);
        term_of_point(t, &p);
        return true;
    }
    if (parse_month(c, &p)) {
        parse_month_tail(c, &p, t);
        return true;
    }
    if (!has_year && parse_day(c, &p, true)) {
        skip_day_trailer(c);
        term_of_point(t, &p);
        return true;
    }
    if (has_year) {
        parse_year_tail(c, &p, t);
        return true;
    }
    if (parse_bare_edge(c, &p, t) || parse_dekad(c, &p, t, true))
        return true;
    c->pos = start;
    return false;
}

/* One term of an expression, trying the forms from the most specific. */
static bool parse_term(cursor *c, term *t)
{
    memset(t, 0, sizeof *t);
    skip_filler(c);
    return parse_relative_day(c, t) || parse_this_and_next_year(c, t) || parse_plan(c, t) ||
           parse_era(c, t) || parse_numeric_term(c, t) || parse_calendar_term(c, t) ||
           parse_present(c, t) || parse_bare(c, t);
}

/* ================================================================ ranges */

/* The most significant unit a point states, to give to a bare number on
 * the other side of a range ("1-5月": 1 is a month). */
static bool stated_unit(const point *p, date_grain *unit)
{
    if (p->year.mode == FM_ABS && !p->year_inherited)
        *unit = GRAIN_YEAR;
    else if (p->quarter.mode == FM_ABS)
        *unit = GRAIN_QUARTER;
    else if (p->month.mode == FM_ABS)
        *unit = GRAIN_MONTH;
    else if (p->day.mode == FM_ABS)
        *unit = GRAIN_DAY;
    else
        return false;
    return true;
}

/* Gives a bare number the unit `unit`; false if it cannot be one. */
static bool bare_as_unit(term *t, date_grain unit)
{
    number n = t->bare;
    point p = new_point(unit);
    switch (unit) {
    case GRAIN_YEAR:
        if (n.digits < 2 && n.value < 1000)
            return false;
        p.year = stated(year_from_digits(n.value, n.digits ? n.digits : 4));
        p.year_short = n.digits == 2 || n.digits == 3;
        break;
    case GRAIN_QUARTER:
        p.quarter = stated((int)n.value);
        break;
    case GRAIN_MONTH:
        p.month = stated((int)n.value);
        break;
    case GRAIN_DAY:
        p.day = stated((int)n.value);
        break;
    default:
        return false;
    }
    if (unit != GRAIN_YEAR && (n.digits > 2 || n.value > 99))
        return false;
    term_of_point(t, &p);
    return true;
}

/* The month a point starts in, for ordering range ends; 0 if not stated. */
static int first_month(const point *p)
{
    if (p->month.mode == FM_ABS)
        return p->month.v;
    if (p->quarter.mode == FM_ABS)
        return p->quarter.v * 3 - 2;
    if (p->grain == GRAIN_HALF)
        return p->half * 6 - 5;
    return 0;
}

/* Moves a point to the next month; a stated December carries into the
 * year (stated or taken from the reference, both by adding to v). */
static void next_month(point *p)
{
    if (p->month.mode == FM_REF) {
        p->month.v += 1;
    } else if (p->month.mode == FM_ABS && ++p->month.v > 12) {
        p->month.v = 1;
        p->year.v += 1;
    }
}

/* A right end that took the left's month or year but falls before the
 * left end is in the following month ("10月28日至3日") or year
 * ("12月至1月", "2023年12月至1月"). */
static void wrap_inherited(point *b, const point *a, bool month_inherited)
{
    int da = a->day.mode == FM_ABS ? a->day.v : 0;
    int db = b->day.mode == FM_ABS ? b->day.v : 0;
    if (month_inherited) {
        if (da && db && db < da)
            next_month(b);
        return;
    }
    int ma = first_month(a), mb = first_month(b);
    if (b->year_inherited && ma && mb && (mb < ma || (mb == ma && da && db && db < da)))
        b->year.v += 1;
}

/* Gives the right end of a range what it leaves unsaid from the left end:
 * the year ("2017年8月11日至8月22日"), the month of a day ("26日至28日"),
 * or the year after (次年). */
static void inherit_from_left(point *b, const point *a)
{
    bool own_reference = b->month.mode == FM_REF || b->quarter.mode == FM_REF || b->day.mode == FM_REF;
    if (b->year_after_left) {
        b->year = a->year.mode == FM_UNSET ? from_ref(0) : a->year;
        b->year.v += 1;
        b->year_after_left = false;
    } else if (b->year.mode == FM_UNSET && !own_reference) {
        /* an unstated year becomes an explicit offset, so that the wrap
         * below survives complete_point() */
        b->year = a->year.mode == FM_UNSET ? from_ref(0) : a->year;
        b->year_short = a->year_short;
        b->year_inherited = true;
    }
    bool month_inherited = b->grain == GRAIN_DAY && b->month.mode == FM_UNSET && b->day.mode == FM_ABS;
    if (month_inherited) {
        b->month = a->month;
        if (a->month.mode == FM_IN_QUARTER)
            b->quarter = a->quarter;
    }
    wrap_inherited(b, a, month_inherited);
}

/* Gives a bare left end the unit and the upper fields of the right end
 * ("1—5月" → months 1 and 5 of the same year). */
static bool complete_bare_left(term *a, const point *b)
{
    date_grain unit;
    if (!stated_unit(b, &unit) || !bare_as_unit(a, unit))
        return false;
    if (unit != GRAIN_YEAR) {
        a->a.year = b->year;
        a->a.year_short = b->year_short;
        if (unit == GRAIN_DAY)
            a->a.month = b->month;
    }
    a->b = a->a;
    return true;
}

/* Gives a bare right end the unit of the left end's finest unit, except
 * that four digits after a stated year are a year ("2008.03-2009"). */
static bool complete_bare_right(term *b, const point *a)
{
    date_grain unit = a->grain;
    if (b->bare.digits == 4 && a->year.mode == FM_ABS)
        unit = GRAIN_YEAR;
    if (!bare_as_unit(b, unit))
        return false;
    /* the unit was guessed, so a number outside it means "not a date"
     * ("1994.01-19"), not an impossible date */
    b->a.bare_tail = b->b.bare_tail = unit;
    return true;
}

/* 次年 or 翌年 alone: the year after the one the text last stated
 * (2019年……次年3月 → 2020-03), an anaphora like 同年.  Only a term whose
 * year is that word, not a span running into another year. */
static bool follow_last_year(cursor *c, term *t)
{
    if (t->kind != TERM_POINT && t->kind != TERM_SPAN)
        return false;
    point *ends[2] = {&t->a, &t->b};
    for (int i = 0; i < 2; i++) {
        if (!ends[i]->year_after_left)
            return false;
        ends[i]->year = from_ref(1);
        ends[i]->year_after_left = false;
    }
    c->anaphora++;
    return true;
}

/* Joins two terms into a range, completing each end from the other. */
static bool join_range(term *a, term *b)
{
    if (a->kind == TERM_PRESENT || (a->kind == TERM_BARE && b->kind == TERM_BARE))
        return false;
    if (a->kind == TERM_BARE && !complete_bare_left(a, &b->a))
        return false;
    if (b->kind == TERM_BARE && !complete_bare_right(b, &a->b))
        return false;
    if (a->a.year_after_left)
        return false;
    inherit_from_left(&b->a, &a->b);
    inherit_from_left(&b->b, &a->b);
    return true;
}

/* ================================================================ expressions */

typedef enum {
    SHAPE_POINT,      /* a.a (a single term, which may be a named span) */
    SHAPE_RANGE,      /* from a.a to b.b */
    SHAPE_OPEN_START, /* up to a.b: "../B" */
    SHAPE_OPEN_END,   /* from a.a on: "A/.." */
} shape;

typedef struct {
    shape shape;
    term a, b;
    bool strict_before; /* 前, 以前, 之前 with no 截至 before: a stated day is excluded */
    bool or_before;     /* 或之前, 及以前: "X or earlier", a condition, not a deadline */
    bool cut_off;       /* 截至, 截止: "as of", the end of a count, not a deadline */
} expr;

typedef enum { PREFIX_NONE, PREFIX_FROM, PREFIX_UNTIL } prefix_kind;

/* 从/自 (a start follows) or 截至/到 (an end follows). */
static prefix_kind parse_prefix(cursor *c, bool *cut_off)
{
    static const char *const froms[] = {"自从", "自", "从", NULL};
    static const char *const cut_offs[] = {"截至到", "截止到", "截止至", "截至", "截止", NULL}; /* "as of" */
    static const char *const untils[] = {"到", "至", NULL};
    skip_filler(c);
    if (accept_any(c, froms) >= 0)
        return PREFIX_FROM;
    *cut_off = accept_any(c, cut_offs) >= 0;
    return *cut_off || accept_any(c, untils) >= 0 ? PREFIX_UNTIL : PREFIX_NONE;
}

/* A range separator, optionally after 起/开始 ("自X起至Y止"). */
static bool parse_range_separator(cursor *c)
{
    static const char *const seps[] = {
        "——", "—", "–", "―", "－", "-", "~", "～", "〜", "至", "到", "迄", NULL};
    static const char *const starts[] = {"起", "开始", NULL};
    size_t start = c->pos;
    skip_filler(c);
    accept_any(c, starts);
    skip_filler(c);
    if (accept_any(c, seps) >= 0)
        return true;
    c->pos = start;
    return false;
}

typedef enum {
    SUFFIX_CONFLICT, /* two suffixes that contradict each other */
    SUFFIX_NONE,
    SUFFIX_IGNORED, /* 左右, 前后, 内, 期间 ... */
    SUFFIX_BEFORE,  /* 前, 以前, 为止: an open start */
    SUFFIX_SINCE,   /* 以来: up to the reference day */
    SUFFIX_ONWARD,  /* 起, 开始, 以后: an open end */
} suffix_kind;

/* Words after an expression and what they do to it. */
/* What a suffix says beyond its kind. */
enum {
    SUFFIX_EXCLUDES_DAY = 1, /* 以前, 之前, 前: "before", which excludes a stated day (strict_before) */
    SUFFIX_OR_EARLIER = 2,   /* 或之前, 及以前: "X or earlier", a condition, not a deadline (or_before) */
};

/* Words after an expression and what they do to it; *flags gets the
 * SUFFIX_* flags of the word read. */
static suffix_kind parse_suffix(cursor *c, int *flags)
{
    enum { X = SUFFIX_EXCLUDES_DAY, O = SUFFIX_OR_EARLIER };
    static const struct {
        const char *word;
        suffix_kind kind;
        int flags;
    } suffixes[] = {
        /* "or before/after" includes the stated unit, as 以前/以后 do */
        {"或之前", SUFFIX_BEFORE, O}, {"或以前", SUFFIX_BEFORE, O}, {"及之前", SUFFIX_BEFORE, O},
        {"及以前", SUFFIX_BEFORE, O}, {"或之后", SUFFIX_ONWARD, 0}, {"或以后", SUFFIX_ONWARD, 0},
        {"及之后", SUFFIX_ONWARD, 0}, {"及以后", SUFFIX_ONWARD, 0},
        {"左右", SUFFIX_IGNORED, 0},  {"前后", SUFFIX_IGNORED, 0},  {"之内", SUFFIX_IGNORED, 0},
        {"以内", SUFFIX_IGNORED, 0},  {"期间", SUFFIX_IGNORED, 0},  {"之间", SUFFIX_IGNORED, 0},
        {"全年", SUFFIX_IGNORED, 0},  {"许", SUFFIX_IGNORED, 0},    {"内", SUFFIX_IGNORED, 0},
        {"以前", SUFFIX_BEFORE, X},   {"之前", SUFFIX_BEFORE, X},   {"为止", SUFFIX_BEFORE, 0},
        {"前", SUFFIX_BEFORE, X},     {"止", SUFFIX_BEFORE, 0},     {"以来", SUFFIX_SINCE, 0},
        {"开始", SUFFIX_ONWARD, 0},   {"以后", SUFFIX_ONWARD, 0},   {"之后", SUFFIX_ONWARD, 0},
        {"起", SUFFIX_ONWARD, 0},
    };
    skip_filler(c);
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (accept(c, suffixes[i].word)) {
            *flags |= suffixes[i].flags;
            return suffixes[i].kind;
        }
    return SUFFIX_NONE;
}

/* Reads the suffixes of an expression (at most a few) and returns the one
 * that gives the shape, or SUFFIX_NONE. */
static suffix_kind parse_suffixes(cursor *c, int *flags)
{
    suffix_kind shaping = SUFFIX_NONE;
    for (int i = 0; i < 3; i++) {
        suffix_kind k = parse_suffix(c, flags);
        if (k == SUFFIX_NONE)
            break;
        if (k != SUFFIX_IGNORED) {
            if (shaping != SUFFIX_NONE && shaping != k)
                return SUFFIX_CONFLICT;
            shaping = k;
        }
    }
    return shaping;
}

/* The reference day as a point: the end of 以来 and 至今. */
static term present_term(void)
{
    term t;
    memset(&t, 0, sizeof t);
    point p = new_point(GRAIN_DAY);
    p.day = from_ref(0);
    term_of_point(&t, &p);
    t.kind = TERM_PRESENT;
    return t;
}

/* Decides the shape from the prefix, the range and the suffix. */
static bool shape_expression(expr *e, prefix_kind prefix, bool ranged, suffix_kind suffix)
{
    if (suffix == SUFFIX_CONFLICT)
        return false;
    if (e->a.kind == TERM_BARE || (!ranged && e->a.kind == TERM_PRESENT && prefix != PREFIX_UNTIL))
        return false;
    if (ranged) {
        e->shape = SHAPE_RANGE;
        return prefix != PREFIX_UNTIL && (suffix == SUFFIX_NONE || suffix == SUFFIX_BEFORE);
    }
    if (prefix == PREFIX_UNTIL || suffix == SUFFIX_BEFORE) {
        e->shape = SHAPE_OPEN_START;
        return prefix != PREFIX_FROM && (suffix == SUFFIX_NONE || suffix == SUFFIX_BEFORE);
    }
    if (suffix == SUFFIX_SINCE) {
        e->shape = SHAPE_RANGE;
        e->b = present_term();
        return true;
    }
    if (prefix == PREFIX_FROM || suffix == SUFFIX_ONWARD) {
        e->shape = SHAPE_OPEN_END;
        return true;
    }
    e->shape = SHAPE_POINT;
    return true;
}

/* "X和Y之间", "X与Y间": a range written as the span between two units.
 * Reads the conjunction, the right end and the closing 之间/间; the cursor
 * stays where it was when any part is missing. */
static bool parse_between(cursor *c, term *b)
{
    static const char *const ands[] = {"和", "与", "跟", "同", "至", "到", NULL};
    static const char *const closes[] = {"之间", "中间", "间", NULL};
    size_t start = c->pos;
    skip_filler(c);
    if (accept_any(c, ands) >= 0 && parse_term(c, b)) {
        skip_filler(c);
        if (accept_any(c, closes) >= 0)
            return true;
    }
    c->pos = start;
    return false;
}

/* "从2016到2018": after 从, two bare four-digit numbers joined by a range
 * separator are years (alone, "2016到2018" may be any two numbers).  When
 * both ends are bare, turns them into years; false when they cannot be
 * (then the text is not a date).  Other ranges are left as they are. */
static bool read_bare_years(term *a, term *b)
{
    if (a->kind != TERM_BARE || b->kind != TERM_BARE)
        return true;
    if (a->bare.digits != 4 || b->bare.digits != 4 || a->bare.chinese || b->bare.chinese)
        return false;
    return bare_as_unit(a, GRAIN_YEAR) && bare_as_unit(b, GRAIN_YEAR);
}

/* Parses the whole input as one expression: [prefix] term [sep term] [suffix]. */
static bool parse_expression(cursor *c, expr *e)
{
    memset(e, 0, sizeof *e);
    prefix_kind prefix = parse_prefix(c, &e->cut_off);
    if (!parse_term(c, &e->a))
        return false;
    bool ranged = parse_between(c, &e->b);
    if (!ranged && parse_range_separator(c)) {
        if (!parse_term(c, &e->b))
            return false;
        ranged = true;
    }
    if (ranged && prefix == PREFIX_FROM && !read_bare_years(&e->a, &e->b))
        return false;
    if (ranged && !join_range(&e->a, &e->b))
        return false;
    int flags = 0;
    suffix_kind suffix = parse_suffixes(c, &flags);
    skip_filler(c);
    if (!at_end(c) || (!ranged && e->a.a.bare_tail == GRAIN_MONTH))
        return false;
    if (e->a.a.year_after_left && !follow_last_year(c, &e->a))
        return false;
    e->strict_before = (flags & SUFFIX_EXCLUDES_DAY) && prefix == PREFIX_NONE;
    e->or_before = flags & SUFFIX_OR_EARLIER;
    return shape_expression(e, prefix, ranged, suffix);
}

/* ================================================================ validation */

/* The shortest February a stated day must fit: 29 unless the year is
 * stated and not leap. */
static int max_day(const point *p)
{
    if (p->month.mode != FM_ABS)
        return 31;
    if (p->month.v == 2 && p->year.mode != FM_ABS)
        return 29;
    return days_in_month(p->year.v, p->month.v);
}

/* True when the stated year, if any, can stand where it stands: within
 * 1..9999, not a short year alone ("15年" is a duration), and a year alone
 * within 1000..2999 ("5000年" is a quantity). */
static bool year_is_plausible(const point *p)
{
    if (p->year.mode != FM_ABS)
        return true;
    if (p->year.v < 1 || p->year.v > 9999)
        return false;
    if (p->grain == GRAIN_YEAR && p->year_short && !p->year_inherited)
        return false;
    return p->grain != GRAIN_YEAR || p->year_derived || (p->year.v >= 1000 && p->year.v <= 2999);
}

/* The unit of a point whose stated value does not exist (13月 → month,
 * 第五季度 → quarter, 2月30日 → day), or GRAIN_YEAR when all exist. */
static date_grain impossible_unit(const point *p)
{
    if (p->month.mode == FM_ABS && (p->month.v < 1 || p->month.v > 12))
        return GRAIN_MONTH;
    if (p->quarter.mode == FM_ABS && (p->quarter.v < 1 || p->quarter.v > 4))
        return GRAIN_QUARTER;
    if (p->day.mode == FM_ABS && (p->day.v < 1 || p->day.v > max_day(p)))
        return GRAIN_DAY;
    return GRAIN_YEAR;
}

/*
 * Checks one point.  An implausible year makes the text not a date; a
 * month, quarter or day that does not exist makes it an invalid date
 * (13月, 第五季度, 2月30日) — unless that number was written without its
 * unit ("今年30" is 今年30岁, "1994.01-19" is no range of months), which
 * again is not a date.
 */
static date_status validate_point(const point *p)
{
    if (!year_is_plausible(p))
        return DATE_NOT_A_DATE;
    date_grain bad = impossible_unit(p);
    if (bad == GRAIN_YEAR)
        return DATE_OK;
    return bad == p->bare_tail ? DATE_NOT_A_DATE : DATE_INVALID;
}

/* Gives unstated fields that the grain needs to the reference: the year
 * always, and the month of a day ("29日" is the 29th of the reference's
 * month). */
static void complete_point(point *p)
{
    if (p->year.mode == FM_UNSET)
        p->year = from_ref(0);
    if (p->grain == GRAIN_DAY && p->month.mode == FM_UNSET)
        p->month = from_ref(0);
}

/* The four points of an expression, for passes over all of them. */
static int expr_points(expr *e, point *pts[4])
{
    pts[0] = &e->a.a;
    pts[1] = &e->a.b;
    if (e->shape != SHAPE_RANGE)
        return 2;
    pts[2] = &e->b.a;
    pts[3] = &e->b.b;
    return 4;
}

/* Validates every point; the worst status wins (not-a-date over invalid). */
static date_status validate_expr(expr *e)
{
    point *pts[4];
    int n = expr_points(e, pts);
    date_status worst = DATE_OK;
    for (int i = 0; i < n; i++) {
        date_status s = validate_point(pts[i]);
        if (s == DATE_NOT_A_DATE)
            return s;
        if (s != DATE_OK)
            worst = s;
    }
    for (int i = 0; i < n; i++)
        complete_point(pts[i]);
    return worst;
}

/* True when a point needs the reference to be placed. */
static bool point_is_relative(const point *p)
{
    return p->year.mode != FM_ABS || p->month.mode == FM_REF || p->month.mode == FM_IN_QUARTER ||
           p->day.mode == FM_REF || p->quarter.mode == FM_REF;
}

/* ================================================================ first and last days */

/* The first day of a point's span, for the closed side of an open range. */
static point first_day_of(point p)
{
    if (p.grain == GRAIN_DAY)
        return p;
    if (p.grain == GRAIN_YEAR)
        p.month = stated(1);
    else if (p.grain == GRAIN_HALF)
        p.month = stated(p.half * 6 - 5);
    else if (p.grain == GRAIN_QUARTER && p.quarter.mode == FM_ABS)
        p.month = stated(p.quarter.v * 3 - 2);
    else if (p.grain == GRAIN_QUARTER)
        p.month = (field){FM_IN_QUARTER, 1};
    p.day = stated(1);
    p.grain = GRAIN_DAY;
    return p;
}

/* The last day of a point's span, for the closed side of an open range. */
static point last_day_of(point p)
{
    if (p.grain == GRAIN_DAY)
        return p;
    if (p.grain == GRAIN_YEAR)
        p.month = stated(12);
    else if (p.grain == GRAIN_HALF)
        p.month = stated(p.half * 6);
    else if (p.grain == GRAIN_QUARTER && p.quarter.mode == FM_ABS)
        p.month = stated(p.quarter.v * 3);
    else if (p.grain == GRAIN_QUARTER)
        p.month = (field){FM_IN_QUARTER, 3};
    p.day = (field){FM_LAST, 0};
    p.grain = GRAIN_DAY;
    return p;
}

/* ================================================================ resolution */

/* A point placed in the calendar. */
typedef struct {
    int year, month, day, quarter;
} placed;

/* The reference date made safe: a year outside 1..9999 makes it unknown,
 * a month or day that does not exist is treated as unknown. */
static bool usable_reference(const civil_date *ref, civil_date *out)
{
    if (!ref || ref->year < 1 || ref->year > 9999)
        return false;
    *out = *ref;
    if (out->month < 1 || out->month > 12)
        out->month = 0, out->day = 0;
    if (out->day < 1 || out->day > days_in_month(out->year, out->month))
        out->day = 0;
    return true;
}

/* Moves the reference by whole days (今天, 昨天). */
static bool place_relative_day(const point *p, const civil_date *ref, placed *out)
{
    if (!ref->month || !ref->day)
        return false;
    long z = days_from_civil(ref->year, ref->month, ref->day) + p->day.v;
    civil_from_days(z, &out->year, &out->month, &out->day);
    return out->year >= 1 && out->year <= 9999;
}

/* Applies the reference to a quarter field (carrying into the year). */
static bool place_quarter(const point *p, const civil_date *ref, placed *out)
{
    if (p->quarter.mode == FM_ABS) {
        out->quarter = p->quarter.v;
    } else if (p->quarter.mode == FM_REF) {
        if (!ref->month)
            return false;
        int index = out->year * 4 + (ref->month - 1) / 3 + p->quarter.v;
        out->year = floor_div(index, 4);
        out->quarter = index - out->year * 4 + 1;
    }
    return true;
}

/* Applies the reference to a month field (carrying into the year). */
static bool place_month(const point *p, const civil_date *ref, placed *out)
{
    if (p->month.mode == FM_ABS) {
        out->month = p->month.v;
    } else if (p->month.mode == FM_IN_QUARTER) {
        out->month = (out->quarter - 1) * 3 + p->month.v;
    } else if (p->month.mode == FM_REF) {
        if (!ref->month)
            return false;
        int index = out->year * 12 + ref->month - 1 + p->month.v;
        out->year = floor_div(index, 12);
        out->month = index - out->year * 12 + 1;
    }
    return true;
}

/* Places a point with the reference; false when it cannot be placed (the
 * reference lacks a needed field, or the day does not exist that year). */
static bool place_point(const point *p, const civil_date *ref, placed *out)
{
    memset(out, 0, sizeof *out);
    if (p->day.mode == FM_REF)
        return place_relative_day(p, ref, out);
    out->year = p->year.mode == FM_ABS ? p->year.v : ref->year + p->year.v;
    if (!place_quarter(p, ref, out) || !place_month(p, ref, out))
        return false;
    if (p->day.mode == FM_LAST)
        out->day = days_in_month(out->year, out->month);
    else if (p->day.mode == FM_ABS)
        out->day = p->day.v;
    if (out->year < 1 || out->year > 9999)
        return false;
    return p->grain != GRAIN_DAY || out->day <= days_in_month(out->year, out->month);
}

/* ================================================================ formatting */

/* A bounded output string that remembers whether it overflowed. */
typedef struct {
    char *buf;
    size_t cap, len;
    bool overflow;
} strbuf;

/* Appends formatted text; on overflow the buffer keeps what fitted. */
static void sb_printf(strbuf *sb, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sb->buf + sb->len, sb->cap - sb->len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sb->cap - sb->len) {
        sb->overflow = true;
        sb->len = sb->cap - 1;
    } else {
        sb->len += (size_t)n;
    }
}

/* The day of a point as stated: the last day is written out when the
 * month (and for February the year) is stated, else XX. */
static void put_stated_day(strbuf *sb, const point *p)
{
    if (p->day.mode == FM_ABS) {
        sb_printf(sb, "-%02d", p->day.v);
    } else if (p->day.mode == FM_LAST && p->month.mode == FM_ABS &&
               (p->year.mode == FM_ABS || p->month.v != 2)) {
        sb_printf(sb, "-%02d", days_in_month(p->year.mode == FM_ABS ? p->year.v : 2001, p->month.v));
    } else {
        sb_printf(sb, "-XX");
    }
}

/* Writes a point as the text states it, with X for what the reference
 * supplies. */
static void put_stated(strbuf *sb, const point *p)
{
    bool by_day = p->day.mode == FM_REF;
    if (p->year.mode == FM_ABS && !by_day)
        sb_printf(sb, "%04d", p->year.v);
    else
        sb_printf(sb, "XXXX");
    switch (p->grain) {
    case GRAIN_HALF:
        sb_printf(sb, "-H%d", p->half);
        break;
    case GRAIN_QUARTER:
        if (p->quarter.mode == FM_ABS)
            sb_printf(sb, "-Q%d", p->quarter.v);
        else
            sb_printf(sb, "-QX");
        break;
    case GRAIN_MONTH:
    case GRAIN_DAY:
        if (p->month.mode == FM_ABS && !by_day)
            sb_printf(sb, "-%02d", p->month.v);
        else
            sb_printf(sb, "-XX");
        if (p->grain == GRAIN_DAY)
            put_stated_day(sb, p);
        break;
    default:
        break;
    }
}

/* Writes a placed point at its grain. */
static void put_placed(strbuf *sb, const point *p, const placed *q)
{
    sb_printf(sb, "%04d", q->year);
    switch (p->grain) {
    case GRAIN_HALF:
        sb_printf(sb, "-H%d", p->half);
        break;
    case GRAIN_QUARTER:
        sb_printf(sb, "-Q%d", q->quarter);
        break;
    case GRAIN_MONTH:
        sb_printf(sb, "-%02d", q->month);
        break;
    case GRAIN_DAY:
        sb_printf(sb, "-%02d-%02d", q->month, q->day);
        break;
    default:
        break;
    }
}

/* The one or two points an expression writes, and the separators. */
typedef struct {
    point first, last;
    int count;          /* 1 or 2 */
    const char *before; /* "../" or "" */
    const char *after;  /* "/.." or "" */
} rendering;

/* The day before a stated day: 2016年1月1日之前 ends on 2015-12-31,
 * 本月1日之前 on the last day of the month before, 今天之前 yesterday.
 * False when the day has no day before it that can be written. */
static bool day_before(point *p)
{
    if (p->day.mode == FM_REF) {
        p->day.v -= 1;
        return true;
    }
    if (p->day.mode != FM_ABS)
        return false;
    if (p->day.v > 1) {
        p->day.v -= 1;
        return true;
    }
    if (p->month.mode == FM_REF) {
        p->month.v -= 1;
    } else if (p->month.mode == FM_ABS && p->month.v > 1) {
        p->month.v -= 1;
    } else if (p->month.mode == FM_ABS && (p->year.mode == FM_ABS || p->year.mode == FM_REF)) {
        p->month.v = 12;
        p->year.v -= 1;
    } else {
        return false;
    }
    p->day = (field){FM_LAST, 0};
    return true;
}

/* Chooses what to write for each shape: open ranges write the day their
 * closed side stops or starts on.  "Before" a stated day (之前, 以前, 前)
 * names the moment that day begins, so the day itself is excluded; before
 * a month or a year the unit is included, as deadlines are written
 * (年底前, 2030年前). */
static rendering render_plan(const expr *e)
{
    rendering r = {e->a.a, e->a.b, 2, "", ""};
    switch (e->shape) {
    case SHAPE_POINT:
        r.count = e->a.kind == TERM_SPAN ? 2 : 1;
        break;
    case SHAPE_RANGE:
        r.last = e->b.b;
        break;
    case SHAPE_OPEN_START:
        r.first = last_day_of(e->a.b);
        if (e->strict_before && e->a.kind == TERM_POINT && e->a.b.grain == GRAIN_DAY && !e->a.b.day_edge) {
            point before = r.first;
            if (day_before(&before))
                r.first = before;
        }
        r.count = 1;
        r.before = "../";
        break;
    case SHAPE_OPEN_END:
        r.first = first_day_of(e->a.a);
        r.count = 1;
        r.after = "/..";
        break;
    }
    return r;
}

/* Writes the stated value of an expression. */
static bool write_stated(const rendering *r, char *buf, size_t cap)
{
    strbuf sb = {buf, cap, 0, false};
    buf[0] = '\0';
    sb_printf(&sb, "%s", r->before);
    put_stated(&sb, &r->first);
    if (r->count == 2) {
        sb_printf(&sb, "/");
        put_stated(&sb, &r->last);
    }
    sb_printf(&sb, "%s", r->after);
    return !sb.overflow;
}

/* The day numbers of the first and last days of a point's span. */
static bool point_bounds(const point *p, const civil_date *ref, long *from, long *to)
{
    placed a, b;
    point first = first_day_of(*p), last = last_day_of(*p);
    if (!place_point(&first, ref, &a) || !place_point(&last, ref, &b))
        return false;
    *from = days_from_civil(a.year, a.month, a.day);
    *to = days_from_civil(b.year, b.month, b.day);
    return true;
}

/* A range must not end before it starts ("2025年至2023年"). */
static bool range_in_order(const rendering *r, const civil_date *ref)
{
    long a0, a1, b0, b1;
    if (r->count != 2)
        return true;
    if (!point_bounds(&r->first, ref, &a0, &a1) || !point_bounds(&r->last, ref, &b0, &b1))
        return false;
    return a0 <= b1;
}

/* Writes the value with the reference applied; false when a point cannot
 * be placed or a range would end before it starts. */
static bool write_resolved(const rendering *r, const civil_date *ref, char *buf, size_t cap)
{
    strbuf sb = {buf, cap, 0, false};
    placed first, last;
    buf[0] = '\0';
    if (!place_point(&r->first, ref, &first) || !range_in_order(r, ref))
        return false;
    if (r->count == 2 && !place_point(&r->last, ref, &last))
        return false;
    sb_printf(&sb, "%s", r->before);
    put_placed(&sb, &r->first, &first);
    if (r->count == 2) {
        sb_printf(&sb, "/");
        put_placed(&sb, &r->last, &last);
    }
    sb_printf(&sb, "%s", r->after);
    return !sb.overflow;
}

/* True when a point is 29 February of the reference's year (the caller
 * checks that no word such as 今年 stated that year). */
static bool unstated_leap_day(const point *p)
{
    return p->year.mode != FM_ABS && p->year.v == 0 && p->month.mode == FM_ABS && p->month.v == 2 &&
           p->day.mode == FM_ABS && p->day.v == 29;
}

/* "2月29日" with a reference in a common year: the writer means the 29
 * February nearest the reference (2016 or 2020 for a reference in 2018,
 * whichever is fewer days away; the earlier on a tie).  The whole
 * expression moves with it ("2月29日-3月1日" → 2016-02-29/2016-03-01). */
static bool write_in_leap_year(const rendering *r, const civil_date *ref, char *buf, size_t cap)
{
    if (!unstated_leap_day(&r->first) && !(r->count == 2 && unstated_leap_day(&r->last)))
        return false;
    if (is_leap_year(ref->year))
        return false;
    int before = ref->year - 1, after = ref->year + 1;
    while (!is_leap_year(before))
        before--;
    while (!is_leap_year(after))
        after++;
    long today = days_from_civil(ref->year, ref->month ? ref->month : 7, ref->day ? ref->day : 1);
    long to_before = today - days_from_civil(before, 2, 29), to_after = days_from_civil(after, 2, 29) - today;
    civil_date moved = *ref; /* a common year's reference is never 29 February */
    moved.year = to_before <= to_after ? before : after;
    return moved.year >= 1 && write_resolved(r, &moved, buf, cap);
}

/* A deadline after the reference ("2025年前", "年底前", "到2030年" in an
 * article of 2024): the text speaks of the time from its writing up to
 * the deadline, so `resolved` starts on the reference day
 * (2024-10-28/2025-12-31).  A deadline already past when the text was
 * written ("2015年前，这里…") stays open, and so do "X or earlier"
 * (2025年或之前, 及以前), a condition rather than a deadline, and "as
 * of" (截至2025年底), which ends a count (截至9月底，全市…) and says
 * nothing of when it starts.  Needs a reference day. */
static void start_deadline_at_reference(const expr *e, const rendering *r, const civil_date *ref, char *buf,
                                        size_t cap)
{
    placed end;
    if (e->shape != SHAPE_OPEN_START || e->or_before || e->cut_off || e->a.kind == TERM_PRESENT || !ref->month ||
        !ref->day || !place_point(&r->first, ref, &end))
        return;
    if (days_from_civil(end.year, end.month, end.day) <= days_from_civil(ref->year, ref->month, ref->day))
        return;
    rendering closed = *r;
    closed.before = "";
    closed.count = 2;
    closed.last = r->first;
    closed.first = new_point(GRAIN_DAY);
    closed.first.year = stated(ref->year);
    closed.first.month = stated(ref->month);
    closed.first.day = stated(ref->day);
    char tmp[DATE_VALUE_MAX]; /* write_resolved clears its buffer when it fails */
    if (cap <= sizeof tmp && write_resolved(&closed, ref, tmp, cap))
        memcpy(buf, tmp, cap);
}

/* The grain of an expression: a point's own grain; a range stated from
 * unit to unit has the unit of its ends when both share it; named spans
 * (plans, dekads), mixed ranges, ranges up to the present (以来, 至今)
 * and open ranges are periods. */
static date_grain expr_grain(const expr *e)
{
    switch (e->shape) {
    case SHAPE_POINT:
        return e->a.grain;
    case SHAPE_RANGE:
        if (e->a.kind == TERM_SPAN || e->b.kind == TERM_SPAN || e->b.kind == TERM_PRESENT ||
            e->a.grain != e->b.grain)
            return GRAIN_PERIOD;
        return e->a.grain;
    default:
        return GRAIN_PERIOD;
    }
}

/* True when any written point needs the reference. */
static bool rendering_is_relative(const rendering *r)
{
    return point_is_relative(&r->first) || (r->count == 2 && point_is_relative(&r->last));
}

/* An absolute range must not end before it starts; relative ranges are
 * checked when they are resolved. */
static bool absolute_order_ok(const rendering *r)
{
    civil_date none = {0, 0, 0};
    return rendering_is_relative(r) || range_in_order(r, &none);
}

/* ================================================================ public API */

date_status date_parse(const char *text, size_t len, const civil_date *ref, date_value *out)
{
    return date_parse_anchored(text, len, ref, NULL, out);
}

date_status date_parse_anchored(const char *text, size_t len, const civil_date *ref, const civil_date *anchor,
                                date_value *out)
{
    if (!out)
        return DATE_NOT_A_DATE;
    memset(out, 0, sizeof *out);
    out->grain = GRAIN_PERIOD;
    if (!text)
        return DATE_NOT_A_DATE;
    cursor c = {(const unsigned char *)text, len, 0, (size_t)-1, 0, 0};
    expr e;
    if (!parse_expression(&c, &e))
        return DATE_NOT_A_DATE;
    date_status st = validate_expr(&e);
    if (st != DATE_OK)
        return st;
    rendering r = render_plan(&e);
    if (!absolute_order_ok(&r))
        return DATE_INVALID;
    if (!write_stated(&r, out->value, sizeof out->value)) {
        out->value[0] = '\0';
        return DATE_NOT_A_DATE;
    }
    out->grain = expr_grain(&e);
    out->relative = rendering_is_relative(&r);
    /* 同年, 当月: placed on the date the text last stated (anchor), else on
     * the reference; mixed with words of the reference (同年至今, 当月
     * 与上月) there is no one date to place it on: left unresolved. */
    const civil_date *base = ref;
    if (c.anaphora)
        base = c.ref_words || e.a.kind == TERM_PRESENT || e.b.kind == TERM_PRESENT ? NULL
               : anchor && anchor->year                                          ? anchor
                                                                                 : ref;
    civil_date usable;
    bool have_ref = usable_reference(base, &usable);
    if (!out->relative)
        memcpy(out->resolved, out->value, sizeof out->value);
    else if (!have_ref || !(write_resolved(&r, &usable, out->resolved, sizeof out->resolved) ||
                          (!c.ref_words && !c.anaphora &&
                           write_in_leap_year(&r, &usable, out->resolved, sizeof out->resolved))))
        out->resolved[0] = '\0';
    if (have_ref && base == ref && out->resolved[0])
        start_deadline_at_reference(&e, &r, &usable, out->resolved, sizeof out->resolved);
    return DATE_OK;
}

const char *date_grain_name(date_grain g)
{
    switch (g) {
    case GRAIN_DAY: return "day";
    case GRAIN_MONTH: return "month";
    case GRAIN_QUARTER: return "quarter";
    case GRAIN_HALF: return "half";
    case GRAIN_YEAR: return "year";
    case GRAIN_PERIOD: return "period";
    }
    return "unknown";
}

bool civil_date_parse_iso(const char *s, civil_date *out)
{
    if (!s || !out)
        return false;
    cursor c = {(const unsigned char *)s, strlen(s), 0, (size_t)-1, 0, 0};
    number y, m, d;
    if (!read_arabic(&c, &y) || y.digits != 4 || !accept(&c, "-") || !read_arabic(&c, &m) ||
        m.digits > 2 || !accept(&c, "-") || !read_arabic(&c, &d) || d.digits > 2 || !at_end(&c))
        return false;
    if (y.value < 1 || d.value < 1 || d.value > days_in_month((int)y.value, (int)m.value))
        return false;
    *out = (civil_date){(int)y.value, (int)m.value, (int)d.value};
    return true;
}

/* ================================================================ reference */

/* A complete stated date at the cursor: Y年M月D日 or a numeric date. */
static bool parse_full_date(cursor *c, civil_date *out)
{
    size_t start = c->pos;
    point p = new_point(GRAIN_YEAR);
    bool ok = parse_numeric_date(c, &p);
    if (!ok && parse_absolute_year(c, &p)) {
        skip_filler(c);
        if (parse_month(c, &p)) {
            skip_filler(c);
            ok = parse_day(c, &p, true);
        }
    }
    if (!ok || p.grain != GRAIN_DAY || p.year.mode != FM_ABS || p.month.mode != FM_ABS ||
        p.year_short || validate_point(&p) != DATE_OK) {
        c->pos = start;
        return false;
    }
    *out = (civil_date){p.year.v, p.month.v, p.day.v};
    return true;
}

/* Skips the blanks and Markdown marks that may open a header line. */
static void skip_line_opening(cursor *c)
{
    for (;;) {
        int32_t cp = peek(c);
        if (is_space(cp) || cp == 0xFEFF || cp == '#' || cp == '*' || cp == '>' || cp == '-' || cp == '_')
            advance(c);
        else
            return;
    }
}

/* ASCII case-insensitive match of a label. */
static bool accept_nocase(cursor *c, const char *lit)
{
    size_t n = strlen(lit);
    if (c->len - c->pos < n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char a = c->s[c->pos + i], b = (unsigned char)lit[i];
        if (a >= 'A' && a <= 'Z')
            a = (unsigned char)(a - 'A' + 'a');
        if (a != b)
            return false;
    }
    c->pos += n;
    return true;
}

/* "date: 2024-10-28", "日期：2024年10月28日", "发布时间：…" header lines. */
static bool match_header_line(cursor *c, civil_date *out)
{
    static const char *const labels[] = {
        "date", "pubdate", "published", "发布日期", "发布时间", "发稿时间", "发表时间",
        "出版日期", "日期", "时间", NULL};
    size_t start = c->pos;
    for (int i = 0; labels[i]; i++) {
        c->pos = start;
        if (!accept_nocase(c, labels[i]))
            continue;
        skip_filler(c);
        if (!accept(c, ":") && !accept(c, "："))
            continue;
        skip_filler(c);
        if (parse_full_date(c, out))
            return true;
    }
    c->pos = start;
    return false;
}

/* What may follow a dateline's date at the start of a line: punctuation,
 * a space, a weekday, 电/讯, or the end of the line. */
static bool dateline_follows(const cursor *c)
{
    int32_t cp = peek(c);
    switch (cp) {
    case CP_END: case '\n': case '\r': case ' ': case '\t': case 0x3000: case ',': case 0xFF0C:
    case '(': case 0xFF08: case 0x7535: /* 电 */ case 0x8BAF: /* 讯 */ case 0x661F: /* 星 */
    case 0x5468: /* 周 */ case 0x3001: /* 、 */
        return true;
    default:
        return false;
    }
}

/* At the start of a line: a header line, or a date that opens the line
 * ("2024年10月28日，记者…"). */
static bool match_line_start(cursor *c, civil_date *out)
{
    size_t start = c->pos;
    skip_line_opening(c);
    if (match_header_line(c, out))
        return true;
    if (parse_full_date(c, out) && dateline_follows(c))
        return true;
    c->pos = start;
    return false;
}

/* Anywhere: a wire dateline "新华社北京2024年10月28日电" — a full date
 * immediately followed by 电 or 讯, not inside a longer number. */
static bool match_wire_dateline(cursor *c, civil_date *out, int32_t previous)
{
    size_t start = c->pos;
    if (arabic_digit(previous) >= 0 || chinese_digit(previous) >= 0)
        return false;
    if (parse_full_date(c, out) && (accept(c, "电") || accept(c, "讯")))
        return true;
    c->pos = start;
    return false;
}

bool date_find_reference(const char *text, size_t len, size_t window, civil_date *out)
{
    if (!text || !out)
        return false;
    cursor c = {(const unsigned char *)text, len < window ? len : window, 0, (size_t)-1, 0, 0};
    int32_t previous = '\n';
    while (!at_end(&c)) {
        size_t here = c.pos;
        if (previous == '\n' && match_line_start(&c, out))
            return true;
        c.pos = here;
        int32_t cp = peek(&c);
        if ((arabic_digit(cp) >= 0 || chinese_digit(cp) >= 0) && match_wire_dateline(&c, out, previous))
            return true;
        c.pos = here;
        advance(&c);
        previous = cp;
    }
    return false;
}
