/* jsonline.c — see jsonline.h. */
#include "jsonline.h"

#include <stdlib.h>
#include <string.h>

#include "text.h"

typedef struct {
    const char *s;
    size_t len, i;
} cursor;

static void skip_ws(cursor *c)
{
    while (c->i < c->len && (c->s[c->i] == ' ' || c->s[c->i] == '\t' || c->s[c->i] == '\r' || c->s[c->i] == '\n'))
        c->i++;
}

static int hex4(const char *p)
{
    int v = 0;
    for (int k = 0; k < 4; k++) {
        char ch = p[k];
        v <<= 4;
        if (ch >= '0' && ch <= '9')
            v |= ch - '0';
        else if (ch >= 'a' && ch <= 'f')
            v |= ch - 'a' + 10;
        else if (ch >= 'A' && ch <= 'F')
            v |= ch - 'A' + 10;
        else
            return -1;
    }
    return v;
}

/* Decodes one escape at c->i (after the backslash) into out; false if bad. */
static bool decode_escape(cursor *c, char *out, size_t *o)
{
    if (c->i >= c->len) /* a backslash at the very end */
        return false;
    char e = c->s[c->i++];
    const char *map = "\"\\/bfnrt", *to = "\"\\/\b\f\n\r\t";
    const char *m = strchr(map, e);
    if (e && m) {
        out[(*o)++] = to[m - map];
        return true;
    }
    if (e != 'u' || c->i + 4 > c->len)
        return false;
    int cp = hex4(c->s + c->i);
    c->i += 4;
    if (cp <= 0) /* invalid, or \u0000, which Jansson refuses too */
        return false;
    if (cp >= 0xD800 && cp <= 0xDBFF) { /* a surrogate pair */
        if (c->i + 6 > c->len || c->s[c->i] != '\\' || c->s[c->i + 1] != 'u')
            return false;
        int lo = hex4(c->s + c->i + 2);
        if (lo < 0xDC00 || lo > 0xDFFF)
            return false;
        c->i += 6;
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
    } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        return false;
    }
    *o += utf8_encode(cp, out + *o);
    return true;
}

/* Reads a string at c->i (at the opening quote).  With want, decodes it
 * into a new buffer; otherwise only skips it.  False if malformed. */
static bool read_string(cursor *c, bool want, char **value, size_t *vlen)
{
    c->i++; /* the quote */
    size_t start = c->i;
    const char *q = memchr(c->s + start, '"', c->len - start);
    const char *bs = memchr(c->s + start, '\\', c->len - start);
    if (!q)
        return false;
    if (!bs || bs > q) { /* the common case: no escape at all */
        size_t n = (size_t)(q - (c->s + start));
        for (size_t k = 0; k < n; k++)
            if ((unsigned char)c->s[start + k] < 0x20)
                return false;
        if (!utf8_is_valid(c->s + start, n))
            return false;
        if (want && !(*value = strndup(c->s + start, n)))
            return false;
        *vlen = n;
        c->i = start + n + 1;
        return true;
    }
    char *out = want ? malloc(c->len - start + 1) : NULL;
    char scratch[8];
    size_t o = 0;
    if (want && !out)
        return false;
    while (c->i < c->len && c->s[c->i] != '"') {
        unsigned char ch = (unsigned char)c->s[c->i];
        if (ch < 0x20)
            goto bad;
        if (ch == '\\') {
            c->i++;
            size_t skipped = 0; /* when skipping, each escape decodes into scratch from 0 */
            if (!decode_escape(c, want ? out : scratch, want ? &o : &skipped))
                goto bad;
            continue;
        }
        size_t run = c->i;
        while (run < c->len && c->s[run] != '"' && c->s[run] != '\\' && (unsigned char)c->s[run] >= 0x20)
            run++;
        if (!utf8_is_valid(c->s + c->i, run - c->i))
            goto bad;
        if (want)
            memcpy(out + o, c->s + c->i, run - c->i);
        o += run - c->i;
        c->i = run;
    }
    if (c->i >= c->len)
        goto bad;
    c->i++;
    if (want) {
        out[o] = '\0';
        *value = out;
    }
    *vlen = o;
    return true;
bad:
    free(out);
    return false;
}

/* Skips a number, true, false or null; false if it is none of them. */
static bool skip_scalar(cursor *c, size_t *start, size_t *end)
{
    *start = c->i;
    static const char *words[] = {"true", "false", "null"};
    for (int k = 0; k < 3; k++) {
        size_t n = strlen(words[k]);
        if (c->i + n <= c->len && memcmp(c->s + c->i, words[k], n) == 0) {
            c->i += n;
            *end = c->i;
            return true;
        }
    }
    /* A JSON number exactly: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
    size_t i = c->i;
    const char *p = c->s;
#define DIGIT(k) ((k) < c->len && p[k] >= '0' && p[k] <= '9')
    if (i < c->len && p[i] == '-')
        i++;
    if (!DIGIT(i))
        return false;
    if (p[i] == '0')
        i++;
    else
        while (DIGIT(i))
            i++;
    if (i < c->len && p[i] == '.') {
        if (!DIGIT(i + 1))
            return false;
        for (i++; DIGIT(i); i++)
            ;
    }
    if (i < c->len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < c->len && (p[i] == '+' || p[i] == '-'))
            i++;
        if (!DIGIT(i))
            return false;
        while (DIGIT(i))
            i++;
    }
#undef DIGIT
    c->i = *end = i;
    return true;
}

void jsonline_clear(jsonline_field *f, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        free(f[k].value);
        f[k].value = NULL;
        f[k].len = 0;
        f[k].present = f[k].is_number = false;
    }
}

/* The wanted field named key; *repeated is set when it was already read
 * (JSON parsers disagree on repeated keys: Jansson decides). */
static jsonline_field *wanted(jsonline_field *f, size_t n, const char *key, size_t klen, bool *repeated)
{
    for (size_t k = 0; k < n; k++)
        if (strlen(f[k].key) == klen && memcmp(f[k].key, key, klen) == 0) {
            *repeated = f[k].present;
            return &f[k];
        }
    return NULL;
}

bool jsonline_parse(const char *line, size_t len, jsonline_field *f, size_t n)
{
    cursor c = {line, len, 0};
    jsonline_clear(f, n);
    skip_ws(&c);
    if (c.i >= len || line[c.i++] != '{')
        return false;
    skip_ws(&c);
    bool first = true;
    while (c.i < len && line[c.i] != '}') {
        if (!first) {
            if (line[c.i++] != ',')
                goto bad;
            skip_ws(&c);
        }
        first = false;
        if (c.i >= len || line[c.i] != '"')
            goto bad;
        size_t kstart = c.i + 1, klen;
        char *kdummy = NULL;
        if (!read_string(&c, false, &kdummy, &klen) || memchr(line + kstart, '\\', c.i - 1 - kstart))
            goto bad; /* escaped keys are left to Jansson */
        bool repeated = false;
        jsonline_field *want = wanted(f, n, line + kstart, c.i - 1 - kstart, &repeated);
        if (repeated)
            goto bad;
        skip_ws(&c);
        if (c.i >= len || line[c.i++] != ':')
            goto bad;
        skip_ws(&c);
        if (c.i >= len)
            goto bad;
        if (line[c.i] == '"') {
            if (!read_string(&c, want != NULL, want ? &want->value : &kdummy, want ? &want->len : &klen))
                goto bad;
        } else {
            size_t a, b;
            if (!skip_scalar(&c, &a, &b))
                goto bad; /* nested values are left to Jansson */
            if (want && line[a] != 't' && line[a] != 'f' && line[a] != 'n') {
                want->is_number = true;
                if (!(want->value = strndup(line + a, b - a)))
                    goto bad;
                want->len = b - a;
            }
        }
        if (want)
            want->present = true;
        skip_ws(&c);
    }
    if (c.i >= len)
        goto bad;
    c.i++;
    skip_ws(&c);
    if (c.i != len)
        goto bad;
    return true;
bad:
    jsonline_clear(f, n);
    return false;
}
