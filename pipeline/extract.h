/*
 * extract.h — stage 3: records from normalised text, by the rules.
 *
 * For each paragraph, one pass finds every rule's trigger words
 * (trigger.h); each rule then searches only the start positions near its
 * triggers.  For each record kind, at the first position where some rule
 * of the kind matches, the longest match wins (ties: higher priority,
 * then file order), and the scan goes on after it.  The winner's named groups are interpreted
 * by kind: figures through the numeral parser and units.conf, dates
 * through the date normaliser, entities by their type.  Overlaps between
 * kinds are then settled: a figure inside an entity name or a date is not
 * a figure.
 *
 * An extractor holds per-thread PCRE2 state (match data, JIT stack): one
 * per thread, all sharing one read-only ruleset.
 */
#ifndef ZHPIPE_EXTRACT_H
#define ZHPIPE_EXTRACT_H

#include "datenorm.h"
#include "diag.h"
#include "record.h"
#include "rules.h"
#include "text.h"

typedef struct extractor extractor;

extractor *extractor_new(const ruleset *rs);
void extractor_free(extractor *x);

/*
 * Appends the records found in `norm` to out.  `decoded` is the text
 * before normalisation (original script), used for each record's `text`;
 * both carry source spans into the original file.  ref (may be NULL)
 * anchors relative dates.  Rules stopped by the PCRE2 match limit are
 * reported in warnings with their id; the rest of the text is still
 * extracted.  Returns false only when memory runs out.
 */
bool extract_run(extractor *x, const ztext *decoded, const ztext *norm, const civil_date *ref, record_list *out,
                 diag_list *warnings);

/*
 * For a figure or date rule: does its first match in s give a record, i.e.
 * do the numeral parser and units (figures) or the date normaliser (dates)
 * accept what it matched?  True for entity rules and when nothing matches.
 * `rules check` runs it on every example: a rule whose example matches but
 * yields no record finds nothing in articles either.
 */
bool extract_rule_first_record(extractor *x, const rule *r, const char *s, size_t len);

/*
 * Runs one rule alone over a plain string (rule examples, `rules check`),
 * near its triggers or (triggers false) at every position.  Returns the
 * number of matches; the first match's span (an entity's `name` group
 * when it has one) goes to *ms and *me.  -1 when the match limit stopped it.
 */
int extract_rule_matches(extractor *x, const rule *r, const char *s, size_t len, bool triggers, size_t *ms,
                         size_t *me);

/* The match limit per pcre2_match call (PCRE2 restarts it at every start
 * position); overridable with $ZHPIPE_MATCH_LIMIT for experiments. */
#define EXTRACT_MATCH_LIMIT 200000

#endif
