/*
 * test_zx.c — unit tests for index/zx.cc, the C shim over Xapian.
 *
 * One small database in a temporary directory: two documents, written,
 * committed, reopened read-only and searched with CJK, phrase, field and
 * date queries; then locking, errors, replace, delete and metadata.
 * Everything is freed: the tests also run under ASan.
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
#include <sys/stat.h>
#include <unistd.h>

#include "zx.h"

/* ------------------------------------------------------------ fixture */

static const char *const TEXT1 = "朝阳高新区投资";
static const char *const TEXT2 = "凌源经济开发区";
static const zx_field FIELDS[] = {{"org", "XO", true}, {"title", "S", false}};
#define NFIELDS (sizeof FIELDS / sizeof FIELDS[0])
#define DATE_SLOT 0

typedef struct {
    char dir[64];
    char db[128];
} fixture;

/* Removes a directory tree (the database directory holds files only). */
static void remove_tree(const char *path)
{
    DIR *d = opendir(path);
    if (!d) {
        unlink(path);
        return;
    }
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        char p[512];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        struct stat st;
        if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
            remove_tree(p);
        else
            unlink(p);
    }
    closedir(d);
    rmdir(path);
}

static zx_doc *make_doc(zx_termgen *tg, const char *text, const char *idterm, const char *date)
{
    zx_doc *doc = zx_doc_new();
    assert_non_null(doc);
    assert_int_equal(zx_doc_index_text(tg, doc, text, strlen(text), ""), ZX_OK);
    assert_int_equal(zx_doc_add_term(doc, idterm, strlen(idterm)), ZX_OK);
    if (date)
        assert_int_equal(zx_doc_set_value(doc, DATE_SLOT, date, strlen(date)), ZX_OK);
    assert_int_equal(zx_doc_set_data(doc, text, strlen(text)), ZX_OK);
    return doc;
}

/* Creates the two-document database. */
static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    if (!f)
        return -1;
    snprintf(f->dir, sizeof f->dir, "/tmp/zhpipe-test-zx-XXXXXX");
    if (!mkdtemp(f->dir)) {
        free(f);
        return -1;
    }
    snprintf(f->db, sizeof f->db, "%s/db", f->dir);

    zx_db *w;
    zx_status st = zx_db_open_write(f->db, &w);
    if (st != ZX_OK) {
        fprintf(stderr, "zx_db_open_write: %s\n", zx_db_error(w));
        zx_db_close(w);
        return -1;
    }
    zx_termgen *tg = zx_termgen_new();
    zx_doc *d1 = make_doc(tg, TEXT1, "Qdoc1", "20240105");
    /* A boolean field term: org:朝阳高新区 */
    assert_int_equal(zx_doc_add_term(d1, "XO朝阳高新区", strlen("XO朝阳高新区")), ZX_OK);
    zx_doc *d2 = make_doc(tg, TEXT2, "Qdoc2", NULL);
    assert_int_equal(zx_db_replace(w, "Qdoc1", d1), ZX_OK);
    assert_int_equal(zx_db_replace(w, "Qdoc2", d2), ZX_OK);
    assert_int_equal(zx_db_set_metadata(w, "zhpipe.version", "1"), ZX_OK);
    assert_int_equal(zx_db_commit(w), ZX_OK);
    zx_doc_free(d1);
    zx_doc_free(d2);
    zx_termgen_free(tg);
    zx_db_close(w);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    remove_tree(f->dir);
    free(f);
    return 0;
}

static zx_db *open_read(const fixture *f)
{
    const char *paths[] = {f->db};
    zx_db *db;
    zx_status st = zx_db_open_read(paths, 1, &db);
    if (st != ZX_OK)
        fail_msg("zx_db_open_read: %s: %s", zx_status_name(st), zx_db_error(db));
    return db;
}

static zx_query *parse(zx_db *db, const char *q)
{
    zx_query *out;
    char *err;
    zx_status st = zx_query_parse(db, q, FIELDS, NFIELDS, DATE_SLOT, &out, &err);
    if (st != ZX_OK)
        fail_msg("zx_query_parse(%s): %s: %s", q, zx_status_name(st), err ? err : "");
    assert_null(err);
    assert_non_null(out);
    return out;
}

static unsigned docid_of(zx_db *db, const char *idterm)
{
    unsigned id = 0;
    assert_int_equal(zx_db_find(db, idterm, &id), ZX_OK);
    assert_true(id > 0);
    return id;
}

/* Runs q and expects exactly the documents with the given id terms. */
static void expect_hits(zx_db *db, zx_query *q, const char *id1, const char *id2)
{
    zx_mset *m;
    assert_int_equal(zx_search(db, q, 0, 10, 10, &m), ZX_OK);
    unsigned want = (id1 != NULL) + (id2 != NULL);
    if (zx_mset_size(m) != want) {
        char *desc = zx_query_describe(q);
        fail_msg("query %s: %u hits, expected %u", desc ? desc : "?", zx_mset_size(m), want);
    }
    assert_int_equal(zx_mset_matches(m), want);
    if (id1) {
        unsigned a = docid_of(db, id1);
        bool found = false;
        for (unsigned i = 0; i < zx_mset_size(m); i++)
            found |= zx_mset_docid(m, i) == a;
        assert_true(found);
    }
    if (id2) {
        unsigned b = docid_of(db, id2);
        bool found = false;
        for (unsigned i = 0; i < zx_mset_size(m); i++)
            found |= zx_mset_docid(m, i) == b;
        assert_true(found);
    }
    zx_mset_free(m);
}

static void search_expect(zx_db *db, const char *query, const char *id1, const char *id2)
{
    zx_query *q = parse(db, query);
    expect_hits(db, q, id1, id2);
    zx_query_free(q);
}

/* ------------------------------------------------------------ searching */

static void test_read_and_count(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    unsigned long n = 0;
    assert_int_equal(zx_db_doccount(db, &n), ZX_OK);
    assert_int_equal(n, 2);

    unsigned id1 = docid_of(db, "Qdoc1");
    unsigned id2 = docid_of(db, "Qdoc2");
    assert_int_not_equal(id1, id2);
    unsigned none;
    assert_int_equal(zx_db_find(db, "Qdoc3", &none), ZX_NOT_FOUND);

    char *data;
    size_t len;
    assert_int_equal(zx_db_doc_data(db, id2, &data, &len), ZX_OK);
    assert_int_equal(len, strlen(TEXT2));
    assert_string_equal(data, TEXT2);
    free(data);
    assert_int_equal(zx_db_doc_value(db, id1, DATE_SLOT, &data, &len), ZX_OK);
    assert_string_equal(data, "20240105");
    assert_int_equal(len, 8);
    free(data);
    assert_int_equal(zx_db_doc_value(db, id2, DATE_SLOT, &data, &len), ZX_OK);
    assert_int_equal(len, 0);
    free(data);
    /* A docid that does not exist. */
    data = (char *)"x";
    assert_int_equal(zx_db_doc_data(db, 9999, &data, &len), ZX_NOT_FOUND);
    assert_null(data);
    assert_true(strlen(zx_db_error(db)) > 0);
    zx_db_close(db);
}

/* Chinese runs are quoted, as query_prepare() quotes them: the index holds
 * Chinese as single characters with positions (see zx.h). */
static void test_cjk_query(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    search_expect(db, "\"高新区\"", "Qdoc1", NULL);
    search_expect(db, "\"凌源\"", "Qdoc2", NULL);
    search_expect(db, "\"开发区\"", "Qdoc2", NULL);
    search_expect(db, "\"投资\"", "Qdoc1", NULL);
    search_expect(db, "\"高新区\" \"投资\"", "Qdoc1", NULL); /* AND by default */
    search_expect(db, "\"高新区\" \"凌源\"", NULL, NULL);
    search_expect(db, "\"高新区\" OR \"凌源\"", "Qdoc1", "Qdoc2");
    search_expect(db, "\"上海\"", NULL, NULL);
    zx_db_close(db);
}

static void test_phrase_query(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    search_expect(db, "\"朝阳高新区\"", "Qdoc1", NULL);
    search_expect(db, "\"高新区投资\"", "Qdoc1", NULL);
    search_expect(db, "\"经济开发区\"", "Qdoc2", NULL);
    /* The same characters in another order are not the phrase. */
    search_expect(db, "\"投资高新区\"", NULL, NULL);
    zx_db_close(db);
}

static void test_field_query(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    search_expect(db, "org:朝阳高新区", "Qdoc1", NULL);
    search_expect(db, "org:凌源经济开发区", NULL, NULL);
    search_expect(db, "\"投资\" org:朝阳高新区", "Qdoc1", NULL);
    zx_db_close(db);
}

static void test_date_range(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    search_expect(db, "date:2024..2024", "Qdoc1", NULL);
    search_expect(db, "date:2024-01..2024-01", "Qdoc1", NULL);
    search_expect(db, "date:2024-01-05..2024-01-05", "Qdoc1", NULL);
    search_expect(db, "date:2024-01-06..", NULL, NULL);
    search_expect(db, "date:..2024-01-05", "Qdoc1", NULL);
    search_expect(db, "date:2023..2023", NULL, NULL);
    search_expect(db, "\"高新区\" date:2024..2024", "Qdoc1", NULL);
    search_expect(db, "\"凌源\" date:2024..2024", NULL, NULL);

    /* A bound that is not a date does not parse. */
    zx_query *q = (zx_query *)1;
    char *err = NULL;
    zx_status st = zx_query_parse(db, "date:2024..soon", FIELDS, NFIELDS, DATE_SLOT, &q, &err);
    assert_int_equal(st, ZX_QUERY);
    assert_null(q);
    assert_non_null(err);
    assert_true(strlen(err) > 0);
    free(err);
    zx_db_close(db);
}

static void test_filter_range(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    zx_query *q;
    assert_int_equal(zx_query_all(&q), ZX_OK);
    expect_hits(db, q, "Qdoc1", "Qdoc2");
    assert_int_equal(zx_query_filter_range(q, DATE_SLOT, "20240101", "20241231"), ZX_OK);
    expect_hits(db, q, "Qdoc1", NULL);
    zx_query_free(q);

    assert_int_equal(zx_query_all(&q), ZX_OK);
    assert_int_equal(zx_query_filter_range(q, DATE_SLOT, "20240106", NULL), ZX_OK);
    expect_hits(db, q, NULL, NULL);
    zx_query_free(q);

    assert_int_equal(zx_query_all(&q), ZX_OK);
    assert_int_equal(zx_query_filter_range(q, DATE_SLOT, NULL, "20240105"), ZX_OK);
    expect_hits(db, q, "Qdoc1", NULL);
    zx_query_free(q);

    /* No bounds: the query is unchanged. */
    q = parse(db, "\"凌源\"");
    assert_int_equal(zx_query_filter_range(q, DATE_SLOT, NULL, NULL), ZX_OK);
    expect_hits(db, q, "Qdoc2", NULL);
    assert_int_equal(zx_query_filter_range(q, DATE_SLOT, "2024", "2025"), ZX_OK);
    expect_hits(db, q, NULL, NULL);
    char *desc = zx_query_describe(q);
    assert_non_null(desc);
    assert_true(strlen(desc) > 0);
    free(desc);
    zx_query_free(q);
    zx_db_close(db);
}

static void test_snippet(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    zx_query *q = parse(db, "\"高新区\"");
    zx_mset *m;
    assert_int_equal(zx_search(db, q, 0, 10, 10, &m), ZX_OK);
    assert_int_equal(zx_mset_size(m), 1);
    assert_true(zx_mset_weight(m, 0) > 0);
    char *snip = NULL;
    assert_int_equal(zx_mset_snippet(m, TEXT1, strlen(TEXT1), 200, "[[", "]]", &snip), ZX_OK);
    assert_non_null(snip);
    if (!strstr(snip, "[[") || !strstr(snip, "]]"))
        fail_msg("snippet without highlight markers: %s", snip);
    assert_non_null(strstr(snip, "高"));
    free(snip);
    /* HTML is escaped. */
    const char *html = "<p>朝阳高新区&</p>";
    assert_int_equal(zx_mset_snippet(m, html, strlen(html), 200, "<b>", "</b>", &snip), ZX_OK);
    assert_non_null(strstr(snip, "&lt;p&gt;"));
    assert_non_null(strstr(snip, "<b>"));
    free(snip);
    zx_mset_free(m);
    zx_query_free(q);
    zx_db_close(db);
}

static bool count_doc(void *ctx, unsigned docid)
{
    (void)docid;
    ++*(int *)ctx;
    return true;
}

static bool count_term(void *ctx, const char *term, unsigned freq)
{
    assert_int_equal(strncmp(term, "Q", 1), 0);
    assert_int_equal(freq, 1);
    ++*(int *)ctx;
    return true;
}

static void test_iterate(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    int n = 0;
    assert_int_equal(zx_db_each(db, "", count_doc, &n), ZX_OK);
    assert_int_equal(n, 2);
    n = 0;
    assert_int_equal(zx_db_each(db, "Qdoc2", count_doc, &n), ZX_OK);
    assert_int_equal(n, 1);
    n = 0;
    assert_int_equal(zx_db_terms(db, "Q", count_term, &n), ZX_OK);
    assert_int_equal(n, 2);
    zx_db_close(db);
}

/* ------------------------------------------------------------ errors */

static void test_write_lock(void **state)
{
    fixture *f = *state;
    zx_db *w1, *w2;
    assert_int_equal(zx_db_open_write(f->db, &w1), ZX_OK);
    zx_status st = zx_db_open_write(f->db, &w2);
    assert_int_equal(st, ZX_LOCKED);
    assert_non_null(w2);
    assert_true(strlen(zx_db_error(w2)) > 0);
    zx_db_close(w2);
    zx_db_close(w1);
    /* Closing the first releases the lock. */
    assert_int_equal(zx_db_open_write(f->db, &w2), ZX_OK);
    zx_db_close(w2);
}

static void test_open_errors(void **state)
{
    fixture *f = *state;
    /* A regular file is not a database. */
    char plain[192];
    snprintf(plain, sizeof plain, "%s/plain.txt", f->dir);
    FILE *fp = fopen(plain, "w");
    assert_non_null(fp);
    fputs("this is not a xapian database\n", fp);
    fclose(fp);

    zx_db *db;
    const char *paths[] = {plain};
    zx_status st = zx_db_open_read(paths, 1, &db);
    assert_int_not_equal(st, ZX_OK);
    assert_int_equal(st, ZX_OPENING);
    assert_non_null(db);
    assert_true(strlen(zx_db_error(db)) > 0);
    assert_non_null(strstr(zx_db_error(db), "plain.txt"));
    zx_db_close(db);

    st = zx_db_open_write(plain, &db);
    assert_int_not_equal(st, ZX_OK);
    assert_int_equal(st, ZX_OPENING);
    assert_non_null(db);
    assert_true(strlen(zx_db_error(db)) > 0);
    zx_db_close(db);

    char missing[192];
    /* Writing under a directory that does not exist. */
    snprintf(missing, sizeof missing, "%s/no/such/dir/db", f->dir);
    st = zx_db_open_write(missing, &db);
    assert_int_not_equal(st, ZX_OK);
    assert_true(strlen(zx_db_error(db)) > 0);
    zx_db_close(db);

    zx_db_close(NULL);
    assert_string_equal(zx_status_name(ZX_LOCKED), "locked");
}

static void test_open_missing(void **state)
{
    fixture *f = *state;
    zx_db *db;
    char missing[192];
    snprintf(missing, sizeof missing, "%s/no-such-db", f->dir);
    const char *paths[] = {missing};
    zx_status st = zx_db_open_read(paths, 1, &db);
    /* A clean failure that names the path, and creates nothing. */
    assert_int_not_equal(st, ZX_OK);
    assert_non_null(db);
    assert_non_null(strstr(zx_db_error(db), "no-such-db"));
    assert_int_not_equal(access(missing, F_OK), 0);
    zx_db_close(db);
    /* Regression: zx_db_open_read once rethrew every shard error as
     * DatabaseOpeningError, so a missing path came out as ZX_OPENING
     * instead of ZX_NOT_FOUND. */
    assert_int_equal(st, ZX_NOT_FOUND);
}

static void test_read_only_refuses_writes(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    zx_doc *doc = zx_doc_new();
    assert_int_equal(zx_doc_add_term(doc, "Qdoc9", 5), ZX_OK);
    assert_int_equal(zx_db_replace(db, "Qdoc9", doc), ZX_ERROR);
    assert_non_null(strstr(zx_db_error(db), "read-only"));
    assert_int_equal(zx_db_delete(db, "Qdoc1"), ZX_ERROR);
    assert_int_equal(zx_db_set_metadata(db, "k", "v"), ZX_ERROR);
    assert_int_equal(zx_db_begin(db), ZX_ERROR);
    zx_doc_free(doc);
    /* Term length limits. */
    doc = zx_doc_new();
    assert_int_equal(zx_doc_add_term(doc, "", 0), ZX_ERROR);
    char big[300];
    memset(big, 'x', sizeof big);
    assert_int_equal(zx_doc_add_term(doc, big, sizeof big), ZX_ERROR);
    zx_doc_free(doc);
    zx_db_close(db);
}

/* ------------------------------------------------------------ updates */

static void test_metadata(void **state)
{
    fixture *f = *state;
    zx_db *db = open_read(f);
    char *v = NULL;
    assert_int_equal(zx_db_get_metadata(db, "zhpipe.version", &v), ZX_OK);
    assert_string_equal(v, "1");
    free(v);
    v = (char *)"x";
    assert_int_equal(zx_db_get_metadata(db, "no.such.key", &v), ZX_OK);
    assert_null(v);
    zx_db_close(db);

    zx_db *w;
    assert_int_equal(zx_db_open_write(f->db, &w), ZX_OK);
    assert_int_equal(zx_db_set_metadata(w, "zhpipe.rules", "朝阳"), ZX_OK);
    /* The writer sees its own change before the commit. */
    assert_int_equal(zx_db_get_metadata(w, "zhpipe.rules", &v), ZX_OK);
    assert_string_equal(v, "朝阳");
    free(v);
    assert_int_equal(zx_db_commit(w), ZX_OK);
    zx_db_close(w);

    db = open_read(f);
    assert_int_equal(zx_db_get_metadata(db, "zhpipe.rules", &v), ZX_OK);
    assert_string_equal(v, "朝阳");
    free(v);
    zx_db_close(db);
}

static void test_replace_delete(void **state)
{
    fixture *f = *state;
    zx_db *w;
    assert_int_equal(zx_db_open_write(f->db, &w), ZX_OK);
    zx_termgen *tg = zx_termgen_new();
    assert_non_null(tg);

    /* Replacing doc1 by a new version keeps two documents. */
    zx_doc *d = make_doc(tg, "朝阳高新区扩建", "Qdoc1", "20240301");
    assert_int_equal(zx_db_replace(w, "Qdoc1", d), ZX_OK);
    zx_doc_free(d);
    assert_int_equal(zx_db_commit(w), ZX_OK);
    unsigned long n = 0;
    assert_int_equal(zx_db_doccount(w, &n), ZX_OK);
    assert_int_equal(n, 2);
    search_expect(w, "\"扩建\"", "Qdoc1", NULL);
    search_expect(w, "投资", NULL, NULL); /* the old text is gone */
    search_expect(w, "date:2024-03..2024-03", "Qdoc1", NULL);

    /* A cancelled batch changes nothing. */
    assert_int_equal(zx_db_begin(w), ZX_OK);
    d = make_doc(tg, "临时文档", "Qdoc3", NULL);
    assert_int_equal(zx_db_replace(w, "Qdoc3", d), ZX_OK);
    zx_doc_free(d);
    assert_int_equal(zx_db_cancel(w), ZX_OK);
    assert_int_equal(zx_db_doccount(w, &n), ZX_OK);
    assert_int_equal(n, 2);

    /* A committed batch. */
    assert_int_equal(zx_db_begin(w), ZX_OK);
    d = make_doc(tg, "临时文档", "Qdoc3", NULL);
    assert_int_equal(zx_db_replace(w, "Qdoc3", d), ZX_OK);
    zx_doc_free(d);
    assert_int_equal(zx_db_commit(w), ZX_OK);
    assert_int_equal(zx_db_doccount(w, &n), ZX_OK);
    assert_int_equal(n, 3);

    /* Delete removes. */
    assert_int_equal(zx_db_delete(w, "Qdoc2"), ZX_OK);
    assert_int_equal(zx_db_delete(w, "Qdoc3"), ZX_OK);
    assert_int_equal(zx_db_commit(w), ZX_OK);
    assert_int_equal(zx_db_doccount(w, &n), ZX_OK);
    assert_int_equal(n, 1);
    unsigned id;
    assert_int_equal(zx_db_find(w, "Qdoc2", &id), ZX_NOT_FOUND);
    /* Deleting a term no document has is fine. */
    assert_int_equal(zx_db_delete(w, "Qnothing"), ZX_OK);
    zx_termgen_free(tg);

    /* An uncommitted batch is dropped on close. */
    assert_int_equal(zx_db_begin(w), ZX_OK);
    assert_int_equal(zx_db_delete(w, "Qdoc1"), ZX_OK);
    zx_db_close(w);

    zx_db *db = open_read(f);
    assert_int_equal(zx_db_doccount(db, &n), ZX_OK);
    assert_int_equal(n, 1);
    search_expect(db, "\"凌源\"", NULL, NULL);
    search_expect(db, "\"扩建\"", "Qdoc1", NULL);
    zx_db_close(db);
}

int main(void)
{
    /* test_replace_delete changes the database: it runs last. */
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read_and_count),
        cmocka_unit_test(test_cjk_query),
        cmocka_unit_test(test_phrase_query),
        cmocka_unit_test(test_field_query),
        cmocka_unit_test(test_date_range),
        cmocka_unit_test(test_filter_range),
        cmocka_unit_test(test_snippet),
        cmocka_unit_test(test_iterate),
        cmocka_unit_test(test_write_lock),
        cmocka_unit_test(test_open_errors),
        cmocka_unit_test(test_open_missing),
        cmocka_unit_test(test_read_only_refuses_writes),
        cmocka_unit_test(test_metadata),
        cmocka_unit_test(test_replace_delete),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
