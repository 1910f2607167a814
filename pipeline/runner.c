/* runner.c — see runner.h. */
#include "runner.h"
#include "profile.h"
#include "profile.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define JOBS_PER_THREAD 8

typedef enum { SLOT_FREE, SLOT_QUEUED, SLOT_DONE } slot_state;

typedef struct {
    runner_job job;
    slot_state state;
} slot;

typedef struct {
    const runner_config *cfg;
    source *src;
    slot *ring;
    size_t cap;
    slot **queue;     /* slots waiting for a worker, FIFO of capacity cap */
    size_t qhead, qtail;
    size_t next_seq;  /* next sequence number the reader assigns */
    bool closing;
    pthread_mutex_t mu;
    pthread_cond_t work, done;
    char init_error[256];
} shared;

/* Runs the pipeline on one job (any thread). */
static void process_job(shared *sh, article_worker *w, void *tstate, runner_job *job)
{
    const runner_config *cfg = sh->cfg;
    uint64_t t0 = prof_now();
    bool loaded = source_load(sh->src, &job->item);
    prof_stage_add(PROF_READ, t0);
    if (!loaded) {
        job->st = ARTICLE_REFUSED;
        snprintf(job->why, sizeof job->why, "%s", job->item.error ? job->item.error : "cannot read");
        return;
    }
    job->st = article_process(w, job->item.doc, job->item.bytes, job->item.len, job->item.title,
                              job->item.date.year ? &job->item.date : NULL, job->why, sizeof job->why);
    /* Hand the warnings over: the worker's list is reset by the next article. */
    job->warnings = w->warnings;
    diag_init(&w->warnings);
    if (job->st == ARTICLE_OK && cfg->prepare)
        cfg->prepare(cfg->ctx, tstate, w, job);
    /* The bytes are no longer needed; free them early to bound memory. */
    free(job->item.bytes);
    job->item.bytes = NULL;
}

static void *worker_main(void *arg)
{
    shared *sh = arg;
    char err[256];
    article_worker *w = article_worker_new(sh->cfg->opts, err, sizeof err);
    void *tstate = sh->cfg->thread_init ? sh->cfg->thread_init(sh->cfg->ctx) : NULL;
    pthread_mutex_lock(&sh->mu);
    if (!w)
        snprintf(sh->init_error, sizeof sh->init_error, "%s", err);
    for (;;) {
        while (!sh->closing && sh->qhead == sh->qtail)
            pthread_cond_wait(&sh->work, &sh->mu);
        if (sh->qhead == sh->qtail)
            break; /* closing and nothing left */
        slot *s = sh->queue[sh->qhead++ % sh->cap];
        pthread_mutex_unlock(&sh->mu);
        if (w) {
            process_job(sh, w, tstate, &s->job);
        } else {
            s->job.st = ARTICLE_FAILED;
            snprintf(s->job.why, sizeof s->job.why, "worker could not start");
        }
        pthread_mutex_lock(&sh->mu);
        s->state = SLOT_DONE;
        pthread_cond_broadcast(&sh->done);
    }
    pthread_mutex_unlock(&sh->mu);
    if (sh->cfg->thread_fini)
        sh->cfg->thread_fini(sh->cfg->ctx, tstate);
    article_worker_free(w);
    return NULL;
}

/* Frees what a job holds; a payload emit did not take is discarded. */
static void release_job(const runner_config *cfg, runner_job *job)
{
    if (job->payload && cfg->discard)
        cfg->discard(cfg->ctx, job);
    source_item_free(&job->item);
    diag_free(&job->warnings);
    memset(job, 0, sizeof *job);
}

/* Single-threaded: the same steps inline, with no thread at all. */
/* The next item of the source (a feed line parsed, or a file found). */
static bool next_item(source *src, source_item *it)
{
    uint64_t t0 = prof_now();
    bool ok = source_next(src, it);
    prof_stage_add(PROF_READ, t0);
    return ok;
}

static runner_status run_inline(shared *sh, char *err, size_t errlen)
{
    const runner_config *cfg = sh->cfg;
    article_worker *w = article_worker_new(cfg->opts, err, errlen);
    if (!w)
        return RUNNER_FAILED;
    void *tstate = cfg->thread_init ? cfg->thread_init(cfg->ctx) : NULL;
    runner_status rs = RUNNER_DONE;
    runner_job job;
    memset(&job, 0, sizeof job);
    while (next_item(sh->src, &job.item)) {
        if (cfg->stop && *cfg->stop) {
            rs = RUNNER_STOPPED;
            break;
        }
        job.seq = sh->next_seq++;
        job.skipped = cfg->skip && !job.item.error && cfg->skip(cfg->ctx, &job.item);
        if (!job.skipped)
            process_job(sh, w, tstate, &job);
        bool ok = cfg->emit(cfg->ctx, &job);
        release_job(cfg, &job);
        if (!ok) {
            rs = RUNNER_FAILED;
            break;
        }
    }
    source_item_free(&job.item);
    if (cfg->thread_fini)
        cfg->thread_fini(cfg->ctx, tstate);
    article_worker_free(w);
    return rs;
}

/* Reads items into free slots; skipped items are marked done at once. */
static bool fill_ring(shared *sh, size_t emitted, bool *eof)
{
    const runner_config *cfg = sh->cfg;
    while (!*eof && sh->next_seq - emitted < sh->cap) {
        if (cfg->stop && *cfg->stop)
            return false;
        slot *s = &sh->ring[sh->next_seq % sh->cap];
        runner_job *job = &s->job; /* free: the reader owns it */
        if (!next_item(sh->src, &job->item)) {
            source_item_free(&job->item);
            *eof = true;
            break;
        }
        job->skipped = cfg->skip && !job->item.error && cfg->skip(cfg->ctx, &job->item);
        pthread_mutex_lock(&sh->mu);
        job->seq = sh->next_seq;
        if (job->skipped) {
            s->state = SLOT_DONE; /* nothing for a worker to do */
        } else {
            s->state = SLOT_QUEUED;
            sh->queue[sh->qtail++ % sh->cap] = s;
        }
        sh->next_seq++;
        pthread_cond_broadcast(&sh->work);
        pthread_mutex_unlock(&sh->mu);
    }
    return true;
}

runner_status runner_run(source *src, const runner_config *cfg, char *err, size_t errlen)
{
    shared sh = {.cfg = cfg, .src = src};
    if (cfg->threads <= 1)
        return run_inline(&sh, err, errlen);
    int workers = cfg->busy_emit ? cfg->threads - 1 : cfg->threads;
    sh.cap = (size_t)workers * JOBS_PER_THREAD;
    sh.ring = calloc(sh.cap, sizeof *sh.ring);
    sh.queue = calloc(sh.cap, sizeof *sh.queue);
    if (!sh.ring || !sh.queue) {
        free(sh.ring);
        free(sh.queue);
        snprintf(err, errlen, "out of memory");
        return RUNNER_FAILED;
    }
    pthread_mutex_init(&sh.mu, NULL);
    pthread_cond_init(&sh.work, NULL);
    pthread_cond_init(&sh.done, NULL);
    pthread_t *tids = calloc((size_t)workers, sizeof *tids);
    int started = 0;
    for (int i = 0; tids && i < workers; i++)
        if (pthread_create(&tids[i], NULL, worker_main, &sh) == 0)
            started++;

    runner_status rs = started ? RUNNER_DONE : RUNNER_FAILED;
    size_t emitted = 0;
    bool eof = false;
    while (rs == RUNNER_DONE) {
        if (!fill_ring(&sh, emitted, &eof)) {
            rs = RUNNER_STOPPED;
            break;
        }
        if (emitted == sh.next_seq)
            break; /* eof and all emitted (or stopped with nothing pending) */
        slot *s = &sh.ring[emitted % sh.cap];
        pthread_mutex_lock(&sh.mu);
        while (s->state != SLOT_DONE)
            pthread_cond_wait(&sh.done, &sh.mu);
        pthread_mutex_unlock(&sh.mu);
        bool ok = cfg->emit(cfg->ctx, &s->job);
        release_job(cfg, &s->job);
        if (!ok)
            rs = RUNNER_FAILED;
        s->state = SLOT_FREE;
        emitted++;
        if (rs == RUNNER_DONE && cfg->stop && *cfg->stop)
            rs = RUNNER_STOPPED;
    }
    /* Drain: let the workers finish what they hold, then discard it. */
    pthread_mutex_lock(&sh.mu);
    sh.closing = true;
    pthread_cond_broadcast(&sh.work);
    pthread_mutex_unlock(&sh.mu);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
    for (; emitted < sh.next_seq; emitted++)
        release_job(cfg, &sh.ring[emitted % sh.cap].job);
    if (sh.init_error[0] && rs == RUNNER_DONE) {
        snprintf(err, errlen, "%s", sh.init_error);
        rs = RUNNER_FAILED;
    }
    free(tids);
    free(sh.ring);
    free(sh.queue);
    pthread_mutex_destroy(&sh.mu);
    pthread_cond_destroy(&sh.work);
    pthread_cond_destroy(&sh.done);
    return rs;
}
