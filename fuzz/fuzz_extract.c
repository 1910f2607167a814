/*
 * fuzz_extract.c — one article through decode → normalise → extract.
 *
 * The real rules/ are loaded once; each input gets a fresh worker
 * (article_worker_new) and article_process, as `zhpipe extract` does for
 * one file.  A worker costs ~8 ms (OpenCC loads its dictionaries under
 * ASan), most of a run: with ZHPIPE_FUZZ_REUSE_WORKER=1 one worker serves
 * every input, several times faster, as the runner's threads do — but
 * then a finding may depend on the inputs before it (check that its
 * input alone reproduces it, without the variable).  Every record must lie inside the input (start <= end <=
 * length), its text and normalised form must be valid UTF-8, and its
 * JSON form must build.
 */
#include "fuzz_util.h"

#include <jansson.h>

#include "article.h"
#include "field.h"
#include "rules.h"

static ruleset *rules; /* read-only once loaded */
static article_worker *reused;

static void free_rules(void)
{
    article_worker_free(reused);
    ruleset_free(rules);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    const char *dir = fuzz_rules_dir(*argv ? (*argv)[0] : NULL);
    diag_list d;
    diag_init(&d);
    rules = ruleset_load(dir, &d);
    if (!rules)
        diag_print(&d, stderr);
    diag_free(&d);
    FUZZ_SETUP(rules, "cannot load the rules in %s (set ZHPIPE_FUZZ_RULES)", dir);
    const char *reuse = getenv("ZHPIPE_FUZZ_REUSE_WORKER");
    if (reuse && strcmp(reuse, "1") == 0) {
        pipeline_opts o = {.encoding = NULL, .opencc = "t2s", .rules = rules, .ref = {0, 0, 0}};
        char err[256] = "";
        reused = article_worker_new(&o, err, sizeof err);
        FUZZ_SETUP(reused, "article_worker_new: %s", err);
    }
    atexit(free_rules);
    return 0;
}

static void check_string(const char *s, const char *what, size_t i)
{
    if (s)
        FUZZ_CHECK(utf8_is_valid(s, strlen(s)), "record %zu: %s is not valid UTF-8", i, what);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    pipeline_opts o = {.encoding = NULL, .opencc = "t2s", .rules = rules, .ref = {0, 0, 0}};
    char err[256] = "";
    article_worker *w = reused ? reused : article_worker_new(&o, err, sizeof err);
    FUZZ_SETUP(w, "article_worker_new: %s", err);

    char why[512] = "";
    article_status st = article_process(w, "fuzz.txt", (const char *)data, size, NULL, NULL, why, sizeof why);
    FUZZ_CHECK(st == ARTICLE_OK || st == ARTICLE_REFUSED, "article_process failed: %s", why);
    if (st == ARTICLE_OK) {
        for (size_t i = 0; i < w->records.n; i++) {
            const record *r = &w->records.v[i];
            FUZZ_CHECK(r->start <= r->end && r->end <= size, "record %zu (%s, rule %s): [%u, %u) outside %zu bytes", i,
                       record_kind_name(r->kind), r->rule ? r->rule : "?", r->start, r->end, size);
            FUZZ_CHECK(r->nstart <= r->nend && r->nend <= w->norm.len,
                       "record %zu (rule %s): normalised [%zu, %zu) outside %zu bytes", i, r->rule ? r->rule : "?",
                       r->nstart, r->nend, w->norm.len);
            FUZZ_CHECK(r->text && r->norm && r->norm[0], "record %zu (rule %s): no text or an empty norm", i,
                       r->rule ? r->rule : "?");
            check_string(r->text, "text", i);
            check_string(r->norm, "norm", i);
            check_string(r->name, "name", i);
            check_string(r->title, "title", i);
            check_string(r->alias_of, "alias_of", i);
            check_string(r->unit, "unit", i);
            json_t *j = record_to_json(r, w->info.doc);
            FUZZ_CHECK(j, "record %zu (rule %s): no JSON", i, r->rule ? r->rule : "?");
            char *s = json_dumps(j, JSON_COMPACT);
            FUZZ_CHECK(s, "record %zu (rule %s): JSON does not serialise", i, r->rule ? r->rule : "?");
            free(s);
            json_decref(j);
        }
        /* the same text read as one amount of money (`zhpipe parse money`) */
        record m;
        memset(&m, 0, sizeof m);
        m.kind = REC_FIGURE;
        if (field_read_money(rules, w->norm.s, w->norm.len, &m)) {
            FUZZ_CHECK(m.unit && m.unit[0] && m.dimension, "field_read_money: no unit");
            FUZZ_CHECK(!m.has_to || zh_decimal_cmp(m.value, m.value_to) <= 0, "field_read_money: range out of order");
        }
        record_free(&m);
        check_string(w->info.title, "document title", 0);
        json_t *j = doc_info_to_json(&w->info);
        FUZZ_CHECK(j, "document record: no JSON");
        char *s = json_dumps(j, JSON_COMPACT);
        FUZZ_CHECK(s, "document record: JSON does not serialise");
        free(s);
        json_decref(j);
    }
    if (w != reused)
        article_worker_free(w);
    return 0;
}
