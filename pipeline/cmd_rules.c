/*
 * cmd_rules.c — `zhpipe rules check [DIR]`: is every rule file well formed,
 * does every pattern compile, does every example match and no counter?
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "extract.h"

static const char help[] =
    "usage: zhpipe rules check [DIR]\n"
    "\n"
    "Loads every *.rules file and units.conf of DIR (default: the rule directory zhpipe uses),\n"
    "compiles each pattern with PCRE2, and runs each rule's examples and counter-examples, both\n"
    "near the rule's trigger words and at every position (they must agree: a difference means a\n"
    "trigger word is missing or `reach` is too short).  An example of a figure or date rule must\n"
    "also give a record: the numeral parser and units.conf, or the date normaliser, must accept\n"
    "what the rule matched.\n"
    "Problems are printed as FILE:LINE: error: MESSAGE (with the PCRE2 message and offset for\n"
    "patterns that do not compile). Exit status 0 when all is well, 1 otherwise.\n"
    "\n"
    "Example:\n"
    "  zhpipe rules check rules/ && echo ok\n";

/* Runs one rule's examples; reports each failure at its line. */
static void check_examples(extractor *x, const rule *r, diag_list *d, size_t *passed)
{
    for (size_t i = 0; i < r->nexamples; i++) {
        const rule_example *ex = &r->examples[i];
        size_t ms = 0, me = 0, fs = 0, fe = 0;
        int n = extract_rule_matches(x, r, ex->text, strlen(ex->text), true, &ms, &me);
        int full = extract_rule_matches(x, r, ex->text, strlen(ex->text), false, &fs, &fe);
        if (n >= 0 && (full != n || fs != ms || fe != me)) {
            diag_add(d, DIAG_ERROR, r->file, ex->line, 0,
                     "rule %s: this example matches '%.*s' tried everywhere but %s near the triggers: "
                     "a trigger word is missing or `reach` is too short",
                     r->id, (int)(fe - fs), ex->text + fs, n ? "not the same" : "nothing");
        } else if (n < 0) {
            diag_add(d, DIAG_ERROR, r->file, ex->line, 0, "rule %s: the match limit stopped it on this example", r->id);
        } else if (!ex->expect && n > 0) {
            diag_add(d, DIAG_ERROR, r->file, ex->line, 0, "rule %s: counter-example matched '%.*s'", r->id,
                     (int)(me - ms), ex->text + ms);
        } else if (ex->expect && n == 0) {
            diag_add(d, DIAG_ERROR, r->file, ex->line, 0, "rule %s: example did not match (expected '%s')", r->id,
                     ex->expect);
        } else if (ex->expect && (me - ms != strlen(ex->expect) || strncmp(ex->text + ms, ex->expect, me - ms))) {
            diag_add(d, DIAG_ERROR, r->file, ex->line, 0, "rule %s: example matched '%.*s', expected '%s'", r->id,
                     (int)(me - ms), ex->text + ms, ex->expect);
        } else if (ex->expect && !extract_rule_first_record(x, r, ex->text, strlen(ex->text))) {
            diag_add(d, DIAG_ERROR, r->file, ex->line, 0,
                     "rule %s: example matched '%s' but gives no record: the %s rejects what the groups hold", r->id,
                     ex->expect, r->kind == KIND_DATE ? "date normaliser" : "numeral parser or units.conf");
        } else {
            ++*passed;
        }
    }
}

int cmd_rules(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(help, argc < 2 ? stderr : stdout);
        return argc < 2 ? EXIT_USAGE : EXIT_OK;
    }
    if (argc == 3 && (!strcmp(argv[2], "--help") || !strcmp(argv[2], "-h"))) {
        fputs(help, stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "check") != 0 || argc > 3) {
        cli_error("rules", "unknown subcommand '%s' (only `rules check [DIR]`)", argv[1]);
        return EXIT_USAGE;
    }
    const char *dir = argc == 3 ? argv[2] : ruleset_default_dir();
    diag_list d;
    diag_init(&d);
    ruleset *rs = ruleset_load(dir, &d);
    size_t passed = 0, total = 0;
    if (rs) {
        extractor *x = extractor_new(rs);
        for (size_t i = 0; x && i < rs->nrules; i++) {
            if (!rs->rules[i].has_triggers)
                diag_add(&d, DIAG_WARNING, rs->rules[i].file, rs->rules[i].line, 0,
                         "rule %s has no `trigger`: it is tried at every position of every paragraph (slow)",
                         rs->rules[i].id);
            check_examples(x, &rs->rules[i], &d, &passed);
            total += rs->rules[i].nexamples;
        }
        extractor_free(x);
    }
    diag_print(&d, stderr);
    int rc = d.errors ? EXIT_FAIL : EXIT_OK;
    if (rs)
        printf("%s: %zu rules, %zu units, %zu qualifiers; %zu of %zu examples pass; %zu error(s), %zu warning(s)\n",
               dir, rs->nrules, rs->nunits, rs->nquals, passed, total, d.errors, d.warnings);
    else
        printf("%s: %zu error(s), %zu warning(s)\n", dir, d.errors, d.warnings);
    ruleset_free(rs);
    diag_free(&d);
    return rc;
}
