/* record.c — see record.h. */
#include "record.h"

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

/* ------------------------------------------------------------ JSON */

/* A JSON number for an exact decimal: an integer when it is one. */
static json_t *decimal_json(zh_decimal d)
{
    d = zh_decimal_reduce(d);
    if (d.scale == 0)
        return json_integer(d.mant);
    return json_real(zh_decimal_to_double(d));
}

static void set_str(json_t *o, const char *key, const char *v)
{
    if (v)
        json_object_set_new(o, key, json_string(v));
}

static void add_figure_fields(json_t *o, const record *r)
{
    json_object_set_new(o, "value", decimal_json(r->value));
    if (r->has_to)
        json_object_set_new(o, "to", decimal_json(r->value_to));
    set_str(o, "unit", r->unit);
    set_str(o, "dimension", r->dimension);
    json_object_set_new(o, "approx", json_boolean(r->approx));
    set_str(o, "bound", r->bound);
    if (r->si_factor > 0) {
        json_object_set_new(o, "si_value", json_real(zh_decimal_to_double(r->value) * r->si_factor));
        if (r->has_to)
            json_object_set_new(o, "si_to", json_real(zh_decimal_to_double(r->value_to) * r->si_factor));
    }
}

static void add_date_fields(json_t *o, const record *r)
{
    json_object_set_new(o, "value", json_string(r->date.value));
    json_object_set_new(o, "grain", json_string(date_grain_name(r->date.grain)));
    json_object_set_new(o, "relative", json_boolean(r->date.relative));
    if (r->date.resolved[0])
        json_object_set_new(o, "resolved", json_string(r->date.resolved));
}

static void add_entity_fields(json_t *o, const record *r)
{
    set_str(o, "type", r->etype);
    set_str(o, "name", r->name);
    set_str(o, "title", r->title);
    set_str(o, "alias_of", r->alias_of);
    set_str(o, "code", r->code);
    set_str(o, "role", r->role);
}

json_t *record_to_json(const record *r, const char *doc)
{
    json_t *o = json_object();
    json_object_set_new(o, "doc", json_string(doc));
    json_object_set_new(o, "kind", json_string(record_kind_name(r->kind)));
    json_object_set_new(o, "text", json_string(r->text ? r->text : ""));
    json_object_set_new(o, "norm", json_string(r->norm ? r->norm : ""));
    json_object_set_new(o, "start", json_integer(r->start));
    json_object_set_new(o, "end", json_integer(r->end));
    json_object_set_new(o, "rule", json_string(r->rule ? r->rule : ""));
    if (r->kind == REC_FIGURE)
        add_figure_fields(o, r);
    else if (r->kind == REC_DATE)
        add_date_fields(o, r);
    else if (r->kind == REC_ENTITY)
        add_entity_fields(o, r);
    return o;
}

static void format_date(const civil_date *d, char *buf, size_t n)
{
    snprintf(buf, n, "%04d-%02d-%02d", d->year, d->month, d->day);
}

json_t *doc_info_to_json(const doc_info *d)
{
    json_t *o = json_object();
    json_object_set_new(o, "doc", json_string(d->doc));
    json_object_set_new(o, "kind", json_string("document"));
    json_object_set_new(o, "text", json_string(d->title ? d->title : ""));
    json_object_set_new(o, "norm", json_string(d->title ? d->title : ""));
    json_object_set_new(o, "start", json_integer(0));
    json_object_set_new(o, "end", json_integer((json_int_t)d->bytes));
    json_object_set_new(o, "rule", json_string("document"));
    json_object_set_new(o, "encoding", json_string(d->encoding ? d->encoding : ""));
    json_object_set_new(o, "traditional", json_boolean(d->traditional));
    json_object_set_new(o, "title", json_string(d->title ? d->title : ""));
    json_object_set_new(o, "bytes", json_integer((json_int_t)d->bytes));
    if (d->ref.year) {
        char buf[16];
        format_date(&d->ref, buf, sizeof buf);
        json_object_set_new(o, "ref_date", json_string(buf));
        set_str(o, "ref_source", d->ref_source);
    } else {
        json_object_set_new(o, "ref_date", json_null());
    }
    return o;
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
    json_t *o = r ? record_to_json(r, d->doc) : doc_info_to_json(d);
    if (!o)
        return;
    if (fmt == OUT_CSV) {
        record_write_csv_json(f, o);
    } else {
        /* Compact, real numbers to 15 significant digits so that 15.4
         * prints as 15.4; non-ASCII stays UTF-8 for readability. */
        json_dumpf(o, f, JSON_COMPACT | JSON_REAL_PRECISION(15));
        fputc('\n', f);
    }
    json_decref(o);
}
