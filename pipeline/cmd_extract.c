/*
 * cmd_extract.c — `zhpipe extract`: records of files or feeds to stdout.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "profile.h"
#include "runner.h"

static const char help[] =
    "usage: zhpipe extract [OPTIONS] FILE...\n"
    "       zhpipe extract --jsonl [OPTIONS] FEED.jsonl|-\n"
    "\n"
    "Decodes, normalises and runs the rules over each file, and prints one record per line:\n"
    "a `document` record per file, then its figures, dates and entities in text order.\n"
    "Offsets (start, end) are bytes of the original file (of the feed's text field).\n"
    "\n"
    "Options:\n"
    "  --format jsonl|csv  output format (default jsonl; csv has a header row)\n"
    "  -j, --jobs N        worker threads (default: number of cores); output order is the same\n" PIPELINE_OPTIONS_HELP
    "  -h, --help          this help\n"
    "\n"
    "Examples:\n"
    "  zhpipe extract corpus/*.txt | jq -c 'select(.kind==\"figure\") | [.text, .value, .unit]'\n"
    "  zhpipe extract --ref-date 2024-10-28 --format csv article.txt > records.csv\n"
    "  zcat feed.jsonl.gz | zhpipe extract --jsonl - > records.jsonl\n"
    "\n"
    "Exit status: 0 ok, 1 failure, 2 usage, 3 some files refused (named on stderr).\n";

typedef struct {
    out_format fmt;
    bool quiet;
    size_t refused, done;
} extract_ctx;

/* Worker thread: the article's output lines, rendered once. */
static void prepare(void *vctx, void *tstate, const article_worker *w, runner_job *job)
{
    (void)tstate;
    extract_ctx *c = vctx;
    char *buf = NULL;
    size_t len = 0;
    uint64_t t0 = prof_now();
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return;
    record_write(f, c->fmt, &w->info, NULL);
    for (size_t i = 0; i < w->records.n; i++)
        record_write(f, c->fmt, &w->info, &w->records.v[i]);
    fclose(f);
    job->payload = buf;
    prof_stage_add(PROF_OUTPUT, t0);
}

static void discard(void *ctx, runner_job *job)
{
    (void)ctx;
    free(job->payload);
    job->payload = NULL;
}

/* Calling thread, in input order: print, warn, count. */
static bool emit(void *vctx, runner_job *job)
{
    extract_ctx *c = vctx;
    if (!c->quiet)
        diag_print(&job->warnings, stderr);
    if (job->st != ARTICLE_OK) {
        cli_error("extract", "%s: refused: %s", job->item.doc ? job->item.doc : "?", job->why);
        c->refused++;
        return job->st != ARTICLE_FAILED || strstr(job->why, "memory") == NULL;
    }
    if (job->payload)
        fputs(job->payload, stdout);
    discard(vctx, job);
    c->done++;
    return !ferror(stdout);
}

int cmd_extract(int argc, char **argv)
{
    pipeline_cli pc;
    pipeline_cli_defaults(&pc);
    extract_ctx c = {.fmt = OUT_JSONL};
    long jobs = sysconf(_SC_NPROCESSORS_ONLN);
    static const struct option longopts[] = {
        {"format", required_argument, 0, 'f'}, {"jobs", required_argument, 0, 'j'},
        {"help", no_argument, 0, 'h'}, PIPELINE_LONG_OPTIONS, {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "f:j:hq", longopts, NULL)) != -1) {
        if (pipeline_cli_option(&pc, opt, optarg))
            continue;
        switch (opt) {
        case 'f':
            if (!strcmp(optarg, "jsonl") || !strcmp(optarg, "json"))
                c.fmt = OUT_JSONL;
            else if (!strcmp(optarg, "csv"))
                c.fmt = OUT_CSV;
            else {
                cli_error("extract", "--format takes jsonl or csv, not '%s'", optarg);
                return EXIT_USAGE;
            }
            break;
        case 'j':
            jobs = strtol(optarg, NULL, 10);
            if (jobs < 1 || jobs > 256) {
                cli_error("extract", "--jobs takes a number from 1 to 256");
                return EXIT_USAGE;
            }
            break;
        case 'h':
            fputs(help, stdout);
            return EXIT_OK;
        default:
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind >= argc) {
        cli_error("extract", "no input files (try `zhpipe extract --help`)");
        return EXIT_USAGE;
    }
    c.quiet = pc.quiet;
    ruleset *rs = cli_load_rules(&pc);
    if (!rs)
        return EXIT_FAIL;
    pipeline_opts po;
    cli_pipeline_opts(&pc, rs, &po);
    source *src = source_open(argv + optind, argc - optind, pc.jsonl, &pc.ff, pc.max_bytes, &pc.include);
    if (c.fmt == OUT_CSV)
        record_write_csv_header(stdout);
    runner_config cfg = {.threads = (int)jobs, .opts = &po, .ctx = &c, .prepare = prepare, .emit = emit,
                         .discard = discard};
    char err[256] = "";
    runner_status st = src ? runner_run(src, &cfg, err, sizeof err) : RUNNER_FAILED;
    source_close(src);
    bool wrote = fflush(stdout) == 0 && !ferror(stdout);
    cli_print_profile("extract", rs);
    ruleset_free(rs);
    if (!wrote) {
        cli_error("extract", "cannot write the output");
        return EXIT_FAIL;
    }
    if (st != RUNNER_DONE) {
        cli_error("extract", "%s", err[0] ? err : "stopped");
        return EXIT_FAIL;
    }
    return c.refused ? EXIT_PARTIAL : EXIT_OK;
}
