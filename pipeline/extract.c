/* extract.c — see extract.h. */
#include "extract.h"

#include <stdlib.h>
#include <string.h>

/* The named groups rules may use; their meaning is in rules/README.md. */
enum { G_NUM, G_NUM2, G_UNIT, G_UNIT1, G_PRE, G_POST, G_PCT, G_DATE, G_NAME, G_TITLE, G_FULL, G_SHORT, G_COUNT };
static const char *const group_names[G_COUNT] = {"num",  "num2", "unit", "unit1", "pre",  "post",
                                                 "pct",  "date", "name", "title", "full", "short"};
#define MAX_DUP 4

/* Group numbers of each known name in one rule (duplicates allowed). */
typedef struct {
    int num[G_COUNT][MAX_DUP];
    int count[G_COUNT];
} group_map;

/* Paragraphs longer than this are matched in slices (a 200 MB one-line
 * file must not become one PCRE2 subject). */
#define MAX_SUBJECT (64 * 1024)

struct extractor {
    const ruleset *rs;
    pcre2_match_data *md;
    pcre2_match_context *mctx;
    pcre2_jit_stack *jit;
    group_map *groups;                /* per rule */
    size_t *by_kind[KIND_COUNT];      /* rule indices of each kind */
    size_t nkind[KIND_COUNT];
    bool *limited;                    /* per rule: hit the match limit in this document */
};

/* ------------------------------------------------------------ setup */

static void map_groups(const rule *r, group_map *g)
{
    memset(g, 0, sizeof *g);
    uint32_t count = 0, size = 0;
    PCRE2_SPTR table = NULL;
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMECOUNT, &count);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMEENTRYSIZE, &size);
    pcre2_pattern_info(r->re, PCRE2_INFO_NAMETABLE, &table);
    for (uint32_t i = 0; i < count; i++) {
        PCRE2_SPTR e = table + i * size;
        int n = (e[0] << 8) | e[1];
        for (int k = 0; k < G_COUNT; k++)
            if (strcmp((const char *)e + 2, group_names[k]) == 0 && g->count[k] < MAX_DUP)
                g->num[k][g->count[k]++] = n;
    }
}

extractor *extractor_new(const ruleset *rs)
{
    extractor *x = calloc(1, sizeof *x);
    if (!x)
        return NULL;
    x->rs = rs;
    uint32_t max_caps = 1;
    for (size_t i = 0; i < rs->nrules; i++) {
        uint32_t c = 0;
        pcre2_pattern_info(rs->rules[i].re, PCRE2_INFO_CAPTURECOUNT, &c);
        if (c + 1 > max_caps)
            max_caps = c + 1;
    }
    for (int k = 0; k < KIND_COUNT; k++) {
        uint32_t c = 0;
        if (rs->scanner[k])
            pcre2_pattern_info(rs->scanner[k], PCRE2_INFO_CAPTURECOUNT, &c);
        if (c + 1 > max_caps)
            max_caps = c + 1;
    }
    x->md = pcre2_match_data_create(max_caps, NULL);
    x->mctx = pcre2_match_context_create(NULL);
    x->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    x->groups = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->groups);
    x->limited = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->limited);
    for (int k = 0; k < KIND_COUNT; k++)
        x->by_kind[k] = calloc(rs->nrules ? rs->nrules : 1, sizeof(size_t));
    if (!x->md || !x->mctx || !x->jit || !x->groups || !x->limited || !x->by_kind[0] || !x->by_kind[1] ||
        !x->by_kind[2]) {
        extractor_free(x);
        return NULL;
    }
    const char *lim = getenv("ZHPIPE_MATCH_LIMIT");
    pcre2_set_match_limit(x->mctx, lim && atol(lim) > 0 ? (uint32_t)atol(lim) : EXTRACT_MATCH_LIMIT);
    pcre2_jit_stack_assign(x->mctx, NULL, x->jit);
    for (size_t i = 0; i < rs->nrules; i++) {
        map_groups(&rs->rules[i], &x->groups[i]);
        rule_kind k = rs->rules[i].kind;
        x->by_kind[k][x->nkind[k]++] = i;
    }
    return x;
}

void extractor_free(extractor *x)
{
    if (!x)
        return;
    pcre2_match_data_free(x->md);
    pcre2_match_context_free(x->mctx);
    pcre2_jit_stack_free(x->jit);
    free(x->groups);
    free(x->limited);
    for (int k = 0; k < KIND_COUNT; k++)
        free(x->by_kind[k]);
    free(x);
}

/* ------------------------------------------------------------ matching */

typedef struct {
    const char *s; /* the whole normalised text */
    size_t base;   /* where the subject starts in it */
    size_t len;    /* subject length */
} subject;

static int match_at(extractor *x, const pcre2_code *re, const subject *sub, size_t from, uint32_t opts)
{
    return pcre2_match(re, (PCRE2_SPTR)(sub->s + sub->base), sub->len, from, opts | PCRE2_NO_UTF_CHECK, x->md,
                       x->mctx);
}

/* The span [s, e) of the first set group among a name's numbers; false if none. */
static bool group_span(extractor *x, size_t rule_index, int g, size_t *s, size_t *e)
{
    const group_map *m = &x->groups[rule_index];
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
    uint32_t pairs = pcre2_get_ovector_count(x->md);
    for (int i = 0; i < m->count[g]; i++) {
        int n = m->num[g][i];
        if ((uint32_t)n < pairs && ov[2 * n] != PCRE2_UNSET) {
            *s = ov[2 * n];
            *e = ov[2 * n + 1];
            return true;
        }
    }
    return false;
}

static void warn_limit(extractor *x, size_t ri, diag_list *w)
{
    if (x->limited[ri])
        return;
    x->limited[ri] = true;
    const rule *r = &x->rs->rules[ri];
    diag_add(w, DIAG_WARNING, r->file, r->line,
             0, "rule %s hit the PCRE2 match limit (catastrophic backtracking?); skipped where it did", r->id);
}

/*
 * Tries every rule of kind k anchored at `pos`; returns the index of the
 * longest match (ties: priority, then order) or -1, with its end in *end.
 * The winning rule is re-run last so that x->md holds its groups.
 */
static long best_rule_at(extractor *x, rule_kind k, const subject *sub, size_t pos, size_t *end, diag_list *w)
{
    long best = -1;
    size_t best_end = 0;
    int best_prio = 0;
    for (size_t j = 0; j < x->nkind[k]; j++) {
        size_t ri = x->by_kind[k][j];
        if (x->limited[ri])
            continue;
        int rc = match_at(x, x->rs->rules[ri].re, sub, pos, PCRE2_ANCHORED);
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT) {
            warn_limit(x, ri, w);
            continue;
        }
        if (rc < 0)
            continue;
        size_t e = pcre2_get_ovector_pointer(x->md)[1];
        int prio = x->rs->rules[ri].priority;
        if (e > pos && (best < 0 || e > best_end || (e == best_end && prio > best_prio))) {
            best = (long)ri;
            best_end = e;
            best_prio = prio;
        }
    }
    if (best >= 0)
        match_at(x, x->rs->rules[best].re, sub, pos, PCRE2_ANCHORED);
    *end = best_end;
    return best;
}

/* Steps one code point forward from pos (at least one byte). */
static size_t next_char(const subject *sub, size_t pos)
{
    pos++;
    while (pos < sub->len && ((unsigned char)sub->s[sub->base + pos] & 0xC0) == 0x80)
        pos++;
    return pos;
}

/* ------------------------------------------------------------ records */

typedef struct {
    extractor *x;
    const ztext *decoded, *norm;
    const civil_date *ref;
    record_list *out;
} ctx;

static char *dup_range(const char *s, size_t a, size_t b) { return strndup(s + a, b - a); }

/* The decoded (original-script) text of original bytes [start, end). */
static char *decoded_text(const ztext *dec, uint32_t start, uint32_t end)
{
    /* Decoding never reorders, so src_start is non-decreasing: bisect. */
    size_t lo = 0, hi = dec->len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dec->src_start[mid] < start)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t a = lo;
    hi = dec->len;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (dec->src_start[mid] < end)
            lo = mid + 1;
        else
            hi = mid;
    }
    return dup_range(dec->s, a, lo);
}

/* A new record spanning normalised bytes [ns, ne), with its text fields. */
static record *new_record(ctx *c, record_kind kind, const rule *r, size_t ns, size_t ne)
{
    record *rec = record_list_push(c->out);
    if (!rec)
        return NULL;
    rec->kind = kind;
    rec->rule = r->id;
    rec->priority = r->priority;
    rec->nstart = ns;
    rec->nend = ne;
    ztext_source_span(c->norm, ns, ne, &rec->start, &rec->end);
    rec->norm = dup_range(c->norm->s, ns, ne);
    rec->text = decoded_text(c->decoded, rec->start, rec->end);
    return rec;
}

/* Copies [a, b) of s without blanks: names from letter-spaced bylines. */
static char *dup_name(const char *s, size_t a, size_t b)
{
    char *out = malloc(b - a + 1), *o = out;
    if (!out)
        return NULL;
    for (size_t i = a; i < b; i++)
        if (s[i] != ' ' && s[i] != '\t')
            *o++ = s[i];
    *o = '\0';
    return out;
}

/* Multiplier characters that a range's upper end lends its lower end
 * ("30至33万只": both ends in 万). */
static int trailing_multiplier(const char *s, size_t len)
{
    if (len >= 6 && memcmp(s + len - 6, "万亿", 6) == 0)
        return 12;
    if (len >= 3 && memcmp(s + len - 3, "亿", 3) == 0)
        return 8;
    if (len >= 3 && memcmp(s + len - 3, "万", 3) == 0)
        return 4;
    return 0;
}

static void apply_qualifier(ctx *c, record *rec, const char *s, size_t a, size_t b)
{
    const qualifier_def *q = ruleset_qualifier(c->x->rs, s + a, b - a);
    if (!q)
        return;
    if (q->effect == QUAL_APPROX)
        rec->approx = true;
    else
        rec->bound = q->effect == QUAL_MIN ? "min" : "max";
}

static void apply_unit(ctx *c, record *rec, const char *s, size_t a, size_t b)
{
    const unit_def *u = ruleset_unit(c->x->rs, s + a, b - a);
    if (u) {
        free(rec->unit);
        rec->unit = strdup(u->canonical);
        rec->dimension = u->dimension;
        rec->si_factor = u->factor;
    } else if (!rec->unit) {
        rec->unit = dup_range(s, a, b);
    }
}

/* Interprets a figure rule's groups; false when the number does not parse
 * (then no record: better none than a wrong one). */
static bool fill_figure(ctx *c, size_t ri, record *rec, const char *s)
{
    size_t a, b, a2, b2;
    int flags = 0, flags2 = 0;
    if (!group_span(c->x, ri, G_NUM, &a, &b) || numeral_parse(s + a, b - a, &rec->value, &flags) != NUMERAL_OK)
        return false;
    rec->approx = flags & NUMERAL_APPROX;
    if (group_span(c->x, ri, G_NUM2, &a2, &b2)) {
        if (numeral_parse(s + a2, b2 - a2, &rec->value_to, &flags2) != NUMERAL_OK)
            return false;
        rec->has_to = true;
        rec->approx |= flags2 & NUMERAL_APPROX;
        int m = trailing_multiplier(s + a2, b2 - a2);
        if (m && !trailing_multiplier(s + a, b - a) && !zh_decimal_shift(&rec->value, m))
            return false;
    }
    size_t ua, ub;
    if (group_span(c->x, ri, G_PCT, &ua, &ub)) {
        rec->unit = strdup("%");
        rec->dimension = "percent";
    }
    if (group_span(c->x, ri, G_UNIT1, &ua, &ub))
        apply_unit(c, rec, s, ua, ub);
    if (group_span(c->x, ri, G_UNIT, &ua, &ub))
        apply_unit(c, rec, s, ua, ub);
    if (group_span(c->x, ri, G_PRE, &ua, &ub))
        apply_qualifier(c, rec, s, ua, ub);
    if (group_span(c->x, ri, G_POST, &ua, &ub))
        apply_qualifier(c, rec, s, ua, ub);
    return true;
}

/* The date normaliser reads the whole match (or the `date` group),
 * quotation marks included: they tell “十五” the plan from 十五 the number. */
static bool fill_date(ctx *c, size_t ri, record *rec, const char *s, size_t ms, size_t me)
{
    size_t a = ms, b = me;
    group_span(c->x, ri, G_DATE, &a, &b);
    return date_parse(s + a, b - a, c->ref, &rec->date) == DATE_OK;
}

/* Types a full name defined by an abbreviation from its suffix. */
static const char *type_from_suffix(const char *name)
{
    static const char *zone[] = {"开发区", "高新区", "产业园", "园区", "基地", "新区", "示范区", "试验区", "自贸区"};
    size_t n = strlen(name);
    for (size_t i = 0; i < sizeof zone / sizeof zone[0]; i++) {
        size_t z = strlen(zone[i]);
        if (n >= z && strcmp(name + n - z, zone[i]) == 0)
            return "ZONE";
    }
    return "ORG";
}

/* The record spans the `name` group (titles and context stay outside). */
static bool fill_entity(ctx *c, size_t ri, const rule *r, record *rec, const char *s, size_t ms, size_t me)
{
    size_t a = ms, b = me, ta, tb;
    rec->etype = r->type;
    rec->role = r->role;
    group_span(c->x, ri, G_NAME, &a, &b);
    if (group_span(c->x, ri, G_TITLE, &ta, &tb))
        rec->title = dup_name(s, ta, tb);
    rec->name = dup_name(s, a, b);
    return rec->name != NULL;
}

/*
 * An abbreviation definition "FULL（以下简称“SHORT”）" yields two records:
 * the full name, typed by its suffix, and the short form standing for it.
 */
static void emit_alias(ctx *c, size_t ri, const subject *sub)
{
    const rule *r = &c->x->rs->rules[ri];
    const char *s = sub->s + sub->base;
    size_t fa, fb, sa, sb;
    if (!group_span(c->x, ri, G_FULL, &fa, &fb) || !group_span(c->x, ri, G_SHORT, &sa, &sb))
        return;
    record *full = new_record(c, REC_ENTITY, r, sub->base + fa, sub->base + fb);
    if (!full)
        return;
    full->name = dup_name(s, fa, fb);
    full->etype = type_from_suffix(full->name);
    const char *etype = full->etype;
    char *name = strdup(full->name);
    record *alias = new_record(c, REC_ENTITY, r, sub->base + sa, sub->base + sb);
    if (!alias || !name) {
        free(name);
        return;
    }
    alias->etype = etype;
    alias->name = name;
    alias->alias_of = strdup(name);
}

/* Makes the record for rule ri's match [ms, me) of the subject. */
static void emit(ctx *c, size_t ri, const subject *sub, size_t ms, size_t me)
{
    const rule *r = &c->x->rs->rules[ri];
    const char *s = sub->s + sub->base;
    record_kind kind = r->kind == KIND_FIGURE ? REC_FIGURE : r->kind == KIND_DATE ? REC_DATE : REC_ENTITY;
    if (kind == REC_ENTITY && !strcmp(r->type, "ALIAS")) {
        emit_alias(c, ri, sub);
        return;
    }
    size_t ns = sub->base + ms, ne = sub->base + me, a, b;
    if (kind == REC_ENTITY && group_span(c->x, ri, G_NAME, &a, &b) && b > a) {
        ns = sub->base + a;
        ne = sub->base + b;
    }
    record *rec = new_record(c, kind, r, ns, ne);
    if (!rec)
        return;
    bool ok = kind == REC_FIGURE  ? fill_figure(c, ri, rec, s)
              : kind == REC_DATE ? fill_date(c, ri, rec, s, ms, me)
                                 : fill_entity(c, ri, r, rec, s, ms, me);
    if (!ok) {
        record_free(rec);
        c->out->n--;
    }
}

/*
 * Finds the next position >= pos where some rule of kind k matches.  The
 * combined scanner answers in one pass; if it gives up (match limit), the
 * rules are searched one by one for the rest of the subject, which names
 * the rule at fault and still extracts what the others find.
 */
static bool next_candidate(extractor *x, rule_kind k, const subject *sub, size_t pos, bool *fallback, size_t *at,
                           diag_list *w)
{
    if (!*fallback) {
        int rc = match_at(x, x->rs->scanner[k], sub, pos, 0);
        if (rc == PCRE2_ERROR_NOMATCH)
            return false;
        if (rc >= 0) {
            *at = pcre2_get_ovector_pointer(x->md)[0];
            return true;
        }
        *fallback = true;
    }
    bool found = false;
    for (size_t j = 0; j < x->nkind[k]; j++) {
        size_t ri = x->by_kind[k][j];
        if (x->limited[ri])
            continue;
        int rc = match_at(x, x->rs->rules[ri].re, sub, pos, 0);
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
            warn_limit(x, ri, w);
        else if (rc >= 0 && (!found || pcre2_get_ovector_pointer(x->md)[0] < *at)) {
            *at = pcre2_get_ovector_pointer(x->md)[0];
            found = true;
        }
    }
    return found;
}

/* Runs one kind's rules over a subject, emitting a record per match. */
static void scan_kind(ctx *c, rule_kind k, const subject *sub, diag_list *w)
{
    extractor *x = c->x;
    if (!x->rs->scanner[k])
        return;
    size_t pos = 0, at = 0;
    bool fallback = false;
    while (pos < sub->len && next_candidate(x, k, sub, pos, &fallback, &at, w)) {
        size_t end;
        long ri = best_rule_at(x, k, sub, at, &end, w);
        if (ri >= 0) {
            emit(c, (size_t)ri, sub, at, end);
            pos = end;
        } else {
            pos = next_char(sub, at);
        }
    }
}

/* ------------------------------------------------------------ overlaps */

static bool overlaps(const record *a, const record *b) { return a->nstart < b->nend && b->nstart < a->nend; }

static bool covers(const record *outer, const record *inner)
{
    return outer->nstart <= inner->nstart && inner->nend <= outer->nend;
}

/*
 * A figure inside an entity name ("中电科53所") is part of the name; a
 * figure overlapping a date is the date's number ("2021年", "9月1日").
 * Marks the losers with kind -1 for record_list_compact().
 */
static void settle_overlaps(record_list *l, size_t first)
{
    for (size_t i = first; i < l->n; i++) {
        record *f = &l->v[i];
        if (f->kind != REC_FIGURE)
            continue;
        for (size_t j = first; j < l->n; j++) {
            record *o = &l->v[j];
            if ((int)o->kind < 0 || i == j)
                continue;
            if ((o->kind == REC_ENTITY && covers(o, f) && strcmp(o->etype, "DOC") != 0) ||
                (o->kind == REC_DATE && overlaps(o, f) && (o->nend - o->nstart) >= (f->nend - f->nstart))) {
                f->kind = (record_kind)-1;
                break;
            }
        }
    }
    record_list_compact(l);
}

/* ------------------------------------------------------------ aliases */

/* Later mentions of a defined abbreviation are records of the full name. */
static void propagate_aliases(ctx *c, size_t first)
{
    size_t n = c->out->n;
    for (size_t i = first; i < n; i++) {
        record *def = &c->out->v[i];
        if (def->kind != REC_ENTITY || !def->alias_of)
            continue;
        size_t slen = def->nend - def->nstart;
        const char *from = c->norm->s + def->nend;
        const char *hit;
        while (slen && (hit = memmem(from, (size_t)(c->norm->s + c->norm->len - from), def->norm, slen))) {
            size_t ns = (size_t)(hit - c->norm->s);
            from = hit + slen;
            /* A rule may already have found the mention: then it is
             * renamed to the full name rather than recorded twice. */
            record *same = NULL;
            for (size_t j = first; j < c->out->n && !same; j++) {
                record *o = &c->out->v[j];
                if (o->kind == REC_ENTITY && o->nstart == ns && o->nend == ns + slen)
                    same = o;
            }
            if (same) {
                if (!same->alias_of) {
                    free(same->name);
                    same->name = strdup(def->name);
                    same->alias_of = strdup(def->alias_of);
                    same->etype = def->etype;
                }
                continue;
            }
            record *rec = record_list_push(c->out);
            if (!rec)
                return;
            def = &c->out->v[i]; /* the push may have moved the array */
            rec->kind = REC_ENTITY;
            rec->rule = "alias.mention";
            rec->nstart = ns;
            rec->nend = ns + slen;
            ztext_source_span(c->norm, ns, ns + slen, &rec->start, &rec->end);
            rec->norm = strndup(hit, slen);
            rec->text = decoded_text(c->decoded, rec->start, rec->end);
            rec->etype = def->etype;
            rec->name = strdup(def->name);
            rec->alias_of = strdup(def->alias_of);
        }
    }
}

/* ------------------------------------------------------------ entry points */

bool extract_run(extractor *x, const ztext *decoded, const ztext *norm, const civil_date *ref, record_list *out,
                 diag_list *w)
{
    ctx c = {x, decoded, norm, ref, out};
    size_t first = out->n;
    memset(x->limited, 0, x->rs->nrules * sizeof *x->limited);
    size_t a = 0;
    while (a < norm->len) {
        const char *nl = memchr(norm->s + a, '\n', norm->len - a);
        size_t b = nl ? (size_t)(nl - norm->s) : norm->len;
        /* Slice very long paragraphs at character boundaries. */
        for (size_t s = a; s < b;) {
            size_t e = b - s > MAX_SUBJECT ? s + MAX_SUBJECT : b;
            while (e < b && ((unsigned char)norm->s[e] & 0xC0) == 0x80)
                e--;
            subject sub = {norm->s, s, e - s};
            for (int k = 0; k < KIND_COUNT; k++)
                scan_kind(&c, (rule_kind)k, &sub, w);
            s = e;
        }
        a = nl ? b + 1 : b;
    }
    settle_overlaps(out, first);
    propagate_aliases(&c, first);
    record_list_sort(out);
    return true;
}

int extract_rule_matches(extractor *x, const rule *r, const char *s, size_t len, size_t *ms, size_t *me)
{
    subject sub = {s, 0, len};
    size_t pos = 0;
    int n = 0;
    while (pos <= len) {
        int rc = match_at(x, r->re, &sub, pos, 0);
        if (rc == PCRE2_ERROR_NOMATCH)
            break;
        if (rc < 0)
            return -1;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->md);
        if (n++ == 0) {
            *ms = ov[0];
            *me = ov[1];
            /* Entity records span their name: so do examples. */
            size_t ri = (size_t)(r - x->rs->rules), a, b;
            if (r->kind == KIND_ENTITY && group_span(x, ri, G_NAME, &a, &b) && b > a) {
                *ms = a;
                *me = b;
            }
        }
        pos = ov[1] > ov[0] ? ov[1] : (ov[0] < len ? next_char(&sub, ov[0]) : len + 1);
    }
    return n;
}
