/*
 * field.c — one amount of money read as a whole (see field.h).
 */
#include "field.h"

#include <string.h>

#include "text.h"

enum {
    FIELD_MAX_BYTES = 256, /* longer is a sentence, not an amount */
    AFFIX_MAX_CHARS = 6,   /* the longest qualifier or currency name, in characters */
};

/* The text still to read, bounds[from..to], over the code point
 * boundaries of the whole field (shared by every span of it). */
typedef struct {
    const char *s;
    const size_t *bounds;
    size_t from, to;
} span;

/* The code point boundaries of s[0..len) into bounds (FIELD_MAX_BYTES + 1
 * of them at most); the whole of it as a span.  False for invalid UTF-8
 * or a field too long to be an amount. */
static bool span_init(span *sp, size_t *bounds, const char *s, size_t len)
{
    if (len == 0 || len > FIELD_MAX_BYTES)
        return false;
    size_t n = 0;
    for (size_t i = 0; i < len;) {
        int32_t cp;
        size_t k = utf8_decode_valid(s, len, i, &cp);
        if (k == 0)
            return false;
        bounds[n++] = i;
        i += k;
    }
    bounds[n] = len;
    *sp = (span){s, bounds, 0, n};
    return true;
}

static size_t span_bytes(const span *sp, size_t a, size_t b) { return sp->bounds[b] - sp->bounds[a]; }

static bool is_blank_at(const span *sp, size_t i)
{
    return span_bytes(sp, i, i + 1) == 1 && (sp->s[sp->bounds[i]] == ' ' || sp->s[sp->bounds[i]] == '\t');
}

static void trim(span *sp)
{
    while (sp->from < sp->to && is_blank_at(sp, sp->from))
        sp->from++;
    while (sp->to > sp->from && is_blank_at(sp, sp->to - 1))
        sp->to--;
}

/* What the affixes said. */
typedef struct {
    const unit_def *currency;
    bool approx;
    const char *bound;
} affixes;

/* Removes one qualifier or currency at the start (front) or the end,
 * longest first; false when there is none. */
static bool strip_affix(const ruleset *rs, span *sp, bool front, affixes *a)
{
    size_t avail = sp->to - sp->from;
    for (size_t n = avail < AFFIX_MAX_CHARS ? avail : AFFIX_MAX_CHARS; n > 0; n--) {
        size_t from = front ? sp->from : sp->to - n, to = from + n;
        const char *w = sp->s + sp->bounds[from];
        size_t wlen = span_bytes(sp, from, to);
        const qualifier_def *q = ruleset_qualifier(rs, w, wlen);
        const unit_def *u = ruleset_unit(rs, w, wlen);
        if (q && q->before == front) {
            if (q->effect == QUAL_APPROX)
                a->approx = true;
            else
                a->bound = q->effect == QUAL_MIN ? "min" : "max";
        } else if (u && !strcmp(u->dimension, "currency") && !a->currency && n < avail) {
            a->currency = u;
        } else {
            continue;
        }
        if (front)
            sp->from = to;
        else
            sp->to = from;
        trim(sp);
        return true;
    }
    return false;
}

/* Strips qualifiers and a currency from both ends, in any order
 * ("约人民币100万元左右"). */
static void strip_affixes(const ruleset *rs, span *sp, affixes *a)
{
    trim(sp);
    while (sp->from < sp->to && (strip_affix(rs, sp, true, a) || strip_affix(rs, sp, false, a)))
        ;
}

/* Reads bounds[a..b) as one amount, with a currency of its own allowed at
 * its end ("5万元" in "5万元至200万元"). */
static bool read_amount(const ruleset *rs, const span *whole, size_t a, size_t b, affixes *af, zh_decimal *v,
                        int *flags)
{
    span sp = {whole->s, whole->bounds, a, b};
    trim(&sp);
    affixes own = {0};
    strip_affixes(rs, &sp, &own);
    if (own.currency) {
        if (af->currency && strcmp(af->currency->canonical, own.currency->canonical) != 0)
            return false;
        af->currency = own.currency;
    }
    af->approx |= own.approx;
    if (own.bound)
        af->bound = own.bound;
    if (sp.from >= sp.to)
        return false;
    return numeral_parse_amount(sp.s + sp.bounds[sp.from], span_bytes(&sp, sp.from, sp.to), v, flags) ==
           NUMERAL_OK;
}

/* The index of a range sign between two amounts, or 0. */
static size_t find_range_sign(const span *sp)
{
    static const char *const signs[] = {"~", "～", "至", "到", "-", "—", "－", NULL};
    for (size_t i = sp->from + 1; i + 1 < sp->to; i++)
        for (size_t k = 0; signs[k]; k++)
            if (span_bytes(sp, i, i + 1) == strlen(signs[k]) &&
                !memcmp(sp->s + sp->bounds[i], signs[k], strlen(signs[k])))
                return i;
    return 0;
}

bool field_read_money(const ruleset *rs, const char *norm, size_t len, record *out)
{
    size_t bounds[FIELD_MAX_BYTES + 1];
    span whole, *sp = &whole;
    if (!span_init(sp, bounds, norm, len))
        return false;
    affixes af = {0};
    strip_affixes(rs, sp, &af);
    zh_decimal v = {0}, to = {0};
    int fl = 0, fl_to = 0;
    bool ok, ranged = false;
    size_t sign = find_range_sign(sp);
    affixes both = af; /* what the two ends add, kept only if both read */
    if (sign && read_amount(rs, sp, sp->from, sign, &both, &v, &fl) &&
        read_amount(rs, sp, sign + 1, sp->to, &both, &to, &fl_to)) {
        af = both;
        ranged = true;
        ok = zh_decimal_cmp(v, to) <= 0;
    } else {
        fl = fl_to = 0;
        to = (zh_decimal){0};
        ok = read_amount(rs, sp, sp->from, sp->to, &af, &v, &fl);
    }
    if (!ok)
        return false;
    char *unit = strdup(af.currency ? af.currency->canonical : "元");
    if (!unit)
        return false;
    out->value = v;
    out->value_to = to;
    out->has_to = ranged;
    out->approx = af.approx || ((fl | fl_to) & NUMERAL_APPROX);
    out->bound = af.bound;
    out->unit = unit;
    out->dimension = "currency";
    out->si_factor = 0;
    return true;
}
