/* trigger.c — see trigger.h. */
#include "trigger.h"
#include "text.h"

#include <stdlib.h>
#include <string.h>

#define MAX_WORD 63
#define MAX_CLASS_CHARS 4096
/* Code points below this have a bit saying "some word starts with it":
 * all of the BMP and the common CJK extensions, 32 KB. */
#define BITMAP_CPS 0x40000u

typedef struct {
    uint32_t cp;   /* first code point of the word */
    uint32_t rule;
    uint8_t len;
    char w[MAX_WORD + 1];
} entry;

struct trigger_set {
    entry *e;
    size_t n, cap;
    uint8_t bitmap[BITMAP_CPS / 8];
    bool has_big; /* some word starts at or above BITMAP_CPS */
};

trigger_set *trigger_set_new(void) { return calloc(1, sizeof(trigger_set)); }

void trigger_set_free(trigger_set *t)
{
    if (!t)
        return;
    free(t->e);
    free(t);
}

/* Code point and length of the UTF-8 sequence at s (valid UTF-8, n >= 1).
 * Not text.h's utf8_decode_valid: this runs at every character of the
 * trigger pass, where its checks would cost more than the lookup. */
static uint32_t decode(const unsigned char *s, size_t n, size_t *len)
{
    unsigned char b = s[0];
    if (b < 0x80 || n < 2) {
        *len = 1;
        return b;
    }
    if (b < 0xE0) {
        *len = 2;
        return ((uint32_t)(b & 0x1F) << 6) | (s[1] & 0x3F);
    }
    if (b < 0xF0 || n < 4) {
        *len = n < 3 ? n : 3;
        return n < 3 ? b : ((uint32_t)(b & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
    }
    *len = 4;
    return ((uint32_t)(b & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) | ((uint32_t)(s[2] & 0x3F) << 6) |
           (s[3] & 0x3F);
}

bool trigger_set_add(trigger_set *t, const char *word, size_t len, uint32_t rule)
{
    if (len == 0 || len > MAX_WORD)
        return false;
    for (size_t i = 0; i < t->n; i++) /* the same word twice for one rule: once */
        if (t->e[i].rule == rule && t->e[i].len == len && !memcmp(t->e[i].w, word, len))
            return true;
    if (t->n == t->cap) {
        size_t cap = t->cap ? t->cap * 2 : 64;
        entry *e = realloc(t->e, cap * sizeof *e);
        if (!e)
            return false;
        t->e = e;
        t->cap = cap;
    }
    entry *e = &t->e[t->n++];
    size_t l;
    e->cp = decode((const unsigned char *)word, len, &l);
    e->rule = rule;
    e->len = (uint8_t)len;
    memcpy(e->w, word, len);
    e->w[len] = '\0';
    return true;
}

static int by_cp(const void *a, const void *b)
{
    const entry *x = a, *y = b;
    if (x->cp != y->cp)
        return x->cp < y->cp ? -1 : 1;
    if (x->rule != y->rule)
        return x->rule < y->rule ? -1 : 1;
    return strcmp(x->w, y->w);
}

bool trigger_set_finish(trigger_set *t)
{
    if (t->n > 1)
        qsort(t->e, t->n, sizeof *t->e, by_cp);
    memset(t->bitmap, 0, sizeof t->bitmap);
    t->has_big = false;
    for (size_t i = 0; i < t->n; i++) {
        if (t->e[i].cp < BITMAP_CPS)
            t->bitmap[t->e[i].cp >> 3] |= (uint8_t)(1u << (t->e[i].cp & 7));
        else
            t->has_big = true;
    }
    return true;
}

/* The first entry whose first code point is cp, or t->n. */
static size_t first_with(const trigger_set *t, uint32_t cp)
{
    size_t lo = 0, hi = t->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->e[mid].cp < cp)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void trigger_set_scan(const trigger_set *t, const char *s, size_t len,
                      void (*on_hit)(void *arg, uint32_t rule, size_t start), void *arg)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t i = 0;
    while (i < len) {
        size_t cl;
        uint32_t cp = decode(u + i, len - i, &cl);
        bool maybe = cp < BITMAP_CPS ? (t->bitmap[cp >> 3] >> (cp & 7)) & 1 : t->has_big;
        if (maybe) {
            for (size_t k = first_with(t, cp); k < t->n && t->e[k].cp == cp; k++)
                if (t->e[k].len <= len - i && !memcmp(t->e[k].w, s + i, t->e[k].len))
                    on_hit(arg, t->e[k].rule, i);
        }
        i += cl;
    }
}

/* ------------------------------------------------------------ definitions */

/* [abc0-9]: every character of a class without negation or escapes
 * other than an escaped punctuation character. */
static bool class_words(const char *s, size_t n, bool (*add)(void *, const char *, size_t), void *arg,
                        const char **why)
{
    if (n < 3 || s[0] != '[' || s[1] == '^') {
        *why = "a negated character class";
        return false;
    }
    if (s[n - 1] != ']') {
        *why = "a character class followed by more (a quantifier?)";
        return false;
    }
    size_t i = 1, count = 0;
    while (i < n - 1) {
        const unsigned char *u = (const unsigned char *)s + i;
        if (*u == '\\') {
            if (i + 1 >= n - 1 || ((unsigned char)s[i + 1] < 0x80 && strchr("pPdDwWsSxNhHvVRX", s[i + 1]))) {
                *why = "a character class with an escape that is no single character";
                return false;
            }
            i++;
            u++;
        } else if (*u == '[') {
            *why = "a nested class or [:posix:] name";
            return false;
        }
        size_t l;
        uint32_t lo = decode(u, n - 1 - i, &l), hi = lo;
        i += l;
        if (s[i] == '-' && i + 1 < n - 1) { /* a range a-b */
            hi = decode((const unsigned char *)s + i + 1, n - 2 - i, &l);
            i += 1 + l;
            if (hi < lo) {
                *why = "a range that runs backwards";
                return false;
            }
        }
        if (hi - lo >= MAX_CLASS_CHARS || (count += hi - lo + 1) > MAX_CLASS_CHARS) {
            *why = "a class of more than 4096 characters";
            return false;
        }
        for (uint32_t cp = lo; cp <= hi; cp++) {
            char buf[4];
            if (!add(arg, buf, utf8_encode((int32_t)cp, buf))) {
                *why = "out of memory";
                return false;
            }
        }
    }
    return true;
}

/* Skips a group starting at s[i] == '(' (escapes and classes inside
 * respected); returns the index after its ')' or 0 if unbalanced. */
static size_t skip_group(const char *s, size_t n, size_t i)
{
    int depth = 0;
    bool in_class = false;
    for (; i < n; i++) {
        if (s[i] == '\\') {
            i++;
            continue;
        }
        if (in_class) {
            in_class = s[i] != ']';
            continue;
        }
        if (s[i] == '[')
            in_class = true;
        else if (s[i] == '(')
            depth++;
        else if (s[i] == ')' && --depth == 0)
            return i + 1;
    }
    return 0;
}

static bool is_lookaround(const char *s, size_t n, size_t i)
{
    return i + 2 < n && s[i] == '(' && s[i + 1] == '?' &&
           (s[i + 2] == '=' || s[i + 2] == '!' || (s[i + 2] == '<' && i + 3 < n && (s[i + 3] == '=' || s[i + 3] == '!')));
}

/* One alternative: a word (literal characters), or one (?:...) group of
 * words; lookarounds anywhere in it are dropped. */
static bool alternative_word(const char *s, size_t n, bool (*add)(void *, const char *, size_t), void *arg,
                             const char **why)
{
    char w[MAX_WORD + 1];
    size_t wl = 0, group = 0, group_end = 0;
    for (size_t i = 0; i < n;) {
        if (is_lookaround(s, n, i) || (s[i] == '(' && i + 2 < n && s[i + 1] == '?' && s[i + 2] == ':')) {
            size_t e = skip_group(s, n, i);
            if (!e) {
                *why = "unbalanced parentheses";
                return false;
            }
            if (!is_lookaround(s, n, i)) {
                if (group_end) {
                    *why = "an alternative with two groups";
                    return false;
                }
                group = i;
                group_end = e;
            }
            i = e;
            continue;
        }
        if (s[i] == '\\' && i + 1 < n && (unsigned char)s[i + 1] < 0x80 &&
            !strchr("pPdDwWsSxNhHvVRXbBAzZGQEkg0123456789", s[i + 1]))
            i++; /* an escaped punctuation character stands for itself */
        else if (strchr("^$.|?*+()[]{}\\", s[i])) {
            *why = "an alternative that is not a plain word (only words, | and lookarounds may appear)";
            return false;
        }
        size_t l = utf8_lead_len((unsigned char)s[i]);
        if (i + l > n || wl + l > MAX_WORD) {
            *why = "a word longer than 63 bytes";
            return false;
        }
        memcpy(w + wl, s + i, l);
        wl += l;
        i += l;
    }
    if (group_end) {
        if (wl) {
            *why = "an alternative with both characters and a group (write the words out)";
            return false;
        }
        if (group_end < n && strchr("?*{", s[group_end])) {
            *why = "an optional or repeated group";
            return false;
        }
        char *inner = strndup(s + group + 3, group_end - group - 4);
        if (!inner) {
            *why = "out of memory";
            return false;
        }
        bool ok = trigger_words_of_pattern(inner, add, arg, why);
        free(inner);
        return ok;
    }
    if (wl == 0) {
        *why = "an empty alternative (the rule could match without a trigger)";
        return false;
    }
    if (!add(arg, w, wl)) {
        *why = "out of memory";
        return false;
    }
    return true;
}

bool trigger_words_of_pattern(const char *body, bool (*add)(void *arg, const char *w, size_t len), void *arg,
                              const char **why)
{
    size_t n = strlen(body);
    while (n && (body[n - 1] == ' ' || body[n - 1] == '\t'))
        n--;
    if (n && body[0] == '[')
        return class_words(body, n, add, arg, why);
    /* (?:a|b) as a whole: its inside (a single class included). */
    if (n >= 4 && !strncmp(body, "(?:", 3) && skip_group(body, n, 0) == n) {
        char *inner = strndup(body + 3, n - 4);
        if (!inner) {
            *why = "out of memory";
            return false;
        }
        bool ok = trigger_words_of_pattern(inner, add, arg, why);
        free(inner);
        return ok;
    }
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && body[i] == '\\') {
            i++;
            continue;
        }
        if (i < n && body[i] == '(') {
            size_t e = skip_group(body, n, i);
            if (!e) {
                *why = "unbalanced parentheses";
                return false;
            }
            i = e - 1;
            continue;
        }
        if (i < n && body[i] == '[') {
            *why = "a character class inside a list of words";
            return false;
        }
        if (i == n || body[i] == '|') {
            if (!alternative_word(body + start, i - start, add, arg, why))
                return false;
            start = i + 1;
        }
    }
    return true;
}
