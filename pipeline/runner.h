/*
 * runner.h — many articles through the pipeline, on N threads, in order.
 *
 * The calling thread reads the source and hands articles to N worker
 * threads, each with its own article_worker (its own iconv, OpenCC and
 * PCRE2 state).  A worker loads the bytes, runs the pipeline and calls
 * `prepare` to turn the results into a payload (output text, a Xapian
 * document) while still on its own thread.  The calling thread then gets
 * every job back through `emit` in input order, so output is identical
 * whatever the number of threads, and a single writer feeds the index.
 * At most 8 jobs per thread are in flight: memory stays bounded on
 * endless feeds.
 */
#ifndef ZHPIPE_RUNNER_H
#define ZHPIPE_RUNNER_H

#include <signal.h>
#include <stdbool.h>

#include "article.h"
#include "source.h"

typedef struct {
    size_t seq;
    source_item item;
    bool skipped;         /* `skip` said no work was needed */
    article_status st;
    char why[512];        /* reason for ARTICLE_REFUSED / ARTICLE_FAILED, or a load error */
    diag_list warnings;   /* the article's warnings, moved out of the worker */
    void *payload;        /* what prepare made; emit or discard frees it */
} runner_job;

typedef struct {
    int threads;                   /* 1: no extra thread at all */
    /* emit does heavy work (the index writer): it counts as one of the
     * threads, so N threads run N-1 workers beside it, and the writer,
     * the one part that cannot run in parallel, keeps a core to itself. */
    bool busy_emit;
    const pipeline_opts *opts;
    void *ctx;
    /* Calling thread, before loading: true if the item needs no work. */
    bool (*skip)(void *ctx, source_item *it);
    /* Per worker thread state (e.g. a Xapian TermGenerator). */
    void *(*thread_init)(void *ctx);
    void (*thread_fini)(void *ctx, void *tstate);
    /* Worker thread, after the pipeline ran with ARTICLE_OK. */
    void (*prepare)(void *ctx, void *tstate, const article_worker *w, runner_job *job);
    /* Calling thread, in input order; false stops the run (fatal error). */
    bool (*emit)(void *ctx, runner_job *job);
    /* Frees a payload after emit (which may have taken it, setting it
     * NULL), or one never emitted (interrupted run). */
    void (*discard)(void *ctx, runner_job *job);
    volatile sig_atomic_t *stop;   /* set asynchronously (SIGINT): finish what is emitted, stop */
} runner_config;

typedef enum { RUNNER_DONE, RUNNER_STOPPED, RUNNER_FAILED } runner_status;

runner_status runner_run(source *src, const runner_config *cfg, char *err, size_t errlen);

#endif
