/*
 * test_normalize.c — unit tests for pipeline/normalize.c.
 *
 * Inputs are ztexts in which every character has its own identity span
 * (as decode gives UTF-8 input), so that each test can also check where
 * the output characters say they came from.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "text.h"

/* ------------------------------------------------------------ helpers */

/* Appends s character by character, each with the identity span
 * [offset, offset + length) of its bytes in s (offset base `at`). */
static void append_identity(ztext *t, const char *s, size_t len, uint32_t at)
{
    for (size_t i = 0; i < len;) {
        size_t n = (unsigned char)s[i] < 0x80 ? 1 : utf8_valid_seq_len((const unsigned char *)s + i, len - i);
        assert_true(n > 0);
        assert_true(ztext_append(t, s + i, n, at + (uint32_t)i, at + (uint32_t)(i + n)));
        i += n;
    }
}

static void make_input(ztext *t, const char *s)
{
    ztext_init(t);
    append_identity(t, s, strlen(s), 0);
}

typedef struct {
    normalizer *t2s;
    normalizer *none;
} fixture;

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    char err[256] = "";
    if (!f)
        return -1;
    f->t2s = normalizer_open("t2s", err, sizeof err);
    if (!f->t2s) {
        fprintf(stderr, "normalizer_open(t2s): %s\n", err);
        free(f);
        return -1;
    }
    f->none = normalizer_open("none", err, sizeof err);
    if (!f->none) {
        normalizer_close(f->t2s);
        free(f);
        return -1;
    }
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    normalizer_close(f->t2s);
    normalizer_close(f->none);
    free(f);
    return 0;
}

/* Normalises s with n; the result (and info) are left in out/info. */
static void normalize(normalizer *n, const char *s, ztext *out, normalize_info *info)
{
    ztext in;
    make_input(&in, s);
    ztext_init(out);
    char err[256] = "";
    if (!normalizer_run(n, &in, out, info, err, sizeof err))
        fail_msg("normalizer_run failed: %s", err);
    assert_true(utf8_is_valid(out->s ? out->s : "", out->len));
    /* Every span is a non-empty range of the input. */
    for (size_t i = 0; i < out->len; i++) {
        assert_true(out->src_start[i] < out->src_end[i]);
        assert_true(out->src_end[i] <= in.len);
    }
    ztext_free(&in);
}

/* Normalises s and checks the text. */
static void expect_norm(normalizer *n, const char *s, const char *expect)
{
    ztext out;
    normalize_info info;
    normalize(n, s, &out, &info);
    if (strcmp(out.s ? out.s : "", expect) != 0)
        fail_msg("normalize(\"%s\") = \"%s\", expected \"%s\"", s, out.s ? out.s : "", expect);
    ztext_free(&out);
}

/* The span of the output character starting at byte off. */
static void span_at(const ztext *t, size_t off, uint32_t *s, uint32_t *e)
{
    int32_t cp;
    size_t n = utf8_decode_valid(t->s, t->len, off, &cp);
    *s = t->src_start[off];
    *e = t->src_end[off];
    for (size_t k = off; k < off + n; k++) {
        assert_int_equal(t->src_start[k], *s);
        assert_int_equal(t->src_end[k], *e);
    }
}

/* Byte offset of the first occurrence of needle in t, or fails. */
static size_t find(const ztext *t, const char *needle)
{
    const char *p = strstr(t->s, needle);
    if (!p)
        fail_msg("\"%s\" not found in \"%s\"", needle, t->s);
    return (size_t)(p - t->s);
}

/* ------------------------------------------------------------ fold */

static void test_fullwidth_fold(void **state)
{
    fixture *f = *state;
    expect_norm(f->t2s, "１５８．６亿元", "158.6亿元");
    expect_norm(f->t2s, "增长１５．４％", "增长15.4%");
    expect_norm(f->t2s, "ＡＢＣｘｙｚ２０２４", "ABCxyz2024");
    expect_norm(f->t2s, "＋５－３", "+5-3");
    /* Chinese punctuation stays full width. */
    expect_norm(f->t2s, "朝阳，高新区：投资；（一）好！是吗？", "朝阳，高新区：投资；（一）好！是吗？");
    expect_norm(f->t2s, "“十四五”期间……——。、《文件》", "“十四五”期间……——。、《文件》");

    /* Each folded digit keeps the span of its full-width source. */
    ztext out;
    normalize_info info;
    normalize(f->t2s, "１５８．６亿元", &out, &info);
    assert_string_equal(out.s, "158.6亿元");
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(out.src_start[i], 3 * i);
        assert_int_equal(out.src_end[i], 3 * i + 3);
    }
    uint32_t s, e;
    span_at(&out, 5, &s, &e); /* 亿 */
    assert_int_equal(s, 15);
    assert_int_equal(e, 18);
    ztext_free(&out);
}

static void test_crlf(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->t2s, "第一行。\r\n第二行。\r第三行。", &out, &info);
    assert_string_equal(out.s, "第一行。\n第二行。\n第三行。");
    /* The LF of the CRLF spans both bytes: 第一行。 is 12 bytes. */
    size_t lf = find(&out, "\n");
    assert_int_equal(lf, 12);
    assert_int_equal(out.src_start[lf], 12);
    assert_int_equal(out.src_end[lf], 14);
    /* The lone CR becomes an LF spanning one byte. */
    const char *second = strchr(out.s + lf + 1, '\n');
    assert_non_null(second);
    size_t o2 = (size_t)(second - out.s);
    assert_int_equal(out.src_start[o2], 26);
    assert_int_equal(out.src_end[o2], 27);
    /* And the text after keeps its offsets. */
    uint32_t s, e;
    span_at(&out, o2 + 1, &s, &e);
    assert_int_equal(s, 27);
    assert_int_equal(e, 30);
    ztext_free(&out);
}

static void test_controls_dropped(void **state)
{
    fixture *f = *state;
    expect_norm(f->t2s, "朝\x01阳\x7F高\x1B新区", "朝阳高新区");
    expect_norm(f->t2s, "朝\u200B阳\u200C高\u200D新\u2060区\uFEFF", "朝阳高新区");
    expect_norm(f->t2s, "a\xC2\x85" "b", "ab"); /* C1 control */
    /* Tabs and newlines are kept. */
    expect_norm(f->t2s, "a\tb\nc", "a\tb\nc");

    /* The characters after a dropped one keep their own spans. */
    ztext out;
    normalize_info info;
    normalize(f->t2s, "朝\u200B阳", &out, &info);
    assert_string_equal(out.s, "朝阳");
    uint32_t s, e;
    span_at(&out, 3, &s, &e);
    assert_int_equal(s, 6);
    assert_int_equal(e, 9);
    ztext_free(&out);
}

/* ------------------------------------------------------------ script */

static void test_traditional(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->t2s, "朝陽高新區", &out, &info);
    assert_string_equal(out.s, "朝阳高新区");
    assert_true(info.traditional);
    assert_int_equal(info.converted_paragraphs, 1);
    ztext_free(&out);

    normalize(f->t2s, "凌源經濟開發區緊緊把握發展機遇。\n朝阳高新区。\n總投資136億元。", &out, &info);
    assert_string_equal(out.s, "凌源经济开发区紧紧把握发展机遇。\n朝阳高新区。\n总投资136亿元。");
    assert_true(info.traditional);
    assert_int_equal(info.converted_paragraphs, 2);
    ztext_free(&out);
}

/* Phrases that t2s changes although none of their characters changes
 * alone (`opencc -c t2s.json`: 沈船 → 沉船): the pre-check that skips
 * OpenCC must not skip them. */
static void test_traditional_phrases(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->t2s, "在朝阳沈船了", &out, &info);
    assert_string_equal(out.s, "在朝阳沉船了");
    assert_true(info.traditional);
    assert_int_equal(info.converted_paragraphs, 1);
    ztext_free(&out);
    expect_norm(f->t2s, "反覆思量", "反复思量");
    expect_norm(f->t2s, "不要找藉口", "不要找借口");
    char *q = normalizer_string(f->t2s, "回覆", strlen("回覆"));
    assert_string_equal(q, "回复");
    free(q);
}

static void test_simplified_unchanged(void **state)
{
    fixture *f = *state;
    const char *s = "朝阳高新区投资136亿元，新材料产业园建设进展顺利。\n凌源经济开发区。";
    ztext out;
    normalize_info info;
    normalize(f->t2s, s, &out, &info);
    assert_string_equal(out.s, s);
    assert_false(info.traditional);
    assert_int_equal(info.converted_paragraphs, 0);
    assert_int_equal(info.joined_breaks, 0);
    assert_int_equal(info.joined_spaces, 0);
    /* Unchanged text keeps identity spans. */
    for (size_t i = 0; i < out.len; i++) {
        size_t start = i;
        while (start > 0 && ((unsigned char)out.s[start] & 0xC0) == 0x80)
            start--;
        assert_int_equal(out.src_start[i], start);
    }
    ztext_free(&out);
}

static void test_spans_after_conversion(void **state)
{
    fixture *f = *state;
    /* "在朝陽" : 在 [0,3), 朝 [3,6), 陽 [6,9). */
    ztext out;
    normalize_info info;
    normalize(f->t2s, "在朝陽高新區", &out, &info);
    assert_string_equal(out.s, "在朝阳高新区");
    uint32_t s, e;
    size_t o = find(&out, "朝阳");
    span_at(&out, o, &s, &e);
    assert_int_equal(s, 3);
    assert_int_equal(e, 6);
    span_at(&out, o + 3, &s, &e); /* 阳 comes from 陽 */
    assert_int_equal(s, 6);
    assert_int_equal(e, 9);
    span_at(&out, find(&out, "区"), &s, &e); /* 区 from 區 */
    assert_int_equal(s, 15);
    assert_int_equal(e, 18);
    ztext_free(&out);

    /* Conversion after folding: the full-width digits and 億 keep theirs. */
    normalize(f->t2s, "投資１３６億元", &out, &info);
    assert_string_equal(out.s, "投资136亿元");
    span_at(&out, find(&out, "资"), &s, &e);
    assert_int_equal(s, 3);
    assert_int_equal(e, 6);
    span_at(&out, find(&out, "3"), &s, &e);
    assert_int_equal(s, 9);
    assert_int_equal(e, 12);
    span_at(&out, find(&out, "亿"), &s, &e);
    assert_int_equal(s, 15);
    assert_int_equal(e, 18);
    ztext_free(&out);
}

static void test_none_skips_opencc(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->none, "朝陽高新區１３６億元", &out, &info);
    assert_string_equal(out.s, "朝陽高新區136億元"); /* folded, not converted */
    assert_false(info.traditional);
    assert_int_equal(info.converted_paragraphs, 0);
    ztext_free(&out);

    char err[256] = "";
    normalizer *n = normalizer_open(NULL, err, sizeof err); /* NULL means none too */
    assert_non_null(n);
    char *q = normalizer_string(n, "朝陽", strlen("朝陽"));
    assert_string_equal(q, "朝陽");
    free(q);
    normalizer_close(n);
}

/* ------------------------------------------------------------ layout */

/* A long paragraph line (30+ characters) broken inside 高新区. */
static const char *const BROKEN =
    "金秋时节，项目建设现场机器轰鸣，一派繁忙景象。我们日前走进朝阳高新\n\n区，热火朝天的建设场面随处可见。";

static void test_join_broken_line(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->t2s, BROKEN, &out, &info);
    assert_non_null(strstr(out.s, "走进朝阳高新区，热火朝天"));
    assert_null(strchr(out.s, '\n'));
    assert_int_equal(info.joined_breaks, 1);
    /* 区 keeps the span of its source, after the removed break. */
    const char *q = strstr(BROKEN, "区，热火");
    uint32_t s, e;
    span_at(&out, find(&out, "区，热火"), &s, &e);
    assert_int_equal(s, (uint32_t)(q - BROKEN));
    assert_int_equal(e, (uint32_t)(q - BROKEN) + 3);
    ztext_free(&out);

    /* A single newline is joined too. */
    normalize(f->t2s,
              "金秋时节，项目建设现场机器轰鸣，一派繁忙景象。我们日前走进朝阳高新\n区，热火朝天的建设场面随处可见。",
              &out, &info);
    assert_non_null(strstr(out.s, "朝阳高新区"));
    assert_int_equal(info.joined_breaks, 1);
    ztext_free(&out);
}

static void test_no_join_heading(void **state)
{
    fixture *f = *state;
    /* A short heading without final punctuation, then a paragraph. */
    const char *s = "朝阳高新区发展纪实\n园区企业不断发展壮大，今年前三季度完成投资136亿元。";
    ztext out;
    normalize_info info;
    normalize(f->t2s, s, &out, &info);
    assert_string_equal(out.s, s);
    assert_int_equal(info.joined_breaks, 0);
    ztext_free(&out);

    const char *s2 = "朝阳高新区发展纪实\n\n园区企业不断发展壮大，今年前三季度完成投资136亿元。";
    normalize(f->t2s, s2, &out, &info);
    assert_string_equal(out.s, s2);
    assert_int_equal(info.joined_breaks, 0);
    ztext_free(&out);
}

static void test_no_join_sentence_end(void **state)
{
    fixture *f = *state;
    /* A long line that ends its sentence with 。 is a paragraph end. */
    const char *s = "金秋时节，项目建设现场机器轰鸣，一派繁忙景象，我们日前走进了朝阳高新区。\n\n"
                    "园区企业不断发展壮大，今年前三季度完成投资136亿元。";
    ztext out;
    normalize_info info;
    normalize(f->t2s, s, &out, &info);
    assert_string_equal(out.s, s);
    assert_int_equal(info.joined_breaks, 0);
    ztext_free(&out);

    /* Two blank lines between: a new block, not a broken word. */
    const char *s2 = "金秋时节，项目建设现场机器轰鸣，一派繁忙景象。我们日前走进朝阳高新\n\n\n"
                     "区，热火朝天的建设场面随处可见。";
    normalize(f->t2s, s2, &out, &info);
    assert_string_equal(out.s, s2);
    assert_int_equal(info.joined_breaks, 0);
    ztext_free(&out);
}

static void test_letter_spacing(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->t2s, "发展新 材 料产业", &out, &info);
    assert_string_equal(out.s, "发展新材料产业");
    assert_int_equal(info.joined_spaces, 2);
    /* 材 keeps its span (after 发展新 and a space: bytes 10..13). */
    uint32_t s, e;
    span_at(&out, find(&out, "材"), &s, &e);
    assert_int_equal(s, 10);
    assert_int_equal(e, 13);
    ztext_free(&out);

    /* Two characters spaced apart are ordinary words, not letter-spacing. */
    expect_norm(f->t2s, "朝阳 高新区", "朝阳 高新区");
    expect_norm(f->t2s, "新 材", "新 材");
    /* Latin words keep their spaces. */
    expect_norm(f->t2s, "a b c d", "a b c d");
}

static void test_byline_not_closed(void **state)
{
    fixture *f = *state;
    ztext out;
    normalize_info info;
    normalize(f->t2s, "本报记者 张 辉 崔 毅", &out, &info);
    assert_string_equal(out.s, "本报记者 张 辉 崔 毅");
    assert_int_equal(info.joined_spaces, 0);
    ztext_free(&out);
    /* Only the byline line is left alone. */
    normalize(f->t2s, "本报记者 张 辉 崔 毅\n发展新 材 料产业", &out, &info);
    assert_string_equal(out.s, "本报记者 张 辉 崔 毅\n发展新材料产业");
    assert_int_equal(info.joined_spaces, 2);
    ztext_free(&out);
    expect_norm(f->t2s, "通讯员 王 小 明", "通讯员 王 小 明");
}

/* ------------------------------------------------------------ entry points */

static void test_normalizer_string(void **state)
{
    fixture *f = *state;
    char *q = normalizer_string(f->t2s, "朝陽高新區１３６億元", strlen("朝陽高新區１３６億元"));
    assert_non_null(q);
    assert_string_equal(q, "朝阳高新区136亿元");
    free(q);

    /* No layout repair on queries: letter-spaced text stays spaced. */
    q = normalizer_string(f->t2s, "新 材 料", strlen("新 材 料"));
    assert_string_equal(q, "新 材 料");
    free(q);

    q = normalizer_string(f->t2s, "", 0);
    assert_non_null(q);
    assert_string_equal(q, "");
    free(q);

    /* Only len bytes are read. */
    q = normalizer_string(f->t2s, "區域XYZ", 3);
    assert_string_equal(q, "区");
    free(q);

    /* Invalid UTF-8 → NULL. */
    assert_null(normalizer_string(f->t2s, "朝\xFF", 4));
    assert_null(normalizer_string(f->t2s, "\xE6\x9C", 2));
}

static void test_open_errors(void **state)
{
    (void)state;
    char err[256] = "";
    assert_null(normalizer_open("bogus", err, sizeof err));
    assert_true(strlen(err) > 0);
    assert_non_null(strstr(err, "bogus"));

    /* A missing OpenCC config: the message names the file. */
    const char *old = getenv("ZHPIPE_OPENCC_DIR");
    char *saved = old ? strdup(old) : NULL;
    setenv("ZHPIPE_OPENCC_DIR", "/nonexistent/opencc-dir", 1);
    err[0] = '\0';
    assert_null(normalizer_open("t2s", err, sizeof err));
    assert_non_null(strstr(err, "/nonexistent/opencc-dir/t2s.json"));
    if (saved) {
        setenv("ZHPIPE_OPENCC_DIR", saved, 1);
        free(saved);
    } else {
        unsetenv("ZHPIPE_OPENCC_DIR");
    }

    /* The other conversions open. */
    normalizer *n = normalizer_open("tw2sp", err, sizeof err);
    assert_non_null(n);
    char *q = normalizer_string(n, "軟體", strlen("軟體"));
    assert_string_equal(q, "软件");
    free(q);
    normalizer_close(n);
    n = normalizer_open("hk2s", err, sizeof err);
    assert_non_null(n);
    normalizer_close(n);
    normalizer_close(NULL);
}

/*
 * tw2sp converts Taiwan phrases, and the pre-check that skips OpenCC must
 * be exact: a paragraph whose only convertible text is a phrase starting
 * with a Latin letter (PN接面 → PN结, from TWPhrasesRev) must still be
 * converted.  `opencc -c tw2sp.json` gives "PN结" for "PN接面".
 */
static void test_tw2sp_phrases(void **state)
{
    (void)state;
    char err[256] = "";
    normalizer *n = normalizer_open("tw2sp", err, sizeof err);
    assert_non_null(n);
    char *q = normalizer_string(n, "偵錯", strlen("偵錯"));
    assert_string_equal(q, "调试");
    free(q);
    q = normalizer_string(n, "加彭", strlen("加彭"));
    assert_string_equal(q, "加蓬");
    free(q);
    /* Regression: "PN接面" is a tw2sp phrase that starts with a Latin
     * letter; the pre-check once skipped every byte below 0xE0, so the
     * paragraph never reached OpenCC.  (Results are copied and freed before the assertions so
     * that a failure leaks nothing under ASan.) */
    char got1[64], got2[64];
    q = normalizer_string(n, "PN接面", strlen("PN接面"));
    snprintf(got1, sizeof got1, "%s", q ? q : "(null)");
    free(q);
    ztext in, out;
    make_input(&in, "采用PN接面");
    ztext_init(&out);
    normalize_info info;
    bool ok = normalizer_run(n, &in, &out, &info, err, sizeof err);
    snprintf(got2, sizeof got2, "%s", ok && out.s ? out.s : "(failed)");
    ztext_free(&in);
    ztext_free(&out);
    normalizer_close(n);
    assert_string_equal(got1, "PN结");
    assert_string_equal(got2, "采用PN结");
    assert_true(info.traditional);
}

static void test_empty_and_reuse(void **state)
{
    fixture *f = *state;
    ztext in, out;
    ztext_init(&in);
    ztext_init(&out);
    normalize_info info;
    char err[128];
    assert_true(normalizer_run(f->t2s, &in, &out, &info, err, sizeof err));
    assert_int_equal(out.len, 0);
    ztext_free(&out);

    /* The same normalizer, many runs: results do not leak into each other. */
    for (int i = 0; i < 3; i++) {
        expect_norm(f->t2s, BROKEN, "金秋时节，项目建设现场机器轰鸣，一派繁忙景象。我们日前走进朝阳高新区，"
                                    "热火朝天的建设场面随处可见。");
        expect_norm(f->t2s, "朝陽", "朝阳");
        expect_norm(f->t2s, "x", "x");
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fullwidth_fold),
        cmocka_unit_test(test_crlf),
        cmocka_unit_test(test_controls_dropped),
        cmocka_unit_test(test_traditional),
        cmocka_unit_test(test_traditional_phrases),
        cmocka_unit_test(test_simplified_unchanged),
        cmocka_unit_test(test_spans_after_conversion),
        cmocka_unit_test(test_none_skips_opencc),
        cmocka_unit_test(test_join_broken_line),
        cmocka_unit_test(test_no_join_heading),
        cmocka_unit_test(test_no_join_sentence_end),
        cmocka_unit_test(test_letter_spacing),
        cmocka_unit_test(test_byline_not_closed),
        cmocka_unit_test(test_normalizer_string),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_tw2sp_phrases),
        cmocka_unit_test(test_empty_and_reuse),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
