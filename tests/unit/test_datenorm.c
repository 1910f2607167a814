/*
 * test_datenorm.c — unit tests of pipeline/datenorm.c.
 *
 * The main test is a table: input, reference date, expected status, value,
 * resolved value, grain and relative flag.  Every input is copied into a
 * heap buffer of exactly its length (no NUL after it), so that a read past
 * `len` shows up under AddressSanitizer.  Further tests cover the
 * reference-date finder, the small calendar helpers, hostile bytes and a
 * deterministic fuzz loop.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "datenorm.h"

/* Reference dates used by the table. */
#define NOREF {0, 0, 0}
#define R {2024, 10, 28}        /* the default: an ordinary autumn day of a leap year */
#define JAN25 {2025, 1, 10}     /* January: 去年/上月 cross the year */
#define DEC24 {2024, 12, 31}    /* New Year's Eve: 明年/下月 cross the year */
#define MAR24 {2024, 3, 1}      /* just after a leap day */
#define MAR23 {2023, 3, 15}     /* just after a common February */
#define NOV24 {2024, 11, 5}     /* a 30-day month */
#define JUN21 {2021, 6, 14}
#define YEAR_ONLY {2024, 0, 0}  /* a reference that knows only its year */

#define OK DATE_OK
#define NOT DATE_NOT_A_DATE
#define BAD DATE_INVALID
#define D GRAIN_DAY
#define M GRAIN_MONTH
#define Q GRAIN_QUARTER
#define H GRAIN_HALF
#define Y GRAIN_YEAR
#define P GRAIN_PERIOD

typedef struct {
    const char *input;
    civil_date ref;
    date_status status;
    const char *value;    /* ignored unless status is DATE_OK */
    const char *resolved;
    date_grain grain;
    bool relative;
} date_case;

/* A failed case is written out in full, then counted. */
static const date_case cases[] = {
    /* ---- absolute dates at every grain */
    {"2009年", R, OK, "2009", "2009", Y, false},
    {"2019年5月", R, OK, "2019-05", "2019-05", M, false},
    {"2024年10月28日", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"二〇二三年", R, OK, "2023", "2023", Y, false},
    {"二零二二年三月", R, OK, "2022-03", "2022-03", M, false},
    {"2023年5月份", R, OK, "2023-05", "2023-05", M, false},
    {"两千零四年八月十五日", R, OK, "2004-08-15", "2004-08-15", D, false},
    {"二〇二三年十二月三十一日", R, OK, "2023-12-31", "2023-12-31", D, false},
    {"2024年10月28号", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"2024年廿八日", R, NOT, "", "", D, false},
    {"2024年10月廿八日", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"2024年1月卅一日", R, OK, "2024-01-31", "2024-01-31", D, false},
    {"2009年", NOREF, OK, "2009", "2009", Y, false},
    {"2024年10月28日", NOREF, OK, "2024-10-28", "2024-10-28", D, false},
    {"２０２４年１０月２８日", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"2024年 10月 28日", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"2009 年", R, OK, "2009", "2009", Y, false},
    {"2023年度", R, OK, "2023", "2023", Y, false},

    /* ---- leap years and month ends */
    {"2024年2月29日", R, OK, "2024-02-29", "2024-02-29", D, false},
    {"2000年2月29日", R, OK, "2000-02-29", "2000-02-29", D, false},
    {"1900年2月29日", R, BAD, "", "", D, false},
    {"2023年2月29日", R, BAD, "", "", D, false},
    {"2月30日", R, BAD, "", "", D, false},
    {"4月31日", R, BAD, "", "", D, false},
    {"2024年4月30日", R, OK, "2024-04-30", "2024-04-30", D, false},
    {"2月29日", MAR24, OK, "XXXX-02-29", "2024-02-29", D, true},
    /* no year stated, none in the reference's: the nearest 29 February */
    {"2月29日", MAR23, OK, "XXXX-02-29", "2024-02-29", D, true},
    {"2月29日", R, OK, "XXXX-02-29", "2024-02-29", D, true},
    {"2月29日", ((civil_date){2022, 1, 10}), OK, "XXXX-02-29", "2020-02-29", D, true},
    {"2月29日至3月1日", MAR23, OK, "XXXX-02-29/XXXX-03-01", "2024-02-29/2024-03-01", D, true},
    {"今年2月29日", MAR23, OK, "XXXX-02-29", "", D, true},
    {"31日", NOV24, OK, "XXXX-XX-31", "", D, true},
    {"31日", R, OK, "XXXX-XX-31", "2024-10-31", D, true},

    /* ---- invalid dates */
    {"13月", R, BAD, "", "", M, false},
    {"2023年13月", R, BAD, "", "", M, false},
    {"0月", R, BAD, "", "", M, false},
    {"32日", R, BAD, "", "", D, false},
    {"十七月", R, BAD, "", "", M, false},
    {"第五季度", R, BAD, "", "", Q, false},
    {"前五季度", R, BAD, "", "", M, false},
    {"2024-13-01", R, BAD, "", "", D, false},
    {"20241332", R, NOT, "", "", D, false},
    {"13812345678", R, NOT, "", "", D, false},
    {"2025年至2023年", R, BAD, "", "", Y, false},
    {"13至15月", R, BAD, "", "", M, false},
    {"1994.01-19", R, NOT, "", "", M, false},
    {"一季度-5", R, NOT, "", "", Q, false},
    {"3月1日-35", R, NOT, "", "", D, false},

    /* ---- numeric forms */
    {"2024-10-28", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"2024/10/28", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"2024.9.6", R, OK, "2024-09-06", "2024-09-06", D, false},
    {"20240307", R, OK, "2024-03-07", "2024-03-07", D, false},
    {"2024-10", R, OK, "2024-10", "2024-10", M, false},
    {"2008.03", R, OK, "2008-03", "2008-03", M, false},
    {"2024－10－28", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"7·20", R, OK, "XXXX-07-20", "2024-07-20", D, true},
    {"1999.08-2002.02", R, OK, "1999-08/2002-02", "1999-08/2002-02", M, false},
    {"2008.03-2009", R, OK, "2008-03/2009", "2008-03/2009", P, false},

    /* ---- short years */
    {"98年4月", R, OK, "1998-04", "1998-04", M, false},
    {"15年3月2日", R, OK, "2015-03-02", "2015-03-02", D, false},
    {"08年", R, OK, "2008", "2008", Y, false},
    {"零八年", R, OK, "2008", "2008", Y, false},
    {"19年底", R, OK, "2019-12", "2019-12", M, false},
    {"07年第三季度", R, OK, "2007-Q3", "2007-Q3", Q, false},
    {"九七年一季度", R, OK, "1997-Q1", "1997-Q1", Q, false},
    {"三六七年一月一日", R, OK, "0367-01-01", "0367-01-01", D, false},
    {"15年", R, NOT, "", "", Y, false},
    {"24年", R, NOT, "", "", Y, false},
    {"三三年", R, NOT, "", "", Y, false},
    {"民国三年", R, OK, "1914", "1914", Y, false},
    {"民国元年1月1日", R, OK, "1912-01-01", "1912-01-01", D, false},
    {"康熙三年", R, NOT, "", "", Y, false},

    /* ---- not dates */
    {"5000年", R, NOT, "", "", Y, false},
    {"99999999年", R, NOT, "", "", Y, false},
    {"99999999月", R, NOT, "", "", M, false},
    {"99999999999999999999999年1月", R, NOT, "", "", M, false},
    {"136亿元", R, NOT, "", "", Y, false},
    {"5G", R, NOT, "", "", Y, false},
    {"三燕之都", R, NOT, "", "", Y, false},
    {"当年", R, NOT, "", "", Y, false},
    {"同期", R, NOT, "", "", Y, false},
    {"去年同期", R, NOT, "", "", Y, false},
    {"次年", R, OK, "XXXX", "2025", Y, true},
    {"翌年3月", R, OK, "XXXX-03", "2025-03", M, true},
    {"次年年末", R, OK, "XXXX-12", "2025-12", M, true},
    {"目前", R, NOT, "", "", Y, false},
    {"现在", R, NOT, "", "", Y, false},
    {"", R, NOT, "", "", Y, false},
    {"年", R, NOT, "", "", Y, false},
    {"底", R, NOT, "", "", Y, false},
    {"十五", R, NOT, "", "", Y, false},
    {"2018", R, NOT, "", "", Y, false},
    {"上周", R, NOT, "", "", Y, false},
    {"星期一", R, NOT, "", "", Y, false},
    {"春节", R, NOT, "", "", Y, false},
    {"四季", R, NOT, "", "", Y, false},
    {"5个月", R, NOT, "", "", Y, false},
    {"后三个月", R, NOT, "", "", Y, false},
    {"今年30", R, NOT, "", "", Y, false},
    {"2019年1", R, NOT, "", "", Y, false},
    {"10年代", R, NOT, "", "", Y, false},
    {"10-28", R, NOT, "", "", Y, false},
    {"2024年10月28日，", R, NOT, "", "", Y, false},

    /* ---- bare months and days take the reference's year (and month) */
    {"9月1日", R, OK, "XXXX-09-01", "2024-09-01", D, true},
    {"9月1日", NOREF, OK, "XXXX-09-01", "", D, true},
    {"5月份", R, OK, "XXXX-05", "2024-05", M, true},
    {"十二月", JAN25, OK, "XXXX-12", "2025-12", M, true},
    {"29日", R, OK, "XXXX-XX-29", "2024-10-29", D, true},
    {"元月", R, OK, "XXXX-01", "2024-01", M, true},
    {"八月十五", R, OK, "XXXX-08-15", "2024-08-15", D, true},
    {"1月3", R, OK, "XXXX-01-03", "2024-01-03", D, true},
    {"十月31", R, OK, "XXXX-10-31", "2024-10-31", D, true},
    {"12月30号", R, OK, "XXXX-12-30", "2024-12-30", D, true},

    /* ---- relative years, months, quarters, days */
    {"今年", R, OK, "XXXX", "2024", Y, true},
    {"今年", NOREF, OK, "XXXX", "", Y, true},
    {"今年", YEAR_ONLY, OK, "XXXX", "2024", Y, true},
    {"去年", JAN25, OK, "XXXX", "2024", Y, true},
    {"明年", R, OK, "XXXX", "2025", Y, true},
    {"前年", R, OK, "XXXX", "2022", Y, true},
    {"后年", R, OK, "XXXX", "2026", Y, true},
    {"大前年", R, OK, "XXXX", "2021", Y, true},
    {"上年", R, OK, "XXXX", "2023", Y, true},
    {"本年度", R, OK, "XXXX", "2024", Y, true},
    {"年内", R, OK, "XXXX", "2024", Y, true},
    {"今年全年", R, OK, "XXXX", "2024", Y, true},
    {"去年12月", JAN25, OK, "XXXX-12", "2024-12", M, true},
    {"去年12月", R, OK, "XXXX-12", "2023-12", M, true},
    {"明年一季度", DEC24, OK, "XXXX-Q1", "2025-Q1", Q, true},
    {"去年10月下旬", R, OK, "XXXX-10-21/XXXX-10-31", "2023-10-21/2023-10-31", P, true},
    {"去年3月3号", R, OK, "XXXX-03-03", "2023-03-03", D, true},
    {"本月", R, OK, "XXXX-XX", "2024-10", M, true},
    {"当月", R, OK, "XXXX-XX", "2024-10", M, true}, /* no anchor: the reference (test_anaphora) */
    {"本月", YEAR_ONLY, OK, "XXXX-XX", "", M, true},
    {"上月", JAN25, OK, "XXXX-XX", "2024-12", M, true},
    {"上个月", R, OK, "XXXX-XX", "2024-09", M, true},
    {"下月", DEC24, OK, "XXXX-XX", "2025-01", M, true},
    {"下个月", R, OK, "XXXX-XX", "2024-11", M, true},
    {"本月9日", R, OK, "XXXX-XX-09", "2024-10-09", D, true},
    {"下月15号", DEC24, OK, "XXXX-XX-15", "2025-01-15", D, true},
    {"上月底", MAR24, OK, "XXXX-XX-XX", "2024-02-29", D, true},
    {"上月底", MAR23, OK, "XXXX-XX-XX", "2023-02-28", D, true},
    {"本月底", R, OK, "XXXX-XX-XX", "2024-10-31", D, true},
    {"今天", R, OK, "XXXX-XX-XX", "2024-10-28", D, true},
    {"今日", R, OK, "XXXX-XX-XX", "2024-10-28", D, true},
    {"昨天", MAR24, OK, "XXXX-XX-XX", "2024-02-29", D, true},
    {"明天", DEC24, OK, "XXXX-XX-XX", "2025-01-01", D, true},
    {"前天", JAN25, OK, "XXXX-XX-XX", "2025-01-08", D, true},
    {"大后天", DEC24, OK, "XXXX-XX-XX", "2025-01-03", D, true},
    {"今天", YEAR_ONLY, OK, "XXXX-XX-XX", "", D, true},
    {"本季度", R, OK, "XXXX-QX", "2024-Q4", Q, true},
    {"上季度", JAN25, OK, "XXXX-QX", "2024-Q4", Q, true},
    {"下季度", R, OK, "XXXX-QX", "2025-Q1", Q, true},
    {"上季度末", JUN21, OK, "XXXX-XX", "2021-03", M, true},
    {"今明两年", R, OK, "XXXX/XXXX", "2024/2025", Y, true},

    /* ---- quarters and halves */
    {"一季度", R, OK, "XXXX-Q1", "2024-Q1", Q, true},
    {"第四季度", R, OK, "XXXX-Q4", "2024-Q4", Q, true},
    {"2024年第三季度", R, OK, "2024-Q3", "2024-Q3", Q, false},
    {"2024年第三季度", NOREF, OK, "2024-Q3", "2024-Q3", Q, false},
    {"2023年1季度", R, OK, "2023-Q1", "2023-Q1", Q, false},
    {"Q2", R, OK, "XXXX-Q2", "2024-Q2", Q, true},
    {"首季度", R, OK, "XXXX-Q1", "2024-Q1", Q, true},
    {"一季度末", R, OK, "XXXX-03", "2024-03", M, true},
    {"三季末", R, OK, "XXXX-09", "2024-09", M, true},
    {"去年四季度初", JUN21, OK, "XXXX-10", "2020-10", M, true},
    {"2024年三季度末", R, OK, "2024-09", "2024-09", M, false},
    {"前三季度", R, OK, "XXXX-01/XXXX-09", "2024-01/2024-09", M, true},
    {"今年前三季度", R, OK, "XXXX-01/XXXX-09", "2024-01/2024-09", M, true},
    {"2023年前三季度", R, OK, "2023-01/2023-09", "2023-01/2023-09", M, false},
    {"前两个季度", R, OK, "XXXX-01/XXXX-06", "2024-01/2024-06", M, true},
    {"前5个月", R, OK, "XXXX-01/XXXX-05", "2024-01/2024-05", M, true},
    {"2022年前十一个月", R, OK, "2022-01/2022-11", "2022-01/2022-11", M, false},
    {"今年后三个月", R, OK, "XXXX-10/XXXX-12", "2024-10/2024-12", M, true},
    {"一至三季度", R, OK, "XXXX-Q1/XXXX-Q3", "2024-Q1/2024-Q3", Q, true},
    {"2023年一季度至2024年二季度", R, OK, "2023-Q1/2024-Q2", "2023-Q1/2024-Q2", Q, false},
    {"上半年", R, OK, "XXXX-H1", "2024-H1", H, true},
    {"下半年", R, OK, "XXXX-H2", "2024-H2", H, true},
    {"2024年上半年", R, OK, "2024-H1", "2024-H1", H, false},
    {"去年下半年", JAN25, OK, "XXXX-H2", "2024-H2", H, true},
    {"上半年末", R, OK, "XXXX-06", "2024-06", M, true},

    /* ---- parts of months */
    {"9月上旬", R, OK, "XXXX-09-01/XXXX-09-10", "2024-09-01/2024-09-10", P, true},
    {"9月中旬", R, OK, "XXXX-09-11/XXXX-09-20", "2024-09-11/2024-09-20", P, true},
    {"9月下旬", R, OK, "XXXX-09-21/XXXX-09-30", "2024-09-21/2024-09-30", P, true},
    {"2024年2月下旬", R, OK, "2024-02-21/2024-02-29", "2024-02-21/2024-02-29", P, false},
    {"2023年2月下旬", R, OK, "2023-02-21/2023-02-28", "2023-02-21/2023-02-28", P, false},
    {"2月下旬", R, OK, "XXXX-02-21/XXXX-02-XX", "2024-02-21/2024-02-29", P, true},
    {"2月下旬", MAR23, OK, "XXXX-02-21/XXXX-02-XX", "2023-02-21/2023-02-28", P, true},
    {"12月下旬", R, OK, "XXXX-12-21/XXXX-12-31", "2024-12-21/2024-12-31", P, true},
    {"5月中下旬", R, OK, "XXXX-05-11/XXXX-05-31", "2024-05-11/2024-05-31", P, true},
    {"9月下半月", R, OK, "XXXX-09-16/XXXX-09-30", "2024-09-16/2024-09-30", P, true},
    {"上旬", R, OK, "XXXX-XX-01/XXXX-XX-10", "2024-10-01/2024-10-10", P, true},
    {"月底", R, OK, "XXXX-XX-XX", "2024-10-31", D, true},
    {"9月底", R, OK, "XXXX-09-30", "2024-09-30", D, true},
    {"9月末", R, OK, "XXXX-09-30", "2024-09-30", D, true},
    {"十二月月底", R, OK, "XXXX-12-31", "2024-12-31", D, true},
    {"2月底", R, OK, "XXXX-02-XX", "2024-02-29", D, true},
    {"2月底", MAR23, OK, "XXXX-02-XX", "2023-02-28", D, true},
    {"2024年2月底", R, OK, "2024-02-29", "2024-02-29", D, false},
    {"2018年10月底", R, OK, "2018-10-31", "2018-10-31", D, false},
    {"月初", R, OK, "XXXX-XX-01", "2024-10-01", D, true},
    {"10月初", R, OK, "XXXX-10-01", "2024-10-01", D, true},

    /* ---- edges of years */
    {"年底", R, OK, "XXXX-12", "2024-12", M, true},
    {"年末", R, OK, "XXXX-12", "2024-12", M, true},
    {"年初", R, OK, "XXXX-01", "2024-01", M, true},
    {"2023年底", R, OK, "2023-12", "2023-12", M, false},
    {"2023年年底", R, OK, "2023-12", "2023-12", M, false},
    {"明年年初", R, OK, "XXXX-01", "2025-01", M, true},
    {"明年初", R, OK, "XXXX-01", "2025-01", M, true},
    {"2022年伊始", R, OK, "2022-01", "2022-01", M, false},

    /* ---- closed ranges */
    {"2021年7月至2022年10月", R, OK, "2021-07/2022-10", "2021-07/2022-10", M, false},
    {"2023年至2025年", R, OK, "2023/2025", "2023/2025", Y, false},
    {"2023—2025年", R, OK, "2023/2025", "2023/2025", Y, false},
    {"今年1月至5月", R, OK, "XXXX-01/XXXX-05", "2024-01/2024-05", M, true},
    {"2018年2月26日至28日", R, OK, "2018-02-26/2018-02-28", "2018-02-26/2018-02-28", D, false},
    {"1—5月", R, OK, "XXXX-01/XXXX-05", "2024-01/2024-05", M, true},
    {"1-5月", R, OK, "XXXX-01/XXXX-05", "2024-01/2024-05", M, true},
    {"1～5月", R, OK, "XXXX-01/XXXX-05", "2024-01/2024-05", M, true},
    {"1至9月份", R, OK, "XXXX-01/XXXX-09", "2024-01/2024-09", M, true},
    {"2019年4月12-19日", R, OK, "2019-04-12/2019-04-19", "2019-04-12/2019-04-19", D, false},
    {"2017年8月11日至8月22日", R, OK, "2017-08-11/2017-08-22", "2017-08-11/2017-08-22", D, false},
    {"2017年8月15日至2018年3月29日", R, OK, "2017-08-15/2018-03-29", "2017-08-15/2018-03-29", D, false},
    {"从2015年1月至12月", R, OK, "2015-01/2015-12", "2015-01/2015-12", M, false},
    {"自2020-05-26起至2020-05-29止", R, OK, "2020-05-26/2020-05-29", "2020-05-26/2020-05-29", D, false},
    {"2018年1－9月份", R, OK, "2018-01/2018-09", "2018-01/2018-09", M, false},
    {"2019年1-五月", R, OK, "2019-01/2019-05", "2019-01/2019-05", M, false},
    {"2018年2——4月", R, OK, "2018-02/2018-04", "2018-02/2018-04", M, false},
    {"1985到89年9月", R, OK, "1985/1989-09", "1985/1989-09", P, false},
    {"2023年12月至1月", R, OK, "2023-12/2024-01", "2023-12/2024-01", M, false},
    {"12月至次年2月", R, OK, "XXXX-12/XXXX-02", "2024-12/2025-02", M, true},
    {"8月至2月", R, OK, "XXXX-08/XXXX-02", "2024-08/2025-02", M, true},
    {"前年11月到去年3月", JUN21, OK, "XXXX-11/XXXX-03", "2019-11/2020-03", M, true},
    {"2014年11月到下个月9号", JUN21, OK, "2014-11/XXXX-XX-09", "2014-11/2021-07-09", P, true},
    {"9月上旬至10月中旬", R, OK, "XXXX-09-01/XXXX-10-20", "2024-09-01/2024-10-20", P, true},
    {"10月1日—7日", R, OK, "XXXX-10-01/XXXX-10-07", "2024-10-01/2024-10-07", D, true},
    {"10月28日至3日", R, OK, "XXXX-10-28/XXXX-11-03", "2024-10-28/2024-11-03", D, true},
    {"2023年12月30日至2日", R, OK, "2023-12-30/2024-01-02", "2023-12-30/2024-01-02", D, false},
    {"本月28日至3日", DEC24, OK, "XXXX-XX-28/XXXX-XX-03", "2024-12-28/2025-01-03", D, true},
    {"2020至2025年前", R, OK, "2020/2025", "2020/2025", Y, false},
    {"2023年1月至5月期间", R, OK, "2023-01/2023-05", "2023-01/2023-05", M, false},

    /* ---- open ranges and the present */
    {"截至目前", R, OK, "../XXXX-XX-XX", "../2024-10-28", P, true},
    {"截至目前", NOREF, OK, "../XXXX-XX-XX", "", P, true},
    {"截止9月底", R, OK, "../XXXX-09-30", "../2024-09-30", P, true},
    {"截至9月末", R, OK, "../XXXX-09-30", "../2024-09-30", P, true},
    {"截至到2023年", R, OK, "../2023-12-31", "../2023-12-31", P, false},
    {"截止到2023年10月", R, OK, "../2023-10-31", "../2023-10-31", P, false},
    {"截至2月", MAR23, OK, "../XXXX-02-XX", "../2023-02-28", P, true},
    {"截至一季度末", R, OK, "../XXXX-03-31", "../2024-03-31", P, true},
    {"截至2024年三季度", R, OK, "../2024-09-30", "../2024-09-30", P, false},
    {"截至上半年末", R, OK, "../XXXX-06-30", "../2024-06-30", P, true},
    {"截至上季度末", R, OK, "../XXXX-XX-XX", "../2024-09-30", P, true},
    {"截至9月底为止", R, OK, "../XXXX-09-30", "../2024-09-30", P, true},
    /* a deadline after the reference runs from the reference day */
    {"年底前", R, OK, "../XXXX-12-31", "2024-10-28/2024-12-31", P, true},
    {"2025年前", R, OK, "../2025-12-31", "2024-10-28/2025-12-31", P, false},
    {"2025年前", NOREF, OK, "../2025-12-31", "../2025-12-31", P, false},
    {"2015年前", R, OK, "../2015-12-31", "../2015-12-31", P, false},
    {"2025年或之前", R, OK, "../2025-12-31", "../2025-12-31", P, false},
    {"2025年及以前", R, OK, "../2025-12-31", "../2025-12-31", P, false},
    {"明年6月之前", R, OK, "../XXXX-06-30", "2024-10-28/2025-06-30", P, true},
    {"到2035年", R, OK, "../2035-12-31", "2024-10-28/2035-12-31", P, false},
    {"截至10月28日", R, OK, "../XXXX-10-28", "../2024-10-28", P, true},
    {"截至2025年底", R, OK, "../2025-12-31", "../2025-12-31", P, false},
    {"到2025年底", R, OK, "../2025-12-31", "2024-10-28/2025-12-31", P, false},
    /* before a stated day excludes it; before a month, a year or an edge
     * of a month includes it */
    {"12月1日前", R, OK, "../XXXX-11-30", "2024-10-28/2024-11-30", P, true},
    {"2016年1月1日之前", R, OK, "../2015-12-31", "../2015-12-31", P, false},
    {"2015-02-01之前", R, OK, "../2015-01-31", "../2015-01-31", P, false},
    {"2024年3月1日以前", R, OK, "../2024-02-29", "../2024-02-29", P, false},
    {"3月1日以前", MAR23, OK, "../XXXX-02-XX", "../2023-02-28", P, true},
    {"本月1日之前", R, OK, "../XXXX-XX-XX", "../2024-09-30", P, true},
    {"今天之前", R, OK, "../XXXX-XX-XX", "../2024-10-27", P, true},
    {"2016年1月1日或之前", R, OK, "../2016-01-01", "../2016-01-01", P, false},
    {"截至2016年1月1日", R, OK, "../2016-01-01", "../2016-01-01", P, false},
    {"2016年1月1日为止", R, OK, "../2016-01-01", "../2016-01-01", P, false},
    {"2016年1月1日之后", R, OK, "2016-01-01/..", "2016-01-01/..", P, false},
    {"9月初前", R, OK, "../XXXX-09-01", "../2024-09-01", P, true},
    {"9月底前", R, OK, "../XXXX-09-30", "../2024-09-30", P, true},
    {"至今", R, OK, "../XXXX-XX-XX", "../2024-10-28", P, true},
    {"自2024年1月1日起", R, OK, "2024-01-01/..", "2024-01-01/..", P, false},
    {"从2019年起", R, OK, "2019-01-01/..", "2019-01-01/..", P, false},
    {"2025年10月起", R, OK, "2025-10-01/..", "2025-10-01/..", P, false},
    {"从去年9月起", R, OK, "XXXX-09-01/..", "2023-09-01/..", P, true},
    {"从二季度开始", R, OK, "XXXX-04-01/..", "2024-04-01/..", P, true},
    {"2019年以来", R, OK, "2019/XXXX-XX-XX", "2019/2024-10-28", P, true},
    {"今年以来", R, OK, "XXXX/XXXX-XX-XX", "2024/2024-10-28", P, true},
    {"2019年至今", R, OK, "2019/XXXX-XX-XX", "2019/2024-10-28", P, true},
    {"3月20日以来", R, OK, "XXXX-03-20/XXXX-XX-XX", "2024-03-20/2024-10-28", P, true},
    {"年初以来", R, OK, "XXXX-01/XXXX-XX-XX", "2024-01/2024-10-28", P, true},
    {"自去年12月以来", JAN25, OK, "XXXX-12/XXXX-XX-XX", "2024-12/2025-01-10", P, true},
    {"截至2023年以来", R, NOT, "", "", P, false},
    {"截至2019年至2020年", R, NOT, "", "", P, false},

    /* ---- five-year plans */
    {"十四五", R, OK, "2021/2025", "2021/2025", P, false},
    {"“十四五”", R, OK, "2021/2025", "2021/2025", P, false},
    {"“十四五”期末", R, OK, "2025", "2025", Y, false},
    {"十四五时期", R, OK, "2021/2025", "2021/2025", P, false},
    {"“十四五”期间", R, OK, "2021/2025", "2021/2025", P, false},
    {"十四五末", R, OK, "2025", "2025", Y, false},
    {"十四五初期", R, OK, "2021", "2021", Y, false},
    {"“一五”", R, OK, "1953/1957", "1953/1957", P, false},
    {"“二五”时期", R, OK, "1958/1962", "1958/1962", P, false},
    {"“三五”", R, OK, "1966/1970", "1966/1970", P, false},
    {"“十五”计划期间", R, OK, "2001/2005", "2001/2005", P, false},
    {"十三五", R, OK, "2016/2020", "2016/2020", P, false},
    {"十五五", R, OK, "2026/2030", "2026/2030", P, false},
    {"第十四个五年规划", R, OK, "2021/2025", "2021/2025", P, false},
    {"“十四五”以来", R, OK, "2021/XXXX-XX-XX", "2021/2024-10-28", P, true},
    {"三五", R, NOT, "", "", P, false},

    /* ---- centuries and decades */
    {"上世纪80年代", R, OK, "1980/1989", "1980/1989", P, false},
    {"20世纪90年代末期", R, OK, "1997/1999", "1997/1999", P, false},
    {"九十年代", R, OK, "1990/1999", "1990/1999", P, false},
    {"18世纪", R, OK, "1700/1799", "1700/1799", P, false},
    {"本世纪初", R, OK, "2000/2019", "2000/2019", P, false},
    {"上世纪五六十年代", R, OK, "1950/1969", "1950/1969", P, false},
    {"七八十年代", R, OK, "1970/1989", "1970/1989", P, false},
    {"五六十年代末", R, NOT, "", "", P, false},
    {"五七十年代", R, NOT, "", "", P, false},

    /* ---- what may surround a date */
    {"2024年10月28日（星期一）", R, OK, "2024-10-28", "2024-10-28", D, false},
    {"10月28日上午10时", R, OK, "XXXX-10-28", "2024-10-28", D, true},
    {"12月9日零时", R, OK, "XXXX-12-09", "2024-12-09", D, true},
    {"8月十五晚上8点", R, OK, "XXXX-08-15", "2024-08-15", D, true},
    {"2020年3月左右", R, OK, "2020-03", "2020-03", M, false},
    {"2024年内", R, OK, "2024", "2024", Y, false},
    {"“2024年”", R, OK, "2024", "2024", Y, false},
    {" 2024年 ", R, OK, "2024", "2024", Y, false},

    /* ---- "or before/after" includes the stated unit, as 以前/以后 do */
    {"2015年1月1日或之后", R, OK, "2015-01-01/..", "2015-01-01/..", P, false},
    {"2015年1月1日及之后", R, OK, "2015-01-01/..", "2015-01-01/..", P, false},
    {"2010-01-10及以后", R, OK, "2010-01-10/..", "2010-01-10/..", P, false},
    {"2010年1月10日或之前", R, OK, "../2010-01-10", "../2010-01-10", P, false},
    {"2013年及以前", R, OK, "../2013-12-31", "../2013-12-31", P, false},
    {"2月或以前", MAR23, OK, "../XXXX-02-XX", "../2023-02-28", P, true},
    {"2024年2月或以前", R, OK, "../2024-02-29", "../2024-02-29", P, false},
    {"07年以后", R, OK, "2007-01-01/..", "2007-01-01/..", P, false},
    {"07 年以前", R, OK, "../2007-12-31", "../2007-12-31", P, false},
    {"自2009年", R, OK, "2009-01-01/..", "2009-01-01/..", P, false},
    {"自从2018年以来", R, OK, "2018/XXXX-XX-XX", "2018/2024-10-28", P, true},
    {"二〇一九年5月8日起", R, OK, "2019-05-08/..", "2019-05-08/..", P, false},
    {"2019年或之后以前", R, NOT, "", "", P, false},

    /* ---- "X和Y之间", "X与Y间": the span between two units */
    {"2007年与2009年间", R, OK, "2007/2009", "2007/2009", Y, false},
    {"2015年和2018年之间", R, OK, "2015/2018", "2015/2018", Y, false},
    {"三月和九月之间", R, OK, "XXXX-03/XXXX-09", "2024-03/2024-09", M, true},
    {"10月和5月间", R, OK, "XXXX-10/XXXX-05", "2024-10/2025-05", M, true},
    {"2019年和2018年之间", R, BAD, "", "", Y, false},
    {"2015年和2018年", R, NOT, "", "", Y, false},

    /* ---- numeric dates: spaces, and day and month before the year */
    {"2010 01 29", R, OK, "2010-01-29", "2010-01-29", D, false},
    {"2010 1 29", R, NOT, "", "", D, false},
    {"3/3/2015", R, OK, "2015-03-03", "2015-03-03", D, false},
    {"10/31/1974", R, OK, "1974-10-31", "1974-10-31", D, false},
    {"13.5.2015", R, OK, "2015-05-13", "2015-05-13", D, false},
    {"31-12-2023", R, OK, "2023-12-31", "2023-12-31", D, false},
    {"3/3/15", R, OK, "2015-03-03", "2015-03-03", D, false},
    {"10/31/74", R, OK, "1974-10-31", "1974-10-31", D, false},
    {"29/2/2024", R, OK, "2024-02-29", "2024-02-29", D, false},
    {"29/2/2023", R, BAD, "", "", D, false},
    {"31/2/2024", R, BAD, "", "", D, false},
    /* both could be the month: day first, as Hong Kong writes */
    {"1/2/2020", R, OK, "2020-02-01", "2020-02-01", D, false},
    {"3-7-2017", R, OK, "2017-07-03", "2017-07-03", D, false},
    {"12.11.2010", R, OK, "2010-11-12", "2010-11-12", D, false},
    {"3-3-15", R, NOT, "", "", D, false},
    {"13/13/2015", R, BAD, "", "", D, false},
    {"12/1", R, NOT, "", "", D, false},

    /* ---- 从 with four-digit years and no 年 */
    {"从2016到2018", R, OK, "2016/2018", "2016/2018", Y, false},
    {"从2016-2018", R, OK, "2016/2018", "2016/2018", Y, false},
    {"2016到2018", R, NOT, "", "", Y, false},
    {"从20到30", R, NOT, "", "", Y, false},
    {"从2018到2016", R, BAD, "", "", Y, false},

    /* ---- the first days of a month or a year */
    {"这个月前两天", JUN21, OK, "XXXX-XX-01/XXXX-XX-02", "2021-06-01/2021-06-02", D, true},
    {"4月前4天", JUN21, OK, "XXXX-04-01/XXXX-04-04", "2021-04-01/2021-04-04", D, true},
    {"去年的前10天", JAN25, OK, "XXXX-01-01/XXXX-01-10", "2024-01-01/2024-01-10", D, true},
    {"2023年前3天", R, OK, "2023-01-01/2023-01-03", "2023-01-01/2023-01-03", D, false},
    {"2月前30天", R, BAD, "", "", D, false},
    {"今年前100天", R, NOT, "", "", D, false},
    {"前两天", R, NOT, "", "", D, false},

    /* ---- more relative words, across month and year ends */
    {"大大后天", DEC24, OK, "XXXX-XX-XX", "2025-01-04", D, true},
    {"大大前天", MAR24, OK, "XXXX-XX-XX", "2024-02-26", D, true},
    {"大大前天", MAR23, OK, "XXXX-XX-XX", "2023-03-11", D, true},
    {"寻日", MAR24, OK, "XXXX-XX-XX", "2024-02-29", D, true},
    {"听日", DEC24, OK, "XXXX-XX-XX", "2025-01-01", D, true},
    {"今个月二十号", R, OK, "XXXX-XX-20", "2024-10-20", D, true},
    {"上上个月", JAN25, OK, "XXXX-XX", "2024-11", M, true},
    {"上上个月五号", JAN25, OK, "XXXX-XX-05", "2024-11-05", D, true},
    {"下下个月", DEC24, OK, "XXXX-XX", "2025-02", M, true},
    {"下下个月底", DEC24, OK, "XXXX-XX-XX", "2025-02-28", D, true},
    {"上上个季度", JAN25, OK, "XXXX-QX", "2024-Q3", Q, true},
    {"下下个季度", R, OK, "XXXX-QX", "2025-Q2", Q, true},
    {"去年12月底", JAN25, OK, "XXXX-12-31", "2024-12-31", D, true},
    {"今年以来", JAN25, OK, "XXXX/XXXX-XX-XX", "2025/2025-01-10", P, true},
    {"上个月以来", JAN25, OK, "XXXX-XX/XXXX-XX-XX", "2024-12/2025-01-10", P, true},
    {"明年2月29日", MAR23, OK, "XXXX-02-29", "2024-02-29", D, true},
    {"明年2月底", MAR24, OK, "XXXX-02-XX", "2025-02-28", D, true},
    {"年初至今", JAN25, OK, "XXXX-01/XXXX-XX-XX", "2025-01/2025-01-10", P, true},
    {"15年3月2日至今", R, OK, "2015-03-02/XXXX-XX-XX", "2015-03-02/2024-10-28", P, true},
    {"18年10月1日到19年2月3日", R, OK, "2018-10-01/2019-02-03", "2018-10-01/2019-02-03", D, false},
};

/* Copies s[0..len) into a heap block of exactly len bytes, so that reading
 * past len is an AddressSanitizer error. */
static char *exact_copy(const char *s, size_t len)
{
    char *p = malloc(len ? len : 1);
    assert_non_null(p);
    memcpy(p, s, len);
    return p;
}

/* Both output strings must end within DATE_VALUE_MAX. */
static void assert_terminated(const date_value *v)
{
    assert_non_null(memchr(v->value, '\0', DATE_VALUE_MAX));
    assert_non_null(memchr(v->resolved, '\0', DATE_VALUE_MAX));
}

/* Checks one case; prints a full report and returns false on a mismatch. */
static bool check_case(const date_case *c)
{
    size_t len = strlen(c->input);
    char *text = exact_copy(c->input, len);
    date_value v;
    date_status st = date_parse(text, len, &c->ref, &v);
    free(text);
    assert_terminated(&v);
    bool ok = st == c->status;
    if (ok && st == DATE_OK)
        ok = strcmp(v.value, c->value) == 0 && strcmp(v.resolved, c->resolved) == 0 &&
             v.grain == c->grain && v.relative == c->relative;
    if (ok && st != DATE_OK)
        ok = v.value[0] == '\0' && v.resolved[0] == '\0';
    if (!ok)
        print_error("FAIL %s (ref %d-%d-%d): want %d %s | %s | %s | %d, got %d %s | %s | %s | %d\n",
                    c->input, c->ref.year, c->ref.month, c->ref.day, c->status, c->value, c->resolved,
                    date_grain_name(c->grain), c->relative, st, v.value, v.resolved,
                    date_grain_name(v.grain), v.relative);
    return ok;
}

/* The table of cases, all of them reported before failing. */
static void test_parse_table(void **state)
{
    (void)state;
    size_t n = sizeof cases / sizeof cases[0], failed = 0;
    for (size_t i = 0; i < n; i++)
        failed += !check_case(&cases[i]);
    print_message("%zu date cases, %zu failed\n", n, failed);
    assert_true(n >= 170);
    assert_int_equal(failed, 0);
}

/* A NULL reference behaves as no reference. */
static void test_null_reference(void **state)
{
    (void)state;
    date_value v;
    assert_int_equal(date_parse("去年", strlen("去年"), NULL, &v), DATE_OK);
    assert_string_equal(v.value, "XXXX");
    assert_string_equal(v.resolved, "");
    assert_true(v.relative);
    assert_int_equal(date_parse("2019年5月", strlen("2019年5月"), NULL, &v), DATE_OK);
    assert_string_equal(v.resolved, "2019-05");
}

/* 同年, 这一年, 该年, 当月, 同月 point back at the date the text last
 * stated (the anchor); without one, at the reference; mixed with words of
 * the reference, nowhere. */
static void expect_anchored(const char *text, const civil_date *ref, const civil_date *anchor, const char *value,
                            const char *resolved)
{
    date_value v;
    assert_int_equal(date_parse_anchored(text, strlen(text), ref, anchor, &v), DATE_OK);
    assert_string_equal(v.value, value);
    assert_string_equal(v.resolved, resolved);
    assert_true(v.relative);
}

static void test_anaphora(void **state)
{
    (void)state;
    civil_date ref = {2024, 5, 20}, y2019 = {2019, 0, 0}, oct2019 = {2019, 10, 0};
    expect_anchored("同年10月", &ref, &y2019, "XXXX-10", "2019-10");
    expect_anchored("这一年", &ref, &y2019, "XXXX", "2019");
    expect_anchored("该年度", &ref, &oct2019, "XXXX", "2019");
    expect_anchored("同年年底", &ref, &y2019, "XXXX-12", "2019-12");
    expect_anchored("同年上半年", &ref, &y2019, "XXXX-H1", "2019-H1");
    expect_anchored("当月", &ref, &oct2019, "XXXX-XX", "2019-10");
    expect_anchored("同月25日", &ref, &oct2019, "XXXX-XX-25", "2019-10-25");
    /* A year-only anchor has no month for 当月. */
    expect_anchored("当月", &ref, &y2019, "XXXX-XX", "");
    /* No anchor: the article's own date. */
    expect_anchored("这一年", &ref, NULL, "XXXX", "2024");
    expect_anchored("当月", &ref, NULL, "XXXX-XX", "2024-05");
    /* Reference words beside them: no single date to place them on. */
    expect_anchored("同年至今", &ref, &y2019, "XXXX/XXXX-XX-XX", "");
    /* Words of the reference keep the reference, whatever the anchor. */
    expect_anchored("去年10月", &ref, &y2019, "XXXX-10", "2023-10");
    /* Not a date: the same age. */
    date_value v;
    assert_int_not_equal(date_parse("同年龄", strlen("同年龄"), &ref, &v), DATE_OK);
}

/* Absurd reference dates are treated as unknown instead of overflowing. */
static void test_absurd_reference(void **state)
{
    (void)state;
    date_value v;
    civil_date huge = {2147483647, 12, 31}, negative = {-5, 1, 1}, bad_month = {2024, 99, 99};
    assert_int_equal(date_parse("明年", strlen("明年"), &huge, &v), DATE_OK);
    assert_string_equal(v.resolved, "");
    assert_int_equal(date_parse("去年", strlen("去年"), &negative, &v), DATE_OK);
    assert_string_equal(v.resolved, "");
    assert_int_equal(date_parse("明年", strlen("明年"), &bad_month, &v), DATE_OK);
    assert_string_equal(v.resolved, "2025");
    assert_int_equal(date_parse("上月", strlen("上月"), &bad_month, &v), DATE_OK);
    assert_string_equal(v.resolved, "");
    civil_date last_year = {9999, 12, 31};
    assert_int_equal(date_parse("明天", strlen("明天"), &last_year, &v), DATE_OK);
    assert_string_equal(v.resolved, "");
}

/* Only the first len bytes count; NULL text or output are refused. */
static void test_length_bounds(void **state)
{
    (void)state;
    date_value v;
    const char *s = "2024年10月28日";
    assert_int_equal(date_parse(s, 7, NULL, &v), DATE_OK); /* "2024年" */
    assert_string_equal(v.value, "2024");
    assert_int_equal(date_parse(s, 6, NULL, &v), DATE_NOT_A_DATE); /* "2024" + half of 年 */
    assert_int_equal(date_parse(s, 0, NULL, &v), DATE_NOT_A_DATE);
    assert_int_equal(date_parse("2024\0年", 8, NULL, &v), DATE_NOT_A_DATE);
    assert_int_equal(date_parse(NULL, 5, NULL, &v), DATE_NOT_A_DATE);
    assert_int_equal(date_parse(s, strlen(s), NULL, NULL), DATE_NOT_A_DATE);
}

/* Invalid UTF-8 anywhere makes the text not a date, and never crashes. */
static void test_invalid_utf8(void **state)
{
    (void)state;
    static const char *const inputs[] = {
        "2024年\xff" "10月", "\xe5\xb9", "2024\xe5\xb9", "\xc0\xaf", "\xed\xa0\x80",
        "2024年10月28日\x80", "\xf4\x90\x80\x80", "\xe5", "\xf0\x9f\x98", "十四\xe4\xba",
    };
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        size_t len = strlen(inputs[i]);
        char *text = exact_copy(inputs[i], len);
        date_value v;
        assert_int_equal(date_parse(text, len, NULL, &v), DATE_NOT_A_DATE);
        assert_terminated(&v);
        free(text);
    }
}

/* Very long runs of digits and numerals saturate instead of overflowing. */
static void test_long_numbers(void **state)
{
    (void)state;
    static const char *const units[] = {"9", "千", "十", "二", "〇"};
    static const char *const tails[] = {"年", "月", "日", "年1月", "季度"};
    for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
        for (size_t t = 0; t < sizeof tails / sizeof tails[0]; t++) {
            size_t ul = strlen(units[u]), tl = strlen(tails[t]), reps = 5000;
            char *text = malloc(ul * reps + tl);
            assert_non_null(text);
            for (size_t i = 0; i < reps; i++)
                memcpy(text + i * ul, units[u], ul);
            memcpy(text + ul * reps, tails[t], tl);
            date_value v;
            date_status st = date_parse(text, ul * reps + tl, NULL, &v);
            assert_int_not_equal(st, DATE_OK);
            assert_terminated(&v);
            free(text);
        }
    }
}

/* A deterministic generator for the fuzz loops. */
static uint32_t next_random(uint32_t *state)
{
    *state = *state * 1664525u + 1013904223u;
    return *state >> 8;
}

/* Builds a random text of date fragments and stray bytes into buf. */
static size_t random_text(uint32_t *rng, char *buf, size_t cap)
{
    static const char *const pieces[] = {
        "2024", "年", "月", "日", "号", "至", "-", "—", "截至", "以来", "前", "底", "初", "上旬",
        "下旬", "季度", "第", "一", "十", "四", "五", "廿", "〇", "“", "”", "今年", "去年",
        "本月", "上半年", "起", "目前", "9", "12", "31", "0", ".", "/", "世纪", "年代", "次年",
        "十四五", "期末", " ", "前三", "个月", "\xff", "\xe5", "\xe5\xb9", "今天", "（星期一）",
    };
    size_t len = 0, n = next_random(rng) % 8;
    for (size_t i = 0; i < n; i++) {
        const char *p = pieces[next_random(rng) % (sizeof pieces / sizeof pieces[0])];
        size_t pl = strlen(p);
        if (len + pl > cap)
            break;
        memcpy(buf + len, p, pl);
        len += pl;
    }
    return len;
}

/* Random combinations of fragments: any status is fine, but the outputs
 * must keep their contracts and nothing may be read past len. */
static void test_fuzz_parse(void **state)
{
    (void)state;
    uint32_t rng = 12345;
    char buf[128];
    civil_date refs[] = {{2024, 2, 29}, {0, 0, 0}, {2023, 12, 31}, {2024, 0, 0}};
    for (int i = 0; i < 100000; i++) {
        size_t len = random_text(&rng, buf, sizeof buf);
        char *text = exact_copy(buf, len);
        date_value v;
        date_status st = date_parse(text, len, &refs[i % 4], &v);
        free(text);
        assert_terminated(&v);
        assert_true(st == DATE_OK || st == DATE_NOT_A_DATE || st == DATE_INVALID);
        if (st != DATE_OK) {
            assert_string_equal(v.value, "");
            assert_string_equal(v.resolved, "");
        } else {
            assert_true(v.value[0] != '\0');
            if (!v.relative && strcmp(v.value, v.resolved) != 0) {
                /* only a deadline after the reference: "../E" → "R/E" */
                size_t vl = strlen(v.value), rl = strlen(v.resolved);
                assert_true(strncmp(v.value, "../", 3) == 0 && rl > vl - 3);
                assert_string_equal(v.resolved + rl - (vl - 3), v.value + 3);
                assert_true(v.resolved[rl - (vl - 3) - 1] == '/');
            }
        }
    }
}

/* ---------------------------------------------------------------- reference */

typedef struct {
    const char *text;
    size_t window;
    bool found;
    civil_date date;
} reference_case;

static const reference_case reference_cases[] = {
    {"2024年10月28日，记者从市统计局获悉", 512, true, {2024, 10, 28}},
    {"新华社北京10月28日电 记者从国家统计局获悉", 512, false, {0, 0, 0}},
    {"新华社北京2024年10月28日电（记者 张三）", 512, true, {2024, 10, 28}},
    {"本报北京2024年10月28日讯 记者", 512, true, {2024, 10, 28}},
    {"date: 2024-10-28\ntitle: 朝阳", 512, true, {2024, 10, 28}},
    {"---\ndate: 2024-10-28\n---\n正文", 512, true, {2024, 10, 28}},
    {"Date: 2024/10/28", 512, true, {2024, 10, 28}},
    {"标题\n日期：2024年10月28日\n正文", 512, true, {2024, 10, 28}},
    {"发布时间：2024-10-28 10:00", 512, true, {2024, 10, 28}},
    {"  2024-10-28 09:30 更新", 512, true, {2024, 10, 28}},
    {"2024年10月28日 星期一", 512, true, {2024, 10, 28}},
    {"标题\n日期：2023年2月29日\n正文", 512, false, {0, 0, 0}},
    {"央视网消息(新闻联播)：1月1日，国家主席习近平致信", 512, false, {0, 0, 0}},
    {"今年以来，2019年10月1日的阅兵仍被提起", 512, false, {0, 0, 0}},
    {"2024年10月28日至30日，会议在京举行", 512, false, {0, 0, 0}},
    {"新华社北京10月28日电\n2024年10月29日，记者", 512, true, {2024, 10, 29}},
    {"## 2024年10月28日\n", 512, true, {2024, 10, 28}},
    {"编号12024年10月28日电", 512, false, {0, 0, 0}},
    {"标题一二三四五六七八\n2024年10月28日，记者", 20, false, {0, 0, 0}},
    {"标题一二三四五六七八\n2024年10月28日，记者", 200, true, {2024, 10, 28}},
    {"2024年10月28日", 10, false, {0, 0, 0}},
    {"", 512, false, {0, 0, 0}},
};

/* The article's own date is found only in the forms the header lists. */
static void test_find_reference(void **state)
{
    (void)state;
    size_t failed = 0;
    for (size_t i = 0; i < sizeof reference_cases / sizeof reference_cases[0]; i++) {
        const reference_case *c = &reference_cases[i];
        size_t len = strlen(c->text);
        char *text = exact_copy(c->text, len);
        civil_date d = {0, 0, 0};
        bool found = date_find_reference(text, len, c->window, &d);
        free(text);
        bool ok = found == c->found &&
                  (!found || (d.year == c->date.year && d.month == c->date.month && d.day == c->date.day));
        if (!ok) {
            print_error("FAIL reference %s: want %d %d-%d-%d, got %d %d-%d-%d\n", c->text, c->found,
                        c->date.year, c->date.month, c->date.day, found, d.year, d.month, d.day);
            failed++;
        }
    }
    assert_int_equal(failed, 0);
    civil_date d;
    assert_false(date_find_reference(NULL, 10, 10, &d));
    assert_false(date_find_reference("2024年10月28日", strlen("2024年10月28日"), 100, NULL));
}

/* The finder survives random bytes and never reads past the window. */
static void test_fuzz_reference(void **state)
{
    (void)state;
    uint32_t rng = 777;
    char buf[160];
    for (int i = 0; i < 20000; i++) {
        size_t len = random_text(&rng, buf, sizeof buf - 2);
        if (i % 3 == 0)
            buf[len++] = '\n';
        char *text = exact_copy(buf, len);
        civil_date d = {0, 0, 0};
        if (date_find_reference(text, len, (size_t)(next_random(&rng) % 200), &d)) {
            assert_true(d.month >= 1 && d.month <= 12);
            assert_true(d.day >= 1 && d.day <= days_in_month(d.year, d.month));
        }
        free(text);
    }
}

/* ---------------------------------------------------------------- helpers */

static void test_days_in_month(void **state)
{
    (void)state;
    assert_int_equal(days_in_month(2024, 2), 29);
    assert_int_equal(days_in_month(2023, 2), 28);
    assert_int_equal(days_in_month(1900, 2), 28);
    assert_int_equal(days_in_month(2000, 2), 29);
    assert_int_equal(days_in_month(2024, 4), 30);
    assert_int_equal(days_in_month(2024, 12), 31);
    assert_int_equal(days_in_month(2024, 1), 31);
    assert_int_equal(days_in_month(2024, 0), 0);
    assert_int_equal(days_in_month(2024, 13), 0);
}

static void test_grain_names(void **state)
{
    (void)state;
    assert_string_equal(date_grain_name(GRAIN_DAY), "day");
    assert_string_equal(date_grain_name(GRAIN_MONTH), "month");
    assert_string_equal(date_grain_name(GRAIN_QUARTER), "quarter");
    assert_string_equal(date_grain_name(GRAIN_HALF), "half");
    assert_string_equal(date_grain_name(GRAIN_YEAR), "year");
    assert_string_equal(date_grain_name(GRAIN_PERIOD), "period");
    assert_string_equal(date_grain_name((date_grain)42), "unknown");
}

static void test_parse_iso(void **state)
{
    (void)state;
    civil_date d;
    assert_true(civil_date_parse_iso("2024-10-28", &d));
    assert_int_equal(d.year, 2024);
    assert_int_equal(d.month, 10);
    assert_int_equal(d.day, 28);
    assert_true(civil_date_parse_iso("2024-02-29", &d));
    assert_true(civil_date_parse_iso("2024-1-5", &d));
    assert_int_equal(d.month, 1);
    assert_false(civil_date_parse_iso("2023-02-29", &d));
    assert_false(civil_date_parse_iso("2024-02-30", &d));
    assert_false(civil_date_parse_iso("2024-13-01", &d));
    assert_false(civil_date_parse_iso("2024-00-10", &d));
    assert_false(civil_date_parse_iso("24-10-28", &d));
    assert_false(civil_date_parse_iso("2024-10-28x", &d));
    assert_false(civil_date_parse_iso("2024/10/28", &d));
    assert_false(civil_date_parse_iso("0000-01-01", &d));
    assert_false(civil_date_parse_iso("", &d));
    assert_false(civil_date_parse_iso(NULL, &d));
    assert_false(civil_date_parse_iso("2024-10-28", NULL));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_table),
        cmocka_unit_test(test_null_reference),
        cmocka_unit_test(test_absurd_reference),
        cmocka_unit_test(test_length_bounds),
        cmocka_unit_test(test_invalid_utf8),
        cmocka_unit_test(test_long_numbers),
        cmocka_unit_test(test_fuzz_parse),
        cmocka_unit_test(test_find_reference),
        cmocka_unit_test(test_fuzz_reference),
        cmocka_unit_test(test_anaphora),
        cmocka_unit_test(test_days_in_month),
        cmocka_unit_test(test_grain_names),
        cmocka_unit_test(test_parse_iso),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
