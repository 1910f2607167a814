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
        if (*lo && *hi && strcmp(lo, hi) > 0 && strncmp(lo, hi, strlen(hi)) != 0) {
            snprintf(err, errlen, "empty date range date:%s..%s: the start is after the end", lo, hi);
            return false;
        }
    }
    return true;
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
    return norm;
}
