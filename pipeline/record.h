/*
 * record.h — what extraction produces, and how it is written out.
 *
 * A record is one figure, date or entity found in an article (or the one
 * `document` record describing the article).  Offsets are bytes of the
 * original file; `text` is the original surface form, `norm` the
 * normalised one.  The JSON form is documented in README.md and
 * schema/record.schema.json.
 *
 * Ownership: a record_list owns its records and every string in them;
 * `rule` and other `const char *` fields point into the ruleset or into
 * static tables and must outlive the list.
 */
#ifndef ZHPIPE_RECORD_H
#define ZHPIPE_RECORD_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "datenorm.h"
#include "numeral.h"

typedef enum { REC_DOCUMENT, REC_FIGURE, REC_DATE, REC_ENTITY } record_kind;

typedef struct {
    record_kind kind;
    const char *rule;       /* rule id */
    uint32_t start, end;    /* original byte offsets */
    size_t nstart, nend;    /* normalised byte offsets (internal) */
    char *text;             /* original surface */
    char *norm;             /* normalised surface */
    int priority;

    /* figure */
    zh_decimal value, value_to;
    bool has_to, approx;
    const char *bound;      /* "min", "max" or NULL */
    char *unit;
    const char *dimension;
    double si_factor;       /* 0: no SI conversion */

    /* date */
    date_value date;

    /* entity */
    const char *etype;      /* ORG ZONE LOC PER DOC */
    char *name;             /* canonical simplified name */
    char *title;            /* PER: the title written next to the name */
    char *alias_of;         /* an abbreviation: the full name it stands for */
    char *code;             /* LOC: administrative division code */
    const char *role;       /* PER: e.g. "reporter" */
} record;

typedef struct {
    record *v;
    size_t n, cap;
} record_list;

void record_list_init(record_list *l);
void record_list_clear(record_list *l);  /* frees the records, keeps the array */
void record_list_free(record_list *l);
/* A new zeroed record at the end of the list; NULL when memory runs out. */
record *record_list_push(record_list *l);
/* Removes records whose `kind` is REC_COUNT-marked (kind == -1), keeping order. */
void record_list_compact(record_list *l);
/* Sorts by start offset, then kind. */
void record_list_sort(record_list *l);
void record_free(record *r);

/* Article-level facts carried by the `document` record. */
typedef struct {
    const char *doc;          /* the path as given, or the feed id */
    const char *encoding;
    bool traditional;
    char *title;              /* owned by the caller */
    size_t bytes;
    civil_date ref;           /* year 0: none */
    const char *ref_source;   /* "option", "dateline", "feed", or NULL */
} doc_info;

const char *record_kind_name(record_kind k);

/* The JSON object of a record (new reference). */
json_t *record_to_json(const record *r, const char *doc);
json_t *doc_info_to_json(const doc_info *d);

/* Output in the two formats of `extract` and `export`. */
typedef enum { OUT_JSONL, OUT_CSV } out_format;

void record_write_csv_header(FILE *f);
/* Writes a record already in JSON form as one CSV row (export, records). */
void record_write_csv_json(FILE *f, json_t *o);
/* Writes one record (or the document record when r is NULL) in fmt.  JSON
 * goes out with unlocked stdio: f must be the calling thread's alone
 * (extract gives each article its own memory stream). */
void record_write(FILE *f, out_format fmt, const doc_info *d, const record *r);

#endif
