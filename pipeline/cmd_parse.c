/*
 * cmd_parse.c — `zhpipe parse money|number|date`: one value per input.
 *
 * For values whose kind is known: a spreadsheet column of amounts, a form's
 * date field.  Each input goes through decode and normalise like an
 * article; then it is read as a whole as the kind asked for.
 */
#include <getopt.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "field.h"

static const char help[] =
    "usage: zhpipe parse money|number|date [OPTIONS] [TEXT...]\n"
    "\n"
    "Reads each TEXT, or each line of standard input when there is none, as one value of the\n"
    "kind named, and prints one JSON line per input in input order: the value's fields and\n"
    "\"input\", or \"input\" and \"error\" when the input is not such a value.\n"
    "\n"
    "  money   an amount: value, to (a range), unit (its currency; 元 when none is written),\n"
    "          approx (约, 左右, 多), bound (min: 以上, 超过; max: 以下, 小于).  Knowing the input\n"
    "          is money, parse also reads what extract leaves alone in running text: a number\n"
    "          with no currency (三百万), small change alone (5分 = 0.05, 五仙, 三毫) and\n"
    "          Cantonese 個 for the dollar (五個半 = 5.5).\n"
    "  number  a number: value, approx (三百万, 1,236, 二十七点五; 5% is not a number).\n"
    "  date    a date expression: value, resolved (with --ref-date), grain, relative, as the\n"
    "          date records of extract (去年10月下旬, 2024-Q3, 十四五).\n"
    "\n"
    "Options (before or after the kind; `--` ends them, for inputs such as -5元):\n"
    "  --ref-date DATE     the reference for relative dates (YYYY-MM-DD)\n"
    "  --rules DIR         rule directory (units and qualifiers of money; default as for extract)\n"
    "  --opencc CONV       traditional-to-simplified conversion: t2s (default), tw2sp, hk2s, none\n"
    "  -h, --help          this help\n"
    "\n"
    "Examples:\n"
    "  zhpipe parse money '约4.287亿美元' '三百万' '15k~20k'\n"
    "  cut -f3 amounts.tsv | zhpipe parse money | jq -r '[.value, .unit] | @tsv'\n"
    "  zhpipe parse date --ref-date 2024-10-28 '去年10月下旬' '年底前'\n"
    "\n"
    "Exit status: 0 every input read, 1 failure, 2 usage, 3 some inputs were not such a value.\n";

typedef enum { PARSE_MONEY, PARSE_NUMBER, PARSE_DATE } parse_kind;

typedef struct {
    parse_kind kind;
    const ruleset *rs;
    article_worker *w;
    civil_date ref;
    unsigned long n, failed;
} parser;

/* A JSON number for an exact decimal: an integer when it is one. */
static json_t *decimal_json(zh_decimal d)
{
    d = zh_decimal_reduce(d);
    return d.scale == 0 ? json_integer(d.mant) : json_real(zh_decimal_to_double(d));
}

/* The whole input without the blanks around it, as byte offsets. */
static void trimmed(const char *s, size_t len, size_t *a, size_t *b)
{
    *a = 0;
    *b = len;
    while (*a < *b && (s[*a] == ' ' || s[*a] == '\t'))
        (*a)++;
    while (*b > *a && (s[*b - 1] == ' ' || s[*b - 1] == '\t'))
        (*b)--;
}

/* Money: a currency figure the rules found over the whole input, else the
 * field reading of field.h.  NULL when neither reads it. */
static json_t *parse_money(parser *p, const char *text, size_t len)
{
    size_t a, b;
    trimmed(text, len, &a, &b);
    for (size_t i = 0; i < p->w->records.n; i++) {
        const record *r = &p->w->records.v[i];
        if (r->kind == REC_FIGURE && r->dimension && !strcmp(r->dimension, "currency") && r->start <= a &&
            r->end >= b)
            return record_to_json(r, "-");
    }
    record r;
    memset(&r, 0, sizeof r);
    r.kind = REC_FIGURE;
    r.rule = "parse.money";
    r.start = (uint32_t)a;
    r.end = (uint32_t)b;
    r.text = strndup(text + a, b - a);
    r.norm = strdup(p->w->norm.s);
    json_t *o = NULL;
    if (r.text && r.norm && field_read_money(p->rs, p->w->norm.s, p->w->norm.len, &r))
        o = record_to_json(&r, "-");
    record_free(&r);
    return o;
}

static json_t *parse_number(parser *p)
{
    zh_decimal v;
    int flags;
    size_t a, b;
    trimmed(p->w->norm.s, p->w->norm.len, &a, &b);
    if (numeral_parse(p->w->norm.s + a, b - a, &v, &flags) != NUMERAL_OK)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "value", decimal_json(v));
    json_object_set_new(o, "approx", json_boolean(flags & NUMERAL_APPROX));
    return o;
}

static json_t *parse_date(parser *p)
{
    date_value d;
    size_t a, b;
    trimmed(p->w->norm.s, p->w->norm.len, &a, &b);
    if (date_parse(p->w->norm.s + a, b - a, p->ref.year ? &p->ref : NULL, &d) != DATE_OK)
        return NULL;
    json_t *o = json_object();
    json_object_set_new(o, "value", json_string(d.value));
    if (d.resolved[0])
        json_object_set_new(o, "resolved", json_string(d.resolved));
    json_object_set_new(o, "grain", json_string(date_grain_name(d.grain)));
    json_object_set_new(o, "relative", json_boolean(d.relative));
    return o;
}

static const char *const kind_names[] = {"an amount of money", "a number", "a date"};

/* Reads one input and prints its line; false only when output fails. */
static bool parse_one(parser *p, const char *text, size_t len)
{
    char why[256] = "";
    char doc[32];
    snprintf(doc, sizeof doc, "%lu", ++p->n);
    json_t *line = json_object();
    json_object_set_new(line, "input", json_stringn_nocheck(text, len));
    article_status st = article_process(p->w, doc, text, len, NULL, NULL, why, sizeof why);
    json_t *v = NULL;
    if (st == ARTICLE_OK)
        v = p->kind == PARSE_MONEY ? parse_money(p, text, len) : p->kind == PARSE_NUMBER ? parse_number(p)
                                                                                        : parse_date(p);
    if (v) {
        json_object_del(v, "doc");
        json_object_update(line, v);
        json_decref(v);
    } else {
        char msg[320];
        bool refused = st != ARTICLE_OK && why[0];
        snprintf(msg, sizeof msg, "not %s%s%s", kind_names[p->kind], refused ? ": " : "", refused ? why : "");
        json_object_set_new(line, "error", json_string(msg));
        p->failed++;
    }
    char *s = json_dumps(line, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(line);
    if (!s)
        return false;
    bool ok = puts(s) >= 0;
    free(s);
    return ok;
}

static bool parse_stdin(parser *p)
{
    char *line = NULL;
    size_t cap = 0;
    ssize_t n;
    bool ok = true;
    while (ok && (n = getline(&line, &cap, stdin)) >= 0) {
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
            n--;
        ok = parse_one(p, line, (size_t)n);
    }
    free(line);
    return ok;
}

/* The shared options that mean something here: --rules, --encoding,
 * --opencc, --ref-date, --quiet. */
static bool parse_option(pipeline_cli *pc, int opt, const char *arg)
{
    bool known = (opt >= 1000 && opt <= 1003) || opt == 'q';
    return known && pipeline_cli_option(pc, opt, arg);
}

int cmd_parse(int argc, char **argv)
{
    pipeline_cli pc;
    pipeline_cli_defaults(&pc);
    static const struct option longopts[] = {{"help", no_argument, 0, 'h'}, PIPELINE_LONG_OPTIONS, {0, 0, 0, 0}};
    int opt;
    optind = 1;
    while ((opt = getopt_long(argc, argv, "hq", longopts, NULL)) != -1) {
        if (opt == 'h') {
            fputs(help, stdout);
            return EXIT_OK;
        }
        if (!parse_option(&pc, opt, optarg)) {
            fputs(help, stderr);
            return EXIT_USAGE;
        }
    }
    static const char *const kinds[] = {"money", "number", "date"};
    parser p = {0};
    if (optind >= argc) {
        cli_error("parse", "say what to read: money, number or date (try `zhpipe parse --help`)");
        return EXIT_USAGE;
    }
    size_t k = 0;
    while (k < 3 && strcmp(argv[optind], kinds[k]) != 0)
        k++;
    if (k == 3) {
        cli_error("parse", "'%s' is not a kind: money, number or date", argv[optind]);
        return EXIT_USAGE;
    }
    p.kind = (parse_kind)k;
    optind++;
    ruleset *rs = cli_load_rules(&pc);
    if (!rs)
        return EXIT_FAIL;
    pipeline_opts po;
    cli_pipeline_opts(&pc, rs, &po);
    char err[256];
    p.rs = rs;
    p.ref = po.ref;
    p.w = article_worker_new(&po, err, sizeof err);
    if (!p.w) {
        cli_error("parse", "%s", err);
        ruleset_free(rs);
        return EXIT_FAIL;
    }
    bool ok = true;
    if (optind >= argc)
        ok = parse_stdin(&p);
    for (int i = optind; ok && i < argc; i++)
        ok = parse_one(&p, argv[i], strlen(argv[i]));
    ok = ok && fflush(stdout) == 0 && !ferror(stdout);
    article_worker_free(p.w);
    ruleset_free(rs);
    if (!ok) {
        cli_error("parse", "cannot write the output");
        return EXIT_FAIL;
    }
    return p.failed ? EXIT_PARTIAL : EXIT_OK;
}
