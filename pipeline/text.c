/* text.c — see text.h. */
#include "text.h"

#include <stdlib.h>
#include <string.h>

void ztext_init(ztext *t) { memset(t, 0, sizeof *t); }

void ztext_free(ztext *t)
{
    free(t->s);
    free(t->src_start);
    free(t->src_end);
    ztext_init(t);
}

void ztext_clear(ztext *t)
{
    t->len = 0;
    if (t->s)
        t->s[0] = '\0';
}

bool ztext_reserve(ztext *t, size_t extra)
{
    if (t->len + extra + 1 <= t->cap)
        return true;
    size_t cap = t->cap ? t->cap : 256;
    while (cap < t->len + extra + 1) {
        if (cap > SIZE_MAX / 4)
            return false;
        cap *= 2;
    }
    char *s = realloc(t->s, cap);
    if (!s)
        return false;
    /* The new bytes are zeroed: PCRE2's JIT code may look at a byte past
     * the subject before its end check (valgrind reports it otherwise). */
    memset(s + t->cap, 0, cap - t->cap);
    t->s = s;
    uint32_t *a = realloc(t->src_start, cap * sizeof *a);
    if (!a)
        return false;
    t->src_start = a;
    uint32_t *b = realloc(t->src_end, cap * sizeof *b);
    if (!b)
        return false;
    t->src_end = b;
    t->cap = cap;
    return true;
}

bool ztext_append(ztext *t, const char *bytes, size_t n, uint32_t src_start, uint32_t src_end)
{
    if (!ztext_reserve(t, n))
        return false;
    memcpy(t->s + t->len, bytes, n);
    for (size_t i = 0; i < n; i++) {
        t->src_start[t->len + i] = src_start;
        t->src_end[t->len + i] = src_end;
    }
    t->len += n;
    t->s[t->len] = '\0';
    return true;
}

bool ztext_append_cp(ztext *t, int32_t cp, uint32_t src_start, uint32_t src_end)
{
    char buf[4];
    size_t n = utf8_encode(cp, buf);
    return ztext_append(t, buf, n, src_start, src_end);
}

bool ztext_append_from(ztext *t, const ztext *other, size_t from, size_t to)
{
    size_t n = to - from;
    if (!ztext_reserve(t, n))
        return false;
    memcpy(t->s + t->len, other->s + from, n);
    memcpy(t->src_start + t->len, other->src_start + from, n * sizeof(uint32_t));
    memcpy(t->src_end + t->len, other->src_end + from, n * sizeof(uint32_t));
    t->len += n;
    t->s[t->len] = '\0';
    return true;
}

void ztext_source_span(const ztext *t, size_t a, size_t b, uint32_t *start, uint32_t *end)
{
    /* Spans are monotone except inside merged characters, so take the
     * extremes of the first and last byte; this stays exact when a stage
     * merged characters (their bytes share one span). */
    uint32_t s = t->src_start[a], e = t->src_end[b - 1];
    if (t->src_start[b - 1] < s)
        s = t->src_start[b - 1];
    if (t->src_end[a] > e)
        e = t->src_end[a];
    *start = s;
    *end = e;
}

size_t utf8_encode(int32_t cp, char buf[4])
{
    unsigned char *o = (unsigned char *)buf;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_decode_valid(const char *s, size_t len, size_t i, int32_t *cp)
{
    const unsigned char *u = (const unsigned char *)s + i;
    size_t left = len - i;
    if (u[0] < 0x80) {
        *cp = u[0];
        return 1;
    }
    if (u[0] < 0xE0 && left >= 2) {
        *cp = ((u[0] & 0x1F) << 6) | (u[1] & 0x3F);
        return 2;
    }
    if (u[0] < 0xF0 && left >= 3) {
        *cp = ((u[0] & 0x0F) << 12) | ((u[1] & 0x3F) << 6) | (u[2] & 0x3F);
        return 3;
    }
    if (left >= 4) {
        *cp = ((u[0] & 0x07) << 18) | ((u[1] & 0x3F) << 12) | ((u[2] & 0x3F) << 6) | (u[3] & 0x3F);
        return 4;
    }
    /* Not reachable on validated text; degrade to one byte rather than
     * reading past the end. */
    *cp = 0xFFFD;
    return 1;
}

size_t utf8_valid_seq_len(const unsigned char *s, size_t len)
{
    if (len == 0)
        return 0;
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (len >= 2 && (s[1] & 0xC0) == 0x80) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        if (len < 3 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if (c == 0xE0 && s[1] < 0xA0)
            return 0; /* overlong */
        if (c == 0xED && s[1] >= 0xA0)
            return 0; /* surrogate */
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        if (len < 4 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if (c == 0xF0 && s[1] < 0x90)
            return 0; /* overlong */
        if (c == 0xF4 && s[1] >= 0x90)
            return 0; /* beyond U+10FFFF */
        return 4;
    }
    return 0;
}

bool utf8_is_valid(const char *s, size_t len)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        /* ASCII runs are the common case in markup and numbers. */
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_valid_seq_len(u + i, len - i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

bool is_han(int32_t cp)
{
    return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           (cp >= 0x20000 && cp <= 0x3134F) || (cp >= 0xF900 && cp <= 0xFAFF) || cp == 0x3007;
}
