/*
 * test_rules.c — unit tests for pipeline/rules.c and pipeline/extract.c.
 *
 * Each test writes a small rule directory (mkdtemp) and loads it: good
 * files load, and every kind of mistake is reported as FILE:LINE: with a
 * message that says what is wrong.  Extraction is tested on ztexts with
 * identity spans, including a rule that backtracks catastrophically.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "diag.h"
#include "extract.h"
#include "record.h"
#include "rules.h"
#include "text.h"

/* ------------------------------------------------------------ helpers */

typedef struct {
    const char *name;
    const char *content;
} file_spec;

#define END_FILES {NULL, NULL}

/* A units.conf most tests share. */
static const char *const UNITS = "# units for the tests\n"
                                 "unit 元 元 currency\n"
                                 "unit 美元 美元 currency\n"
                                 "unit 平方公里 平方公里 area 1000000\n"
                                 "unit % % percent\n"
                                 "qualifier 约 approx pre\n"
                                 "qualifier 以上 min post\n";

/* Creates a temporary directory holding the files; returns its path. */
static char *make_dir(const file_spec *files)
{
    char *dir = strdup("/tmp/zhpipe-test-rules-XXXXXX");
    assert_non_null(dir);
    assert_non_null(mkdtemp(dir));
    for (const file_spec *f = files; f->name; f++) {
        char path[512];
        snprintf(path, sizeof path, "%s/%s", dir, f->name);
        FILE *fp = fopen(path, "w");
        assert_non_null(fp);
        fputs(f->content, fp);
        fclose(fp);
    }
    return dir;
}

static void remove_dir(char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
                continue;
            char path[512];
            snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
            unlink(path);
        }
        closedir(d);
    }
    rmdir(dir);
    free(dir);
}

/* True when some message contains every one of the (NULL-terminated) strings. */
static bool diag_has(const diag_list *d, ...)
{
    for (size_t i = 0; i < d->n; i++) {
        va_list ap;
        va_start(ap, d);
        bool all = true;
        const char *s;
        while ((s = va_arg(ap, const char *)))
            if (!strstr(d->msgs[i], s))
                all = false;
        va_end(ap);
        if (all)
            return true;
    }
    return false;
}

#define EXPECT_DIAG(d, ...)                                                                                        \
    do {                                                                                                           \
        if (!diag_has((d), __VA_ARGS__, (const char *)NULL)) {                                                     \
            diag_print((d), stderr);                                                                               \
            fail_msg("no diagnostic with: %s", #__VA_ARGS__);                                                      \
        }                                                                                                          \
    } while (0)

/*
 * Loads a directory made of files and expects it to fail; the diagnostics
 * are left in *d (initialised here) for the caller to check.
 */
static void load_bad(const file_spec *files, diag_list *d)
{
    char *dir = make_dir(files);
    diag_init(d);
    ruleset *rs = ruleset_load(dir, d);
    if (rs) {
        diag_print(d, stderr);
        ruleset_free(rs);
        remove_dir(dir);
        fail_msg("ruleset_load succeeded on a bad rule directory");
    }
    assert_true(d->errors > 0);
    assert_true(d->n > 0);
    remove_dir(dir);
}

static const rule *find_rule(const ruleset *rs, const char *id)
{
    for (size_t i = 0; i < rs->nrules; i++)
        if (!strcmp(rs->rules[i].id, id))
            return &rs->rules[i];
    fail_msg("no rule %s", id);
    return NULL;
}

/* A ztext whose every character has its own identity span. */
static void identity_text(ztext *t, const char *s)
{
    ztext_init(t);
    size_t len = strlen(s);
    for (size_t i = 0; i < len;) {
        size_t n = (unsigned char)s[i] < 0x80 ? 1 : utf8_valid_seq_len((const unsigned char *)s + i, len - i);
        assert_true(n > 0);
        assert_true(ztext_append(t, s + i, n, (uint32_t)i, (uint32_t)(i + n)));
        i += n;
    }
}

/* ------------------------------------------------------------ loading */

static const char *const GOOD_A = "# figures\n"
                                  "define NUM  [0-9]+(?:\\.[0-9]+)?\n"
                                  "\n"
                                  "rule fig.money\n"
                                  "  kind     figure\n"
                                  "  priority 5\n"
                                  "  pattern  (?<pre>{@qual:pre})?(?<num>{NUM})(?<unit>{@units:currency})\n"
                                  "  example  投资5美元 => 5美元\n"
                                  "  example  约136元 => 约136元\n"
                                  "  counter  5平方公里\n"
                                  "\n"
                                  "rule fig.any\n"
                                  "  kind     figure\n"
                                  "  pattern  (?<num>{NUM})(?<unit>{@units})(?<post>{@qual:post})?\n"
                                  "  example  占地18.52平方公里 => 18.52平方公里\n"
                                  "  example  增长12%以上 => 12%以上\n";

static const char *const GOOD_B = "rule zone.named\n"
                                  "  kind     entity\n"
                                  "  type     ZONE\n"
                                  "  pattern  (?<name>[\\x{4E00}-\\x{9FFF}]{2,6}?开发区)\n"
                                  "  example  凌源经济开发区紧紧把握 => 凌源经济开发区\n"
                                  "\n"
                                  "rule per.reporter\n"
                                  "  kind     entity\n"
                                  "  type     PER\n"
                                  "  role     reporter\n"
                                  "  pattern  记者(?<name>[张崔][\\x{4E00}-\\x{9FFF}])\n"
                                  "  example  记者崔毅报道 => 崔毅\n";

static void test_load_good(void **state)
{
    (void)state;
    const file_spec files[] = {{"b.rules", GOOD_B}, {"a.rules", GOOD_A}, {"units.conf", UNITS},
                               {"notes.txt", "not a rule file\n"}, END_FILES};
    char *dir = make_dir(files);
    diag_list d;
    diag_init(&d);
    ruleset *rs = ruleset_load(dir, &d);
    if (!rs || d.errors) {
        diag_print(&d, stderr);
        fail_msg("the good rule directory did not load");
    }
    assert_int_equal(rs->nrules, 4);
    assert_int_equal(rs->nunits, 4);
    assert_int_equal(rs->nquals, 2);
    /* Files are read in name order: a.rules first. */
    assert_string_equal(rs->rules[0].id, "fig.money");
    assert_string_equal(rs->rules[1].id, "fig.any");
    assert_string_equal(rs->rules[2].id, "zone.named");
    assert_string_equal(rs->rules[3].id, "per.reporter");
    assert_non_null(rs->triggers);

    const rule *m = find_rule(rs, "fig.money");
    assert_int_equal(m->kind, KIND_FIGURE);
    assert_int_equal(m->priority, 5);
    assert_int_equal(m->line, 4);
    assert_non_null(strstr(m->file, "a.rules"));
    assert_non_null(strstr(m->pattern, "{NUM}"));
    assert_null(strstr(m->expanded, "{NUM}"));
    assert_null(strstr(m->expanded, "{@"));
    assert_non_null(m->re);
    assert_int_equal(m->nexamples, 3);
    assert_string_equal(m->examples[0].text, "投资5美元");
    assert_string_equal(m->examples[0].expect, "5美元");
    assert_int_equal(m->examples[0].line, 8);
    assert_null(m->examples[2].expect); /* a counter */
    assert_string_equal(m->examples[2].text, "5平方公里");

    const rule *p = find_rule(rs, "per.reporter");
    assert_int_equal(p->kind, KIND_ENTITY);
    assert_string_equal(p->type, "PER");
    assert_string_equal(p->role, "reporter");
    assert_string_equal(rule_kind_name(KIND_DATE), "date");

    /* Units and qualifiers by their surface. */
    const unit_def *u = ruleset_unit(rs, "平方公里", strlen("平方公里"));
    assert_non_null(u);
    assert_string_equal(u->canonical, "平方公里");
    assert_string_equal(u->dimension, "area");
    assert_true(u->factor == 1e6);
    u = ruleset_unit(rs, "美元XYZ", strlen("美元")); /* only len bytes count */
    assert_non_null(u);
    assert_string_equal(u->dimension, "currency");
    assert_true(u->factor == 0);
    assert_null(ruleset_unit(rs, "公斤", strlen("公斤")));
    const qualifier_def *q = ruleset_qualifier(rs, "约", strlen("约"));
    assert_non_null(q);
    assert_int_equal(q->effect, QUAL_APPROX);
    assert_true(q->before);
    q = ruleset_qualifier(rs, "以上", strlen("以上"));
    assert_non_null(q);
    assert_int_equal(q->effect, QUAL_MIN);
    assert_false(q->before);
    assert_null(ruleset_qualifier(rs, "左右", strlen("左右")));

    ruleset_free(rs);
    diag_free(&d);
    remove_dir(dir);
}

static void test_missing_dir(void **state)
{
    (void)state;
    diag_list d;
    diag_init(&d);
    assert_null(ruleset_load("/nonexistent/zhpipe-rules", &d));
    EXPECT_DIAG(&d, "/nonexistent/zhpipe-rules", "error");
    diag_free(&d);

}

/*
 * A directory without any .rules file.  It runs last: under UBSan with
 * -fno-sanitize-recover (make check-asan) the bug below ends the process.
 *
 * Regression: read_dir() once called qsort(names, 0, ...) with names ==
 * NULL for a directory without *.rules files, which UBSan reports as a
 * null pointer passed to a nonnull argument.
 */
static void test_no_rules_files(void **state)
{
    (void)state;
    diag_list d;
    const file_spec files[] = {{"units.conf", UNITS}, END_FILES};
    load_bad(files, &d);
    EXPECT_DIAG(&d, "no *.rules files");
    diag_free(&d);
}

/* ------------------------------------------------------------ errors */

static void test_syntax_error(void **state)
{
    (void)state;
    const file_spec files[] = {{"bad.rules", "# a rule with an unbalanced parenthesis\n"
                                             "rule broken.paren\n"
                                             "  kind     figure\n"
                                             "  # the pattern below lacks a ')'\n"
                                             "  pattern  (?<num>[0-9]+(?<unit>元)\n"
                                             "rule fine\n"
                                             "  kind     figure\n"
                                             "  pattern  [0-9]+元\n"},
                               {"units.conf", UNITS},
                               END_FILES};
    diag_list d;
    load_bad(files, &d);
    EXPECT_DIAG(&d, "bad.rules:2: error: rule broken.paren: PCRE2 error at offset", "missing closing parenthesis");
    assert_int_equal(d.errors, 1); /* the good rule is not blamed */
    diag_free(&d);

    /* Another PCRE2 error: the message is PCRE2's own. */
    const file_spec files2[] = {{"x.rules", "rule q\n  kind figure\n  pattern [0-9]+{2,1}元\n"}, END_FILES};
    load_bad(files2, &d);
    EXPECT_DIAG(&d, "x.rules:1: error: rule q: PCRE2 error", "out of order");
    diag_free(&d);
}

static void test_undefined_name(void **state)
{
    (void)state;
    const file_spec files[] = {{"bad.rules", "define OK [0-9]+\n"
                                             "\n"
                                             "rule a\n"
                                             "  kind figure\n"
                                             "  pattern {OK}{NOPE}\n"},
                               END_FILES};
    diag_list d;
    load_bad(files, &d);
    EXPECT_DIAG(&d, "bad.rules:3: error: rule a: undefined pattern name {NOPE}");
    diag_free(&d);

    /* {@units:DIM} naming no unit, and an unknown {@...}. */
    const file_spec files2[] = {{"bad.rules", "rule b\n  kind figure\n  pattern [0-9]+{@units:nosuch}\n"
                                              "rule c\n  kind figure\n  pattern [0-9]+{@bogus}\n"},
                                {"units.conf", UNITS},
                                END_FILES};
    load_bad(files2, &d);
    EXPECT_DIAG(&d, "bad.rules:1: error: rule b: {@units:nosuch}");
    EXPECT_DIAG(&d, "bad.rules:4: error: rule c: {@bogus}");
    diag_free(&d);

    /* A definition cycle. */
    const file_spec files3[] = {{"bad.rules", "define A x{B}\ndefine B y{A}\nrule d\n  kind figure\n  pattern {A}\n"},
                                END_FILES};
    load_bad(files3, &d);
    EXPECT_DIAG(&d, "bad.rules:3: error: rule d:", "cycle");
    diag_free(&d);
}

static void test_duplicates(void **state)
{
    (void)state;
    const file_spec files[] = {{"bad.rules", "define N [0-9]+\n"
                                             "rule a\n"
                                             "  kind figure\n"
                                             "  pattern {N}元\n"
                                             "rule a\n"
                                             "  kind figure\n"
                                             "  pattern [0-9]+元\n"
                                             "define N [0-9]\n"},
                               END_FILES};
    diag_list d;
    load_bad(files, &d);
    EXPECT_DIAG(&d, "bad.rules:5: error: duplicate rule id 'a'", "bad.rules:2)");
    EXPECT_DIAG(&d, "bad.rules:8: error: duplicate definition 'N'", "bad.rules:1)");
    diag_free(&d);

    /* Across files: reported where the second one stands. */
    const file_spec files2[] = {{"a.rules", "rule x\n  kind figure\n  pattern [0-9]+元\n"},
                                {"b.rules", "\n\nrule x\n  kind figure\n  pattern [0-9]+美元\n"},
                                END_FILES};
    load_bad(files2, &d);
    EXPECT_DIAG(&d, "b.rules:3: error: duplicate rule id 'x'", "a.rules:1)");
    diag_free(&d);

    /* A unit defined twice. */
    const file_spec files3[] = {{"a.rules", "rule x\n  kind figure\n  pattern [0-9]+元\n"},
                                {"units.conf", "unit 元 元 currency\nunit 元 元 currency\n"},
                                END_FILES};
    load_bad(files3, &d);
    EXPECT_DIAG(&d, "unit '元' defined twice");
    diag_free(&d);
}

static void test_rule_field_errors(void **state)
{
    (void)state;
    const file_spec files[] = {{"bad.rules", "rule a\n"                  /* 1 */
                                             "  kind figure\n"           /* 2 */
                                             "  colour red\n"            /* 3: unknown key */
                                             "  pattern [0-9]+元\n"      /* 4 */
                                             "rule b\n"                  /* 5: no kind */
                                             "  pattern [0-9]+元\n"      /* 6 */
                                             "rule c\n"                  /* 7: no pattern */
                                             "  kind figure\n"           /* 8 */
                                             "rule d\n"                  /* 9: entity without type */
                                             "  kind entity\n"           /* 10 */
                                             "  pattern 朝阳\n"          /* 11 */
                                             "rule e\n"                  /* 12 */
                                             "  kind thing\n"            /* 13: bad kind */
                                             "  pattern x\n"             /* 14 */
                                             "rule f\n"                  /* 15 */
                                             "  kind entity\n"           /* 16 */
                                             "  type CITY\n"             /* 17: bad type */
                                             "  pattern x\n"             /* 18 */
                                             "rule g\n"                  /* 19 */
                                             "  kind figure\n"           /* 20 */
                                             "  priority high\n"         /* 21: bad priority */
                                             "  pattern x\n"             /* 22 */
                                             "  example no arrow here\n" /* 23: bad example */
                                             "frobnicate\n"              /* 24: unknown directive */
                                             "  kind figure\n"           /* 25: outside a block */
                                             "rule bad id!\n"},          /* 26: bad id */
                               END_FILES};
    diag_list d;
    load_bad(files, &d);
    EXPECT_DIAG(&d, "bad.rules:3: error: rule a: unknown key 'colour'");
    EXPECT_DIAG(&d, "bad.rules:5: error: rule b: missing 'kind'");
    EXPECT_DIAG(&d, "bad.rules:7: error: rule c: missing 'pattern'");
    EXPECT_DIAG(&d, "bad.rules:9: error: rule d: entity rules need a 'type'");
    EXPECT_DIAG(&d, "bad.rules:13: error: rule e: unknown kind 'thing'");
    EXPECT_DIAG(&d, "bad.rules:17: error: rule f: unknown entity type 'CITY'");
    EXPECT_DIAG(&d, "bad.rules:21: error: rule g: priority");
    EXPECT_DIAG(&d, "bad.rules:23: error: rule g: an example is");
    EXPECT_DIAG(&d, "bad.rules:24: error: unknown directive 'frobnicate'");
    EXPECT_DIAG(&d, "bad.rules:25: error: indented line outside a rule block");
    EXPECT_DIAG(&d, "bad.rules:26: error: a rule starts with 'rule ID'");
    diag_free(&d);

    /* Invalid UTF-8 in a rule file. */
    const file_spec files2[] = {{"bad.rules", "rule a\n  kind figure\n  pattern [0-9]+\xFF\n"}, END_FILES};
    load_bad(files2, &d);
    EXPECT_DIAG(&d, "bad.rules:3: error: not valid UTF-8");
    diag_free(&d);
}

static void test_units_errors(void **state)
{
    (void)state;
    const file_spec files[] = {{"a.rules", "rule x\n  kind figure\n  pattern [0-9]+元\n"},
                               {"units.conf", "# comment\n"                     /* 1 */
                                              "unit 公斤 公斤 mass abc\n"       /* 2: bad factor */
                                              "unit 吨 吨 mass -1000\n"         /* 3: negative */
                                              "unit 亩 亩 area 0\n"             /* 4: zero */
                                              "unit 米\n"                       /* 5: too few fields */
                                              "qualifier 约 approx\n"           /* 6: no pre/post */
                                              "qualifier 约 sometimes pre\n"    /* 7: bad effect */
                                              "qualifier 超过 min before\n"     /* 8: bad position */
                                              "measure 升 升 volume\n"          /* 9: unknown */
                                              "unit 千瓦 千瓦 power 1000\n"},   /* 10: fine */
                               END_FILES};
    diag_list d;
    load_bad(files, &d);
    EXPECT_DIAG(&d, "units.conf:2: error: unit 公斤: factor 'abc' is not a positive number");
    EXPECT_DIAG(&d, "units.conf:3: error: unit 吨: factor '-1000'");
    EXPECT_DIAG(&d, "units.conf:4: error: unit 亩: factor '0'");
    EXPECT_DIAG(&d, "units.conf:5: error: a unit is");
    EXPECT_DIAG(&d, "units.conf:6: error: a qualifier is");
    EXPECT_DIAG(&d, "units.conf:7: error: qualifier 约: effect must be approx, min or max");
    EXPECT_DIAG(&d, "units.conf:8: error: a qualifier is");
    EXPECT_DIAG(&d, "units.conf:9: error: unknown directive 'measure'");
    assert_false(diag_has(&d, "units.conf:10:", (const char *)NULL));
    assert_int_equal(d.errors, 8);
    diag_free(&d);
}

/* ------------------------------------------------------------ matching */

/* Loads GOOD_A/GOOD_B + UNITS; the caller frees. */
static ruleset *load_good(char **dir)
{
    const file_spec files[] = {{"a.rules", GOOD_A}, {"b.rules", GOOD_B}, {"units.conf", UNITS}, END_FILES};
    *dir = make_dir(files);
    diag_list d;
    diag_init(&d);
    ruleset *rs = ruleset_load(*dir, &d);
    if (!rs)
        diag_print(&d, stderr);
    assert_non_null(rs);
    diag_free(&d);
    return rs;
}

static void expect_match(extractor *x, const rule *r, const char *s, int count, const char *span)
{
    size_t ms = 0, me = 0;
    int n = extract_rule_matches(x, r, s, strlen(s), true, &ms, &me);
    if (n != count)
        fail_msg("rule %s on \"%s\": %d matches, expected %d", r->id, s, n, count);
    if (span) {
        assert_true(ms <= me && me <= strlen(s));
        if (strlen(span) != me - ms || memcmp(s + ms, span, me - ms) != 0)
            fail_msg("rule %s on \"%s\": matched \"%.*s\", expected \"%s\"", r->id, s, (int)(me - ms), s + ms, span);
    }
}

static void test_units_expansion(void **state)
{
    (void)state;
    char *dir;
    ruleset *rs = load_good(&dir);
    extractor *x = extractor_new(rs);
    assert_non_null(x);
    const rule *money = find_rule(rs, "fig.money");
    expect_match(x, money, "5美元", 1, "5美元");
    expect_match(x, money, "投资5美元和8元", 2, "5美元");
    expect_match(x, money, "5平方公里", 0, NULL); /* area is not currency */
    expect_match(x, money, "约136元", 1, "约136元");
    /* {@units}: the longest surface wins (平方公里, not a prefix of it). */
    const rule *any = find_rule(rs, "fig.any");
    expect_match(x, any, "占地18.52平方公里", 1, "18.52平方公里");
    expect_match(x, any, "增长12%以上", 1, "12%以上");
    /* Entity rules report their name group. */
    expect_match(x, find_rule(rs, "per.reporter"), "本报记者崔毅报道", 1, "崔毅");
    expect_match(x, find_rule(rs, "zone.named"), "在凌源经济开发区", 1, NULL);
    /* Escaped metacharacters in a unit surface ("%") still match literally. */
    expect_match(x, any, "15.4%", 1, "15.4%");

    /* Every example and counter of every rule. */
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->nexamples; k++) {
            const rule_example *ex = &r->examples[k];
            if (ex->expect) {
                size_t ms = 0, me = 0;
                int n = extract_rule_matches(x, r, ex->text, strlen(ex->text), true, &ms, &me);
                assert_true(n >= 1);
                if (strlen(ex->expect) != me - ms || memcmp(ex->text + ms, ex->expect, me - ms) != 0)
                    fail_msg("rule %s example line %d: matched \"%.*s\", expected \"%s\"", r->id, ex->line,
                             (int)(me - ms), ex->text + ms, ex->expect);
            } else {
                expect_match(x, r, ex->text, 0, NULL);
            }
        }
    }
    extractor_free(x);
    ruleset_free(rs);
    remove_dir(dir);
}

/* The shipped rules: every example covers its expected text, no counter
 * matches (what `zhpipe rules check` checks). */
static void test_shipped_rules_examples(void **state)
{
    (void)state;
    if (access("rules/units.conf", F_OK) != 0)
        skip();
    diag_list d;
    diag_init(&d);
    ruleset *rs = ruleset_load("rules", &d);
    if (!rs)
        diag_print(&d, stderr);
    assert_non_null(rs);
    assert_int_equal(d.errors, 0);
    extractor *x = extractor_new(rs);
    assert_non_null(x);
    size_t checked = 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        const rule *r = &rs->rules[i];
        for (size_t k = 0; k < r->nexamples; k++, checked++) {
            const rule_example *ex = &r->examples[k];
            size_t ms = 0, me = 0;
            int n = extract_rule_matches(x, r, ex->text, strlen(ex->text), true, &ms, &me);
            if (!ex->expect) {
                if (n != 0)
                    fail_msg("%s:%d: rule %s: counter \"%s\" matched", r->file, ex->line, r->id, ex->text);
                continue;
            }
            if (n < 1 || strlen(ex->expect) != me - ms || memcmp(ex->text + ms, ex->expect, me - ms) != 0)
                fail_msg("%s:%d: rule %s: example \"%s\" gave \"%.*s\" (%d matches), expected \"%s\"", r->file,
                         ex->line, r->id, ex->text, n > 0 ? (int)(me - ms) : 0, ex->text + ms, n, ex->expect);
        }
    }
    assert_true(checked > 10);
    extractor_free(x);
    ruleset_free(rs);
    diag_free(&d);
}

/* A record of kind k whose norm is s, or NULL. */
static const record *find_record(const record_list *l, record_kind k, const char *norm)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i].kind == k && !strcmp(l->v[i].norm, norm))
            return &l->v[i];
    return NULL;
}

static void test_extract_run(void **state)
{
    (void)state;
    char *dir;
    ruleset *rs = load_good(&dir);
    extractor *x = extractor_new(rs);
    const char *s = "凌源经济开发区投资约136元，占地18.52平方公里。\n本报记者崔毅报道";
    ztext t;
    identity_text(&t, s);
    record_list out;
    record_list_init(&out);
    diag_list w;
    diag_init(&w);
    assert_true(extract_run(x, &t, &t, NULL, &out, &w));
    assert_int_equal(w.n, 0);

    const record *r = find_record(&out, REC_FIGURE, "约136元");
    assert_non_null(r);
    assert_string_equal(r->rule, "fig.money");
    assert_string_equal(r->text, "约136元");
    const char *p = strstr(s, "约136元");
    assert_int_equal(r->start, (uint32_t)(p - s));
    assert_int_equal(r->end, (uint32_t)(p - s + strlen("约136元")));
    char buf[64];
    zh_decimal_format(r->value, buf, sizeof buf);
    assert_string_equal(buf, "136");
    assert_string_equal(r->unit, "元");
    assert_string_equal(r->dimension, "currency");
    assert_true(r->approx);

    r = find_record(&out, REC_FIGURE, "18.52平方公里");
    assert_non_null(r);
    assert_true(r->si_factor == 1e6);
    zh_decimal_format(r->value, buf, sizeof buf);
    assert_string_equal(buf, "18.52");

    r = find_record(&out, REC_ENTITY, "凌源经济开发区");
    assert_non_null(r);
    assert_string_equal(r->etype, "ZONE");
    assert_string_equal(r->name, "凌源经济开发区");
    assert_int_equal(r->start, 0);

    r = find_record(&out, REC_ENTITY, "崔毅");
    assert_non_null(r);
    assert_string_equal(r->etype, "PER");
    assert_string_equal(r->role, "reporter");

    /* Sorted by start offset. */
    for (size_t i = 1; i < out.n; i++)
        assert_true(out.v[i - 1].start <= out.v[i].start);

    record_list_free(&out);
    diag_free(&w);
    ztext_free(&t);
    extractor_free(x);
    ruleset_free(rs);
    remove_dir(dir);
}

static void test_catastrophic_backtracking(void **state)
{
    (void)state;
    const file_spec files[] = {{"a.rules", "rule fig.money\n"
                                           "  kind figure\n"
                                           "  pattern (?<num>[0-9]+)(?<unit>{@units:currency})\n"
                                           "\n"
                                           "rule fig.evil\n"
                                           "  kind figure\n"
                                           "  pattern (?<num>(a+)+$)\n"},
                               {"b.rules", "rule zone.named\n"
                                           "  kind entity\n"
                                           "  type ZONE\n"
                                           "  pattern (?<name>[\\x{4E00}-\\x{9FFF}]{2,6}?开发区)\n"},
                               {"units.conf", UNITS},
                               END_FILES};
    char *dir = make_dir(files);
    diag_list d;
    diag_init(&d);
    ruleset *rs = ruleset_load(dir, &d);
    if (!rs)
        diag_print(&d, stderr);
    assert_non_null(rs);
    extractor *x = extractor_new(rs);
    assert_non_null(x);

    char s[512];
    size_t n = (size_t)snprintf(s, sizeof s, "朝阳高新区投资5美元，");
    memset(s + n, 'a', 40);
    n += 40;
    n += (size_t)snprintf(s + n, sizeof s - n, "b，凌源经济开发区投资8美元。");

    ztext t;
    identity_text(&t, s);
    record_list out;
    record_list_init(&out);
    diag_list w;
    diag_init(&w);
    clock_t c0 = clock();
    assert_true(extract_run(x, &t, &t, NULL, &out, &w));
    double secs = (double)(clock() - c0) / CLOCKS_PER_SEC;
    assert_true(secs < 3.0);

    /* One warning naming the rule (with its file:line). */
    if (!diag_has(&w, "a.rules:5:", "fig.evil", "match limit", (const char *)NULL)) {
        diag_print(&w, stderr);
        fail_msg("no match-limit warning naming fig.evil");
    }
    assert_int_equal(w.warnings, 1);
    assert_int_equal(w.errors, 0);

    /* The other rules still produce their records, before and after. */
    const record *r = find_record(&out, REC_FIGURE, "5美元");
    assert_non_null(r);
    assert_string_equal(r->rule, "fig.money");
    r = find_record(&out, REC_FIGURE, "8美元");
    assert_non_null(r);
    assert_string_equal(r->rule, "fig.money");
    const char *p = strstr(s, "8美元");
    assert_int_equal(r->start, (uint32_t)(p - s));
    r = find_record(&out, REC_ENTITY, "凌源经济开发区");
    assert_non_null(r);
    for (size_t i = 0; i < out.n; i++)
        assert_string_not_equal(out.v[i].rule, "fig.evil");

    /* A second run warns again (the limit is per document). */
    record_list_clear(&out);
    diag_list w2;
    diag_init(&w2);
    assert_true(extract_run(x, &t, &t, NULL, &out, &w2));
    assert_int_equal(w2.warnings, 1);
    assert_non_null(find_record(&out, REC_FIGURE, "8美元"));

    /* extract_rule_matches: -1 when the limit stops the rule. */
    size_t ms, me;
    assert_int_equal(extract_rule_matches(x, find_rule(rs, "fig.evil"), s, n, true, &ms, &me), -1);
    /* On a short subject the same rule simply matches. */
    assert_int_equal(extract_rule_matches(x, find_rule(rs, "fig.evil"), "xaaa", 4, true, &ms, &me), 1);
    assert_int_equal(ms, 1);
    assert_int_equal(me, 4);

    record_list_free(&out);
    diag_free(&w);
    diag_free(&w2);
    diag_free(&d);
    ztext_free(&t);
    extractor_free(x);
    ruleset_free(rs);
    remove_dir(dir);
}

int main(void)
{
    /* Deterministic match limit whatever the environment says. */
    unsetenv("ZHPIPE_MATCH_LIMIT");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_good),
        cmocka_unit_test(test_missing_dir),
        cmocka_unit_test(test_syntax_error),
        cmocka_unit_test(test_undefined_name),
        cmocka_unit_test(test_duplicates),
        cmocka_unit_test(test_rule_field_errors),
        cmocka_unit_test(test_units_errors),
        cmocka_unit_test(test_units_expansion),
        cmocka_unit_test(test_shipped_rules_examples),
        cmocka_unit_test(test_extract_run),
        cmocka_unit_test(test_catastrophic_backtracking),
        cmocka_unit_test(test_no_rules_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
