/*
 * text.h — UTF-8 text that remembers where each byte came from.
 *
 * Every stage of zhpipe (decode, normalise) rewrites the text, and every
 * record must still point at byte offsets of the original file.  A ztext
 * carries, for each of its bytes, the span [src_start, src_end) of the
 * original file that produced the character the byte belongs to.  A stage
 * that merges characters gives the result the union of their spans; a
 * stage that deletes characters simply does not copy them.
 *
 * Ownership: a ztext owns its buffers; ztext_free() releases them.
 */
#ifndef ZHPIPE_TEXT_H
#define ZHPIPE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct {
    char *s;             /* UTF-8, always NUL-terminated after an append */
    size_t len, cap;
    uint32_t *src_start; /* per byte of s */
    uint32_t *src_end;   /* per byte of s */
} ztext;

void ztext_init(ztext *t);
void ztext_free(ztext *t);
void ztext_clear(ztext *t);

/* Makes room for `extra` more bytes; false when memory runs out. */
bool ztext_reserve(ztext *t, size_t extra);

/* Appends n bytes that together came from original bytes [src_start, src_end). */
bool ztext_append(ztext *t, const char *bytes, size_t n, uint32_t src_start, uint32_t src_end);

/* Appends the code point cp (UTF-8 encoded) from [src_start, src_end). */
bool ztext_append_cp(ztext *t, int32_t cp, uint32_t src_start, uint32_t src_end);

/* Appends bytes [from, to) of another ztext, keeping their source spans. */
bool ztext_append_from(ztext *t, const ztext *other, size_t from, size_t to);

/* The original span covered by bytes [a, b) of t (a < b). */
void ztext_source_span(const ztext *t, size_t a, size_t b, uint32_t *start, uint32_t *end);

/* Length of the UTF-8 sequence a lead byte starts (1 for a stray
 * continuation byte): for stepping through text already validated. */
static inline size_t utf8_lead_len(unsigned char b) { return b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4; }

/* Encodes cp as UTF-8 into buf (4 bytes); returns the length. */
size_t utf8_encode(int32_t cp, char buf[4]);

/*
 * Decodes one code point of valid UTF-8 at s[i] (the caller has validated
 * the text).  Stores it in *cp and returns its length in bytes.
 */
size_t utf8_decode_valid(const char *s, size_t len, size_t i, int32_t *cp);

/* True when s[0..len) is well-formed UTF-8 (no surrogates, no overlongs). */
bool utf8_is_valid(const char *s, size_t len);

/* Length of the valid UTF-8 sequence at s[0..len), or 0 if invalid/truncated. */
size_t utf8_valid_seq_len(const unsigned char *s, size_t len);

/* True for the Han ideographs of the Unified, Extension A-F and
 * Compatibility blocks, and 〇. */
bool is_han(int32_t cp);

#endif
