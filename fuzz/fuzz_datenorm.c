/*
 * fuzz_datenorm.c — date_parse on arbitrary bytes, with a fixed reference
 * date, with a reference of year only, and with none; date_find_reference
 * on the same bytes.
 *
 * Checks the contract of datenorm.h: the output strings are
 * NUL-terminated within DATE_VALUE_MAX; on any status but DATE_OK both are
 * ""; an absolute value is its own resolution; a relative one has no
 * resolution without a reference; the grain is one of the enum's.
 */
#include "fuzz_util.h"

#include "datenorm.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static void check(const char *what, const uint8_t *data, size_t size, const civil_date *ref)
{
    date_value out;
    memset(&out, 0xA5, sizeof out); /* no NUL anywhere: a missing terminator shows */
    date_status st = date_parse((const char *)data, size, ref, &out);
    FUZZ_CHECK(st == DATE_OK || st == DATE_NOT_A_DATE || st == DATE_INVALID, "%s: status %d", what, (int)st);
    FUZZ_CHECK(memchr(out.value, 0, DATE_VALUE_MAX), "%s: value not NUL-terminated", what);
    FUZZ_CHECK(memchr(out.resolved, 0, DATE_VALUE_MAX), "%s: resolved not NUL-terminated", what);
    if (st != DATE_OK) {
        FUZZ_CHECK(out.value[0] == '\0' && out.resolved[0] == '\0', "%s: status %d with value \"%s\" resolved \"%s\"",
                   what, (int)st, out.value, out.resolved);
        return;
    }
    FUZZ_CHECK(out.value[0] != '\0', "%s: DATE_OK with an empty value", what);
    FUZZ_CHECK(out.grain >= GRAIN_DAY && out.grain <= GRAIN_PERIOD, "%s: grain %d", what, (int)out.grain);
    FUZZ_CHECK(date_grain_name(out.grain) != NULL, "%s: grain %d has no name", what, (int)out.grain);
    if (!out.relative)
        FUZZ_CHECK(strcmp(out.value, out.resolved) == 0, "%s: absolute \"%s\" resolved as \"%s\"", what, out.value,
                   out.resolved);
    else if (!ref || ref->year == 0)
        FUZZ_CHECK(out.resolved[0] == '\0', "%s: relative \"%s\" resolved as \"%s\" without a reference", what,
                   out.value, out.resolved);
    FUZZ_CHECK(out.relative == (strchr(out.value, 'X') != NULL), "%s: value \"%s\" with relative %d", what,
               out.value, (int)out.relative);
    if (out.resolved[0])
        FUZZ_CHECK(!strchr(out.resolved, 'X'), "%s: resolved \"%s\" still has an X", what, out.resolved);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const civil_date ref = {2024, 10, 28}, ref_year = {2024, 0, 0};
    check("ref 2024-10-28", data, size, &ref);
    check("ref 2024", data, size, &ref_year);
    check("no ref", data, size, NULL);

    civil_date found = {-1, -1, -1};
    if (date_find_reference((const char *)data, size, size, &found)) {
        FUZZ_CHECK(found.year >= 1 && found.year <= 9999 && found.month >= 1 && found.month <= 12 &&
                       found.day >= 1 && found.day <= days_in_month(found.year, found.month),
                   "date_find_reference found %d-%d-%d", found.year, found.month, found.day);
    }
    civil_date early;
    (void)date_find_reference((const char *)data, size, size / 2, &early);
    return 0;
}
