/* lexicon.c — see lexicon.h; the file format is documented in rules/README.md. */
#include "lexicon.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* A line of a file: the copy the entry's fields point into, and its place
 * in load order (entries of one name keep file order). */
typedef struct {
    lex_entry e;
    char *line;
    size_t seq;
} item;

/* Name table slot: the entries [first, first+count) of the sorted array. */
typedef struct {
    uint64_t hash;
    uint32_t first, count; /* count 0: empty slot */
} name_slot;

/* First-character slot: bit k of mask set when a name of k characters
 * starts with cp. */
typedef struct {
    int32_t cp; /* -1: empty */
    uint64_t mask;
} char_slot;

struct lexicon {
    item *items;
    size_t n, cap;
    lex_entry *entries; /* sorted by name, then load order */
    name_slot *names;
    size_t names_cap, nnames;
    char_slot *chars;
    size_t chars_cap;
    uint8_t *pairs; /* bit per hash of a name's first two characters: most positions stop there */
    char **sources; /* "lexicon:FILE" strings */
    size_t nsources;
};

static const char *const TYPES[] = {"ORG", "ZONE", "LOC", "PER"};

/* FNV-1a, continued over s[from, to): hash_bytes(s, n) grown one
 * character at a time as lexicon_match lengthens a candidate. */
static uint64_t hash_more(uint64_t h, const char *s, size_t from, size_t to)
{
    for (size_t i = from; i < to; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

static uint64_t hash_bytes(const char *s, size_t n) { return hash_more(0xcbf29ce484222325ULL, s, 0, n); }

static uint64_t hash_cp(int32_t cp) { return (uint64_t)(uint32_t)cp * 0x9E3779B97F4A7C15ULL; }

/* The pair filter: a bit per hash of the bytes of a name's first two
 * characters, checked before anything is decoded. */
#define PAIR_BITS 20
/* Bytes of the first two characters of s, or 0 when s has fewer. */
static size_t two_chars(const char *s, size_t len)
{
    if (len == 0)
        return 0;
    size_t a = utf8_lead_len((unsigned char)s[0]);
    if (a >= len)
        return 0;
    size_t b = a + utf8_lead_len((unsigned char)s[a]);
    return b <= len ? b : 0;
}
static size_t pair_bit(const char *s, size_t n) { return (size_t)(hash_bytes(s, n) >> (64 - PAIR_BITS)); }

/* Decodes the code point at s[i] (input is valid UTF-8); its byte length in *n. */
static int32_t decode(const char *s, size_t len, size_t i, size_t *n)
{
    int32_t cp;
    *n = utf8_decode_valid(s, len, i, &cp);
    if (*n == 0) {
        *n = 1;
        return 0xFFFD;
    }
    return cp;
}

static bool ascii_alnum(int32_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

lexicon *lexicon_new(void) { return calloc(1, sizeof(lexicon)); }

void lexicon_free(lexicon *lx)
{
    if (!lx)
        return;
    for (size_t i = 0; i < lx->n; i++)
        free(lx->items[i].line);
    free(lx->items);
    free(lx->entries);
    free(lx->names);
    free(lx->chars);
    free(lx->pairs);
    for (size_t i = 0; i < lx->nsources; i++)
        free(lx->sources[i]);
    free(lx->sources);
    free(lx);
}

/* The next tab-separated field of *p (NULL when there is none); "" and
 * "-" in optional columns mean "none". */
static char *field(char **p)
{
    if (!*p)
        return NULL;
    char *f = *p, *tab = strchr(f, '\t');
    if (tab) {
        *tab = '\0';
        *p = tab + 1;
    } else {
        *p = NULL;
    }
    return f;
}

static const char *opt(char *f) { return f && *f && strcmp(f, "-") != 0 ? f : NULL; }

static size_t count_chars(const char *s, size_t len)
{
    size_t n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Parses one line (already without its newline) into an item; false with
 * a message in diags when it is malformed. */
static bool parse_line(lexicon *lx, char *line, const char *display, int lineno, const char *source, diag_list *d)
{
    char *copy = strdup(line);
    if (!copy)
        return false;
    char *p = copy;
    char *name = field(&p), *type = field(&p), *code = field(&p), *canon = field(&p), *level = field(&p),
         *parents = field(&p);
    if (p) {
        diag_add(d, DIAG_ERROR, display, lineno, 0, "more than 6 tab-separated fields (NAME TYPE CODE CANONICAL LEVEL PARENTS)");
        goto bad;
    }
    if (!name || !*name || !type) {
        diag_add(d, DIAG_ERROR, display, lineno, 0, "a name line is NAME<TAB>TYPE[<TAB>CODE[<TAB>CANONICAL[<TAB>LEVEL[<TAB>PARENTS]]]]");
        goto bad;
    }
    size_t nchars = count_chars(name, strlen(name));
    if (nchars < 2 || nchars > LEXICON_MAX_CHARS) {
        diag_add(d, DIAG_ERROR, display, lineno, 0, "name '%s': names have 2 to %d characters", name, LEXICON_MAX_CHARS);
        goto bad;
    }
    const char *t = NULL;
    if (strcmp(type, "-") != 0) {
        for (size_t i = 0; i < sizeof TYPES / sizeof TYPES[0] && !t; i++)
            if (strcmp(type, TYPES[i]) == 0)
                t = TYPES[i];
        if (!t) {
            diag_add(d, DIAG_ERROR, display, lineno, 0, "name '%s': unknown type '%s' (ORG, ZONE, LOC, PER, or - for not a name)",
                     name, type);
            goto bad;
        }
    }
    if (lx->n == lx->cap) {
        size_t cap = lx->cap ? 2 * lx->cap : 1024;
        item *q = realloc(lx->items, cap * sizeof *q);
        if (!q)
            goto bad;
        lx->items = q;
        lx->cap = cap;
    }
    item *it = &lx->items[lx->n];
    it->line = copy;
    it->seq = lx->n++;
    it->e = (lex_entry){name, t, opt(code), opt(canon) ? opt(canon) : name, opt(level), opt(parents), source};
    return true;
bad:
    free(copy);
    return false;
}

bool lexicon_load_file(lexicon *lx, const char *path, const char *display, diag_list *d)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(d, DIAG_ERROR, display, 0, 0, "cannot read name list: %s", strerror(errno));
        return false;
    }
    char **q = realloc(lx->sources, (lx->nsources + 1) * sizeof *q);
    size_t sl = strlen(display) + 9;
    char *source = malloc(sl);
    if (!q || !source) {
        free(q == lx->sources ? NULL : q);
        free(source);
        fclose(f);
        return false;
    }
    lx->sources = q;
    /* The record's rule: "lexicon:" and the file name without folders. */
    const char *base = strrchr(display, '/');
    snprintf(source, sl, "lexicon:%s", base ? base + 1 : display);
    lx->sources[lx->nsources++] = source;
    char *buf = NULL;
    size_t cap = 0;
    ssize_t got;
    int lineno = 0;
    while ((got = getline(&buf, &cap, f)) >= 0) {
        lineno++;
        size_t n = (size_t)got;
        while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
            buf[--n] = '\0';
        if (n == 0 || buf[0] == '#')
            continue;
        if (!utf8_is_valid(buf, n)) {
            diag_add(d, DIAG_ERROR, display, lineno, 0, "not valid UTF-8");
            continue;
        }
        parse_line(lx, buf, display, lineno, source, d);
    }
    free(buf);
    fclose(f);
    return true;
}

static int cmp_item(const void *a, const void *b)
{
    const item *x = a, *y = b;
    int c = strcmp(x->e.name, y->e.name);
    return c ? c : (x->seq < y->seq ? -1 : x->seq > y->seq);
}

static size_t pow2_at_least(size_t n)
{
    size_t c = 16;
    while (c < n)
        c *= 2;
    return c;
}

static char_slot *char_slot_for(const lexicon *lx, int32_t cp, bool insert)
{
    size_t mask = lx->chars_cap - 1;
    for (size_t i = hash_cp(cp) & mask;; i = (i + 1) & mask) {
        char_slot *s = &lx->chars[i];
        if (s->cp == cp)
            return s;
        if (s->cp == -1) {
            if (!insert)
                return NULL;
            s->cp = cp;
            return s;
        }
    }
}

bool lexicon_finish(lexicon *lx)
{
    if (lx->n)
        qsort(lx->items, lx->n, sizeof *lx->items, cmp_item);
    free(lx->entries);
    lx->entries = malloc((lx->n ? lx->n : 1) * sizeof *lx->entries);
    if (!lx->entries)
        return false;
    for (size_t i = 0; i < lx->n; i++)
        lx->entries[i] = lx->items[i].e;
    lx->names_cap = pow2_at_least(2 * lx->n + 1);
    lx->chars_cap = pow2_at_least(2 * lx->n + 1);
    free(lx->names);
    free(lx->chars);
    free(lx->pairs);
    lx->names = calloc(lx->names_cap, sizeof *lx->names);
    lx->chars = malloc(lx->chars_cap * sizeof *lx->chars);
    lx->pairs = calloc(((size_t)1 << PAIR_BITS) / 8, 1);
    if (!lx->names || !lx->chars || !lx->pairs)
        return false;
    for (size_t i = 0; i < lx->chars_cap; i++)
        lx->chars[i] = (char_slot){-1, 0};
    lx->nnames = 0;
    for (size_t i = 0; i < lx->n;) {
        const char *name = lx->entries[i].name;
        size_t j = i + 1;
        while (j < lx->n && strcmp(lx->entries[j].name, name) == 0)
            j++;
        size_t len = strlen(name);
        uint64_t h = hash_bytes(name, len);
        size_t m = lx->names_cap - 1;
        size_t k = h & m;
        while (lx->names[k].count)
            k = (k + 1) & m;
        lx->names[k] = (name_slot){h, (uint32_t)i, (uint32_t)(j - i)};
        lx->nnames++;
        size_t cl;
        int32_t cp = decode(name, len, 0, &cl);
        char_slot *cs = char_slot_for(lx, cp, true);
        cs->mask |= 1ULL << count_chars(name, len);
        size_t two = two_chars(name, len);
        if (two) {
            size_t b = pair_bit(name, two);
            lx->pairs[b >> 3] |= (uint8_t)(1u << (b & 7));
        }
        i = j;
    }
    return true;
}

size_t lexicon_entries(const lexicon *lx) { return lx ? lx->n : 0; }
size_t lexicon_names(const lexicon *lx) { return lx ? lx->nnames : 0; }

static const lex_entry *lookup_hashed(const lexicon *lx, const char *s, size_t len, uint64_t h, size_t *count)
{
    size_t m = lx->names_cap - 1;
    for (size_t k = h & m; lx->names[k].count; k = (k + 1) & m) {
        const name_slot *ns = &lx->names[k];
        const char *name = lx->entries[ns->first].name;
        if (ns->hash == h && strlen(name) == len && memcmp(name, s, len) == 0) {
            *count = ns->count;
            return &lx->entries[ns->first];
        }
    }
    return NULL;
}

const lex_entry *lexicon_lookup(const lexicon *lx, const char *s, size_t len, size_t *count)
{
    *count = 0;
    if (!lx || !lx->names || !lx->nnames)
        return NULL;
    return lookup_hashed(lx, s, len, hash_bytes(s, len), count);
}

size_t lexicon_match(const lexicon *lx, const char *s, size_t len, bool after_alnum, const lex_entry **first,
                     size_t *count)
{
    *first = NULL;
    *count = 0;
    if (!lx || !lx->chars || !lx->nnames || len == 0)
        return 0;
    /* No name starts with these two characters: done (most positions). */
    size_t two = two_chars(s, len);
    if (!two)
        return 0;
    size_t pb = pair_bit(s, two);
    if (!((lx->pairs[pb >> 3] >> (pb & 7)) & 1))
        return 0;
    size_t n0;
    int32_t cp0 = decode(s, len, 0, &n0);
    const char_slot *cs = char_slot_for(lx, cp0, false);
    if (!cs || (after_alnum && ascii_alnum(cp0)))
        return 0;
    /* Byte offsets and hashes of the first k characters, as far as names reach. */
    size_t ends[LEXICON_MAX_CHARS + 1];
    uint64_t hashes[LEXICON_MAX_CHARS + 1];
    int32_t last[LEXICON_MAX_CHARS + 1];
    size_t k = 0, pos = 0;
    ends[0] = 0;
    hashes[0] = hash_bytes(s, 0);
    while (k < LEXICON_MAX_CHARS && pos < len && (cs->mask >> (k + 1))) {
        size_t n;
        int32_t cp = decode(s, len, pos, &n);
        if (cp == '\n')
            break;
        hashes[k + 1] = hash_more(hashes[k], s, pos, pos + n);
        pos += n;
        ends[++k] = pos;
        last[k] = cp;
    }
    for (; k >= 2; k--) {
        if (!(cs->mask & (1ULL << k)))
            continue;
        /* A Latin name does not stop inside a Latin word. */
        if (ascii_alnum(last[k]) && ends[k] < len && ascii_alnum((unsigned char)s[ends[k]]))
            continue;
        size_t c;
        const lex_entry *e = lookup_hashed(lx, s, ends[k], hashes[k], &c);
        if (e) {
            *first = e;
            *count = c;
            return ends[k];
        }
    }
    return 0;
}
