/*
 * query.h — checking and normalising a search query before Xapian sees it.
 *
 * Xapian 1.4.22's QueryParser, on a syntax error, silently re-parses with
 * phrases and operators switched off, so `"朝阳 高新区` quietly becomes a
 * different query.  zhpipe checks the structure itself first and points
 * at the problem: unbalanced quotes or parentheses, unknown field names,
 * empty date ranges.  The query text is then normalised exactly like
 * article text (width folding, traditional → simplified), and Chinese
 * quotation marks become phrase quotes.  Chinese runs outside quotes are
 * quoted too: the index holds Chinese as single characters with
 * positions, so a Chinese word is matched as the phrase of its characters.
 */
#ifndef ZHPIPE_QUERY_H
#define ZHPIPE_QUERY_H

#include <stddef.h>

#include "normalize.h"

/*
 * Returns a malloc'ed normalised query, or NULL with a one-line message
 * in err ("unbalanced quote: the \" at column 4 is never closed").
 * known_fields lists the field names (without ':') the index has.
 */
char *query_prepare(normalizer *nz, const char *query, const char *const *known_fields, size_t nknown, char *err,
                    size_t errlen);

#endif
