/* test_record.c — extract's JSON writer writes what jansson writes. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "record.h"

/* record_write's JSON Lines output of r (NULL: the document record). */
static char *written(const doc_info *d, const record *r)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    assert_non_null(f);
    record_write(f, OUT_JSONL, d, r);
    fclose(f);
    return buf;
}

/* What jansson writes for the same record (the format the index stores). */
static char *dumped(const doc_info *d, const record *r)
{
    json_t *o = r ? record_to_json(r, d->doc) : doc_info_to_json(d);
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(o);
    size_t n = strlen(s);
    char *line = malloc(n + 2);
    memcpy(line, s, n);
    memcpy(line + n, "\n", 2);
    free(s);
    return line;
}

static void assert_same(const doc_info *d, const record *r)
{
    char *a = written(d, r), *b = dumped(d, r);
    assert_string_equal(a, b);
    free(a);
    free(b);
}

static void test_figures(void **state)
{
    (void)state;
    doc_info d = {.doc = "a \"quoted\"\\path\t.txt"};
    record r = {.kind = REC_FIGURE, .rule = "figure.money", .start = 3, .end = 12, .text = "约1.5亿元",
                .norm = "约1.5亿元", .value = {15, 1}, .unit = "元", .dimension = "currency", .approx = true};
    assert_same(&d, &r);
    /* Exponents, integers as reals, ranges, bounds, SI values. */
    double factors[] = {1, 1e-3, 1e6, 1e20, 1e-20, 0.1, 1.0 / 3};
    int64_t mants[] = {0, 1, -5, 123456789012345678LL, 100000000000000000LL, 7};
    for (size_t i = 0; i < sizeof factors / sizeof *factors; i++)
        for (size_t j = 0; j < sizeof mants / sizeof *mants; j++)
            for (int scale = 0; scale <= 18; scale += 3) {
                record f = {.kind = REC_FIGURE, .rule = "q", .text = "x", .norm = "x",
                            .value = {mants[j], scale}, .value_to = {mants[j] + 1, scale}, .has_to = j % 2,
                            .bound = j % 3 ? NULL : "min", .unit = "吨", .dimension = "mass", .si_factor = factors[i]};
                assert_same(&d, &f);
            }
}

static void test_strings(void **state)
{
    (void)state;
    doc_info d = {.doc = "feed:1"};
    /* Control characters, quotes, backslashes, slashes, non-ASCII, U+2028. */
    record r = {.kind = REC_ENTITY, .rule = "org.company", .text = "a\x01\x1f\b\f\n\r\t\"\\/\x7f 朝阳\xe2\x80\xa8",
                .norm = "", .etype = "ORG", .name = "朝阳浪马轮胎有限公司", .code = "211300", .role = "reporter"};
    assert_same(&d, &r);
    record e = {.kind = REC_DATE, .rule = "date.expr", .text = "去年", .norm = "去年"};
    strcpy(e.date.value, "2023");
    strcpy(e.date.resolved, "2023-01-01/2023-12-31");
    e.date.relative = true;
    assert_same(&d, &e);
}

static void test_document(void **state)
{
    (void)state;
    doc_info d = {.doc = "x.txt", .encoding = "GB18030", .traditional = true, .title = "標題", .bytes = 1234};
    assert_same(&d, NULL);
    d.ref = (civil_date){2024, 10, 28};
    d.ref_source = "dateline";
    assert_same(&d, NULL);
    d.title = NULL;
    d.encoding = NULL;
    assert_same(&d, NULL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_figures),
        cmocka_unit_test(test_strings),
        cmocka_unit_test(test_document),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
