/*
 * zx.h — zhpipe's C interface to Xapian.
 *
 * The only C++ in zhpipe sits behind this header (index/zx.cc).  Every
 * entry point catches Xapian::Error, std::bad_alloc and everything else
 * at the boundary and returns a zx_status; the message of the last error
 * on a handle is kept on it (zx_db_error()).  No C++ type appears here.
 *
 * Threads: a zx_db, zx_termgen or zx_doc is used by one thread at a time.
 * A zx_doc may be built in one thread and handed to the writer thread
 * (ownership moves with it; the builder must not touch it afterwards).
 *
 * Ownership: every zx_*_new / zx_*_open result is freed with the matching
 * zx_*_free / zx_*_close; strings returned through char ** are malloc'ed
 * and freed by the caller with free().
 */
#ifndef ZHPIPE_ZX_H
#define ZHPIPE_ZX_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
    ZX_OK = 0,
    ZX_NOT_FOUND,   /* no database, document or metadata there */
    ZX_LOCKED,      /* another process holds the write lock */
    ZX_CORRUPT,     /* the database is damaged */
    ZX_VERSION,     /* a database format this Xapian cannot read */
    ZX_OPENING,     /* the path exists but is not a database */
    ZX_QUERY,       /* the query does not parse */
    ZX_NETWORK,     /* a remote shard did not answer */
    ZX_NOMEM,
    ZX_ERROR,       /* any other Xapian error; the message says which */
} zx_status;

const char *zx_status_name(zx_status st);

typedef struct zx_db zx_db;
typedef struct zx_doc zx_doc;
typedef struct zx_termgen zx_termgen;
typedef struct zx_query zx_query;
typedef struct zx_mset zx_mset;

/* ------------------------------------------------------------ databases */

/* Opens (creating if needed) the database at path for writing.  *out is
 * set even on failure, so that zx_db_error() can say why; close it. */
zx_status zx_db_open_write(const char *path, zx_db **out);

/* Opens one or more databases (directories or stub files listing local
 * shards and `remote tcp HOST PORT` lines) for searching, as one. */
zx_status zx_db_open_read(const char *const *paths, size_t n, zx_db **out);

void zx_db_close(zx_db *db);
const char *zx_db_error(const zx_db *db);

zx_status zx_db_begin(zx_db *db);  /* start an atomic batch */
zx_status zx_db_commit(zx_db *db); /* commit the batch: all of it or none */
zx_status zx_db_cancel(zx_db *db); /* drop the batch */

/* Replaces the document indexed by the unique term idterm (adds it if
 * none); the term must already be in doc.  doc stays owned by the caller. */
zx_status zx_db_replace(zx_db *db, const char *idterm, zx_doc *doc);
/* Deletes every document indexed by term. */
zx_status zx_db_delete(zx_db *db, const char *term);

zx_status zx_db_doccount(zx_db *db, unsigned long *n);
zx_status zx_db_set_metadata(zx_db *db, const char *key, const char *value);
/* *value is NULL when the key is unset. */
zx_status zx_db_get_metadata(zx_db *db, const char *key, char **value);

/* Calls fn for every document indexed by term (all documents when term
 * is ""), with its docid; stops early when fn returns false. */
zx_status zx_db_each(zx_db *db, const char *term, bool (*fn)(void *ctx, unsigned docid), void *ctx);
/* The docid of the document indexed by the unique term; ZX_NOT_FOUND if none. */
zx_status zx_db_find(zx_db *db, const char *idterm, unsigned *docid);
zx_status zx_db_doc_data(zx_db *db, unsigned docid, char **data, size_t *len);
zx_status zx_db_doc_value(zx_db *db, unsigned docid, unsigned slot, char **value, size_t *len);
/* Calls fn for every term of the database starting with prefix, with
 * its document frequency. */
zx_status zx_db_terms(zx_db *db, const char *prefix, bool (*fn)(void *ctx, const char *term, unsigned freq),
                      void *ctx);

/* ------------------------------------------------------------ documents */

zx_termgen *zx_termgen_new(void);
void zx_termgen_free(zx_termgen *tg);

zx_doc *zx_doc_new(void);
void zx_doc_free(zx_doc *doc);

/* Indexes text as free text under prefix ("" for the default field):
 * Chinese characters one by one with positions (no bigrams: queries match
 * Chinese runs as phrases), other words with Xapian's TermGenerator. */
zx_status zx_doc_index_text(zx_termgen *tg, zx_doc *doc, const char *text, size_t len, const char *prefix);
/* Adds a boolean (filter) term: no positions, no weight. */
zx_status zx_doc_add_term(zx_doc *doc, const char *term, size_t len);
zx_status zx_doc_set_value(zx_doc *doc, unsigned slot, const char *value, size_t len);
zx_status zx_doc_set_data(zx_doc *doc, const char *data, size_t len);

/* ------------------------------------------------------------ queries */

typedef struct {
    const char *field;  /* as the user types it, e.g. "org" */
    const char *prefix; /* as indexed, e.g. "XO" */
    bool boolean;       /* a filter (exact term) rather than free text */
} zx_field;

/*
 * Parses a query (already normalised by the caller, with its Chinese runs
 * in quotes: the index has no bigrams, so an unquoted run would look for
 * them; query_prepare() in pipeline/query.c does both) with CJK n-grams,
 * AND as the default operator, phrases, boolean operators, the given
 * fields and a "date:" range over date_slot (values YYYYMMDD; bounds
 * YYYY, YYYY-MM or YYYY-MM-DD).  On ZX_QUERY, *err holds the message.
 */
zx_status zx_query_parse(zx_db *db, const char *query, const zx_field *fields, size_t nfields, unsigned date_slot,
                         zx_query **out, char **err);
/* Restricts q to documents whose value in slot lies in [lo, hi] (string
 * order; either may be NULL for an open end). */
zx_status zx_query_filter_range(zx_query *q, unsigned slot, const char *lo, const char *hi);
/* A query matching everything (for filters with no words). */
zx_status zx_query_all(zx_query **out);
/* Human-readable form of the parsed query (for --explain). */
char *zx_query_describe(const zx_query *q);
void zx_query_free(zx_query *q);

/* Runs q; check_at_least makes the match count exact up to that many. */
zx_status zx_search(zx_db *db, const zx_query *q, unsigned offset, unsigned limit, unsigned check_at_least,
                    zx_mset **out);
unsigned zx_mset_size(const zx_mset *m);
unsigned long zx_mset_matches(const zx_mset *m); /* estimated total */
unsigned zx_mset_docid(const zx_mset *m, unsigned i);
double zx_mset_weight(const zx_mset *m, unsigned i);
/* A snippet of text around the matches, at most `bytes` long, HTML-escaped,
 * with the matching terms between hi_start and hi_end. */
zx_status zx_mset_snippet(zx_mset *m, const char *text, size_t len, size_t bytes, const char *hi_start,
                          const char *hi_end, char **out);
void zx_mset_free(zx_mset *m);

/*
 * Facets: counts, over every document matching q, of the boolean terms
 * starting with each of the n prefixes (one count per document and term).
 * fn is called once per (prefix index, term without prefix, count), in no
 * particular order.  Matching is exhaustive, so counts are exact.
 */
zx_status zx_facets(zx_db *db, const zx_query *q, const char *const *prefixes, size_t n,
                    void (*fn)(void *ctx, size_t prefix, const char *value, unsigned count), void *ctx);

/* Merges the databases srcs into a new database at dst (xapian-compact). */
zx_status zx_compact(const char *const *srcs, size_t n, const char *dst, char **err);

#ifdef __cplusplus
}
#endif
#endif
