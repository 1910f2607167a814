/*
 * fuzz_rules.c — ruleset_load on an arbitrary rule file.
 *
 * A temporary rule folder is made once, with a copy of the real
 * rules/units.conf; every input is written there as its one .rules file
 * and loaded.  An input with a line "%names" is cut there: what follows
 * becomes the folder's one name list, fuzz.names (see lexicon.h), so
 * that the lexicon reader is fuzzed too.  Diagnostics are expected; a crash, a leak or UB is a
 * finding.  A ruleset that loads has its examples run, as
 * `zhpipe rules check` does, and is then used to extract records from
 * its example texts (one paragraph each), as `zhpipe extract --rules`
 * would: every record must lie inside that text.
 */
#include "fuzz_util.h"

#include "diag.h"
#include "extract.h"
#include "rules.h"

static char dir[PATH_MAX], rules_path[PATH_MAX + 16], names_path[PATH_MAX + 16];

#define NAMES_MARK "\n%names\n"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    const char *real = fuzz_rules_dir(*argv ? (*argv)[0] : NULL);
    snprintf(dir, sizeof dir, "%s", fuzz_tmpdir());
    char from[PATH_MAX + 16], to[PATH_MAX + 16];
    snprintf(from, sizeof from, "%s/units.conf", real);
    snprintf(to, sizeof to, "%s/units.conf", dir);
    FUZZ_SETUP(fuzz_copy_file(from, to), "cannot copy %s to %s", from, to);
    snprintf(rules_path, sizeof rules_path, "%s/fuzz.rules", dir);
    snprintf(names_path, sizeof names_path, "%s/fuzz.names", dir);
    return 0;
}

/* The example texts as one article, one per line, identity spans. */
static void extract_examples(extractor *x, const ruleset *rs)
{
    ztext t;
    ztext_init(&t);
    for (size_t i = 0; i < rs->nrules; i++)
        for (size_t k = 0; k < rs->rules[i].nexamples; k++) {
            const char *e = rs->rules[i].examples[k].text;
            for (size_t j = 0, n = strlen(e); j <= n; j++) {
                uint32_t at = (uint32_t)t.len;
                FUZZ_SETUP(ztext_append(&t, j < n ? e + j : "\n", 1, at, at + 1), "out of memory");
            }
        }
    if (t.len) {
        static const civil_date ref = {2024, 10, 28};
        record_list out;
        record_list_init(&out);
        diag_list w;
        diag_init(&w);
        FUZZ_CHECK(extract_run(x, &t, &t, &ref, &out, &w), "extract_run failed");
        for (size_t i = 0; i < out.n; i++) {
            const record *r = &out.v[i];
            FUZZ_CHECK(r->start <= r->end && r->end <= t.len && r->nstart <= r->nend && r->nend <= t.len,
                       "record %zu (rule %s): [%u, %u) normalised [%zu, %zu) outside %zu bytes", i,
                       r->rule ? r->rule : "?", r->start, r->end, r->nstart, r->nend, t.len);
        }
        record_list_free(&out);
        diag_free(&w);
    }
    ztext_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *mark = memmem(data, size, NAMES_MARK, strlen(NAMES_MARK));
    size_t rules_len = mark ? (size_t)(mark - data) + 1 : size;
    FUZZ_SETUP(fuzz_write_file(rules_path, data, rules_len), "cannot write %s", rules_path);
    if (mark) {
        size_t from = rules_len + strlen(NAMES_MARK) - 1;
        FUZZ_SETUP(fuzz_write_file(names_path, data + from, size - from), "cannot write %s", names_path);
    } else {
        unlink(names_path);
    }
    diag_list d;
    diag_init(&d);
    ruleset *rs = ruleset_load(dir, &d);
    FUZZ_CHECK(rs || d.errors > 0, "ruleset_load failed without an error message");
    FUZZ_CHECK(!rs || d.errors == 0, "ruleset_load succeeded with %zu error(s)", d.errors);
    for (size_t i = 0; i < d.n; i++)
        FUZZ_CHECK(d.msgs[i] != NULL, "diagnostic %zu is NULL", i);
    if (rs) {
        extractor *x = extractor_new(rs);
        FUZZ_CHECK(x, "extractor_new failed");
        for (size_t i = 0; i < rs->nrules; i++) {
            const rule *r = &rs->rules[i];
            for (size_t k = 0; k < r->nexamples; k++) {
                size_t ms = 0, me = 0, len = strlen(r->examples[k].text);
                int n = extract_rule_matches(x, r, r->examples[k].text, len, true, &ms, &me);
                if (n > 0)
                    FUZZ_CHECK(ms <= me && me <= len, "rule %s: match [%zu, %zu) of %zu bytes", r->id, ms, me, len);
                (void)extract_rule_first_record(x, r, r->examples[k].text, len); /* `rules check`: must not crash */
            }
        }
        extract_examples(x, rs);
        extractor_free(x);
        ruleset_free(rs);
    }
    diag_free(&d);
    return 0;
}
