/* cli.c — see cli.h. */
#include "cli.h"
#include "profile.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define DEFAULT_MAX_BYTES (32ull << 20)

void pipeline_cli_defaults(pipeline_cli *p)
{
    memset(p, 0, sizeof *p);
    p->opencc = "t2s";
    p->ff = (feed_fields){"id", "date", "title", "text"};
    p->max_bytes = DEFAULT_MAX_BYTES;
}

void cli_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "zhpipe %s: ", cmd);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
}

/* Reads "123", "64K", "32M", "1G". */
static bool parse_size(const char *s, unsigned long long *out)
{
    char *end;
    unsigned long long v = strtoull(s, &end, 10);
    if (end == s)
        return false;
    unsigned shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10, end++;
    else if (*end == 'M' || *end == 'm')
        shift = 20, end++;
    else if (*end == 'G' || *end == 'g')
        shift = 30, end++;
    if (*end || v == 0 || v > (1ull << 32) >> shift)
        return false;
    *out = v << shift;
    return true;
}

bool pipeline_cli_option(pipeline_cli *p, int opt, const char *arg)
{
    switch (opt) {
    case 1000: p->rules_dir = arg; return true;
    case 1001: p->encoding = arg; return true;
    case 1002:
        if (strcmp(arg, "t2s") && strcmp(arg, "tw2sp") && strcmp(arg, "hk2s") && strcmp(arg, "none")) {
            cli_error("", "--opencc takes t2s, tw2sp, hk2s or none, not '%s'", arg);
            exit(EXIT_USAGE);
        }
        p->opencc = arg;
        return true;
    case 1003: {
        civil_date d;
        if (!civil_date_parse_iso(arg, &d)) {
            cli_error("", "--ref-date takes a valid date YYYY-MM-DD, not '%s'", arg);
            exit(EXIT_USAGE);
        }
        p->ref_date = arg;
        return true;
    }
    case 1004: p->jsonl = true; return true;
    case 1005: p->ff.id = arg; return true;
    case 1006: p->ff.date = arg; return true;
    case 1007: p->ff.title = arg; return true;
    case 1008: p->ff.text = arg; return true;
    case 1009:
        if (!parse_size(arg, &p->max_bytes)) {
            cli_error("", "--max-bytes takes a size up to 4G such as 1048576, 64M, not '%s'", arg);
            exit(EXIT_USAGE);
        }
        return true;
    case 1010:
        if (p->include.n == SOURCE_MAX_INCLUDE) {
            cli_error("", "at most %d --include patterns", SOURCE_MAX_INCLUDE);
            exit(EXIT_USAGE);
        }
        p->include.globs[p->include.n++] = arg;
        return true;
    case 1011: prof_enable(); return true;
    case 'q': p->quiet = true; return true;
    }
    return false;
}

ruleset *cli_load_rules(const pipeline_cli *p)
{
    diag_list d;
    diag_init(&d);
    const char *dir = p->rules_dir ? p->rules_dir : ruleset_default_dir();
    uint64_t t0 = prof_now();
    ruleset *rs = ruleset_load(dir, &d);
    prof_stage_add(PROF_LOAD, t0);
    if (rs && prof_on && !prof_set_rules(rs->nrules)) {
        fprintf(stderr, "zhpipe: out of memory\n");
        exit(EXIT_FAIL);
    }
    if (!p->quiet || !rs)
        diag_print(&d, stderr);
    if (!rs)
        fprintf(stderr, "zhpipe: %zu error(s) in the rules in %s; `zhpipe rules check %s` lists them\n", d.errors, dir,
                dir);
    diag_free(&d);
    return rs;
}

bool cli_pipeline_opts(const pipeline_cli *p, const ruleset *rs, pipeline_opts *o)
{
    memset(o, 0, sizeof *o);
    o->encoding = p->encoding;
    o->opencc = p->opencc;
    o->rules = rs;
    if (p->ref_date && !civil_date_parse_iso(p->ref_date, &o->ref))
        return false;
    return true;
}

const char *cli_db_path(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("ZHPIPE_DB");
    return env && *env ? env : "zhpipe.db";
}

bool cli_progress_tty(const pipeline_cli *p) { return !p->quiet && isatty(STDERR_FILENO); }

/* Prints s for a terminal: control characters (C0, DEL, C1), which a
 * hostile file could use for escape sequences, are shown escaped. */
void cli_put_visible(const char *s)
{
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '\n')
            fputs("\\n", stdout);
        else if (*p < 0x20 || *p == 0x7F)
            printf("\\x%02x", *p);
        else if (*p == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
            printf("\\u%04x", p[1]), p++;
        else
            putchar(*p);
    }
}

static const char *rule_id(const void *arg, size_t i) { return ((const ruleset *)arg)->rules[i].id; }

void cli_print_profile(const char *command, const ruleset *rs)
{
    if (rs)
        prof_print(stderr, command, rule_id, rs);
}
