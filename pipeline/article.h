/*
 * article.h — one article through decode → normalise → extract.
 *
 * A worker bundles the per-thread state of the three stages (an iconv
 * cache, an OpenCC handle, PCRE2 match data) and the buffers they fill, so
 * that processing an article allocates little.  Workers share one
 * read-only ruleset.  The results stay in the worker until the next call.
 */
#ifndef ZHPIPE_ARTICLE_H
#define ZHPIPE_ARTICLE_H

#include "decode.h"
#include "diag.h"
#include "extract.h"
#include "normalize.h"
#include "record.h"
#include "rules.h"
#include "text.h"

typedef struct {
    const char *encoding;  /* forced input encoding, or NULL to detect */
    const char *opencc;    /* "t2s" (default), "tw2sp", "hk2s", "none" */
    const ruleset *rules;
    civil_date ref;        /* --ref-date; year 0 when not given */
} pipeline_opts;

typedef struct {
    decoder *dec;
    normalizer *nz;
    extractor *ex;
    civil_date ref_option;
    /* Results of the last article: */
    ztext decoded, norm;
    record_list records;
    decode_info dinfo;
    normalize_info ninfo;
    doc_info info;
    char *title_norm;      /* normalised title, for indexing */
    diag_list warnings;    /* per article: invalid bytes, match limits */
} article_worker;

typedef enum {
    ARTICLE_OK = 0,
    ARTICLE_REFUSED, /* not text, empty, ... : *why says so; nothing to record */
    ARTICLE_FAILED,  /* out of memory or a library failure */
} article_status;

/* Creates a worker; NULL with a message in err on failure. */
article_worker *article_worker_new(const pipeline_opts *o, char *err, size_t errlen);
void article_worker_free(article_worker *w);

/*
 * Processes one article.  doc names it in records (a path or feed id).
 * title and date come from a feed (NULL/NULL otherwise): a feed's title is
 * used as given and its date is the reference date unless --ref-date is
 * set.  On ARTICLE_REFUSED or ARTICLE_FAILED, why receives the reason.
 */
article_status article_process(article_worker *w, const char *doc, const char *bytes, size_t len,
                               const char *title, const civil_date *date, char *why, size_t whylen);

#endif
