/*
 * cmd_show.c — `zhpipe show DOC` and `zhpipe stats`: what the index holds.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "schema.h"
#include "store.h"

static const char show_help[] =
    "usage: zhpipe show [--db PATH] [--format text|json] DOC\n"
    "\n"
    "Prints an indexed article (DOC is its path or feed id, as indexed) with its records.\n"
    "json prints the stored document: doc, title, date, encoding, text, records.\n";

static const char stats_help[] =
    "usage: zhpipe stats [--db PATH]\n"
    "\n"
    "Prints the number of articles, records per kind, distinct entity names per type, and\n"
    "the index size on disk.\n";

static zx_db *open_one(const char *cmd, const char *path)
{
    char err[512];
    zx_db *db = store_open_read(&path, 1, err, sizeof err);
    if (!db)
        cli_error(cmd, "%s", err);
    return db;
}

static void print_record_line(json_t *r)
{
    const char *kind = json_string_value(json_object_get(r, "kind"));
    printf("  %-7s %6lld-%-6lld ", kind ? kind : "?", (long long)json_integer_value(json_object_get(r, "start")),
           (long long)json_integer_value(json_object_get(r, "end")));
    cli_put_visible(json_string_value(json_object_get(r, "text")));
    json_t *v = json_object_get(r, "value");
    if (v) {
        char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
        printf("  = %s", s ? s : "");
        free(s);
    }
    const char *unit = json_string_value(json_object_get(r, "unit"));
    const char *type = json_string_value(json_object_get(r, "type"));
    const char *name = json_string_value(json_object_get(r, "name"));
    if (unit)
        printf(" %s", unit);
    if (type) {
        printf("  %s ", type);
        cli_put_visible(name);
    }
    putchar('\n');
}

int cmd_show(int argc, char **argv)
{
    const char *db_opt = NULL;
    bool json = false;
    static const struct option longopts[] = {{"db", required_argument, 0, 'd'},
                                             {"format", required_argument, 0, 'f'},
                                             {"help", no_argument, 0, 'h'},
                                             {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
        if (opt == 'd')
            db_opt = optarg;
        else if (opt == 'f')
            json = strcmp(optarg, "json") == 0;
        else if (opt == 'h') {
            fputs(show_help, stdout);
            return EXIT_OK;
        } else {
            fputs(show_help, stderr);
            return EXIT_USAGE;
        }
    }
    if (optind != argc - 1) {
        fputs(show_help, stderr);
        return EXIT_USAGE;
    }
    zx_db *db = open_one("show", cli_db_path(db_opt));
    if (!db)
        return EXIT_FAIL;
    char idterm[256];
    schema_id_term(argv[optind], idterm, sizeof idterm);
    unsigned docid;
    char *data = NULL;
    size_t len = 0;
    int rc = EXIT_FAIL;
    if (zx_db_find(db, idterm, &docid) != ZX_OK || zx_db_doc_data(db, docid, &data, &len) != ZX_OK) {
        cli_error("show", "%s is not in the index (`zhpipe search id:PATH` or check the path as indexed)",
                  argv[optind]);
        goto done;
    }
    if (json) {
        fwrite(data, 1, len, stdout);
        putchar('\n');
    } else {
        json_t *d = json_loadb(data, len, 0, NULL);
        cli_put_visible(json_string_value(json_object_get(d, "doc")));
        putchar('\n');
        cli_put_visible(json_string_value(json_object_get(d, "title")));
        printf("\ndate: %s  encoding: %s  traditional: %s\n\n",
               json_string_value(json_object_get(d, "ref_date")) ? json_string_value(json_object_get(d, "ref_date"))
                                                                  : "-",
               json_string_value(json_object_get(d, "encoding")),
               json_is_true(json_object_get(d, "traditional")) ? "yes" : "no");
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(d, "records"), i, r) print_record_line(r);
        json_decref(d);
    }
    rc = EXIT_OK;
done:
    free(data);
    zx_db_close(db);
    return rc;
}

typedef struct {
    unsigned long distinct;
    unsigned long postings;
} term_count;

static bool count_term(void *vctx, const char *term, unsigned freq)
{
    (void)term;
    term_count *c = vctx;
    c->distinct++;
    c->postings += freq;
    return true;
}

int cmd_stats(int argc, char **argv)
{
    const char *db_opt = NULL;
    if (argc > 1 && (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h"))) {
        fputs(stats_help, stdout);
        return EXIT_OK;
    }
    if (argc == 3 && !strcmp(argv[1], "--db"))
        db_opt = argv[2];
    else if (argc != 1) {
        fputs(stats_help, stderr);
        return EXIT_USAGE;
    }
    const char *path = cli_db_path(db_opt);
    zx_db *db = open_one("stats", path);
    if (!db)
        return EXIT_FAIL;
    unsigned long n = 0;
    zx_db_doccount(db, &n);
    printf("index: %s\narticles: %lu\n", path, n);
    static const char *kinds[] = {"figure", "date", "entity"};
    for (size_t i = 0; i < 3; i++) {
        char term[32];
        snprintf(term, sizeof term, "XK%s", kinds[i]);
        term_count c = {0, 0};
        zx_db_terms(db, term, count_term, &c);
        printf("articles with %s records: %lu\n", kinds[i], c.postings);
    }
    static const struct {
        const char *label, *prefix;
    } types[] = {{"ORG", "XO"}, {"ZONE", "XZ"}, {"LOC", "XL"}, {"PER", "XP"}, {"DOC", "XD"}, {"units", "XU"}};
    for (size_t i = 0; i < sizeof types / sizeof types[0]; i++) {
        term_count c = {0, 0};
        zx_db_terms(db, types[i].prefix, count_term, &c);
        printf("distinct %s names: %lu (in %lu article mentions)\n", types[i].label, c.distinct, c.postings);
    }
    char cmd[1100];
    snprintf(cmd, sizeof cmd, "du -sh -- '%s' 2>/dev/null | cut -f1", path);
    FILE *p = strchr(path, '\'') ? NULL : popen(cmd, "r");
    char size[64] = "?";
    if (p) {
        if (fgets(size, sizeof size, p))
            size[strcspn(size, "\n")] = '\0';
        pclose(p);
    }
    printf("size on disk: %s\n", size);
    zx_db_close(db);
    return EXIT_OK;
}
