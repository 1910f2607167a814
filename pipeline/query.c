/* query.c — see query.h. */
#include "query.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/* Chinese quotation marks, which users type for phrases, become ASCII ". */
static char *ascii_quotes(const char *q)
{
    static const char *marks[] = {"“", "”", "「", "」", "『", "』", "＂"};
    size_t n = strlen(q);
    char *out = malloc(n + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t k, m = 0;
        for (k = 0; k < sizeof marks / sizeof marks[0]; k++) {
            m = strlen(marks[k]);
            if (strncmp(q + i, marks[k], m) == 0)
                break;
        }
        if (k < sizeof marks / sizeof marks[0]) {
            *o++ = '"';
            i += m;
        } else {
            *o++ = q[i++];
        }
    }
    *o = '\0';
    return out;
}

/* Column (in characters, from 1) of byte offset i. */
static size_t column(const char *s, size_t i)
{
    size_t col = 1;
    for (size_t k = 0; k < i; k++)
        col += ((unsigned char)s[k] & 0xC0) != 0x80;
    return col;
}

static bool check_balance(const char *q, char *err, size_t errlen)
{
    size_t open_quote = 0, depth = 0, first_open = 0;
    bool in_quote = false;
    for (size_t i = 0; q[i]; i++) {
        if (q[i] == '"') {
            in_quote = !in_quote;
            open_quote = i;
        } else if (!in_quote && q[i] == '(') {
            if (depth++ == 0)
                first_open = i;
        } else if (!in_quote && q[i] == ')') {
            if (depth == 0) {
                snprintf(err, errlen, "unbalanced parenthesis: the ')' at column %zu closes nothing", column(q, i));
                return false;
            }
            depth--;
        }
    }
    if (in_quote) {
        snprintf(err, errlen, "unbalanced quote: the \" at column %zu is never closed", column(q, open_quote));
        return false;
    }
    if (depth) {
        snprintf(err, errlen, "unbalanced parenthesis: the '(' at column %zu is never closed", column(q, first_open));
        return false;
    }
    return true;
}

/* Checks "name:" prefixes outside phrases against the known fields. */
static bool check_fields(const char *q, const char *const *known, size_t nknown, char *err, size_t errlen)
{
    bool in_quote = false;
    for (size_t i = 0; q[i]; i++) {
        if (q[i] == '"')
            in_quote = !in_quote;
        if (in_quote || !isalpha((unsigned char)q[i]) || (i > 0 && (isalnum((unsigned char)q[i - 1]) || q[i - 1] == '_')))
            continue;
        size_t j = i;
        while (isalnum((unsigned char)q[j]) || q[j] == '_')
            j++;
        if (q[j] != ':')
            continue;
        bool ok = (j - i == 4 && strncmp(q + i, "date", 4) == 0);
        for (size_t k = 0; k < nknown && !ok; k++)
            ok = strlen(known[k]) == j - i && strncmp(q + i, known[k], j - i) == 0;
        if (!ok) {
            char list[512] = "";
            for (size_t k = 0; k < nknown; k++) {
                strncat(list, known[k], sizeof list - strlen(list) - 3);
                strncat(list, ": ", sizeof list - strlen(list) - 1);
            }
            snprintf(err, errlen, "unknown field '%.*s:' at column %zu; fields are: %sdate:", (int)(j - i), q + i,
                     column(q, i), list);
            return false;
        }
        i = j;
    }
    return true;
}

/* "YYYY", "YYYY-MM" or "YYYY-MM-DD" by shape (digits and dashes). */
static bool well_formed_date(const char *s)
{
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return false;
    for (size_t i = 0; i < n; i++)
        if ((i == 4 || i == 7) ? s[i] != '-' : !isdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* date:A..B with A after B matches nothing: say so instead. */
static bool check_date_ranges(const char *q, char *err, size_t errlen)
{
    for (const char *p = q; (p = strstr(p, "date:")); p += 5) {
        const char *dots = strstr(p + 5, "..");
        const char *space = strpbrk(p + 5, " )");
        if (!dots || (space && space < dots))
            continue;
        char lo[16] = "", hi[16] = "";
        size_t ln = (size_t)(dots - (p + 5));
        const char *h = dots + 2;
        size_t hn = space ? (size_t)(space - h) : strlen(h);
        if (ln >= sizeof lo || hn >= sizeof hi)
            continue;
        memcpy(lo, p + 5, ln);
        memcpy(hi, h, hn);
        /* Only well-formed bounds are compared here; the index's range
         * parser names a bound that is not a date. */
        if (*lo && *hi && well_formed_date(lo) && well_formed_date(hi) && strcmp(lo, hi) > 0 &&
            strncmp(lo, hi, strlen(hi)) != 0) {
            snprintf(err, errlen, "empty date range date:%s..%s: the start is after the end", lo, hi);
            return false;
        }
    }
    return true;
}

/* date:2024 (one year, month or day, no "..") is the range date:2024..2024:
 * Xapian's range processor reads only ranges, and the bare form would
 * silently match nothing.  Returns a new query, or NULL with err set when
 * the value is not a date. */
static char *expand_single_dates(const char *q, char *err, size_t errlen)
{
    size_t n = strlen(q);
    char *out = malloc(2 * n + 1), *o = out;
    if (!out) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    bool in_quote = false;
    for (size_t i = 0; i < n;) {
        if (q[i] == '"')
            in_quote = !in_quote;
        bool at_word = i == 0 || q[i - 1] == ' ' || q[i - 1] == '(' || q[i - 1] == '-' || q[i - 1] == '+';
        if (in_quote || !at_word || strncmp(q + i, "date:", 5) != 0) {
            *o++ = q[i++];
            continue;
        }
        size_t v = i + 5, e = v;
        while (e < n && q[e] != ' ' && q[e] != ')')
            e++;
        char value[64] = "";
        if (e - v < sizeof value)
            memcpy(value, q + v, e - v);
        memcpy(o, q + i, v - i);
        o += v - i;
        if (strstr(value, "..") || e - v >= sizeof value) {
            memcpy(o, q + v, e - v);
            o += e - v;
        } else if (value[0] && strspn(value, "0123456789-/.") == strlen(value)) {
            /* the index's range parser checks the date itself */
            o += sprintf(o, "%s..%s", value, value);
        } else {
            snprintf(err, errlen,
                     "date:%s at column %zu is not a date: write date:YYYY, date:YYYY-MM, date:YYYY-MM-DD "
                     "or a range date:A..B",
                     value, column(q, i));
            free(out);
            return NULL;
        }
        i = e;
    }
    *o = '\0';
    return out;
}

/* The code points the index splits into single characters (zx.cc). */
static bool cjk_cp(int32_t cp)
{
    return (cp >= 0x2E80 && cp <= 0x2FFF && !(cp >= 0x3000 && cp <= 0x303F)) || (cp >= 0x3040 && cp <= 0x9FFF) ||
           (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0xFF00 && cp <= 0xFFEF) || (cp >= 0x20000 && cp <= 0x2FA1F) ||
           (cp >= 0xAC00 && cp <= 0xD7FF);
}

/* True when the word before byte i is "field:" for a filter field, whose
 * value is an exact term and must stay as typed. */
static bool after_filter_prefix(const char *q, size_t i)
{
    if (i == 0 || q[i - 1] != ':')
        return false;
    size_t a = i - 1;
    while (a > 0 && (isalnum((unsigned char)q[a - 1]) || q[a - 1] == '_'))
        a--;
    return !(i - 1 - a == 5 && strncmp(q + a, "title", 5) == 0);
}

/*
 * The index holds Chinese as single characters with positions (no
 * bigrams), so every unquoted Chinese run becomes a phrase: 高新区 投资 →
 * "高新区" "投资".  Filter values (zone:朝阳高新区) stay exact terms.
 */
static char *quote_cjk_runs(const char *q)
{
    size_t n = strlen(q);
    char *out = malloc(3 * n + 1), *o = out;
    if (!out)
        return NULL;
    bool in_quote = false;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        size_t len = utf8_decode_valid(q, n, i, &cp);
        if (q[i] == '"')
            in_quote = !in_quote;
        if (in_quote || !cjk_cp(cp) || after_filter_prefix(q, i)) {
            /* Copy this character (and a whole filter value at once). */
            size_t end = i + len;
            if (!in_quote && cjk_cp(cp))
                while (end < n && q[end] != ' ' && q[end] != ')')
                    end++;
            memcpy(o, q + i, end - i);
            o += end - i;
            i = end;
            continue;
        }
        size_t end = i;
        while (end < n) {
            int32_t c2;
            size_t l2 = utf8_decode_valid(q, n, end, &c2);
            if (!cjk_cp(c2))
                break;
            end += l2;
        }
        /* Blanks around the phrase: Xapian 1.4.22 mis-parses a phrase glued
         * to a Latin word ("x 我y"). */
        bool glued_before = o > out && o[-1] != ' ' && o[-1] != '(' && o[-1] != '-' && o[-1] != '+' && o[-1] != ':';
        if (glued_before)
            *o++ = ' ';
        *o++ = '"';
        memcpy(o, q + i, end - i);
        o += end - i;
        *o++ = '"';
        if (end < n && q[end] != ' ' && q[end] != ')')
            *o++ = ' ';
        i = end;
    }
    *o = '\0';
    return out;
}

char *query_prepare(normalizer *nz, const char *query, const char *const *known, size_t nknown, char *err,
                    size_t errlen)
{
    if (!utf8_is_valid(query, strlen(query))) {
        snprintf(err, errlen, "the query is not valid UTF-8");
        return NULL;
    }
    char *q = ascii_quotes(query);
    char *norm = q ? normalizer_string(nz, q, strlen(q)) : NULL;
    free(q);
    if (!norm) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    if (!check_balance(norm, err, errlen) || !check_fields(norm, known, nknown, err, errlen) ||
        !check_date_ranges(norm, err, errlen)) {
        free(norm);
        return NULL;
    }
    char *dated = expand_single_dates(norm, err, errlen);
    free(norm);
    if (!dated)
        return NULL;
    char *quoted = quote_cjk_runs(dated);
    free(dated);
    if (!quoted)
        snprintf(err, errlen, "out of memory");
    return quoted;
}
