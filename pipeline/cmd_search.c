/*
 * cmd_search.c — `zhpipe search`: ranked articles with highlighted snippets.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "query.h"
#include "schema.h"
#include "store.h"

static const char help[] =
    "usage: zhpipe search [OPTIONS] QUERY...\n"
    "\n"
    "Searches the index. The query is normalised like the articles (full-width folded,\n"
    "traditional converted to simplified), so 朝陽高新區 finds 朝阳高新区 and the reverse.\n"
    "Words are ANDed; Chinese runs match as n-grams; \"quoted text\" is a phrase.\n"
    "\n"
    "Query syntax:\n"
    "  高新区 投资            both (AND is the default)\n"
    "  \"朝阳高新区\"          the exact phrase (“…” works too)\n"
    "  钢铁 OR 轮胎, 钢铁 NOT 朝阳, 钢铁 -朝阳, (A OR B) C\n"
    "  org:NAME zone:NAME loc:NAME per:NAME doc:TITLE   articles naming that entity (canonical name)\n"
    "  unit:元  year:2024  kind:figure  title:WORDS  id:PATH\n"
    "  date:2021..2022  date:2024-05..  date:..2023-06-30   article date ranges; date:2024 one year\n"
    "\n"
    "Options:\n"
    "  --db PATH           index to search (repeat, or a stub file, to search shards together)\n"
    "  -n, --limit N       results to show (default 10)\n"
    "  --offset N          skip the first N results\n"
    "  --since DATE, --until DATE   article date bounds (YYYY-MM-DD)\n"
    "  --format text|json  json: one object per hit (rank, doc, score, title, date, snippet)\n"
    "  --snippet-bytes N   snippet length (default 200)\n"
    "  --facet FIELD       after the hits, the 10 most frequent values of FIELD among all matches\n"
    "                      (org zone loc per doc unit year kind; repeatable)\n"
    "  --explain           print the parsed Xapian query on stderr\n"
    "  --queries FILE      run each line of FILE as a query against one open index ('-': stdin)\n"
    "  --timing            with --queries: print each query's in-process time in ms instead of hits\n"
    "  -h, --help          this help\n"
    "\n"
    "Examples:\n"
    "  zhpipe search 朝阳高新区\n"
    "  zhpipe search '朝陽 高新區' --format json | jq .doc\n"
    "  zhpipe search 'zone:朝阳高新技术产业开发区 投资' --since 2024-01-01\n"
    "\n"
    "Exit status: 0 ok (also with no match), 1 failure (no index, bad query), 2 usage.\n";

typedef struct {
    const char *dbs[64];
    size_t ndbs;
    unsigned limit, offset, snippet_bytes;
    bool json, explain, tty, timing;
    const char *since, *until, *queries;
    const char *facets[8];
    size_t nfacets;
    unsigned facet_top;
} search_opts;

/* Known field names for query checking, from the schema table. */
static size_t known_fields(const char **out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < schema_nfields && n < max; i++)
        out[n++] = schema_fields[i].field;
    return n;
}

/* "2024-05-01" → "20240501" (validated). */
static bool value_date(const char *s, char out[9])
{
    civil_date d;
    if (!civil_date_parse_iso(s, &d) || d.year < 1 || d.year > 9999 || d.month < 1 || d.month > 12 || d.day < 1 ||
        d.day > 31)
        return false;
    snprintf(out, 9, "%04u%02u%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u, (unsigned)d.day % 100u);
    return true;
}

/* Undoes the HTML escaping of Xapian's snippets, for terminal output. */
static void print_unescaped(const char *s)
{
    static const struct {
        const char *ent, *ch;
    } ents[] = {{"&amp;", "&"}, {"&lt;", "<"}, {"&gt;", ">"}, {"&quot;", "\""}, {"&#39;", "'"}};
    while (*s) {
        size_t k;
        for (k = 0; k < sizeof ents / sizeof ents[0]; k++)
            if (strncmp(s, ents[k].ent, strlen(ents[k].ent)) == 0)
                break;
        if (k < sizeof ents / sizeof ents[0]) {
            fputs(ents[k].ch, stdout);
            s += strlen(ents[k].ent);
        } else {
            unsigned char c = (unsigned char)*s++;
            putchar(c < 0x20 || c == 0x7F ? ' ' : c); /* no control characters on a terminal */
        }
    }
}

/* Joins adjacent highlights: CJK n-grams highlight 高, 新, 区 one by one. */
static void merge_highlights(char *s, const char *hs, const char *he)
{
    char join[64];
    snprintf(join, sizeof join, "%s%s", he, hs);
    size_t jl = strlen(join);
    char *p;
    while ((p = strstr(s, join)))
        memmove(p, p + jl, strlen(p + jl) + 1);
}

/* The first `bytes` of text, cut at a character boundary, newlines as spaces. */
static char *opening_of(const char *text, size_t bytes)
{
    size_t n = strlen(text);
    while (n > 0 && (*text == '\n' || *text == ' '))
        text++, n--;
    if (n > bytes) {
        n = bytes;
        while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
            n--;
    }
    char *s = strndup(text, n);
    for (char *p = s; p && *p; p++)
        if (*p == '\n')
            *p = ' ';
    return s;
}

static void print_hit(const search_opts *o, zx_db *db, zx_mset *m, unsigned i)
{
    unsigned docid = zx_mset_docid(m, i);
    char *data = NULL;
    size_t len = 0;
    json_t *d = NULL;
    if (zx_db_doc_data(db, docid, &data, &len) == ZX_OK)
        d = json_loadb(data, len, 0, NULL);
    const char *doc = json_string_value(json_object_get(d, "doc"));
    const char *title = json_string_value(json_object_get(d, "title"));
    const char *date = json_string_value(json_object_get(d, "ref_date"));
    const char *text = json_string_value(json_object_get(d, "body"));
    char *snip = NULL;
    bool hl_tty = !o->json && o->tty;
    const char *hs = o->json ? "<b>" : hl_tty ? "\033[1;31m" : "[", *he = o->json ? "</b>" : hl_tty ? "\033[0m" : "]";
    if (text)
        zx_mset_snippet(m, text, strlen(text), o->snippet_bytes, hs, he, &snip);
    if (snip)
        merge_highlights(snip, hs, he);
    if (text && (!snip || !strstr(snip, hs)) && !o->timing) {
        /* A filter-only query highlights nothing: show the opening instead. */
        free(snip);
        snip = opening_of(text, o->snippet_bytes);
    }
    if (o->json) {
        json_t *h = json_pack("{s:i, s:s, s:f, s:s, s:o, s:s}", "rank", (int)(o->offset + i + 1), "doc", doc ? doc : "",
                              "score", zx_mset_weight(m, i), "title", title ? title : "", "date",
                              date ? json_string(date) : json_null(), "snippet", snip ? snip : "");
        json_dumpf(h, stdout, JSON_COMPACT | JSON_REAL_PRECISION(6));
        putchar('\n');
        json_decref(h);
    } else {
        printf("%u. ", o->offset + i + 1);
        cli_put_visible(doc ? doc : "?");
        printf("  (score %.2f%s%s)\n   ", zx_mset_weight(m, i), date ? ", " : "", date ? date : "");
        cli_put_visible(title);
        printf("\n   ");
        print_unescaped(snip ? snip : "");
        printf("\n\n");
    }
    free(snip);
    json_decref(d);
    free(data);
}

static char *join_args(int argc, char **argv)
{
    size_t n = 1;
    for (int i = 0; i < argc; i++)
        n += strlen(argv[i]) + 1;
    char *s = calloc(1, n);
    for (int i = 0; s && i < argc; i++) {
        if (i)
            strcat(s, " ");
        strcat(s, argv[i]);
    }
    return s;
}

/* Parses the (normalised) query and applies --since/--until. */
static zx_query *build_query(const search_opts *o, zx_db *db, const char *norm)
{
    zx_query *q = NULL;
    char *perr = NULL;
    zx_status st = zx_query_parse(db, norm, schema_fields, schema_nfields, SLOT_DATE, &q, &perr);
    if (st != ZX_OK) {
        cli_error("search", "bad query: %s", perr ? perr : zx_status_name(st));
        free(perr);
        return NULL;
    }
    char lo[9], hi[9];
    if ((o->since && !value_date(o->since, lo)) || (o->until && !value_date(o->until, hi))) {
        cli_error("search", "--since and --until take a valid date YYYY-MM-DD");
        zx_query_free(q);
        return NULL;
    }
    if ((o->since || o->until) &&
        zx_query_filter_range(q, SLOT_DATE, o->since ? lo : NULL, o->until ? hi : NULL) != ZX_OK) {
        zx_query_free(q);
        return NULL;
    }
    if (o->explain) {
        char *desc = zx_query_describe(q);
        fprintf(stderr, "query: %s\n", desc ? desc : "?");
        free(desc);
    }
    return q;
}

typedef struct {
    char *value;
    unsigned count;
} facet_entry;

typedef struct {
    facet_entry *v;
    size_t n, cap;
} facet_list;

static void collect_facet(void *vctx, size_t prefix, const char *value, unsigned count)
{
    facet_list *lists = vctx;
    facet_list *l = &lists[prefix];
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 64;
        facet_entry *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return;
        l->v = v;
        l->cap = cap;
    }
    l->v[l->n].value = strdup(value);
    l->v[l->n++].count = count;
}

static int by_count_desc(const void *a, const void *b)
{
    const facet_entry *x = a, *y = b;
    if (x->count != y->count)
        return x->count < y->count ? 1 : -1;
    return strcmp(x->value ? x->value : "", y->value ? y->value : "");
}

/* The index prefix of a boolean field, or NULL. */
static const char *facet_prefix(const char *field)
{
    for (size_t i = 0; i < schema_nfields; i++)
        if (!strcmp(schema_fields[i].field, field) && schema_fields[i].boolean)
            return schema_fields[i].prefix;
    return NULL;
}

/* --facet: the most frequent values of each field among all matches. */
static int print_facets(const search_opts *o, zx_db *db, const zx_query *q)
{
    const char *prefixes[8];
    for (size_t i = 0; i < o->nfacets; i++)
        prefixes[i] = facet_prefix(o->facets[i]);
    facet_list lists[8];
    memset(lists, 0, sizeof lists);
    if (zx_facets(db, q, prefixes, o->nfacets, collect_facet, lists) != ZX_OK) {
        cli_error("search", "facets failed: %s", zx_db_error(db));
        return EXIT_FAIL;
    }
    for (size_t i = 0; i < o->nfacets; i++) {
        if (lists[i].n > 1)
            qsort(lists[i].v, lists[i].n, sizeof *lists[i].v, by_count_desc);
        if (!o->json)
            printf("%s:\n", o->facets[i]);
        for (size_t k = 0; k < lists[i].n && k < o->facet_top; k++) {
            if (o->json) {
                json_t *f = json_pack("{s:s, s:s, s:i}", "facet", o->facets[i], "value",
                                      lists[i].v[k].value ? lists[i].v[k].value : "", "count", (int)lists[i].v[k].count);
                json_dumpf(f, stdout, JSON_COMPACT);
                putchar('\n');
                json_decref(f);
            } else {
                printf("  %6u  %s\n", lists[i].v[k].count, lists[i].v[k].value ? lists[i].v[k].value : "");
            }
        }
        for (size_t k = 0; k < lists[i].n; k++)
            free(lists[i].v[k].value);
        free(lists[i].v);
    }
    return EXIT_OK;
}

/* Runs one query against an open index; prints hits unless timing only. */
static int search_one(const search_opts *o, normalizer *nz, zx_db *db, const char *raw)
{
    char err[512];
    const char *known[32];
    size_t nknown = known_fields(known, 32);
    char *norm = query_prepare(nz, raw, known, nknown, err, sizeof err);
    if (!norm) {
        cli_error("search", "bad query: %s", err);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    zx_mset *m = NULL;
    zx_query *q = build_query(o, db, norm);
    if (!q)
        goto done;
    if (zx_search(db, q, o->offset, o->limit, o->offset + o->limit + 100, &m) != ZX_OK) {
        cli_error("search", "search failed: %s", zx_db_error(db));
        goto done;
    }
    for (unsigned i = 0; i < zx_mset_size(m) && !o->timing; i++)
        print_hit(o, db, m, i);
    if (!o->json && !o->timing)
        fprintf(stderr, "%lu match(es) for %s\n", zx_mset_matches(m), norm);
    rc = o->nfacets ? print_facets(o, db, q) : EXIT_OK;
done:
    zx_mset_free(m);
    zx_query_free(q);
    free(norm);
    return rc;
}

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* --queries FILE: one query per line against one open index; with
 * --timing, prints the in-process time of each (for benchmarks). */
static int search_file(const search_opts *o, normalizer *nz, zx_db *db)
{
    FILE *f = strcmp(o->queries, "-") == 0 ? stdin : fopen(o->queries, "r");
    if (!f) {
        cli_error("search", "cannot read %s", o->queries);
        return EXIT_FAIL;
    }
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    int rc = EXIT_OK;
    while ((n = getline(&line, &cap, f)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            line[--n] = '\0';
        if (n == 0)
            continue;
        double t0 = now_ms();
        if (search_one(o, nz, db, line) != EXIT_OK)
            rc = EXIT_FAIL;
        if (o->timing)
            printf("%.3f\t%s\n", now_ms() - t0, line);
    }
    free(line);
    if (f != stdin)
        fclose(f);
    return rc;
}

static int run_search(const search_opts *o, const char *raw)
{
    char err[512];
    normalizer *nz = normalizer_open("t2s", err, sizeof err);
    if (!nz) {
        cli_error("search", "%s", err);
        return EXIT_FAIL;
    }
    int rc = EXIT_FAIL;
    zx_db *db = store_open_read(o->dbs, o->ndbs, err, sizeof err);
    if (!db)
        cli_error("search", "%s", err);
    else if (o->queries)
        rc = search_file(o, nz, db);
    else
        rc = search_one(o, nz, db, raw);
    zx_db_close(db);
    normalizer_close(nz);
    return rc;
}

static bool parse_uint(const char *s, unsigned max, unsigned *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 0 || v > (long)max)
        return false;
    *out = (unsigned)v;
    return true;
}

int cmd_search(int argc, char **argv)
{
    search_opts o = {.limit = 10, .snippet_bytes = 200, .tty = isatty(STDOUT_FILENO), .facet_top = 10};
    static const struct option longopts[] = {
        {"db", required_argument, 0, 'd'},     {"limit", required_argument, 0, 'n'},
        {"offset", required_argument, 0, 'o'}, {"format", required_argument, 0, 'f'},
        {"since", required_argument, 0, 's'},  {"until", required_argument, 0, 'u'},
        {"snippet-bytes", required_argument, 0, 'b'}, {"explain", no_argument, 0, 'x'},
        {"queries", required_argument, 0, 'Q'}, {"timing", no_argument, 0, 'T'},
        {"facet", required_argument, 0, 'F'},
        {"help", no_argument, 0, 'h'},         {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "n:h", longopts, NULL)) != -1) {
        switch (opt) {
        case 'd':
            if (o.ndbs == sizeof o.dbs / sizeof o.dbs[0]) {
                cli_error("search", "too many --db (use a stub file)");
                return EXIT_USAGE;
            }
            o.dbs[o.ndbs++] = optarg;
            break;
        case 'n':
            if (!parse_uint(optarg, 10000, &o.limit)) {
                cli_error("search", "--limit takes a number from 0 to 10000");
                return EXIT_USAGE;
            }
            break;
        case 'o':
            if (!parse_uint(optarg, 1000000, &o.offset)) {
                cli_error("search", "--offset takes a number from 0 to 1000000");
                return EXIT_USAGE;
            }
            break;
        case 'b':
            if (!parse_uint(optarg, 100000, &o.snippet_bytes)) {
                cli_error("search", "--snippet-bytes takes a number from 0 to 100000");
                return EXIT_USAGE;
            }
            break;
        case 'f':
            if (strcmp(optarg, "json") && strcmp(optarg, "jsonl") && strcmp(optarg, "text")) {
                cli_error("search", "--format takes text or json, not '%s'", optarg);
                return EXIT_USAGE;
            }
            o.json = optarg[0] == 'j';
            break;
        case 's': o.since = optarg; break;
        case 'u': o.until = optarg; break;
        case 'x': o.explain = true; break;
        case 'Q': o.queries = optarg; break;
        case 'F':
            if (!facet_prefix(optarg) || o.nfacets == 8) {
                cli_error("search", "--facet takes a filter field (org zone loc per doc unit year kind), at most 8");
                return EXIT_USAGE;
            }
            o.facets[o.nfacets++] = optarg;
            break;
        case 'T': o.timing = true; break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_USAGE;
        }
    }
    if (optind >= argc && !o.queries) {
        cli_error("search", "no query (try `zhpipe search --help`)");
        return EXIT_USAGE;
    }
    if (o.ndbs == 0)
        o.dbs[o.ndbs++] = cli_db_path(NULL);
    char *raw = join_args(argc - optind, argv + optind);
    if (!raw)
        return EXIT_FAIL;
    int rc = run_search(&o, raw);
    free(raw);
    return rc;
}
