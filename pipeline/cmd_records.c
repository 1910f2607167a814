/*
 * cmd_records.c — records out of the index: `zhpipe records QUERY` and
 * `zhpipe export`; and `zhpipe compact`, which merges index shards.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "recquery.h"
#include "schema.h"
#include "store.h"

static const char records_help[] =
    "usage: zhpipe records [--db PATH] [--limit N] [--format jsonl|csv] QUERY...\n"
    "\n"
    "Prints the indexed records (figures, dates, entities) that match every condition of QUERY,\n"
    "one per line, each with its article (`doc`) and byte offsets there.\n"
    "\n"
    "Conditions:\n"
    "  FIELD:VALUE   kind type unit dimension rule name grain title role code bound doc\n"
    "  FIELD:A..B    value to si_value si_to year (either end may be empty)\n"
    "  approx:true   relative:true\n"
    "  WORD          occurs in the record's normalised text, name or title\n"
    "\n"
    "Examples:\n"
    "  zhpipe records 'unit:元 value:1e9..'          figures of a billion yuan or more\n"
    "  zhpipe records 'kind:date year:2024'          dates in 2024\n"
    "  zhpipe records 'type:PER 主任'                people whose title has 主任\n"
    "  zhpipe records 'type:ZONE name:朝陽高新技術產業開發區'   a zone, in either script\n";

static const char export_help[] =
    "usage: zhpipe export [--db PATH] [--format jsonl|csv]\n"
    "\n"
    "Writes every record of the index (a `document` record per article, then its records),\n"
    "as JSON Lines or CSV with a header row, for jq, DuckDB, pandas or a spreadsheet.\n"
    "\n"
    "Examples:\n"
    "  zhpipe export > all.jsonl\n"
    "  zhpipe export --format csv > all.csv\n"
    "  duckdb -c \"SELECT unit, sum(value) FROM read_json_auto('all.jsonl') WHERE kind='figure' GROUP BY unit\"\n";

static const char compact_help[] =
    "usage: zhpipe compact SRC_DB... DST_DB\n"
    "\n"
    "Merges one or more indexes (e.g. shards built with `zhpipe index --shard K/N`) into a new,\n"
    "compacted index at DST_DB, with Xapian's own compaction (xapian-compact).\n";

typedef struct {
    const recquery *rq;   /* NULL: export everything */
    bool csv, with_docs;
    long limit, printed;
    zx_db *db;
} walk_ctx;

/* Writes one JSON record in the chosen format. */
static void print_json_record(walk_ctx *c, json_t *r)
{
    if (c->csv) {
        record_write_csv_json(stdout, r);
    } else {
        json_dumpf(r, stdout, JSON_COMPACT | JSON_REAL_PRECISION(15));
        putchar('\n');
    }
    c->printed++;
}

static bool visit_article(void *vctx, unsigned docid)
{
    walk_ctx *c = vctx;
    char *data = NULL;
    size_t len = 0;
    if (zx_db_doc_data(c->db, docid, &data, &len) != ZX_OK)
        return true;
    json_t *d = json_loadb(data, len, 0, NULL);
    free(data);
    if (!d)
        return true;
    json_t *recs = json_incref(json_object_get(d, "records"));
    if (c->with_docs) {
        json_object_del(d, "records");
        json_object_del(d, "body");
        print_json_record(c, d);
    }
    size_t i;
    json_t *r;
    json_array_foreach(recs, i, r)
    {
        if (c->limit >= 0 && c->printed >= c->limit)
            break;
        if (!c->rq || recquery_match(c->rq, r))
            print_json_record(c, r);
    }
    json_decref(recs);
    json_decref(d);
    return c->limit < 0 || c->printed < c->limit;
}

/* Visits every article matching the pre-filter (all articles for ""). */
static int walk(walk_ctx *c, const char *prefilter)
{
    if (!*prefilter) {
        if (zx_db_each(c->db, TERM_ARTICLE, visit_article, c) != ZX_OK) {
            cli_error("records", "%s", zx_db_error(c->db));
            return EXIT_FAIL;
        }
        return EXIT_OK;
    }
    zx_query *q = NULL;
    char *err = NULL;
    if (zx_query_parse(c->db, prefilter, schema_fields, schema_nfields, SLOT_DATE, &q, &err) != ZX_OK) {
        cli_error("records", "bad query: %s", err ? err : "?");
        free(err);
        return EXIT_FAIL;
    }
    unsigned long n = 0;
    zx_db_doccount(c->db, &n);
    zx_mset *m = NULL;
    int rc = EXIT_OK;
    if (zx_search(c->db, q, 0, (unsigned)n, (unsigned)n, &m) != ZX_OK) {
        cli_error("records", "%s", zx_db_error(c->db));
        rc = EXIT_FAIL;
    }
    for (unsigned i = 0; m && i < zx_mset_size(m); i++)
        if (!visit_article(c, zx_mset_docid(m, i)))
            break;
    zx_mset_free(m);
    zx_query_free(q);
    return rc;
}

typedef struct {
    const char *db;
    long limit;
    bool csv;
} list_opts;

static int parse_list_opts(int argc, char **argv, const char *help, list_opts *o)
{
    static const struct option longopts[] = {{"db", required_argument, 0, 'd'},
                                             {"limit", required_argument, 0, 'n'},
                                             {"format", required_argument, 0, 'f'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    o->db = NULL;
    o->limit = -1;
    o->csv = false;
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd': o->db = optarg; break;
        case 'n':
            o->limit = strtol(optarg, NULL, 10);
            if (o->limit < 0) {
                cli_error("records", "--limit takes a number");
                return EXIT_USAGE;
            }
            break;
        case 'f':
            if (strcmp(optarg, "jsonl") && strcmp(optarg, "json") && strcmp(optarg, "csv")) {
                cli_error("records", "--format takes jsonl or csv");
                return EXIT_USAGE;
            }
            o->csv = optarg[0] == 'c';
            break;
        case 'h': fputs(help, stdout); return -1;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    return EXIT_OK;
}

static zx_db *open_db(const char *cmd, const char *path)
{
    char err[512];
    const char *p = cli_db_path(path);
    zx_db *db = store_open_read(&p, 1, err, sizeof err);
    if (!db)
        cli_error(cmd, "%s", err);
    return db;
}

int cmd_records(int argc, char **argv)
{
    list_opts o;
    int rc = parse_list_opts(argc, argv, records_help, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    if (optind >= argc) {
        cli_error("records", "no query (try `zhpipe records --help`)");
        return EXIT_USAGE;
    }
    char err[512] = "";
    normalizer *nz = normalizer_open("t2s", err, sizeof err);
    if (!nz) {
        cli_error("records", "%s", err);
        return EXIT_FAIL;
    }
    size_t n = 1;
    for (int i = optind; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *q = calloc(1, n);
    for (int i = optind; q && i < argc; i++) {
        strcat(q, argv[i]);
        strcat(q, " ");
    }
    recquery *rq = q ? recquery_parse(nz, q, err, sizeof err) : NULL;
    free(q);
    normalizer_close(nz);
    if (!rq) {
        cli_error("records", "bad query: %s", err[0] ? err : "out of memory");
        return EXIT_FAIL;
    }
    zx_db *db = open_db("records", o.db);
    rc = EXIT_FAIL;
    if (db) {
        walk_ctx c = {rq, o.csv, false, o.limit, 0, db};
        if (o.csv)
            record_write_csv_header(stdout);
        rc = walk(&c, recquery_prefilter(rq));
    }
    zx_db_close(db);
    recquery_free(rq);
    return rc;
}

int cmd_export(int argc, char **argv)
{
    list_opts o;
    int rc = parse_list_opts(argc, argv, export_help, &o);
    if (rc)
        return rc < 0 ? EXIT_OK : rc;
    zx_db *db = open_db("export", o.db);
    if (!db)
        return EXIT_FAIL;
    walk_ctx c = {NULL, o.csv, true, o.limit, 0, db};
    if (o.csv)
        record_write_csv_header(stdout);
    rc = walk(&c, "");
    zx_db_close(db);
    return fflush(stdout) == 0 ? rc : EXIT_FAIL;
}

int cmd_compact(int argc, char **argv)
{
    if (argc < 3 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
        fputs(compact_help, argc >= 2 ? stdout : stderr);
        return argc >= 2 ? EXIT_OK : EXIT_USAGE;
    }
    char *err = NULL;
    zx_status st = zx_compact((const char *const *)argv + 1, (size_t)(argc - 2), argv[argc - 1], &err);
    if (st != ZX_OK) {
        cli_error("compact", "%s", err ? err : zx_status_name(st));
        free(err);
        return EXIT_FAIL;
    }
    fprintf(stderr, "zhpipe compact: %d index(es) merged into %s\n", argc - 2, argv[argc - 1]);
    return EXIT_OK;
}
