/* record.c — see record.h. */
#include "record.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

void record_list_init(record_list *l) { memset(l, 0, sizeof *l); }

void record_free(record *r)
{
    free(r->text);
    free(r->norm);
    free(r->unit);
    free(r->name);
    free(r->title);
    free(r->alias_of);
    free(r->code);
    memset(r, 0, sizeof *r);
}

void record_list_clear(record_list *l)
{
    for (size_t i = 0; i < l->n; i++)
        record_free(&l->v[i]);
    l->n = 0;
}

void record_list_free(record_list *l)
{
    record_list_clear(l);
    free(l->v);
    record_list_init(l);
}

record *record_list_push(record_list *l)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 32;
        record *v = realloc(l->v, cap * sizeof *v);
        if (!v)
            return NULL;
        l->v = v;
        l->cap = cap;
    }
    record *r = &l->v[l->n++];
    memset(r, 0, sizeof *r);
    return r;
}

void record_list_compact(record_list *l)
{
    size_t o = 0;
    for (size_t i = 0; i < l->n; i++) {
        if ((int)l->v[i].kind < 0) {
            record_free(&l->v[i]);
            continue;
        }
        l->v[o++] = l->v[i];
    }
    l->n = o;
}

static int cmp_record(const void *a, const void *b)
{
    const record *x = a, *y = b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

void record_list_sort(record_list *l)
{
    if (l->n > 1)
        qsort(l->v, l->n, sizeof *l->v, cmp_record);
}

const char *record_kind_name(record_kind k)
{
    switch (k) {
    case REC_DOCUMENT: return "document";
    case REC_FIGURE: return "figure";
    case REC_DATE: return "date";
    case REC_ENTITY: return "entity";
    }
    return "?";
}

/* ------------------------------------------------------------ fields */

/*
 * The fields of a record, in output order, are defined once (put_record,
 * put_document) and go to a sink: a jansson object (the index stores
 * records in documents, CSV reads them by name) or JSON text written
 * directly (extract's output, where building objects cost more than
 * the extraction).  Both write the same bytes: `make check` compares them.
 */
typedef struct sink sink;
struct sink {
    void (*str)(sink *k, const char *key, const char *v);
    void (*integer)(sink *k, const char *key, long long v);
    void (*real)(sink *k, const char *key, double v); /* not finite: no field, as jansson */
    void (*boolean)(sink *k, const char *key, bool v);
    void (*null)(sink *k, const char *key);
    json_t *obj;                        /* jansson sink */
    FILE *f;                            /* text sink (extract's per-article memory stream) */
    bool first;
};

static void put_opt_str(sink *k, const char *key, const char *v)
{
    if (v)
        k->str(k, key, v);
}

/* A JSON number for an exact decimal: an integer when it is one. */
static void put_decimal(sink *k, const char *key, zh_decimal d)
{
    d = zh_decimal_reduce(d);
    if (d.scale == 0)
        k->integer(k, key, d.mant);
    else
        k->real(k, key, zh_decimal_to_double(d));
}

static void put_figure_fields(sink *k, const record *r)
{
    put_decimal(k, "value", r->value);
    if (r->has_to)
        put_decimal(k, "to", r->value_to);
    put_opt_str(k, "unit", r->unit);
    put_opt_str(k, "dimension", r->dimension);
    k->boolean(k, "approx", r->approx);
    put_opt_str(k, "bound", r->bound);
    if (r->si_factor > 0) {
        k->real(k, "si_value", zh_decimal_to_double(r->value) * r->si_factor);
        if (r->has_to)
            k->real(k, "si_to", zh_decimal_to_double(r->value_to) * r->si_factor);
    }
}

static void put_date_fields(sink *k, const record *r)
{
    k->str(k, "value", r->date.value);
    k->str(k, "grain", date_grain_name(r->date.grain));
    k->boolean(k, "relative", r->date.relative);
    if (r->date.resolved[0])
        k->str(k, "resolved", r->date.resolved);
}

static void put_entity_fields(sink *k, const record *r)
{
    put_opt_str(k, "type", r->etype);
    put_opt_str(k, "name", r->name);
    put_opt_str(k, "title", r->title);
    put_opt_str(k, "alias_of", r->alias_of);
    put_opt_str(k, "code", r->code);
    put_opt_str(k, "role", r->role);
}

static void put_record(sink *k, const record *r, const char *doc)
{
    k->str(k, "doc", doc);
    k->str(k, "kind", record_kind_name(r->kind));
    k->str(k, "text", r->text ? r->text : "");
    k->str(k, "norm", r->norm ? r->norm : "");
    k->integer(k, "start", r->start);
    k->integer(k, "end", r->end);
    k->str(k, "rule", r->rule ? r->rule : "");
    if (r->kind == REC_FIGURE)
        put_figure_fields(k, r);
    else if (r->kind == REC_DATE)
        put_date_fields(k, r);
    else if (r->kind == REC_ENTITY)
        put_entity_fields(k, r);
}

static void put_document(sink *k, const doc_info *d)
{
    k->str(k, "doc", d->doc);
    k->str(k, "kind", "document");
    k->str(k, "text", d->title ? d->title : "");
    k->str(k, "norm", d->title ? d->title : "");
    k->integer(k, "start", 0);
    k->integer(k, "end", (long long)d->bytes);
    k->str(k, "rule", "document");
    k->str(k, "encoding", d->encoding ? d->encoding : "");
    k->boolean(k, "traditional", d->traditional);
    k->str(k, "title", d->title ? d->title : "");
    k->integer(k, "bytes", (long long)d->bytes);
    if (d->ref.year) {
        char buf[16];
        snprintf(buf, sizeof buf, "%04d-%02d-%02d", d->ref.year, d->ref.month, d->ref.day);
        k->str(k, "ref_date", buf);
        put_opt_str(k, "ref_source", d->ref_source);
    } else {
        k->null(k, "ref_date");
    }
}

/* ------------------------------------------------------------ jansson sink */

static void j_str(sink *k, const char *key, const char *v) { json_object_set_new(k->obj, key, json_string(v)); }
static void j_int(sink *k, const char *key, long long v) { json_object_set_new(k->obj, key, json_integer(v)); }
static void j_real(sink *k, const char *key, double v) { json_object_set_new(k->obj, key, json_real(v)); }
static void j_bool(sink *k, const char *key, bool v) { json_object_set_new(k->obj, key, json_boolean(v)); }
static void j_null(sink *k, const char *key) { json_object_set_new(k->obj, key, json_null()); }

static sink json_sink(void) { return (sink){j_str, j_int, j_real, j_bool, j_null, json_object(), NULL, true}; }

json_t *record_to_json(const record *r, const char *doc)
{
    sink k = json_sink();
    if (k.obj)
        put_record(&k, r, doc);
    return k.obj;
}

json_t *doc_info_to_json(const doc_info *d)
{
    sink k = json_sink();
    if (k.obj)
        put_document(&k, d);
    return k.obj;
}

/* ------------------------------------------------------------ text sink */

/* The stream is the worker's own (open_memstream in cmd_extract), so no
 * other thread locks it. */
static void t_add(sink *k, const char *s, size_t n) { fwrite_unlocked(s, 1, n, k->f); }

/* A JSON string as jansson writes it without JSON_ENSURE_ASCII: UTF-8
 * kept, " and \ escaped, control characters as \b \f \n \r \t or \u00XX. */
static void t_string(sink *k, const char *s)
{
    t_add(k, "\"", 1);
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        t_add(k, run, (size_t)(s - run));
        char esc[8];
        switch (c) {
        case '"': t_add(k, "\\\"", 2); break;
        case '\\': t_add(k, "\\\\", 2); break;
        case '\b': t_add(k, "\\b", 2); break;
        case '\f': t_add(k, "\\f", 2); break;
        case '\n': t_add(k, "\\n", 2); break;
        case '\r': t_add(k, "\\r", 2); break;
        case '\t': t_add(k, "\\t", 2); break;
        default:
            snprintf(esc, sizeof esc, "\\u%04X", c);
            t_add(k, esc, 6);
        }
        run = s + 1;
    }
    t_add(k, run, (size_t)(s - run));
    t_add(k, "\"", 1);
}

static void t_key(sink *k, const char *key)
{
    t_add(k, k->first ? "{" : ",", 1);
    k->first = false;
    t_string(k, key);
    t_add(k, ":", 1);
}

static void t_str(sink *k, const char *key, const char *v)
{
    t_key(k, key);
    t_string(k, v);
}

static void t_int(sink *k, const char *key, long long v)
{
    char b[32];
    t_key(k, key);
    t_add(k, b, (size_t)snprintf(b, sizeof b, "%lld", v));
}

/* As jansson with JSON_REAL_PRECISION(15): %.15g, ".0" when it would
 * read as an integer, no '+' or leading zeros in the exponent. */
static void t_real(sink *k, const char *key, double v)
{
    if (!isfinite(v))
        return;
    char b[48];
    int n = snprintf(b, sizeof b - 3, "%.15g", v);
    if (n < 0 || n >= (int)sizeof b - 3)
        return;
    if (!strchr(b, '.') && !strchr(b, 'e')) {
        memcpy(b + n, ".0", 3);
        n += 2;
    }
    char *e = strchr(b, 'e');
    if (e) {
        char *start = e + 1, *end = start + 1;
        if (*start == '-')
            start++;
        while (*end == '0')
            end++;
        if (end != start) {
            memmove(start, end, (size_t)(b + n - end) + 1);
            n -= (int)(end - start);
        }
    }
    t_key(k, key);
    t_add(k, b, (size_t)n);
}

static void t_bool(sink *k, const char *key, bool v)
{
    t_key(k, key);
    t_add(k, v ? "true" : "false", v ? 4 : 5);
}

static void t_null(sink *k, const char *key)
{
    t_key(k, key);
    t_add(k, "null", 4);
}

/* ------------------------------------------------------------ output */

static const char *const csv_columns[] = {
    "doc", "kind", "start", "end", "rule", "text", "norm", "value", "to", "unit", "dimension", "si_value", "approx",
    "bound", "grain", "resolved", "relative", "type", "name", "title", "alias_of", "code", "role", "encoding",
    "traditional", "ref_date"};
#define NCOLS (sizeof csv_columns / sizeof csv_columns[0])

void record_write_csv_header(FILE *f)
{
    for (size_t i = 0; i < NCOLS; i++)
        fprintf(f, "%s%s", i ? "," : "", csv_columns[i]);
    fputs("\r\n", f);
}

/* RFC 4180: quote when needed, double the quotes inside. */
static void csv_field(FILE *f, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, f);
        return;
    }
    fputc('"', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

/* Writes a JSON object as one CSV row, taking the columns by name. */
void record_write_csv_json(FILE *f, json_t *o)
{
    for (size_t i = 0; i < NCOLS; i++) {
        if (i)
            fputc(',', f);
        json_t *v = json_object_get(o, csv_columns[i]);
        if (!v || json_is_null(v))
            continue;
        if (json_is_string(v)) {
            csv_field(f, json_string_value(v));
        } else {
            char *s = json_dumps(v, JSON_ENCODE_ANY | JSON_REAL_PRECISION(15));
            if (s)
                fputs(s, f);
            free(s);
        }
    }
    fputs("\r\n", f);
}

void record_write(FILE *f, out_format fmt, const doc_info *d, const record *r)
{
    if (fmt == OUT_CSV) {
        json_t *o = r ? record_to_json(r, d->doc) : doc_info_to_json(d);
        if (o)
            record_write_csv_json(f, o);
        json_decref(o);
        return;
    }
    /* Compact JSON, real numbers to 15 significant digits so that 15.4
     * prints as 15.4; non-ASCII stays UTF-8 for readability. */
    sink k = {t_str, t_int, t_real, t_bool, t_null, NULL, f, true};
    if (r)
        put_record(&k, r, d->doc);
    else
        put_document(&k, d);
    t_add(&k, "}\n", 2);
}
