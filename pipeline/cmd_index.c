/*
 * cmd_index.c — `zhpipe index`: new and changed articles into the index.
 *
 * Change detection is cheap first: a file whose modification time and
 * size match the stamp stored with its document is not even read.  A
 * file that differs is read and hashed; the same content is still
 * "unchanged".  Work is committed in batches, each a Xapian transaction,
 * so an interrupted run loses at most the batch in progress and the next
 * run picks it up.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "profile.h"
#include "runner.h"
#include "schema.h"
#include "store.h"

static const char help[] =
    "usage: zhpipe index [OPTIONS] FILE|DIR...\n"
    "       zhpipe index --jsonl [OPTIONS] FEED.jsonl|-\n"
    "\n"
    "Adds new and changed articles to the index; unchanged ones are skipped without being read.\n"
    "Folders are walked recursively (hidden entries skipped). A summary on stderr counts new,\n"
    "changed, unchanged, removed and refused files, naming each refusal and its reason.\n"
    "\n"
    "Options:\n"
    "  --db PATH           the index (default: $ZHPIPE_DB or ./zhpipe.db)\n"
    "  --prune             drop indexed files under the given folders that no longer exist\n"
    "  --batch N           articles per commit (default 1000)\n"
    "  -j, --jobs N        threads (default: number of cores): the index writer and N-1 workers\n"
    "  --shard K/N         keep only shard K of N (stable assignment by document id); search the\n"
    "                      shards together with several --db, or merge them with `zhpipe compact`\n" PIPELINE_OPTIONS_HELP
    "  -h, --help          this help\n"
    "\n"
    "Examples:\n"
    "  zhpipe index corpus/                  # every morning: only new and changed files are read\n"
    "  zhpipe index --prune ~/news/          # also forget files that were deleted\n"
    "  zcat feed.jsonl.gz | zhpipe index --jsonl -\n"
    "\n"
    "Exit status: 0 ok, 1 failure (index locked, disk full ...), 2 usage, 3 some files refused,\n"
    "130 interrupted (every committed batch is kept; run again to finish).\n";

typedef struct {
    zx_db *db;
    strmap stamps;
    const pipeline_cli *pc;
    unsigned batch;
    unsigned in_batch;
    unsigned shard, nshards;  /* --shard K/N: this run keeps docs with hash % N == K-1 */
    size_t n_other_shards;
    size_t n_new, n_changed, n_unchanged, n_refused, n_removed, n_gone, n_read;
    uint64_t bytes;
    uint64_t total_files, total_bytes; /* estimated before the run, for the ETA */
    struct timespec t0, last_progress;
    bool tty;
    const char *db_path;
    char error[768];
} index_ctx;

typedef struct {
    zx_doc *doc;
    char stamp[80];
    bool unchanged; /* content hash equals the stored one */
} index_payload;

static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
    (void)sig;
    interrupted = 1;
}

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

/* The estimated seconds left, from whichever total is known. */
static double eta_seconds(const index_ctx *c, double elapsed, size_t files)
{
    double done = 0;
    if (c->total_files && files)
        done = (double)files / (double)c->total_files;
    else if (c->total_bytes && c->bytes)
        done = (double)c->bytes / (double)c->total_bytes;
    return done > 0.001 && done < 1 ? elapsed * (1 - done) / done : -1;
}

/* Progress: a line redrawn 5 times a second on a terminal, a plain line
 * every 5 seconds otherwise (logs), nothing with --quiet. */
static void progress(index_ctx *c, bool final)
{
    if (c->pc->quiet || (!final && seconds_since(&c->last_progress) < (c->tty ? 0.2 : 5.0)))
        return;
    if (final && !c->tty && seconds_since(&c->t0) < 5.0)
        return; /* a short run needs no progress line in a log */
    clock_gettime(CLOCK_MONOTONIC, &c->last_progress);
    double t = seconds_since(&c->t0), mb = (double)c->bytes / 1e6;
    size_t files = c->n_new + c->n_changed + c->n_unchanged + c->n_refused;
    char total[64] = "", eta[32] = "";
    if (c->total_files)
        snprintf(total, sizeof total, "/%llu", (unsigned long long)c->total_files);
    double left = final ? -1 : eta_seconds(c, t, files);
    if (left >= 0)
        snprintf(eta, sizeof eta, ", ETA %d:%02d", (int)left / 60, (int)left % 60);
    fprintf(stderr, "%sindex: %zu%s files, %.1f MB read, %.1f MB/s, %.0f files/s%s%s", c->tty ? "\r\033[K" : "",
            files, total, mb, t > 0 ? mb / t : 0, t > 0 ? (double)files / t : 0, eta, c->tty && !final ? "" : "\n");
}

/* Calling thread, before reading: a file whose stamp says unchanged is skipped. */
static bool skip_unchanged(void *vctx, source_item *it)
{
    index_ctx *c = vctx;
    if (c->nshards > 1 && schema_hash(it->doc, strlen(it->doc)) % c->nshards != c->shard - 1) {
        c->n_other_shards++;
        return true;
    }
    strmap_entry *e = strmap_get(&c->stamps, it->doc);
    if (!e)
        return false;
    e->seen = true;
    if (it->from_feed)
        return false; /* decided by content hash in prepare */
    int64_t mtime;
    uint64_t size;
    if (sscanf(e->value, "%" SCNd64 " %" SCNu64, &mtime, &size) == 2 && mtime == it->mtime_ns && size == it->size) {
        c->n_unchanged++;
        return true;
    }
    return false;
}

static void *thread_init(void *ctx)
{
    (void)ctx;
    return zx_termgen_new();
}

static void thread_fini(void *ctx, void *tstate)
{
    (void)ctx;
    zx_termgen_free(tstate);
}

/* Worker thread: the Xapian document, unless the content did not change. */
static void prepare(void *vctx, void *tstate, const article_worker *w, runner_job *job)
{
    index_ctx *c = vctx;
    index_payload *p = calloc(1, sizeof *p);
    if (!p)
        return;
    uint64_t h = schema_hash(job->item.bytes, job->item.len);
    schema_stamp(p->stamp, sizeof p->stamp, job->item.from_feed ? 0 : job->item.mtime_ns, job->item.len, h);
    /* Reading the map from workers is safe: the calling thread only sets
     * `seen` flags and never inserts during the run. */
    strmap_entry *e = strmap_get(&c->stamps, job->item.doc);
    const char *old_hash = e ? strrchr(e->value, ' ') : NULL;
    const char *new_hash = strrchr(p->stamp, ' ');
    if (old_hash && strcmp(old_hash, new_hash) == 0) {
        p->unchanged = true;
    } else if (tstate) {
        char err[256];
        uint64_t t0 = prof_now();
        p->doc = schema_build_doc(tstate, w, p->stamp, err, sizeof err);
        prof_stage_add(PROF_OUTPUT, t0);
        if (!p->doc) {
            job->st = ARTICLE_FAILED;
            snprintf(job->why, sizeof job->why, "%s", err);
        }
    }
    job->payload = p;
}

static void discard(void *ctx, runner_job *job)
{
    (void)ctx;
    index_payload *p = job->payload;
    if (p)
        zx_doc_free(p->doc);
    free(p);
    job->payload = NULL;
}

/* A failed write, with the cause a user can act on when it is known. */
static void write_error(index_ctx *c, const char *what)
{
    const char *e = zx_db_error(c->db);
    if (strstr(e, "No space left on device") || strstr(e, "Disk quota exceeded"))
        snprintf(c->error, sizeof c->error,
                 "disk full: %s to the index %s (%s); free some space (or choose another --db) and run again", what,
                 c->db_path, e);
    else if (strstr(e, "Read-only file system") || strstr(e, "Permission denied"))
        snprintf(c->error, sizeof c->error, "the index %s is not writable: %s (%s)", c->db_path, what, e);
    else
        snprintf(c->error, sizeof c->error, "%s to the index %s: %s", what, c->db_path, e);
}

static bool commit_batch(index_ctx *c)
{
    if (c->in_batch == 0)
        return true;
    if (zx_db_commit(c->db) != ZX_OK) {
        write_error(c, "cannot commit a batch");
        return false;
    }
    c->in_batch = 0;
    return true;
}

static bool write_doc(index_ctx *c, runner_job *job, index_payload *p)
{
    if (c->in_batch == 0 && zx_db_begin(c->db) != ZX_OK) {
        snprintf(c->error, sizeof c->error, "cannot start a batch: %s", zx_db_error(c->db));
        return false;
    }
    char idterm[256];
    schema_id_term(job->item.doc, idterm, sizeof idterm);
    if (zx_db_replace(c->db, idterm, p->doc) != ZX_OK) {
        char what[300];
        snprintf(what, sizeof what, "cannot write %s", job->item.doc);
        write_error(c, what);
        return false;
    }
    if (++c->in_batch >= c->batch)
        return commit_batch(c);
    return true;
}

/* Calling thread, in input order: the single writer. */
static bool emit(void *vctx, runner_job *job)
{
    index_ctx *c = vctx;
    if (!c->pc->quiet)
        diag_print(&job->warnings, stderr);
    progress(c, false);
    if (job->skipped)
        return true;
    if (!job->item.error) { /* read (an item with an error never was) */
        c->bytes += job->item.size;
        c->n_read++;
    }
    if (job->st != ARTICLE_OK) {
        cli_error("index", "%s: refused: %s", job->item.doc ? job->item.doc : "?", job->why);
        c->n_refused++;
        return true;
    }
    index_payload *p = job->payload;
    if (!p) {
        snprintf(c->error, sizeof c->error, "out of memory");
        return false;
    }
    if (p->unchanged) {
        c->n_unchanged++;
        return true;
    }
    bool existed = strmap_get(&c->stamps, job->item.doc) != NULL;
    uint64_t t0 = prof_now();
    bool ok = write_doc(c, job, p);
    prof_stage_add(PROF_WRITE, t0);
    if (!ok)
        return false;
    existed ? c->n_changed++ : c->n_new++;
    return true;
}

/* Indexed files under the given folders that the walk did not meet. */
static bool prune(index_ctx *c, const source *src, bool really)
{
    for (size_t i = 0; i < c->stamps.cap; i++) {
        strmap_entry *e = &c->stamps.slots[i];
        /* Only a file that is certainly gone is dropped: one in a folder
         * that cannot be read right now (permissions, I/O error) is kept. */
        struct stat st;
        if (!e->key || e->seen || !source_covers(src, e->key) || stat(e->key, &st) == 0 ||
            (errno != ENOENT && errno != ENOTDIR))
            continue;
        c->n_gone++;
        if (!really)
            continue;
        if (c->in_batch == 0 && zx_db_begin(c->db) != ZX_OK)
            return false;
        char idterm[256];
        schema_id_term(e->key, idterm, sizeof idterm);
        if (zx_db_delete(c->db, idterm) != ZX_OK) {
            snprintf(c->error, sizeof c->error, "cannot delete %s: %s", e->key, zx_db_error(c->db));
            return false;
        }
        c->in_batch++;
        c->n_removed++;
        if (!c->pc->quiet)
            fprintf(stderr, "zhpipe index: %s: removed (the file no longer exists)\n", e->key);
    }
    return true;
}

static void summary(const index_ctx *c, bool pruned)
{
    fprintf(stderr, "zhpipe index: %zu new, %zu changed, %zu unchanged, %zu removed, %zu refused", c->n_new,
            c->n_changed, c->n_unchanged, c->n_removed, c->n_refused);
    if (!pruned && c->n_gone)
        fprintf(stderr, "; %zu indexed file(s) no longer exist (--prune drops them)", c->n_gone);
    if (c->nshards > 1)
        fprintf(stderr, "; shard %u/%u (%zu belong to other shards)", c->shard, c->nshards, c->n_other_shards);
    fprintf(stderr, "; %zu read (%.1f MB)\n", c->n_read, (double)c->bytes / 1e6);
}

int cmd_index(int argc, char **argv)
{
    pipeline_cli pc;
    pipeline_cli_defaults(&pc);
    const char *db_opt = NULL;
    bool do_prune = false;
    long jobs = sysconf(_SC_NPROCESSORS_ONLN), batch = 1000;
    unsigned shard = 1, nshards = 1;
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},  {"prune", no_argument, 0, 'p'},
        {"batch", required_argument, 0, 'b'}, {"jobs", required_argument, 0, 'j'},
        {"shard", required_argument, 0, 's'},
        {"help", no_argument, 0, 'h'},      PIPELINE_LONG_OPTIONS,
        {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "j:hq", longopts, NULL)) != -1) {
        if (pipeline_cli_option(&pc, opt, optarg))
            continue;
        switch (opt) {
        case 'd': db_opt = optarg; break;
        case 'p': do_prune = true; break;
        case 'b':
            batch = strtol(optarg, NULL, 10);
            if (batch < 1 || batch > 1000000) {
                cli_error("index", "--batch takes a number from 1 to 1000000");
                return EXIT_USAGE;
            }
            break;
        case 'j':
            jobs = strtol(optarg, NULL, 10);
            if (jobs < 1 || jobs > 256) {
                cli_error("index", "--jobs takes a number from 1 to 256");
                return EXIT_USAGE;
            }
            break;
        case 's': {
            char extra;
            if (sscanf(optarg, "%u/%u%c", &shard, &nshards, &extra) != 2 || nshards < 1 || nshards > 1024 ||
                shard < 1 || shard > nshards) {
                cli_error("index", "--shard takes K/N with 1 <= K <= N <= 1024, e.g. 2/4");
                return EXIT_USAGE;
            }
            break;
        }
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("index", "nothing to index: name files or folders (try `zhpipe index --help`)");
        return EXIT_USAGE;
    }
    ruleset *rs = cli_load_rules(&pc);
    if (!rs)
        return EXIT_FAIL;
    pipeline_opts po;
    cli_pipeline_opts(&pc, rs, &po);

    index_ctx c = {.pc = &pc, .batch = (unsigned)batch, .tty = cli_progress_tty(&pc), .shard = shard,
                   .nshards = nshards};
    strmap_init(&c.stamps);
    clock_gettime(CLOCK_MONOTONIC, &c.t0);
    c.last_progress = c.t0;
    const char *path = cli_db_path(db_opt);
    c.db_path = path;
    bool locked;
    char err[512];
    int rc = EXIT_FAIL;
    source *src = NULL;
    c.db = store_open_write(path, err, sizeof err, &locked);
    if (!c.db) {
        cli_error("index", "%s", err);
        goto done;
    }
    if (!store_load_stamps(c.db, &c.stamps, err, sizeof err)) {
        cli_error("index", "%s", err);
        goto done;
    }
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    if (!pc.quiet)
        source_estimate(argv + optind, argc - optind, pc.jsonl, &pc.include, &c.total_files, &c.total_bytes);
    src = source_open(argv + optind, argc - optind, pc.jsonl, &pc.ff, pc.max_bytes, &pc.include);
    runner_config cfg = {.threads = (int)jobs, .busy_emit = true, .opts = &po, .ctx = &c, .skip = skip_unchanged,
                         .thread_init = thread_init, .thread_fini = thread_fini, .prepare = prepare,
                         .emit = emit, .discard = discard, .stop = &interrupted};
    runner_status st = runner_run(src, &cfg, err, sizeof err);
    if (st == RUNNER_DONE && !pc.jsonl && !prune(&c, src, do_prune))
        st = RUNNER_FAILED;
    if (st != RUNNER_FAILED && !commit_batch(&c))
        st = RUNNER_FAILED;
    progress(&c, true);
    if (st == RUNNER_FAILED) {
        zx_db_cancel(c.db);
        cli_error("index", "%s; the index keeps every batch committed before this",
                  c.error[0] ? c.error : err);
        goto done;
    }
    summary(&c, do_prune);
    if (st == RUNNER_STOPPED) {
        cli_error("index", "interrupted; every article up to here is committed; run again to finish");
        rc = 130;
        goto done;
    }
    rc = c.n_refused ? EXIT_PARTIAL : EXIT_OK;
done:
    source_close(src);
    zx_db_close(c.db);
    strmap_free(&c.stamps);
    cli_print_profile("index", rs);
    ruleset_free(rs);
    return rc;
}
