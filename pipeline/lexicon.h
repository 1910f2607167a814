/*
 * lexicon.h — name lists (gazetteer, user lists) and a longest-match scan.
 *
 * A lexicon is a hash set of names read from tab-separated files in the
 * rule directory (every *.names file of rules/ and rules/names/, and the
 * files named by `lexicon FILE` lines in *.rules files); the format is
 * documented in rules/README.md:
 *
 *   NAME <TAB> TYPE [<TAB> CODE [<TAB> CANONICAL [<TAB> LEVEL [<TAB> PARENTS]]]]
 *
 * TYPE is ORG, ZONE, LOC or PER, or `-` for "not a name" (a longer
 * ordinary word that contains a name: 长治久安 keeps 长治 from matching).
 * One NAME may have several lines (朝阳: 朝阳市, 朝阳县, Beijing's 朝阳区):
 * a match returns all of them, in file order, for the caller to choose.
 *
 * lexicon_match() finds the longest name starting at a position: for each
 * first character the lexicon keeps a bit mask of the name lengths (in
 * characters) that start with it, so most positions cost one lookup and
 * only the lengths that exist are hashed.
 *
 * Ownership: a lexicon owns every string of its entries; entries stay
 * valid until lexicon_free().  A finished lexicon is read-only and may be
 * shared by threads.
 */
#ifndef ZHPIPE_LEXICON_H
#define ZHPIPE_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"

/* The longest name a lexicon accepts, in characters. */
#define LEXICON_MAX_CHARS 48

typedef struct {
    const char *name;      /* as written in normalised text (simplified) */
    const char *type;      /* "ORG" "ZONE" "LOC" "PER" (static strings), or NULL for `-` */
    const char *code;      /* division code, or NULL */
    const char *canonical; /* the name records report: the full name of a short form */
    const char *level;     /* province, city, county, town, region, ... or NULL */
    const char *parents;   /* comma-separated codes above this one, nearest first, or NULL */
    const char *source;    /* "lexicon:FILE": the `rule` of the records it makes */
} lex_entry;

typedef struct lexicon lexicon;

lexicon *lexicon_new(void);
void lexicon_free(lexicon *lx);

/*
 * Adds the lines of one file.  `display` names it in messages and in the
 * entries' source.  Malformed lines are reported in diags with file:line
 * (errors) and skipped; false only when the file cannot be read.
 */
bool lexicon_load_file(lexicon *lx, const char *path, const char *display, diag_list *diags);

/* Builds the lookup tables; call once after the last load. */
bool lexicon_finish(lexicon *lx);

/* Number of entries (lines) and of distinct names. */
size_t lexicon_entries(const lexicon *lx);
size_t lexicon_names(const lexicon *lx);

/*
 * The longest name starting at s (s holds len bytes of UTF-8).  Returns
 * its length in bytes (0: none) and sets *first and *count to the entries of
 * that name.  A name that begins or ends with a Latin letter or digit
 * does not match inside a longer Latin word or number (after_alnum: the
 * byte before s is an ASCII letter or digit).
 */
size_t lexicon_match(const lexicon *lx, const char *s, size_t len, bool after_alnum, const lex_entry **first,
                     size_t *count);

/* Entries whose name is exactly [s, s+len), or NULL (count 0). */
const lex_entry *lexicon_lookup(const lexicon *lx, const char *s, size_t len, size_t *count);

#endif
