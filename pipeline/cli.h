/*
 * cli.h — what the subcommands share: exit codes, option helpers, and
 * the loading of rules and pipeline options common to extract and index.
 */
#ifndef ZHPIPE_CLI_H
#define ZHPIPE_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "article.h"
#include "rules.h"
#include "source.h"

/* Exit statuses, the same for every command (README: "Exit status"). */
enum {
    EXIT_OK = 0,       /* everything done */
    EXIT_FAIL = 1,     /* could not do the job: bad rules, index locked, I/O error */
    EXIT_USAGE = 2,    /* wrong options or arguments */
    EXIT_PARTIAL = 3,  /* done, but some inputs were refused (each named on stderr) */
};

int cmd_extract(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_rules(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_records(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_compact(int argc, char **argv);
int cmd_parse(int argc, char **argv);

/* Options read by every command that runs the pipeline. */
typedef struct {
    const char *rules_dir;
    const char *encoding;
    const char *opencc;
    const char *ref_date;
    bool jsonl;
    feed_fields ff;
    unsigned long long max_bytes;
    source_filter include;
    bool quiet;
} pipeline_cli;

void pipeline_cli_defaults(pipeline_cli *p);

/*
 * Handles one of the shared long options (see PIPELINE_OPTIONS); returns
 * true if `opt` was one of them.  Bad values print a message and exit 2.
 */
bool pipeline_cli_option(pipeline_cli *p, int opt, const char *arg);

/* The getopt_long entries of the shared options; codes from 1000 up. */
#define PIPELINE_LONG_OPTIONS                                                                                         \
    {"rules", required_argument, 0, 1000}, {"encoding", required_argument, 0, 1001},                                 \
        {"opencc", required_argument, 0, 1002}, {"ref-date", required_argument, 0, 1003},                            \
        {"jsonl", no_argument, 0, 1004}, {"id-field", required_argument, 0, 1005},                                   \
        {"date-field", required_argument, 0, 1006}, {"title-field", required_argument, 0, 1007},                     \
        {"text-field", required_argument, 0, 1008}, {"max-bytes", required_argument, 0, 1009},                       \
        {"include", required_argument, 0, 1010}, {"profile", no_argument, 0, 1011},                                  \
        {"quiet", no_argument, 0, 'q'}

#define PIPELINE_OPTIONS_HELP                                                                                         \
    "  --rules DIR         rule directory (default: $ZHPIPE_RULES, ./rules, or beside the binary)\n"                 \
    "  --encoding NAME     input encoding, overriding detection (any iconv name: GB18030, BIG5, UTF-16LE)\n"      \
    "  --opencc CONV       traditional-to-simplified conversion: t2s (default), tw2sp, hk2s, none\n"               \
    "  --ref-date DATE     anchor relative dates (今年, 去年10月) on DATE (YYYY-MM-DD)\n"                        \
    "  --jsonl             inputs are JSON Lines feeds, one article per line ('-' reads stdin)\n"                 \
    "  --id-field F, --date-field F, --title-field F, --text-field F\n"                                           \
    "                      feed field names (default: id, date, title, text)\n"                                   \
    "  --max-bytes N       refuse files larger than N bytes (default 33554432; suffixes K, M, G)\n"               \
    "  --include GLOB      in folders, read only files whose name matches GLOB (repeatable; e.g. '*.txt')\n"      \
    "  --profile           at the end, print on stderr the time each stage and the slowest rules took\n"       \
    "  -q, --quiet         no progress or per-file warnings, only errors\n"

/* Loads the rules named by the options; prints every problem; NULL on error. */
ruleset *cli_load_rules(const pipeline_cli *p);

/* Prints --profile's table (nothing without --profile). */
void cli_print_profile(const char *command, const ruleset *rs);

/* Fills pipeline options from the command line (after cli_load_rules). */
bool cli_pipeline_opts(const pipeline_cli *p, const ruleset *rs, pipeline_opts *o);

/* The index path: --db, else $ZHPIPE_DB, else ./zhpipe.db. */
const char *cli_db_path(const char *opt);

/* Prints "zhpipe CMD: message" to stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints s to stdout for a terminal: control characters (C0, DEL, C1),
 * which a hostile file could use for escape sequences, are shown escaped. */
void cli_put_visible(const char *s);

/* True when stderr is a terminal (progress bars) and not --quiet. */
bool cli_progress_tty(const pipeline_cli *p);

#endif
