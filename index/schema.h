/*
 * schema.h — the layout of a zhpipe index, in one place.
 *
 * Like notmuch's prefix table, one table names every field: indexing
 * writes terms with these prefixes and the query parser reads the same
 * table, so a field exists in exactly one place.  Value slots and
 * metadata keys are defined here too.
 *
 * One Xapian document per article:
 *   Q<doc>        unique id term (the path as given, or the feed id;
 *                 hashed when longer than Xapian's term limit)
 *   KA            every article (to enumerate them)
 *   free text     the normalised text and title with CJK n-grams; the
 *                 title also under S (title:)
 *   XO XZ XL XP XD entity names by type (org: zone: loc: per: doc:)
 *   XU            units of the article's figures (unit:)
 *   XY            the article's year (year:)
 *   XK            record kinds present (kind:)
 *   value 0       article date YYYYMMDD (date:A..B, --since/--until)
 *   value 1       change stamp "mtime_ns size hash" of the source file
 *   value 2       doc (path or id) as given
 *   data          JSON: doc, title, date, encoding, traditional, bytes,
 *                 body (the normalised text, for snippets), records
 */
#ifndef ZHPIPE_SCHEMA_H
#define ZHPIPE_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "article.h"
#include "zx.h"

enum { SLOT_DATE = 0, SLOT_STAMP = 1, SLOT_DOC = 2 };

#define SCHEMA_VERSION "1"
#define META_SCHEMA "zhpipe.schema"
#define TERM_ARTICLE "KA"

extern const zx_field schema_fields[];
extern const size_t schema_nfields;

/* The search field of an entity type (ORG → org), or NULL. */
const char *schema_field_for_type(const char *etype);

/* Writes the unique id term of doc into buf (size ≥ 256). */
void schema_id_term(const char *doc, char *buf, size_t size);

/* The change stamp of a source: "mtime_ns size hash". */
void schema_stamp(char *buf, size_t size, int64_t mtime_ns, uint64_t bytes, uint64_t hash);

/* 64-bit FNV-1a of the bytes: a cheap content fingerprint. */
uint64_t schema_hash(const char *bytes, size_t len);

/*
 * Builds the Xapian document of the article the worker just processed.
 * Returns NULL (with err) on failure; the caller frees the document.
 */
zx_doc *schema_build_doc(zx_termgen *tg, const article_worker *w, const char *stamp, char *err, size_t errlen);

#endif
