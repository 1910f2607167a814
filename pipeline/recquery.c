/* recquery.c — see recquery.h. */
#include "recquery.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef enum { C_EQUALS, C_RANGE, C_YEAR, C_BOOL, C_WORD } cond_kind;

typedef struct {
    cond_kind kind;
    char field[16];
    char *text;          /* C_EQUALS, C_WORD (normalised) */
    double lo, hi;       /* C_RANGE, C_YEAR: inclusive, ±inf when open */
    bool truth;          /* C_BOOL */
} cond;

struct recquery {
    cond *conds;
    size_t n;
    char *prefilter;
};

static const char *const string_fields[] = {"kind",  "type",  "unit", "dimension", "rule", "name",
                                            "grain", "title", "role", "code",      "bound", "doc"};
static const char *const number_fields[] = {"value", "to", "si_value", "si_to"};

static bool in_list(const char *f, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(f, list[i]) == 0)
            return true;
    return false;
}

#define COUNT(a) (sizeof a / sizeof a[0])

/* "1e9", "-3.5", "" (open) → value; false if not a number. */
static bool parse_bound(const char *s, size_t n, double open, double *out)
{
    if (n == 0) {
        *out = open;
        return true;
    }
    char buf[64];
    if (n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    char *end;
    errno = 0;
    double v = strtod(buf, &end);
    if (*end || errno || isnan(v))
        return false;
    *out = v;
    return true;
}

static bool parse_range(const char *v, cond *c, char *err, size_t errlen)
{
    const char *dots = strstr(v, "..");
    bool ok = dots ? parse_bound(v, (size_t)(dots - v), -INFINITY, &c->lo) &&
                         parse_bound(dots + 2, strlen(dots + 2), INFINITY, &c->hi)
                   : parse_bound(v, strlen(v), 0, &c->lo);
    if (!dots)
        c->hi = c->lo;
    if (!ok) {
        snprintf(err, errlen, "%s: '%s' is not a number or a range A..B", c->field, v);
        return false;
    }
    if (c->lo > c->hi) {
        snprintf(err, errlen, "%s:%s is an empty range (the start is above the end)", c->field, v);
        return false;
    }
    return true;
}

/* Parses one whitespace-separated token into a condition. */
static bool parse_token(normalizer *nz, char *tok, cond *c, char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    char *colon = strchr(tok, ':');
    if (!colon) {
        c->kind = C_WORD;
        c->text = normalizer_string(nz, tok, strlen(tok));
        return c->text != NULL;
    }
    *colon = '\0';
    const char *f = tok, *v = colon + 1;
    if (strlen(f) >= sizeof c->field || !*v) {
        snprintf(err, errlen, "'%s:' needs a value", f);
        return false;
    }
    snprintf(c->field, sizeof c->field, "%s", f);
    if (in_list(f, string_fields, COUNT(string_fields))) {
        c->kind = C_EQUALS;
        c->text = normalizer_string(nz, v, strlen(v));
        return c->text != NULL;
    }
    if (in_list(f, number_fields, COUNT(number_fields))) {
        c->kind = C_RANGE;
        return parse_range(v, c, err, errlen);
    }
    if (strcmp(f, "year") == 0) {
        c->kind = C_YEAR;
        return parse_range(v, c, err, errlen);
    }
    if (strcmp(f, "approx") == 0 || strcmp(f, "relative") == 0 || strcmp(f, "traditional") == 0) {
        c->kind = C_BOOL;
        if (strcmp(v, "true") && strcmp(v, "false")) {
            snprintf(err, errlen, "%s: takes true or false", f);
            return false;
        }
        c->truth = v[0] == 't';
        return true;
    }
    snprintf(err, errlen,
             "unknown record field '%s:'; fields: kind type unit dimension rule name grain title role code bound doc "
             "value to si_value si_to year approx relative",
             f);
    return false;
}

/* The article-level terms that any matching record implies. */
static char *build_prefilter(const recquery *rq)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return NULL;
    const char *type = NULL;
    for (size_t i = 0; i < rq->n; i++)
        if (rq->conds[i].kind == C_EQUALS && !strcmp(rq->conds[i].field, "type"))
            type = rq->conds[i].text;
    for (size_t i = 0; i < rq->n; i++) {
        const cond *c = &rq->conds[i];
        if (c->kind != C_EQUALS || strchr(c->text, ' ') || strchr(c->text, '"'))
            continue;
        if (!strcmp(c->field, "kind") || !strcmp(c->field, "unit"))
            fprintf(f, "%s:%s ", c->field, c->text);
        else if (!strcmp(c->field, "name") && type) {
            static const char *const map[][2] = {{"ORG", "org"}, {"ZONE", "zone"}, {"LOC", "loc"},
                                                 {"PER", "per"}, {"DOC", "doc"}};
            for (size_t k = 0; k < COUNT(map); k++)
                if (!strcmp(type, map[k][0]))
                    fprintf(f, "%s:%s ", map[k][1], c->text);
        }
    }
    fclose(f);
    return buf;
}

recquery *recquery_parse(normalizer *nz, const char *q, char *err, size_t errlen)
{
    recquery *rq = calloc(1, sizeof *rq);
    char *copy = strdup(q);
    if (!rq || !copy)
        goto nomem;
    size_t cap = 1;
    for (const char *p = q; *p; p++)
        cap += *p == ' ';
    rq->conds = calloc(cap, sizeof *rq->conds);
    if (!rq->conds)
        goto nomem;
    char *save = NULL;
    for (char *tok = strtok_r(copy, " \t", &save); tok; tok = strtok_r(NULL, " \t", &save)) {
        if (!parse_token(nz, tok, &rq->conds[rq->n], err, errlen)) {
            if (!err[0])
                snprintf(err, errlen, "out of memory");
            rq->n++;
            free(copy);
            recquery_free(rq);
            return NULL;
        }
        rq->n++;
    }
    free(copy);
    if (!(rq->prefilter = build_prefilter(rq)))
        goto nomem_rq;
    return rq;
nomem:
    free(copy);
nomem_rq:
    recquery_free(rq);
    snprintf(err, errlen, "out of memory");
    return NULL;
}

void recquery_free(recquery *rq)
{
    if (!rq)
        return;
    for (size_t i = 0; i < rq->n; i++)
        free(rq->conds[i].text);
    free(rq->conds);
    free(rq->prefilter);
    free(rq);
}

const char *recquery_prefilter(const recquery *rq) { return rq->prefilter ? rq->prefilter : ""; }

/* The year a date record denotes: from `resolved`, else an absolute `value`. */
static bool record_year(json_t *r, double *year)
{
    const char *v = json_string_value(json_object_get(r, "resolved"));
    if (!v)
        v = json_string_value(json_object_get(r, "value"));
    if (!v || strlen(v) < 4 || v[0] < '0' || v[0] > '9')
        return false;
    *year = (v[0] - '0') * 1000 + (v[1] - '0') * 100 + (v[2] - '0') * 10 + (v[3] - '0');
    return true;
}

static bool contains(json_t *r, const char *field, const char *word)
{
    const char *s = json_string_value(json_object_get(r, field));
    return s && strstr(s, word);
}

static bool cond_holds(const cond *c, json_t *r)
{
    switch (c->kind) {
    case C_EQUALS: {
        const char *s = json_string_value(json_object_get(r, c->field));
        return s && strcmp(s, c->text) == 0;
    }
    case C_RANGE: {
        json_t *v = json_object_get(r, c->field);
        if (!json_is_number(v))
            return false;
        double x = json_number_value(v);
        return x >= c->lo && x <= c->hi;
    }
    case C_YEAR: {
        double y;
        const char *kind = json_string_value(json_object_get(r, "kind"));
        return kind && !strcmp(kind, "date") && record_year(r, &y) && y >= c->lo && y <= c->hi;
    }
    case C_BOOL: {
        json_t *v = json_object_get(r, c->field);
        return json_is_boolean(v) && json_is_true(v) == c->truth;
    }
    case C_WORD:
        return contains(r, "norm", c->text) || contains(r, "name", c->text) || contains(r, "title", c->text);
    }
    return false;
}

bool recquery_match(const recquery *rq, json_t *r)
{
    for (size_t i = 0; i < rq->n; i++)
        if (!cond_holds(&rq->conds[i], r))
            return false;
    return true;
}
