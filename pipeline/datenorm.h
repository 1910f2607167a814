/*
 * datenorm.h — normalising Chinese date expressions against a reference date.
 *
 * The date rules (rules/dates.rules) find where a date expression stands;
 * this module reads the expression's text and says what period of the
 * calendar it denotes: "2019年5月" → 2019-05 (month), "今年前三季度" →
 * XXXX-01/XXXX-09 (relative) and, with a reference date in 2024,
 * 2024-01/2024-09.
 *
 * Value syntax (ISO-8601-like, stating only what the text states):
 *   YYYY, YYYY-MM, YYYY-MM-DD          a year, month or day
 *   XXXX-MM-DD, XXXX-MM                year not stated in the text
 *   YYYY-Qn, YYYY-Hn                   quarter, half year
 *   A/B                                a closed range of the above
 *                                      ("2021-07/2022-10", "2024-01/2024-09")
 *   ../B                               an open start ("截至9月底" → ../XXXX-09-30)
 *   A/..                               an open end ("自2024年1月1日起" → 2024-01-01/..)
 * Relative expressions (今年, 去年10月下旬, 年底前) put XXXX where the year
 * depends on the reference; `resolved` holds the same with the reference
 * applied.  Months' last days honour leap years.
 *
 * Conventions (each decided here once; tests/unit/test_datenorm.c checks them):
 *
 * X marks every field the reference supplies, not only the year:
 *   本月 → XXXX-XX, 本月9日 / 29日 → XXXX-XX-09 / XXXX-XX-29, 上季度 → XXXX-QX,
 *   今天 / 昨天 → XXXX-XX-XX, 月底 → XXXX-XX-XX.  The value keeps the shape
 *   of the text; offsets (去年 = -1, 上月 = -1) live only in `resolved`, so
 *   去年12月 and 今年12月 share the value XXXX-12.  The last day of February
 *   in a year the text does not state is XX too (2月下旬 → XXXX-02-21/XXXX-02-XX;
 *   resolved ...-02-29 in 2024, ...-02-28 in 2023).
 * relative is true when any X appears; then `resolved` is the value placed
 *   with the reference, or "" when ref is NULL, its year is 0 (or outside
 *   1..9999), it lacks a month/day the expression needs (上月 with a
 *   reference of year only), or the placed day does not exist (31日 with a
 *   reference in November; 今年2月29日 in 2023).  2月29日 with no year
 *   stated and a reference in a common year is the 29 February nearest the
 *   reference (2024-02-29 for a reference of 2023-03-15).  An absolute
 *   expression has relative false and resolved == value, with or without
 *   a reference, except for a deadline after the reference (below).
 * Unstated fields are the reference's: a bare month or day ("12月", "29日")
 *   takes the reference's year (and month); 去年/明年/上月 are calendar
 *   arithmetic on the reference (去年12月 with a reference in January 2025
 *   → 2024-12; 上月 in January → December of the year before).
 * Grain: a single unit has its own grain (一季度 quarter, 上半年 half).
 *   A range stated from unit to unit has the unit of its ends when both
 *   share it (2023年至2025年 → year, 2018年2月26日至28日 → day, 1-5月 →
 *   month), period when they differ or end at the present (2019年至今,
 *   3月20日以来).  前三季度 / 前5个月 are
 *   written as months (XXXX-01/XXXX-09) and have grain month.  Named spans
 *   are periods: five-year plans (十四五 → 2021/2025), dekads (9月上旬 →
 *   XXXX-09-01/XXXX-09-10), and every open range.
 * Edges are one grain finer than their unit: 年初 → YYYY-01 and 年底/年末
 *   → YYYY-12 (month); 一季度末 → YYYY-03, 上半年末 → YYYY-06 (month);
 *   9月初 → YYYY-09-01 and 9月底/9月末 → YYYY-09-30 (day); 十四五末 /
 *   "十四五"期末 → 2025 and 十四五初 → 2021 (year).  上旬/中旬/下旬 are
 *   days 1-10, 11-20 and 21 to the month's end (月中 = 中旬, 上中旬 = 1-20,
 *   中下旬 = 11-end).
 * Open ranges write their closed side as a day: the last day of the stated
 *   unit for an end (截至2023年 → ../2023-12-31, 年底前 → ../XXXX-12-31,
 *   2025年前 → ../2025-12-31) and the first day for a start (自2024年起 →
 *   2024-01-01/..).  "Before" a stated day (前, 以前, 之前) names the
 *   moment that day begins and excludes it (2016年1月1日之前 →
 *   ../2015-12-31, 12月1日前 → ../XXXX-11-30); before a month, a year or
 *   an edge of a month the unit is included, as deadlines are written
 *   (年底前, 2030年前, 9月底前); "after" includes the stated unit
 *   (2016年1月1日之后 → 2016-01-01/..).
 * Deadlines: an open end (前, 之前, 以前, 到, 至, 为止) that falls after
 *   the reference day is resolved from the reference day: the text speaks
 *   of the time from its writing to the deadline (2025年前 with a reference
 *   of 2024-10-28 → value ../2025-12-31, resolved 2024-10-28/2025-12-31).
 *   Not 截至/截止 ("as of" ends a count), nor 或之前/及以前 (a condition),
 *   nor a deadline already past (2015年前 stays ../2015-12-31).  Ends: 截至, 截止, 截至到, 截止到, 到, 至 before, or
 *   前, 以前, 之前, 为止 after.  Starts: 起, 开始, 以后, 之后 after, or 从/自
 *   before without an end.  "Or before/after" (或之前, 或以前, 及以前, 及之前;
 *   或之后, 或以后, 及以后, 及之后) is the same, the stated unit included:
 *   2015年1月1日或之后 → 2015-01-01/.., 2013年及以前 → ../2013-12-31.
 * The present: 截至目前 / 至今 → ../XXXX-XX-XX (resolved ../<reference day>);
 *   X以来 and X至今 both mean "from X up to now" and are closed ranges
 *   ending on the reference day: 2019年以来 → 2019/XXXX-XX-XX (relative,
 *   resolved 2019/2024-10-28); 今年以来 → XXXX/XXXX-XX-XX.  目前, 现在 and
 *   当前 alone are not dates; 今天/今日/昨天/明天/前天/后天 are days.
 * Ranges complete each end from the other: 2018年2月26日至28日 (year and
 *   month to the right end), 1-5月 (unit and year to the left end), 2023—
 *   2025年; a right end that inherits the month or year but would fall
 *   before the left end is in the next month or year (10月28日至3日 →
 *   XXXX-10-28/XXXX-11-03, 2023年12月至1月 → 2023-12/2024-01), and 次年/
 *   翌年 on the right is the year after the left end.  A unit-less end
 *   takes its unit from the other end (1-5月, 2008.03-2009); when that
 *   borrowed unit does not fit (1994.01-19) the text is not a date.  A
 *   range may also be written as the span between two units: X和Y之间,
 *   X与Y间 (2015年和2018年之间 → 2015/2018).  After 从, two four-digit
 *   numbers without 年 are years (从2016到2018 → 2016/2018); alone
 *   ("2016到2018") they may be any numbers.  A stated range that ends
 *   before it starts (2025年至2023年) is DATE_INVALID.
 * Five-year plans: plan n covers 1953 (n = 1), 1958 (n = 2), else
 *   1966 + 5(n-3), to that year + 4 (十四五 2021-2025, 十五 2001-2005).
 *   Names below 十一五 are also plain numbers (十五, 三五), so they need
 *   quotation marks or a suffix (时期, 期间, 末, 期末 ...); 第十四个五年规划
 *   is read too.
 * Centuries and decades are periods of years in the popular reading
 *   (20世纪 = 1900-1999): 上世纪80年代 → 1980/1989, 九十年代 → 1990/1999
 *   (a decade without a century is in the 1900s; 00年代 and 10年代 alone
 *   are not read), 七八十年代 → 1970/1989 (two neighbouring decades, which
 *   have no parts), 20世纪90年代末期 → 1997/1999 (初/前期 and 末/后期 are the
 *   first and last three years of a decade, the first and last two
 *   decades of a century; 中期 the middle).  上世纪 is taken as the 20th
 *   and 本世纪/新世纪 as the 21st century, as in text of this century.
 * Years: four digits, digit-by-digit Chinese (二〇二三) or 两千零四.  Two-
 *   and three-digit years ("98年4月", "19年底") are read only with a finer
 *   unit, since "15年" alone is a duration, unless a zero leads them
 *   ("08年", "零八年" are years); two digits take a fixed century (00-29
 *   → 2000s, 30-99 → 1900s) so the value never depends on the reference.
 *   A year alone must lie in 1000..2999 ("5000年" is not a date); any year
 *   must lie in 1..9999 (99999999年 is not a date).  民国N年 is 1911 + N (民国元年 1912);
 *   other era names (康熙三年) are not read.
 * Relative words: years 今年 本年 年内 去年 上年 明年 来年 下年 前年 后年
 *   大前年 大后年 (今明两年 → XXXX/XXXX); months 本月 上月 下月 (上个月 ...);
 *   上上个月 下下个月, 今个月 (Cantonese); quarters 本季度 上季度 下季度
 *   上上个季度 下下个季度; days 今天 今日 本日 昨天 明天 前天 后天 大前天
 *   大后天 大大前天 大大后天, 寻日 听日 (Cantonese yesterday, tomorrow).
 *   前N个月 / 前三季度 need no year (news statistics count from January),
 *   后N个月 does (后三个月 alone means "the next three").  前N天 after a
 *   month or a year is its first N days (这个月前两天 → XXXX-XX-01/
 *   XXXX-XX-02, 去年的前10天 → XXXX-01-01/XXXX-01-10, grain day; N at most
 *   31); alone, 前两天 is "two days ago" and not read.
 * Anaphora: 同年, 这一年, 该年, 当月, 同月 are relative like 今年 and
 *   本月, placed by date_parse_anchored (below) on the last date the
 *   text stated; 次年 and 翌年 alone are the year after it (2019年……次年
 *   3月 → 2020-03); in a range they are the year after its left end.
 * Not dates (DATE_NOT_A_DATE): 当年 ("back then" as often as "that
 *   year"), 同期, weeks, holidays, lunar dates, clock times alone,
 *   numbers without a date unit (5G, 136亿元).  Invalid (DATE_INVALID):
 *   a structurally fine date that does not exist (13月, 2月30日,
 *   2023年2月29日, 第五季度, 32日).
 * Accepted around the date and ignored: spaces, quotation marks, a weekday
 *   or time of day after a day ("10月28日（星期一）上午10时"), 左右, 前后,
 *   许, 内, 以内, 全年, 期间, 之间.  Numeric forms: 2024-10-28, 2024/10/28,
 *   2024.9.6, 2024-10, "7·20" (XXXX-07-20), and eight digits when they
 *   make a real date (20240307; 13812345678 and 20241332 are not dates),
 *   and 2010 01 29 (single spaces, two-digit month and day).  Day and
 *   month before the year (13.5.2015, 10/31/1974, 31-12-2023, and with
 *   "/" two-digit years: 3/3/15): a second number above 12 is the day
 *   (10/31/1974); otherwise the day comes first (1/2/2020 → 2020-02-01),
 *   as in Hong Kong and Macau, the places writing Chinese that put the
 *   year last.  Month/day without a year (2/15, 12/1) is not read:
 *   it is also how fractions are written.
 *
 * date_find_reference() accepts, in the first `window` bytes and taking the
 * earliest: a header line "date: 2024-10-28" / "日期：2024年10月28日" (also
 * 发布日期, 发布时间, 时间, pubdate, published); a line that opens with a
 * complete date followed by punctuation, a space, a weekday or the line's
 * end ("2024年10月28日，记者…"); and a wire dateline anywhere whose date
 * is complete and is followed by 电/讯 ("新华社北京2024年10月28日电").  A
 * dateline without a year ("新华社北京10月28日电") gives nothing.
 *
 * Input may be any bytes: nothing at or past len is read, invalid UTF-8
 * never matches, absurd numbers saturate.  Output strings are always
 * NUL-terminated within DATE_VALUE_MAX; on any status other than DATE_OK
 * both are "".
 *
 * Pure functions, no allocation, thread-safe.
 */
#ifndef ZHPIPE_DATENORM_H
#define ZHPIPE_DATENORM_H

#include <stdbool.h>
#include <stddef.h>

/* A calendar date; fields that are unknown are 0. */
typedef struct {
    int year, month, day;
} civil_date;

typedef enum {
    GRAIN_DAY,
    GRAIN_MONTH,
    GRAIN_QUARTER,
    GRAIN_HALF,
    GRAIN_YEAR,
    GRAIN_PERIOD, /* a plan period, a span of parts of months, an open range */
} date_grain;

typedef enum {
    DATE_OK = 0,
    DATE_NOT_A_DATE, /* the text is not a date expression this module reads */
    DATE_INVALID,    /* a date that does not exist: 2月30日, 13月 */
} date_status;

#define DATE_VALUE_MAX 48

typedef struct {
    char value[DATE_VALUE_MAX];    /* as stated, see the syntax above */
    char resolved[DATE_VALUE_MAX]; /* anchored on the reference; "" if unknown */
    date_grain grain;
    bool relative;                 /* needs a reference date to be placed */
} date_value;

/*
 * Normalises the whole of text[0..len) (UTF-8, simplified, width-folded
 * by the normaliser) as one date expression.  ref may be NULL or have
 * year 0 when no reference date is known: then relative expressions get
 * an empty `resolved`.
 */
date_status date_parse(const char *text, size_t len, const civil_date *ref, date_value *out);

/*
 * The same, for an expression inside an article: `anchor` is the last date
 * the article stated before it (its year, and month when it had one; NULL
 * or year 0 when none).  The words that point back at it — 同年, 这一年,
 * 该年 (the year) and 当月, 同月 (the month) — are placed on the anchor
 * instead of the reference (2019年……同年10月 → 2019-10), on the reference
 * when there is no anchor, and left unresolved when the expression also
 * names a time relative to the reference (同年至今).  次年 and 翌年 alone
 * are the year after the anchor's.  Their value keeps
 * X like any relative expression (同年10月 → XXXX-10).
 */
date_status date_parse_anchored(const char *text, size_t len, const civil_date *ref, const civil_date *anchor,
                                date_value *out);

const char *date_grain_name(date_grain g);

/* Days in a month of the proleptic Gregorian calendar (leap years honoured). */
int days_in_month(int year, int month);

/*
 * Finds the article's own date near its start: a dateline such as
 * "2024年10月28日，记者…" or "新华社北京10月28日电" with a year, or a
 * "date: 2024-10-28" / "日期：2024年10月28日" header line.  Looks at the
 * first `window` bytes only.  Returns true and fills *out when found.
 */
bool date_find_reference(const char *text, size_t len, size_t window, civil_date *out);

/* Parses "YYYY-MM-DD" (the --ref-date option); false if malformed or invalid. */
bool civil_date_parse_iso(const char *s, civil_date *out);

#endif
