/* schema.c — see schema.h. */
#include "schema.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const zx_field schema_fields[] = {
    {"title", "S", false},  {"org", "XO", true},  {"zone", "XZ", true}, {"loc", "XL", true},
    {"per", "XP", true},    {"doc", "XD", true},  {"unit", "XU", true}, {"year", "XY", true},
    {"kind", "XK", true},   {"id", "Q", true},
};
const size_t schema_nfields = sizeof schema_fields / sizeof schema_fields[0];

static const struct {
    const char *type, *field;
} type_fields[] = {{"ORG", "org"}, {"ZONE", "zone"}, {"LOC", "loc"}, {"PER", "per"}, {"DOC", "doc"}};

const char *schema_field_for_type(const char *etype)
{
    for (size_t i = 0; etype && i < sizeof type_fields / sizeof type_fields[0]; i++)
        if (strcmp(type_fields[i].type, etype) == 0)
            return type_fields[i].field;
    return NULL;
}

static const char *prefix_of(const char *field)
{
    for (size_t i = 0; i < schema_nfields; i++)
        if (strcmp(schema_fields[i].field, field) == 0)
            return schema_fields[i].prefix;
    return NULL;
}

uint64_t schema_hash(const char *bytes, size_t len)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < len; i++) {
        h ^= (unsigned char)bytes[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

void schema_id_term(const char *doc, char *buf, size_t size)
{
    /* Xapian terms are at most 245 bytes: long ids are hashed, keeping
     * the head of the path for readability in xapian-delve. */
    size_t n = strlen(doc);
    if (n <= 200)
        snprintf(buf, size, "Q%s", doc);
    else
        snprintf(buf, size, "Q%.150s#%016" PRIx64, doc, schema_hash(doc, n));
}

void schema_stamp(char *buf, size_t size, int64_t mtime_ns, uint64_t bytes, uint64_t hash)
{
    snprintf(buf, size, "%" PRId64 " %" PRIu64 " %016" PRIx64, mtime_ns, bytes, hash);
}

/* Adds prefix+value as a boolean term, skipping values too long for Xapian. */
static zx_status add_prefixed(zx_doc *doc, const char *prefix, const char *value)
{
    char term[256];
    int n = snprintf(term, sizeof term, "%s%s", prefix, value);
    if (n <= 0 || n > 245)
        return ZX_OK; /* an over-long name stays searchable as text */
    return zx_doc_add_term(doc, term, (size_t)n);
}

static zx_status add_record_terms(zx_doc *doc, const record *r)
{
    static const char *kind_terms[] = {"document", "figure", "date", "entity"};
    zx_status st = add_prefixed(doc, prefix_of("kind"), kind_terms[r->kind]);
    if (st == ZX_OK && r->kind == REC_ENTITY && r->name) {
        const char *field = schema_field_for_type(r->etype);
        if (field)
            st = add_prefixed(doc, prefix_of(field), r->name);
    }
    if (st == ZX_OK && r->kind == REC_FIGURE && r->unit)
        st = add_prefixed(doc, prefix_of("unit"), r->unit);
    return st;
}

/* The document data: what show, snippets and exports read back. */
static char *build_data(const article_worker *w)
{
    json_t *o = doc_info_to_json(&w->info);
    json_object_set_new(o, "body", json_stringn(w->norm.s ? w->norm.s : "", w->norm.len));
    json_t *recs = json_array();
    for (size_t i = 0; i < w->records.n; i++)
        json_array_append_new(recs, record_to_json(&w->records.v[i], w->info.doc));
    json_object_set_new(o, "records", recs);
    char *s = json_dumps(o, JSON_COMPACT | JSON_REAL_PRECISION(15));
    json_decref(o);
    return s;
}

static bool title_in_body(const article_worker *w)
{
    return w->norm.s && *w->title_norm && strstr(w->norm.s, w->title_norm) != NULL;
}

zx_doc *schema_build_doc(zx_termgen *tg, const article_worker *w, const char *stamp, char *err, size_t errlen)
{
    zx_doc *doc = zx_doc_new();
    char *data = NULL;
    if (!doc)
        goto nomem;
    char idterm[256];
    schema_id_term(w->info.doc, idterm, sizeof idterm);
    zx_status st = zx_doc_add_term(doc, idterm, strlen(idterm));
    if (st == ZX_OK)
        st = zx_doc_add_term(doc, TERM_ARTICLE, strlen(TERM_ARTICLE));
    if (st == ZX_OK)
        st = zx_doc_index_text(tg, doc, w->title_norm, strlen(w->title_norm), prefix_of("title"));
    /* A file's title is its first line, already in the body; a feed's
     * title is not, and is indexed with the body's words too. */
    if (st == ZX_OK && !title_in_body(w))
        st = zx_doc_index_text(tg, doc, w->title_norm, strlen(w->title_norm), "");
    if (st == ZX_OK)
        st = zx_doc_index_text(tg, doc, w->norm.s ? w->norm.s : "", w->norm.len, "");
    for (size_t i = 0; st == ZX_OK && i < w->records.n; i++)
        st = add_record_terms(doc, &w->records.v[i]);
    if (st == ZX_OK && w->info.ref.year) {
        char buf[16];
        snprintf(buf, sizeof buf, "%04d%02d%02d", w->info.ref.year, w->info.ref.month, w->info.ref.day);
        st = zx_doc_set_value(doc, SLOT_DATE, buf, 8);
        buf[4] = '\0';
        if (st == ZX_OK)
            st = add_prefixed(doc, prefix_of("year"), buf);
    }
    if (st == ZX_OK)
        st = zx_doc_set_value(doc, SLOT_STAMP, stamp, strlen(stamp));
    if (st == ZX_OK)
        st = zx_doc_set_value(doc, SLOT_DOC, w->info.doc, strlen(w->info.doc));
    if (st != ZX_OK)
        goto fail;
    data = build_data(w);
    if (!data)
        goto nomem;
    if (zx_doc_set_data(doc, data, strlen(data)) != ZX_OK)
        goto fail;
    free(data);
    return doc;
nomem:
    snprintf(err, errlen, "out of memory building the index document");
    zx_doc_free(doc);
    return NULL;
fail:
    snprintf(err, errlen, "cannot build the index document of %s", w->info.doc);
    free(data);
    zx_doc_free(doc);
    return NULL;
}
