/* test_trigger.c — trigger words: parsing definitions, finding them in text. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "trigger.h"

/* Collected words, joined by spaces. */
typedef struct {
    char buf[4096];
    size_t n;
} words;

static bool collect(void *arg, const char *w, size_t len)
{
    words *ws = arg;
    if (ws->n + len + 2 > sizeof ws->buf)
        return false;
    if (ws->n)
        ws->buf[ws->n++] = ' ';
    memcpy(ws->buf + ws->n, w, len);
    ws->n += len;
    ws->buf[ws->n] = '\0';
    return true;
}

static const char *words_of(const char *pattern, const char **why)
{
    static words ws;
    ws.n = 0;
    ws.buf[0] = '\0';
    *why = NULL;
    return trigger_words_of_pattern(pattern, collect, &ws, why) ? ws.buf : NULL;
}

static void test_word_lists(void **state)
{
    (void)state;
    const char *why;
    assert_string_equal(words_of("(?:集团股份有限公司|有限公司|集团)", &why), "集团股份有限公司 有限公司 集团");
    /* Lookarounds are dropped: they only narrow where a word counts. */
    assert_string_equal(words_of("(?:走进|建设(?!银行)|(?<!以)联合)", &why), "走进 建设 联合");
    /* A definition expanded inside another: groups nest. */
    assert_string_equal(words_of("(?:(?:(?:元|美元)))", &why), "元 美元");
    assert_string_equal(words_of("说|表示", &why), "说 表示");
    /* Escaped punctuation is the character itself. */
    assert_string_equal(words_of("(?:\\.|US\\$)", &why), ". US$");
}

static void test_classes(void **state)
{
    (void)state;
    const char *why;
    assert_string_equal(words_of("[0-3一二]", &why), "0 1 2 3 一 二");
    assert_string_equal(words_of("(?:[年月])", &why), "年 月");
    assert_string_equal(words_of("[\\-+]", &why), "- +");
}

static void test_refusals(void **state)
{
    (void)state;
    const char *why;
    assert_null(words_of("[0-9]+", &why));
    assert_non_null(strstr(why, "followed by more"));
    assert_null(words_of("[^，。]", &why));
    assert_non_null(strstr(why, "negated"));
    assert_null(words_of("(?:公司|)", &why));
    assert_non_null(strstr(why, "empty"));
    assert_null(words_of("年度?", &why));
    assert_null(words_of("(?:a|b.c)", &why));
    assert_null(words_of("[\\p{Han}]", &why));
    assert_null(words_of("[\\x{4E00}-\\x{9FFF}]", &why));
    assert_null(words_of("(?:公司", &why));
    assert_non_null(strstr(why, "unbalanced"));
    assert_null(words_of("[一-\\x{10FFFF}]", &why));
}

/* Hits as "rule@offset" strings. */
typedef struct {
    char buf[1024];
    size_t n;
} hits;

static void on_hit(void *arg, uint32_t rule, size_t start)
{
    hits *h = arg;
    h->n += (size_t)snprintf(h->buf + h->n, sizeof h->buf - h->n, "%s%u@%zu", h->n ? " " : "", rule, start);
}

static void test_scan(void **state)
{
    (void)state;
    trigger_set *t = trigger_set_new();
    assert_non_null(t);
    assert_true(trigger_set_add(t, "公司", strlen("公司"), 0));
    assert_true(trigger_set_add(t, "有限公司", strlen("有限公司"), 0));
    assert_true(trigger_set_add(t, "公", strlen("公"), 1));
    assert_true(trigger_set_add(t, "5", 1, 2));
    assert_true(trigger_set_add(t, "\xF0\xA0\x80\x80", 4, 3)); /* U+20000, above the bitmap */
    assert_true(trigger_set_add(t, "公司", strlen("公司"), 0)); /* twice: once */
    assert_false(trigger_set_add(t, "", 0, 0));
    assert_true(trigger_set_finish(t));
    hits h = {.n = 0};
    /* 甲有限公司5 公 + U+20000; offsets are bytes. */
    const char *s = "甲有限公司5公\xF0\xA0\x80\x80司";
    trigger_set_scan(t, s, strlen(s), on_hit, &h);
    assert_string_equal(h.buf, "0@3 0@9 1@9 2@15 1@16 3@19");
    /* A word cut by the end of the text is no hit. */
    h.n = 0;
    h.buf[0] = '\0';
    trigger_set_scan(t, "公司", 4, on_hit, &h);
    assert_string_equal(h.buf, "1@0");
    trigger_set_free(t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_word_lists),
        cmocka_unit_test(test_classes),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_scan),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
