/*
 * fuzz_numeral.c — numeral_parse on arbitrary bytes.
 *
 * When a number parses, zh_decimal_format must write it (in buffers of
 * every size, snprintf-like) and the text written must parse back to the
 * same value.  On failure the value and flags must be zero.  The parsed
 * value then goes through zh_decimal_shift (powers of ten the figure
 * rules and units use, and extremes) and zh_decimal_mul (by itself and by
 * unit factors): a failure must leave the value alone, a success must
 * agree with floating point.  numeral_parse_amount (the money reading of
 * `zhpipe parse`) keeps the same contract on the same bytes.
 */
#include "fuzz_util.h"

#include <limits.h>
#include <math.h>

#include "numeral.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

static bool close_to(double a, double b)
{
    if (a == b)
        return true;
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

static void check_arithmetic(zh_decimal d)
{
    static const int shifts[] = {INT_MIN, -40, -19, -18, -12, -8, -4, -1, 1, 4, 8, 12, 18, 19, 40, INT_MAX};
    double v = zh_decimal_to_double(d);
    for (size_t i = 0; i < sizeof shifts / sizeof shifts[0]; i++) {
        zh_decimal e = d;
        if (zh_decimal_shift(&e, shifts[i])) {
            FUZZ_CHECK(e.scale >= 0 && e.scale <= 18, "shift %d: scale %d", shifts[i], e.scale);
            if (shifts[i] > -300 && shifts[i] < 300)
                FUZZ_CHECK(close_to(zh_decimal_to_double(e), v * pow(10, shifts[i])),
                           "%lld e-%d shifted by %d gives %lld e-%d", (long long)d.mant, d.scale, shifts[i],
                           (long long)e.mant, e.scale);
        } else {
            FUZZ_CHECK(e.mant == d.mant && e.scale == d.scale, "a failed shift by %d changed the value", shifts[i]);
        }
    }
    static const zh_decimal factors[] = {{0, 0}, {1, 0}, {-1, 0}, {6666667, 4}, {1, 3}, {1000000, 0},
                                         {INT64_MAX, 0}, {INT64_MIN, 0}, {1, 18}, {INT64_MIN, 18}};
    for (size_t i = 0; i <= sizeof factors / sizeof factors[0]; i++) {
        zh_decimal f = i < sizeof factors / sizeof factors[0] ? factors[i] : d, p = {777, 7};
        if (zh_decimal_mul(d, f, &p)) {
            FUZZ_CHECK(p.scale >= 0 && p.scale <= 18, "mul: scale %d", p.scale);
            FUZZ_CHECK(close_to(zh_decimal_to_double(p), v * zh_decimal_to_double(f)),
                       "%lld e-%d times %lld e-%d gives %lld e-%d", (long long)d.mant, d.scale, (long long)f.mant,
                       f.scale, (long long)p.mant, p.scale);
        } else {
            FUZZ_CHECK(p.mant == 777 && p.scale == 7, "a failed mul wrote its result");
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* the amount reading has the same contract as numeral_parse */
    zh_decimal a = {12345, 3};
    int aflags = -1;
    numeral_status ast = numeral_parse_amount((const char *)data, size, &a, &aflags);
    FUZZ_CHECK(ast >= NUMERAL_OK && ast <= NUMERAL_OVERFLOW, "amount: status %d", (int)ast);
    if (ast != NUMERAL_OK)
        FUZZ_CHECK(a.mant == 0 && a.scale == 0 && aflags == 0, "amount: failure left a value");
    else
        FUZZ_CHECK(a.scale >= 0 && a.scale <= 18, "amount: scale %d", a.scale);

    zh_decimal d = {12345, 3};
    int flags = -1;
    numeral_status st = numeral_parse((const char *)data, size, &d, &flags);
    FUZZ_CHECK(st >= NUMERAL_OK && st <= NUMERAL_OVERFLOW, "status %d", (int)st);
    (void)numeral_strerror(st);
    if (st != NUMERAL_OK) {
        FUZZ_CHECK(d.mant == 0 && d.scale == 0 && flags == 0, "failure (%d) left value %lld e-%d flags %d", (int)st,
                   (long long)d.mant, d.scale, flags);
        return 0;
    }
    FUZZ_CHECK(d.scale >= 0 && d.scale <= 18, "scale %d", d.scale);
    FUZZ_CHECK((flags & ~(NUMERAL_APPROX | NUMERAL_CHINESE | NUMERAL_ROUNDED | NUMERAL_YUAN)) == 0, "flags %d", flags);
    zh_decimal r = zh_decimal_reduce(d);
    FUZZ_CHECK(r.mant == d.mant && r.scale == d.scale, "value %lld e-%d is not reduced", (long long)d.mant, d.scale);

    char buf[64];
    int n = zh_decimal_format(d, buf, sizeof buf);
    FUZZ_CHECK(n > 0 && (size_t)n < sizeof buf, "zh_decimal_format(%lld e-%d) returned %d", (long long)d.mant, d.scale,
               n);
    FUZZ_CHECK(strlen(buf) == (size_t)n, "zh_decimal_format: length %d but strlen %zu", n, strlen(buf));
    /* Too-small buffers: the length needed, and a NUL-terminated prefix. */
    for (size_t sz = 0; sz <= (size_t)n; sz++) {
        char small[64];
        memset(small, 'x', sizeof small);
        int m = zh_decimal_format(d, small, sz);
        FUZZ_CHECK(m == n, "zh_decimal_format size %zu returned %d, not %d", sz, m, n);
        if (sz > 0)
            FUZZ_CHECK(small[sz - 1] == '\0' && strncmp(small, buf, sz - 1) == 0,
                       "zh_decimal_format size %zu: bad prefix", sz);
        FUZZ_CHECK(small[sz] == 'x', "zh_decimal_format size %zu wrote past the buffer", sz);
    }

    zh_decimal back;
    int bflags;
    numeral_status bst = numeral_parse(buf, (size_t)n, &back, &bflags);
    FUZZ_CHECK(bst == NUMERAL_OK, "\"%s\" (from %lld e-%d) does not parse back: %s", buf, (long long)d.mant, d.scale,
               numeral_strerror(bst));
    FUZZ_CHECK(back.mant == d.mant && back.scale == d.scale, "\"%s\": %lld e-%d parses back as %lld e-%d", buf,
               (long long)d.mant, d.scale, (long long)back.mant, back.scale);
    FUZZ_CHECK(!(bflags & NUMERAL_APPROX), "\"%s\" parses back as approximate", buf);
    check_arithmetic(d);
    return 0;
}
