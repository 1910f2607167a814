/*
 * fuzz_query.c — query_prepare, then Xapian's query parser.
 *
 * The input, cut at its first NUL, is a query as `zhpipe search` gets
 * it.  query_prepare (with a t2s normaliser opened once and the field
 * names of index/schema.h) either rejects it with a message or returns
 * valid UTF-8; an accepted query is parsed by zx_query_parse with the
 * schema's fields against a small index made once in a temporary
 * folder, and run there with a snippet of the first hit, as `zhpipe
 * search` does.  A query Xapian rejects is fine (ZX_QUERY with a
 * message); a crash, leak or UB is not.
 */
#include "fuzz_util.h"

#include "normalize.h"
#include "query.h"
#include "schema.h"
#include "zx.h"

static normalizer *nz;
static zx_db *db;
static const char *known[32];
static size_t nknown;

static const struct {
    const char *doc, *date, *title, *text, *terms[4];
} docs[] = {
    {"a.txt", "20241028", "朝阳高新区投资", "2024年10月28日，朝阳高新技术产业开发区签约项目43个，总投资136亿元。",
     {"XZ朝阳高新技术产业开发区", "XY2024", "XUsS元", "XKfigure"}},
    {"b.txt", "20210315", "凌源经济开发区", "凌源经济开发区钢铁、轮胎产业增长15.4%。Steel and tyres.",
     {"XZ凌源经济开发区", "XY2021", "XU%", "XKdate"}},
    {"c.txt", "", "", "盐城滨淮开发区 OR 新能源 NOT 储能 \"短语\"", {"XO国家发展和改革委员会", "XP张三", "XL盐城", "XDx"}},
};

static void close_all(void)
{
    zx_db_close(db);
    normalizer_close(nz);
}

static void make_index(const char *path)
{
    zx_db *w = NULL;
    zx_status st = zx_db_open_write(path, &w);
    FUZZ_SETUP(st == ZX_OK, "cannot create the index %s: %s", path, zx_db_error(w));
    zx_termgen *tg = zx_termgen_new();
    FUZZ_SETUP(tg, "zx_termgen_new");
    for (size_t i = 0; i < sizeof docs / sizeof docs[0]; i++) {
        zx_doc *d = zx_doc_new();
        char id[256];
        schema_id_term(docs[i].doc, id, sizeof id);
        FUZZ_SETUP(d && zx_doc_add_term(d, id, strlen(id)) == ZX_OK &&
                       zx_doc_add_term(d, TERM_ARTICLE, strlen(TERM_ARTICLE)) == ZX_OK &&
                       zx_doc_index_text(tg, d, docs[i].title, strlen(docs[i].title), "") == ZX_OK &&
                       zx_doc_index_text(tg, d, docs[i].title, strlen(docs[i].title), "S") == ZX_OK &&
                       zx_doc_index_text(tg, d, docs[i].text, strlen(docs[i].text), "") == ZX_OK &&
                       zx_doc_set_value(d, SLOT_DATE, docs[i].date, strlen(docs[i].date)) == ZX_OK &&
                       zx_doc_set_value(d, SLOT_DOC, docs[i].doc, strlen(docs[i].doc)) == ZX_OK &&
                       zx_doc_set_data(d, docs[i].text, strlen(docs[i].text)) == ZX_OK,
                   "building document %zu", i);
        for (size_t k = 0; k < 4; k++)
            FUZZ_SETUP(zx_doc_add_term(d, docs[i].terms[k], strlen(docs[i].terms[k])) == ZX_OK, "adding a term");
        FUZZ_SETUP(zx_db_replace(w, id, d) == ZX_OK, "indexing: %s", zx_db_error(w));
        zx_doc_free(d);
    }
    FUZZ_SETUP(zx_db_set_metadata(w, META_SCHEMA, SCHEMA_VERSION) == ZX_OK && zx_db_commit(w) == ZX_OK,
               "committing: %s", zx_db_error(w));
    zx_termgen_free(tg);
    zx_db_close(w);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[256] = "";
    nz = normalizer_open("t2s", err, sizeof err);
    FUZZ_SETUP(nz, "normalizer_open(t2s): %s", err);
    for (size_t i = 0; i < schema_nfields && nknown < 32; i++)
        known[nknown++] = schema_fields[i].field;

    char path[PATH_MAX + 8];
    snprintf(path, sizeof path, "%s/db", fuzz_tmpdir());
    make_index(path);
    const char *paths[] = {path};
    zx_status st = zx_db_open_read(paths, 1, &db);
    FUZZ_SETUP(st == ZX_OK, "cannot open the index %s: %s", path, zx_db_error(db));
    atexit(close_all); /* registered after fuzz_tmpdir's: runs before the folder goes */
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *raw = malloc(size + 1);
    FUZZ_SETUP(raw, "out of memory");
    memcpy(raw, data, size);
    raw[size] = '\0';

    char err[512];
    err[0] = '\0';
    char *norm = query_prepare(nz, raw, known, nknown, err, sizeof err);
    if (!norm) {
        FUZZ_CHECK(err[0] != '\0', "query_prepare rejected the query without a message");
        FUZZ_CHECK(memchr(err, 0, sizeof err), "query_prepare: message not NUL-terminated");
        free(raw);
        return 0;
    }
    FUZZ_CHECK(utf8_is_valid(norm, strlen(norm)), "query_prepare returned invalid UTF-8");

    zx_query *q = NULL;
    char *perr = NULL;
    zx_status st = zx_query_parse(db, norm, schema_fields, schema_nfields, SLOT_DATE, &q, &perr);
    if (st == ZX_OK) {
        FUZZ_CHECK(q, "zx_query_parse: ZX_OK without a query");
        char *desc = zx_query_describe(q);
        free(desc);
        zx_mset *m = NULL;
        if (zx_search(db, q, 0, 10, 20, &m) == ZX_OK) {
            unsigned n = zx_mset_size(m);
            FUZZ_CHECK(n <= sizeof docs / sizeof docs[0], "%u hits in a %zu-document index", n,
                       sizeof docs / sizeof docs[0]);
            if (n > 0) {
                char *text = NULL, *snip = NULL;
                size_t len = 0;
                if (zx_db_doc_data(db, zx_mset_docid(m, 0), &text, &len) == ZX_OK &&
                    zx_mset_snippet(m, text, len, 200, "[", "]", &snip) == ZX_OK)
                    FUZZ_CHECK(snip, "zx_mset_snippet: ZX_OK without a snippet");
                free(snip);
                free(text);
            }
        }
        zx_mset_free(m);
        zx_query_free(q);
    } else {
        FUZZ_CHECK(!q, "zx_query_parse failed (%s) but returned a query", zx_status_name(st));
    }
    free(perr);
    free(norm);
    free(raw);
    return 0;
}
