/*
 * normalize.h — stage 2: one canonical form of the text for matching.
 *
 * Three passes over a ztext, each keeping every byte's source span:
 *   1. fold: CRLF/CR to LF; control and zero-width characters dropped;
 *      NFKC width/compatibility folding with utf8proc (full-width digits,
 *      Latin and %.+- become ASCII; the Chinese punctuation ，：；（）！？
 *      and the general punctuation block (“”…—) are kept, since they carry
 *      meaning in Chinese text and the rules expect them).
 *   2. layout repair: a line break that split a word in a long paragraph
 *      ("走进朝阳高新\n\n区，") is removed, and letter-spaced words
 *      ("新 材 料") are closed up.
 *   3. script: OpenCC (t2s by default, or tw2sp / hk2s) turns traditional
 *      characters into simplified, paragraph by paragraph, skipping every
 *      paragraph that contains no character that can start a dictionary
 *      key (an exact pre-check: OpenCC costs ~0.5 µs per byte).
 *
 * A normalizer holds one OpenCC handle: one normalizer per thread.
 */
#ifndef ZHPIPE_NORMALIZE_H
#define ZHPIPE_NORMALIZE_H

#include "text.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct normalizer normalizer;

typedef struct {
    bool traditional;         /* OpenCC changed at least one character */
    size_t converted_paragraphs;
    size_t joined_breaks;     /* layout line breaks removed */
    size_t joined_spaces;     /* letter-spacing spaces removed */
} normalize_info;

/*
 * conversion: "t2s", "tw2sp", "hk2s" or "none".  On failure returns NULL
 * and writes a message (naming the OpenCC config file) into err.
 */
normalizer *normalizer_open(const char *conversion, char *err, size_t errlen);
void normalizer_close(normalizer *n);

/* Normalises `in` (valid UTF-8) into `out` (cleared first).  False only
 * when memory runs out or OpenCC fails; then err says which. */
bool normalizer_run(normalizer *n, const ztext *in, ztext *out, normalize_info *info, char *err,
                    size_t errlen);

/*
 * Normalises a short string the way article text is normalised (fold and
 * script, no layout repair): used for queries and names, so that a
 * traditional query meets simplified text.  Returns a malloc'ed string
 * (free()), or NULL when memory runs out or s is not valid UTF-8.
 */
char *normalizer_string(normalizer *n, const char *s, size_t len);

#endif
