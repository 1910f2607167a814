/*
 * recquery.h — queries over records: `zhpipe records 'unit:元 value:1e9..'`.
 *
 * A record query is a list of conditions, all of which must hold:
 *   FIELD:VALUE      a string field equals VALUE (kind, type, unit, dimension,
 *                    rule, name, grain, title, role, code, bound, doc);
 *                    names and units are normalised like the text, so
 *                    type:ORG name:朝陽鋼鐵 works
 *   FIELD:A..B       a numeric range, either end open (value, to, si_value, year)
 *   year:2024        the year of a date record's resolved value (or of its
 *                    value when absolute); for other records, never true
 *   approx:true|false
 *   WORD             WORD occurs in the record's norm, name or title
 * The conditions that the index knows per article (kind, unit, entity
 * type with name) also give an article pre-filter, so that only candidate
 * articles are read.
 */
#ifndef ZHPIPE_RECQUERY_H
#define ZHPIPE_RECQUERY_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "normalize.h"

typedef struct recquery recquery;

/* Parses q; NULL with a one-line message in err when it does not parse. */
recquery *recquery_parse(normalizer *nz, const char *q, char *err, size_t errlen);
void recquery_free(recquery *rq);

/* True when the record (a JSON object as `extract` writes it) matches. */
bool recquery_match(const recquery *rq, json_t *record);

/* A Xapian query string selecting the articles that can hold matches
 * ("" for all articles); owned by rq. */
const char *recquery_prefilter(const recquery *rq);

#endif
