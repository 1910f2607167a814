/* test_jsonline.c — the fast feed-line reader agrees with JSON. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "jsonline.h"

#define F4 {{.key = "id"}, {.key = "text"}, {.key = "title"}, {.key = "date"}}

static void test_flat_object(void **state)
{
    (void)state;
    jsonline_field f[4] = F4;
    const char *l = "{\"id\": \"a1\", \"date\": \"2024-01-02\", \"title\": \"标题\", \"text\": \"朝阳高新区\"}";
    assert_true(jsonline_parse(l, strlen(l), f, 4));
    assert_string_equal(f[0].value, "a1");
    assert_string_equal(f[1].value, "朝阳高新区");
    assert_string_equal(f[2].value, "标题");
    assert_string_equal(f[3].value, "2024-01-02");
    jsonline_clear(f, 4);
}

static void test_escapes(void **state)
{
    (void)state;
    jsonline_field f[4] = F4;
    const char *l = "{\"text\":\"a\\n\\\"b\\\\\\u6731\\ud83d\\ude00\\/\"}";
    assert_true(jsonline_parse(l, strlen(l), f, 4));
    assert_string_equal(f[1].value, "a\n\"b\\朱\xF0\x9F\x98\x80/");
    assert_null(f[0].value);
    assert_false(f[0].present);
    jsonline_clear(f, 4);
}

static void test_number_and_null(void **state)
{
    (void)state;
    jsonline_field f[4] = F4;
    const char *l = "{\"id\":12345,\"date\":null,\"text\":\"x\",\"extra\":true}";
    assert_true(jsonline_parse(l, strlen(l), f, 4));
    assert_true(f[0].is_number);
    assert_string_equal(f[0].value, "12345");
    assert_true(f[3].present);
    assert_null(f[3].value);
    jsonline_clear(f, 4);
}

/* Lines the fast path must hand to Jansson (which words the error). */
static void test_refuses(void **state)
{
    (void)state;
    const char *bad[] = {
        "{\"text\":\"x\",\"meta\":{\"a\":1}}", /* nested */
        "{\"text\":\"x\",\"tags\":[1,2]}",     /* array */
        "{\"text\":\"x\"",                     /* truncated */
        "{\"text\":\"x\"} trailing",           /* garbage after */
        "{\"text\":\"\xff\"}",                 /* invalid UTF-8 */
        "{\"text\":\"a\tb\"}",                 /* raw control character */
        "{\"text\":\"\\ud800\"}",              /* lone surrogate */
        "{\"text\":\"\\x41\"}",                /* bad escape */
        "{\"te\\u0078t\":\"x\"}",              /* escaped key */
        "{\"text\":\"a\\u0000b\"}",            /* NUL, which Jansson refuses */
        "{\"text\":\"x\",\"text\":\"y\"}",     /* repeated key */
        "{\"id\":--,\"text\":\"x\"}",          /* not a number */
        "{\"id\":01,\"text\":\"x\"}",
        "{\"id\":1.,\"text\":\"x\"}",
        "{\"id\":1e,\"text\":\"x\"}",
        "[1,2]",
        "",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        jsonline_field f[4] = F4;
        assert_false(jsonline_parse(bad[i], strlen(bad[i]), f, 4));
        assert_null(f[1].value);
    }
}

/* Every line the fast path accepts decodes as Jansson decodes it. */
static void test_agrees_with_jansson(void **state)
{
    (void)state;
    const char *lines[] = {
        "{\"text\":\"plain\"}",
        "{ \"text\" : \"spaced\" , \"id\" : \"b\" }",
        "{\"text\":\"\\u00e9\\u4e2d\\r\\t\\b\\f\"}",
        "{\"id\":-1.5e3,\"text\":\"\"}",
        /* Regression (fuzz): escapes in a skipped field overflowed a stack buffer. */
        "{\"url\":\"http:\\/\\/example.com\\/a\\/b\\/c\\/d\\/e\",\"text\":\"x\"}",
    };
    for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
        jsonline_field f[4] = F4;
        assert_true(jsonline_parse(lines[i], strlen(lines[i]), f, 4));
        json_t *o = json_loads(lines[i], 0, NULL);
        assert_non_null(o);
        json_t *t = json_object_get(o, "text");
        assert_int_equal(json_string_length(t), f[1].len);
        assert_memory_equal(json_string_value(t), f[1].value, f[1].len);
        json_decref(o);
        jsonline_clear(f, 4);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flat_object),     cmocka_unit_test(test_escapes),
        cmocka_unit_test(test_number_and_null), cmocka_unit_test(test_refuses),
        cmocka_unit_test(test_agrees_with_jansson),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
