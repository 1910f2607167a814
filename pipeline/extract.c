/* extract.c — see extract.h. */
#include "extract.h"
#include "profile.h"
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

/* The named groups rules may use; their meaning is in rules/README.md. */
enum {
    G_NUM, G_NUM2, G_UNIT, G_UNIT1, G_PRE, G_POST, G_PCT, G_CENTS, G_DATE, G_NAME, G_TITLE, G_FULL, G_SHORT, G_COUNT
};
static const char *const group_names[G_COUNT] = {"num", "num2",  "unit",  "unit1", "pre",  "post", "pct",
                                                 "cents", "date", "name", "title", "full", "short"};
#define MAX_DUP 4

/* Group numbers of each known name in one rule (duplicates allowed). */
typedef struct {
    int num[G_COUNT][MAX_DUP];
    int count[G_COUNT];
} group_map;

/* next_at values: not searched yet in this subject; no more matches. */
#define NEXT_UNKNOWN ((size_t)-1)
#define NEXT_NONE ((size_t)-2)

/* Paragraphs longer than this are matched in slices (a 200 MB one-line
 * file must not become one PCRE2 subject). */
#define MAX_SUBJECT (64 * 1024)

/* Where a trigger group's matches may start in the current subject: byte
 * offsets [start, end], merged, in order.  `first`: where the group's
 * scanner first matched in the window (SCAN_UNKNOWN: not scanned yet,
 * SCAN_NONE: no rule of the group matches there). */
typedef struct {
    size_t start, end, first;
} window;

#define SCAN_UNKNOWN ((size_t)-1)
#define SCAN_NONE ((size_t)-2)

typedef struct {
    window *w;
    size_t n, cap;
} window_list;

struct extractor {
    const ruleset *rs;
    pcre2_match_data *md;             /* the match being read: scratch, or a rule's own */
    pcre2_match_data *scratch;
    pcre2_match_data **rule_md;       /* per rule: its next match, kept until the scan passes it */
    pcre2_match_context *mctx;
    pcre2_match_context *wctx;        /* mctx plus an offset limit: searches inside one window */
    pcre2_jit_stack *jit;
    group_map *groups;                /* per rule */
    size_t *by_kind[KIND_COUNT];      /* rule indices of each kind */
    size_t nkind[KIND_COUNT];
    bool *limited;                    /* per rule: hit the match limit in this document */
    size_t *next_at;                  /* per rule: its next match start in the subject */
    size_t *next_end;                 /* ... and that match's end */
    bool *next_ok;                    /* ... and whether a `start place` rule's name starts at a place */
    window_list *win;                 /* per trigger group: where its rules' matches may start */
    size_t *cur;                      /* per rule: its first window in the group's not yet passed */
    bool no_triggers;                 /* $ZHPIPE_NO_TRIGGERS: try every rule at every position */
    const char *scan_text;            /* the subject during a trigger scan */
    size_t scan_len;
    size_t scan_only;                 /* the one group whose triggers count, or SIZE_MAX for all */
    /* `start place` rules: is there a place name at this normalised offset?
     * (set by extract_run for the article being extracted; NULL: no check) */
    bool (*place_ok)(const void *arg, size_t ns);
    const void *place_arg;
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
    x->md = x->scratch = pcre2_match_data_create(max_caps, NULL);
    x->rule_md = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->rule_md);
    for (size_t i = 0; x->rule_md && i < rs->nrules; i++)
        if (!(x->rule_md[i] = pcre2_match_data_create(max_caps, NULL))) {
            extractor_free(x);
            return NULL;
        }
    x->mctx = pcre2_match_context_create(NULL);
    x->jit = pcre2_jit_stack_create(32 * 1024, 1024 * 1024, NULL);
    x->groups = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->groups);
    x->limited = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->limited);
    x->next_at = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->next_at);
    x->next_end = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->next_end);
    x->next_ok = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->next_ok);
    x->win = calloc(rs->ngroups ? rs->ngroups : 1, sizeof *x->win);
    x->cur = calloc(rs->nrules ? rs->nrules : 1, sizeof *x->cur);
    /* Room for a first window in every list: a failed realloc later can
     * then always widen the last window to the end (window_add). */
    bool windows_ok = x->win != NULL;
    for (size_t g = 0; windows_ok && g < rs->ngroups; g++) {
        x->win[g].w = malloc(16 * sizeof *x->win[g].w);
        x->win[g].cap = x->win[g].w ? 16 : 0;
        windows_ok = x->win[g].w != NULL;
    }
    for (int k = 0; k < KIND_COUNT; k++)
        x->by_kind[k] = calloc(rs->nrules ? rs->nrules : 1, sizeof(size_t));
    if (!x->md || !x->rule_md || !x->mctx || !x->jit || !x->groups || !x->limited || !x->next_at || !x->next_end ||
        !x->next_ok || !windows_ok || !x->cur || !x->by_kind[0] || !x->by_kind[1] || !x->by_kind[2]) {
        extractor_free(x);
        return NULL;
    }
    const char *lim = getenv("ZHPIPE_MATCH_LIMIT");
    pcre2_set_match_limit(x->mctx, lim && atol(lim) > 0 ? (uint32_t)atol(lim) : EXTRACT_MATCH_LIMIT);
    pcre2_jit_stack_assign(x->mctx, NULL, x->jit);
    x->wctx = pcre2_match_context_copy(x->mctx);
    if (!x->wctx) {
        extractor_free(x);
        return NULL;
    }
    const char *nt = getenv("ZHPIPE_NO_TRIGGERS");
    x->no_triggers = nt && *nt && strcmp(nt, "0") != 0;
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
    pcre2_match_data_free(x->scratch);
    for (size_t i = 0; x->rule_md && i < x->rs->nrules; i++)
        pcre2_match_data_free(x->rule_md[i]);
    free(x->rule_md);
    pcre2_match_context_free(x->mctx);
    pcre2_match_context_free(x->wctx);
    pcre2_jit_stack_free(x->jit);
    free(x->groups);
    free(x->limited);
    free(x->next_at);
    free(x->next_end);
    free(x->next_ok);
    for (size_t i = 0; x->win && i < x->rs->ngroups; i++)
        free(x->win[i].w);
    free(x->win);
    free(x->cur);
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
    if (w)
        diag_add(w, DIAG_WARNING, r->file, r->line, 0,
                 "rule %s hit the PCRE2 match limit (catastrophic backtracking?); skipped where it did", r->id);
}

/*
 * Among the rules of kind k whose next match starts at `at`, the longest
 * (ties: priority, then order); -1 if none, else its end in *end.  x->md
 * is then the winner's match (its groups), until scan_kind sets it back
 * to the scratch match data.
 */
static long best_rule_at(extractor *x, rule_kind k, size_t at, size_t *end)
{
    long best = -1;
    size_t best_end = 0;
    int best_prio = 0;
    for (size_t j = 0; j < x->nkind[k]; j++) {
        size_t ri = x->by_kind[k][j];
        if (x->next_at[ri] != at || !x->next_ok[ri])
            continue;
        size_t e = x->next_end[ri];
        int prio = x->rs->rules[ri].priority;
        if (e > at && (best < 0 || e > best_end || (e == best_end && prio > best_prio))) {
            best = (long)ri;
            best_end = e;
            best_prio = prio;
        }
    }
    if (best >= 0)
        x->md = x->rule_md[best];
    *end = best_end;
    return best;
}

/* Start of the code point `chars` code points before pos, not before floor. */
static size_t chars_back(const char *s, size_t pos, size_t floor, int chars)
{
    while (chars-- > 0 && pos > floor) {
        pos--;
        while (pos > floor && ((unsigned char)s[pos] & 0xC0) == 0x80)
            pos--;
    }
    return pos;
}

/* ... and `chars` code points after pos, not past len. */
static size_t chars_forward(const char *s, size_t len, size_t pos, int chars)
{
    while (chars-- > 0 && pos < len) {
        pos++;
        while (pos < len && ((unsigned char)s[pos] & 0xC0) == 0x80)
            pos++;
    }
    return pos;
}

/* Steps one code point forward from pos (at least one byte). */
static size_t next_char(const subject *sub, size_t pos) { return chars_forward(sub->s + sub->base, sub->len, pos, 1); }

/* ------------------------------------------------------------ records */

/* A name-list match: normalised span and the entries of its name. */
typedef struct {
    size_t ns, ne;
    const lex_entry *e;
    size_t n;
    const lex_entry *chosen; /* after resolution: the entry the record reports, or NULL */
    bool drop;               /* a doubtful place the article does not confirm: no record */
} lex_hit;

typedef struct {
    extractor *x;
    const ztext *decoded, *norm;
    const civil_date *ref;
    record_list *out;
    lex_hit *hits; /* name-list matches of the article, in text order */
    size_t nhits, caphits;
    civil_date anchor; /* the last date stated so far (year 0: none): 同年, 当月 point back at it */
    struct span_index_s *ix; /* the records by start, while names are settled (NULL otherwise) */
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

/* The power of ten of the numeral character ending s[0..len) (十 百 千 万
 * 亿 兆 and their other forms, the suffixes k and w), with its length in
 * *n; 0 when the last character is none of them.  *big tells 万 and
 * above (multipliers) from 十 百 千 (units). */
static int last_multiplier(const char *s, size_t len, size_t *n, bool *big)
{
    static const struct {
        const char *ch;
        int power;
    } table[] = {{"十", 1}, {"拾", 1}, {"百", 2}, {"佰", 2}, {"千", 3}, {"仟", 3}, {"万", 4}, {"萬", 4},
                 {"亿", 8}, {"億", 8}, {"兆", 12}, {"k", 3}, {"K", 3}, {"w", 4}, {"W", 4}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
        size_t l = strlen(table[i].ch);
        if (len >= l && memcmp(s + len - l, table[i].ch, l) == 0) {
            *n = l;
            *big = table[i].power >= 4 || l == 1;
            return table[i].power;
        }
    }
    return 0;
}

/* The multipliers a range's upper end lends its lower end: the powers of
 * the suffixes of the chain of multiplier characters that ends it, longest
 * first ("九百亿" → 百亿 = 10, 亿 = 8; "33万" → 万 = 4), in powers[];
 * first_big[i] tells whether suffix i begins with 万 or above.  Returns
 * how many. */
static int trailing_multiplier(const char *s, size_t len, int *powers, bool *first_big, int max)
{
    int chain[8], big[8], n = 0;
    size_t l;
    bool b;
    int p;
    while (n < 8 && (p = last_multiplier(s, len, &l, &b)) > 0) {
        chain[n] = p;
        big[n++] = b;
        len -= l;
    }
    /* chain[] runs from the last character backwards: suffix j (j + 1
     * characters) has the power chain[0] + ... + chain[j]. */
    int count = 0;
    for (int j = n - 1; j >= 0 && count < max; j--) {
        int sum = 0;
        for (int k = 0; k <= j; k++)
            sum += chain[k];
        powers[count] = sum;
        first_big[count++] = big[j];
    }
    return count;
}

/* Lends the lower end of a range the multiplier of its upper end when the
 * lower end has none and the result stays at or below the upper end:
 * 30至33万 = 30万~33万, 两~3百 = 200~300, 一千到两千万 = 1000万~2000万,
 * 八九亿 = 8亿~9亿, but 从8500到3万 = 8500~30000. */
static bool carry_multiplier(const char *lo, size_t lolen, const char *hi, size_t hilen, zh_decimal *value,
                             zh_decimal to)
{
    size_t l;
    bool big;
    int p = last_multiplier(lo, lolen, &l, &big);
    if (p && big)
        return true; /* 5万至200万: the lower end has its own */
    int powers[8];
    bool first_big[8];
    int n = trailing_multiplier(hi, hilen, powers, first_big, 8);
    for (int i = 0; i < n; i++) {
        zh_decimal v = *value;
        /* After 百/千 (一千到两千万) only 万 and above are lent. */
        if ((p && !first_big[i]) || !zh_decimal_shift(&v, powers[i]))
            continue;
        if (zh_decimal_cmp(v, to) <= 0) {
            *value = v;
            return true;
        }
    }
    return true;
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
    /* A named currency is not overridden by the generic 元 written with
     * it (港币两千九百六十元, 三万元欧元). */
    if (u && rec->unit && rec->dimension && !strcmp(rec->dimension, "currency") && !strcmp(u->dimension, "currency") &&
        !strcmp(u->canonical, "元") && strcmp(rec->unit, "元") != 0)
        return;
    if (u) {
        free(rec->unit);
        rec->unit = strdup(u->canonical);
        rec->dimension = u->dimension;
        rec->si_factor = u->factor;
    } else if (!rec->unit) {
        rec->unit = dup_range(s, a, b);
    }
}

/* Parses a figure's number; a bare 万 or 亿 before a unit is one of them
 * (年产亿只, 超亿元: the rules decide where a bare multiplier is a number;
 * alone it is a word, as the numeral parser says). */
static bool parse_figure_number(const char *s, size_t len, bool has_unit, zh_decimal *v, int *flags)
{
    static const char *const bare[] = {"万", "亿", "萬", "億"};
    if (numeral_parse(s, len, v, flags) == NUMERAL_OK)
        return true;
    for (size_t i = 0; has_unit && i < sizeof bare / sizeof bare[0]; i++) {
        if (len == strlen(bare[i]) && memcmp(s, bare[i], len) == 0) {
            char one[16] = "一";
            memcpy(one + strlen(one), s, len);
            return numeral_parse(one, strlen("一") + len, v, flags) == NUMERAL_OK;
        }
    }
    return false;
}

/* 百分之 gives %, 千分之 ‰; 万分之 and smaller shares are given in %
 * (万分之三 = 0.03 %).  False when the value cannot be scaled. */
static bool apply_fraction_word(ctx *c, record *rec, const char *s, size_t a, size_t b)
{
    static const char suffix[] = "分之";
    size_t sl = strlen(suffix);
    char buf[64] = "一";
    size_t n = b - a;
    if (n < sl || n - sl + strlen(buf) >= sizeof buf)
        return false;
    memcpy(buf + strlen(buf), s + a, n - sl);
    zh_decimal den;
    int power = 0;
    if (numeral_parse(buf, strlen("一") + n - sl, &den, NULL) != NUMERAL_OK || den.scale != 0 || den.mant <= 0)
        return false;
    for (int64_t d = den.mant; d > 1; d /= 10) {
        if (d % 10)
            return false;
        power++;
    }
    if (power == 3) {
        apply_unit(c, rec, "‰", 0, strlen("‰"));
    } else {
        apply_unit(c, rec, "%", 0, 1);
        if (!zh_decimal_shift(&rec->value, 2 - power))
            return false;
    }
    if (!rec->dimension) /* units.conf without % or ‰ */
        rec->dimension = power == 3 ? "permille" : "percent";
    return true;
}

/* A compound written unit-then-part, 三斤半 or 六斤八两: adds the half or
 * the tenths that num2 holds. */
static bool add_compound_part(record *rec, const char *s, size_t a, size_t b)
{
    zh_decimal part;
    if (b - a == strlen("半") && memcmp(s + a, "半", b - a) == 0) {
        part = (zh_decimal){.mant = 5, .scale = 1};
    } else if (numeral_parse(s + a, b - a, &part, NULL) != NUMERAL_OK || !zh_decimal_shift(&part, -1)) {
        return false;
    }
    return zh_decimal_add(rec->value, part, &rec->value);
}

/* Hundredths of the unit written after it, 两美元又三美分 or 1英镑20便士:
 * adds cents/100 (a whole number below 100) to the value. */
static bool add_cents(record *rec, const char *s, size_t a, size_t b)
{
    zh_decimal cents;
    int flags = 0;
    if (numeral_parse(s + a, b - a, &cents, &flags) != NUMERAL_OK || (flags & ~NUMERAL_CHINESE))
        return false;
    if (cents.scale != 0 || cents.mant < 0 || cents.mant > 99 || !zh_decimal_shift(&cents, -2))
        return false;
    return zh_decimal_add(rec->value, cents, &rec->value);
}

/* Tells whether s[a, b) is written in financial numerals only (壹贰叁 ...
 * 拾佰仟, with 零 万 亿): the way amounts of money are written. */
static bool financial_numeral(const char *s, size_t a, size_t b)
{
    static const char digits[] = "零壹贰叁肆伍陆柒捌玖拾佰仟万亿萬億";
    bool financial = false;
    while (a < b) {
        size_t n = 1;
        while (a + n < b && ((unsigned char)s[a + n] & 0xC0) == 0x80)
            n++;
        char ch[8] = {0};
        if (n >= sizeof ch)
            return false;
        memcpy(ch, s + a, n);
        if (!strstr(digits, ch))
            return false;
        financial |= !strstr("零万亿萬億", ch);
        a += n;
    }
    return financial;
}

/* Interprets a figure rule's groups; false when the number does not parse
 * (then no record: better none than a wrong one). */
static bool fill_figure(ctx *c, size_t ri, record *rec, const char *s)
{
    size_t a, b, a2, b2, ua, ub, pa, pb;
    int flags = 0, flags2 = 0;
    bool has_unit = group_span(c->x, ri, G_UNIT, &ua, &ub);
    bool has_unit1 = group_span(c->x, ri, G_UNIT1, &pa, &pb);
    if (!group_span(c->x, ri, G_NUM, &a, &b) || !parse_figure_number(s + a, b - a, has_unit, &rec->value, &flags))
        return false;
    rec->approx = flags & NUMERAL_APPROX;
    if (group_span(c->x, ri, G_NUM2, &a2, &b2)) {
        if (has_unit && a2 == ub) {
            /* 三斤半: the part after the unit, not a range. */
            if (!add_compound_part(rec, s, a2, b2))
                return false;
        } else {
            if (!parse_figure_number(s + a2, b2 - a2, has_unit, &rec->value_to, &flags2))
                return false;
            rec->has_to = true;
            flags |= flags2 & NUMERAL_YUAN;
            /* 八九亿: neighbouring digits are an approximate range. */
            rec->approx |= (flags2 & NUMERAL_APPROX) || a2 == b;
            if (!has_unit1 && !carry_multiplier(s + a, b - a, s + a2, b2 - a2, &rec->value, rec->value_to))
                return false;
            /* 六到三米 (of 米六到三米九) is no range. */
            if (zh_decimal_cmp(rec->value, rec->value_to) > 0)
                return false;
        }
    }
    if (group_span(c->x, ri, G_PCT, &pa, &pb) && !apply_fraction_word(c, rec, s, pa, pb))
        return false;
    if (group_span(c->x, ri, G_CENTS, &a2, &b2) && (rec->has_to || !add_cents(rec, s, a2, b2)))
        return false;
    if (has_unit1)
        apply_unit(c, rec, s, pa, pb);
    if (has_unit)
        apply_unit(c, rec, s, ua, ub);
    /* An amount written in yuan (123元1角1分, 两毛五) or in financial
     * numerals (肆佰叁拾萬) without a named currency is in 元. */
    if (((flags & NUMERAL_YUAN) || financial_numeral(s, a, b)) && !rec->unit)
        apply_unit(c, rec, "元", 0, strlen("元"));
    if (group_span(c->x, ri, G_PRE, &ua, &ub))
        apply_qualifier(c, rec, s, ua, ub);
    if (group_span(c->x, ri, G_POST, &ua, &ub))
        apply_qualifier(c, rec, s, ua, ub);
    return true;
}

/* The year and month of the last YYYY or YYYY-MM in a date value ("" or
 * one with X in that place: false). */
static bool last_stated(const char *v, civil_date *out)
{
    bool found = false;
    for (const char *p = v; *p; p++) {
        bool start = p == v || p[-1] == '/';
        if (!start || !(p[0] >= '0' && p[0] <= '9' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
                        p[3] >= '0' && p[3] <= '9'))
            continue;
        *out = (civil_date){atoi(p), 0, 0};
        if (p[4] == '-' && p[5] >= '0' && p[5] <= '1' && p[6] >= '0' && p[6] <= '9')
            out->month = (p[5] - '0') * 10 + (p[6] - '0');
        found = true;
    }
    return found && out->year > 0;
}

/* The date normaliser reads the whole match (or the `date` group),
 * quotation marks included: they tell “十五” the plan from 十五 the number.
 * The article's last stated date anchors 同年 and 当月 in later ones. */
static bool fill_date(ctx *c, size_t ri, record *rec, const char *s, size_t ms, size_t me)
{
    size_t a = ms, b = me;
    group_span(c->x, ri, G_DATE, &a, &b);
    if (date_parse_anchored(s + a, b - a, c->ref, c->anchor.year ? &c->anchor : NULL, &rec->date) != DATE_OK)
        return false;
    last_stated(rec->date.resolved, &c->anchor);
    return true;
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

/* ------------------------------------------------------------ windows */

static void window_add(window_list *l, size_t start, size_t end)
{
    if (l->n && start <= l->w[l->n - 1].end + 1) {
        if (end > l->w[l->n - 1].end)
            l->w[l->n - 1].end = end;
        return;
    }
    if (l->n == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        window *w = realloc(l->w, cap * sizeof *w);
        if (!w) { /* no room to remember: the whole rest of the subject */
            if (l->n)
                l->w[l->n - 1].end = SIZE_MAX;
            return;
        }
        l->w = w;
        l->cap = cap;
    }
    l->w[l->n++] = (window){start, end, SCAN_UNKNOWN};
}

/* The rule whose triggers and reach are group g's. */
static const rule *group_rule(const extractor *x, size_t g) { return &x->rs->rules[x->rs->groups[g].first_rule]; }

/* A trigger of group `g` at byte t of the subject being scanned. */
static void on_trigger(void *arg, uint32_t g, size_t t)
{
    extractor *x = arg;
    const rule *gr = group_rule(x, g);
    window_list *l = &x->win[g];
    if ((x->scan_only != SIZE_MAX && g != x->scan_only) || !gr->has_triggers ||
        (l->n && l->w[l->n - 1].end == SIZE_MAX))
        return;
    /* Step back no further than the last window: the two merge. */
    size_t floor = l->n ? l->w[l->n - 1].end : 0;
    size_t start = chars_back(x->scan_text, t, floor < t ? floor : t, gr->reach_before);
    window_add(l, start, chars_forward(x->scan_text, x->scan_len, t, gr->reach_after));
}

/*
 * Finds where each group's matches may start in the subject: near its
 * triggers, or anywhere for a rule without any (and for every rule with
 * ZHPIPE_NO_TRIGGERS set).  only: the one group searched (rule examples),
 * or SIZE_MAX for all.
 */
static void find_windows(extractor *x, const subject *sub, size_t only)
{
    const ruleset *rs = x->rs;
    bool any = false;
    for (size_t g = 0; g < rs->ngroups; g++) {
        window_list *l = &x->win[g];
        l->n = 0;
        if (only != SIZE_MAX && g != only)
            continue;
        const rule *gr = group_rule(x, g);
        if (!gr->has_triggers || x->no_triggers)
            window_add(l, 0, sub->len);
        else if (gr->trigger_at_start)
            window_add(l, 0, chars_forward(sub->s + sub->base, sub->len, 0, gr->reach_after));
        any |= gr->has_triggers && !x->no_triggers;
    }
    for (size_t ri = 0; ri < rs->nrules; ri++)
        x->cur[ri] = 0;
    if (!any)
        return;
    x->scan_text = sub->s + sub->base;
    x->scan_len = sub->len;
    x->scan_only = only;
    trigger_set_scan(rs->triggers, x->scan_text, sub->len, on_trigger, x);
}

/*
 * Where the first rule of the group matches in window wd, from the
 * group's scanner (one search for all its rules): SCAN_NONE if none,
 * wd->start when the group has no scanner or the scanner gave up.
 */
static size_t group_first(extractor *x, const trigger_group *gr, window *wd, const subject *sub)
{
    if (!gr->scanner || x->no_triggers)
        return wd->start;
    if (wd->first == SCAN_UNKNOWN) {
        pcre2_set_offset_limit(x->wctx, wd->end);
        int rc = pcre2_match(gr->scanner, (PCRE2_SPTR)(sub->s + sub->base), sub->len, wd->start, PCRE2_NO_UTF_CHECK,
                             x->scratch, x->wctx);
        wd->first = rc >= 0                       ? pcre2_get_ovector_pointer(x->scratch)[0]
                    : rc == PCRE2_ERROR_NOMATCH ? SCAN_NONE
                                                : wd->start;
    }
    return wd->first;
}

/*
 * The first match of rule ri starting at or after pos, searched only in
 * its group's windows: each search is bounded to the window's start
 * positions with PCRE2's offset limit, but sees the whole subject (so
 * lookbehinds and lookaheads work as everywhere else).  NEXT_NONE if
 * none; the match is left in the rule's own match data, x->rule_md[ri].
 */
static size_t next_match(extractor *x, size_t ri, const subject *sub, size_t pos, diag_list *w)
{
    const trigger_group *gr = &x->rs->groups[x->rs->rules[ri].group];
    window_list *l = &x->win[x->rs->rules[ri].group];
    size_t *cur = &x->cur[ri];
    while (*cur < l->n && l->w[*cur].end < pos)
        ++*cur;
    for (; *cur < l->n; ++*cur) {
        window *wd = &l->w[*cur];
        size_t from = wd->start > pos ? wd->start : pos;
        if (from > sub->len)
            break;
        size_t first = group_first(x, gr, wd, sub);
        if (first == SCAN_NONE)
            continue;
        if (first > from)
            from = first;
        pcre2_set_offset_limit(x->wctx, wd->end);
        uint64_t t0 = prof_now();
        int rc = pcre2_match(x->rs->rules[ri].re, (PCRE2_SPTR)(sub->s + sub->base), sub->len, from,
                             PCRE2_NO_UTF_CHECK, x->rule_md[ri], x->wctx);
        prof_rule_add(ri, t0);
        if (rc >= 0)
            return pcre2_get_ovector_pointer(x->rule_md[ri])[0];
        if (rc != PCRE2_ERROR_NOMATCH) {
            if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_JIT_STACKLIMIT)
                warn_limit(x, ri, w);
            x->limited[ri] = true;
            return NEXT_NONE;
        }
    }
    return NEXT_NONE;
}

/*
 * Finds the next position >= pos where some rule of kind k matches: each
 * rule's next match is kept (next_at, reset per subject by scan_kind)
 * until the scan passes it.  A rule stopped by the match limit is named
 * in a warning and skipped for the rest of the document.
 */
static bool next_candidate(extractor *x, rule_kind k, const subject *sub, size_t pos, size_t *at, diag_list *w)
{
    bool found = false;
    for (size_t j = 0; j < x->nkind[k]; j++) {
        size_t ri = x->by_kind[k][j];
        if (x->limited[ri])
            continue;
        if (x->next_at[ri] == NEXT_UNKNOWN || (x->next_at[ri] != NEXT_NONE && x->next_at[ri] < pos)) {
            size_t m = next_match(x, ri, sub, pos, w);
            x->next_at[ri] = m;
            if (m != NEXT_NONE) {
                x->next_end[ri] = pcre2_get_ovector_pointer(x->rule_md[ri])[1];
                size_t na, nb;
                x->md = x->rule_md[ri];
                x->next_ok[ri] = !(x->rs->rules[ri].start_place && x->place_ok && group_span(x, ri, G_NAME, &na, &nb) &&
                                   !x->place_ok(x->place_arg, sub->base + na));
                x->md = x->scratch;
            }
        }
        if (x->next_at[ri] != NEXT_NONE && (!found || x->next_at[ri] < *at)) {
            *at = x->next_at[ri];
            found = true;
        }
    }
    return found;
}

/* Runs one kind's rules over a subject (windows found), emitting a record per match. */
static void scan_kind(ctx *c, rule_kind k, const subject *sub, diag_list *w)
{
    extractor *x = c->x;
    if (!x->nkind[k])
        return;
    size_t pos = 0, at = 0;
    for (size_t j = 0; j < x->nkind[k]; j++)
        x->next_at[x->by_kind[k][j]] = NEXT_UNKNOWN;
    while (pos < sub->len && next_candidate(x, k, sub, pos, &at, w)) {
        size_t end;
        long ri = best_rule_at(x, k, at, &end);
        if (ri >= 0) {
            emit(c, (size_t)ri, sub, at, end);
            x->md = x->scratch;
            pos = end;
        } else {
            pos = next_char(sub, at);
        }
    }
}

/* ------------------------------------------------------------ overlaps */

static bool overlaps(const record *a, const record *b) { return a->nstart < b->nend && b->nstart < a->nend; }

/* Entity spans sorted by start, with the running maximum of their ends:
 * is a span covered by one of them?  (O(log n) per question.) */
typedef struct {
    size_t start, max_end;
} cover_entry;

static int cmp_cover(const void *a, const void *b)
{
    const cover_entry *x = a, *y = b;
    return x->start < y->start ? -1 : x->start > y->start;
}

static bool covered(const cover_entry *c, size_t n, size_t ns, size_t ne)
{
    size_t lo = 0, hi = n; /* the first entry starting after ns */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c[mid].start <= ns)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo > 0 && c[lo - 1].max_end >= ne;
}

/*
 * A figure inside an entity name ("中电科53所") is part of the name (DOC
 * titles aside: a document's title keeps its figures); a figure
 * overlapping a date at least as long is the date's number ("2021年",
 * "9月1日").  The losers are dropped by record_list_compact().  Dates
 * come from one left-to-right scan, so they never overlap each other and
 * a binary search finds the few a figure can touch; entities may nest, so
 * they are asked through cover_entry.  Linear-logarithmic: a one-line
 * article of megabytes has hundreds of thousands of records.
 */
static void settle_overlaps(record_list *l, size_t first)
{
    size_t n = l->n - first, ne = 0, nd = 0;
    cover_entry *ents = malloc((n ? n : 1) * sizeof *ents);
    size_t *dates = malloc((n ? n : 1) * sizeof *dates);
    if (!ents || !dates) {
        free(ents);
        free(dates);
        return; /* no room to check: the figures stay (never a wrong drop) */
    }
    for (size_t i = first; i < l->n; i++) {
        const record *o = &l->v[i];
        if (o->kind == REC_ENTITY && strcmp(o->etype, "DOC") != 0)
            ents[ne++] = (cover_entry){o->nstart, o->nend};
        else if (o->kind == REC_DATE)
            dates[nd++] = i;
    }
    if (ne > 1)
        qsort(ents, ne, sizeof *ents, cmp_cover);
    for (size_t i = 1; i < ne; i++)
        if (ents[i].max_end < ents[i - 1].max_end)
            ents[i].max_end = ents[i - 1].max_end;
    for (size_t i = first; i < l->n; i++) {
        record *f = &l->v[i];
        if (f->kind != REC_FIGURE)
            continue;
        bool drop = covered(ents, ne, f->nstart, f->nend);
        /* The first date ending after the figure starts, then those that
         * start before it ends. */
        size_t lo = 0, hi = nd;
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (l->v[dates[mid]].nend <= f->nstart)
                lo = mid + 1;
            else
                hi = mid;
        }
        for (size_t k = lo; !drop && k < nd && l->v[dates[k]].nstart < f->nend; k++) {
            const record *d = &l->v[dates[k]];
            drop = overlaps(d, f) && (d->nend - d->nstart) >= (f->nend - f->nstart);
        }
        if (drop)
            f->kind = (record_kind)-1;
    }
    free(ents);
    free(dates);
    record_list_compact(l);
}

/* ------------------------------------------------------------ span index */

/*
 * The records of an article by where they start in the normalised text,
 * so that "which records overlap [ns, ne)" looks at the records starting
 * in [ns - longest, ne) instead of every record: settling names asks it
 * for every mention, and a long article has tens of thousands of both.
 * One index serves the whole settling of an article: each step that
 * compacts the record list (which renumbers it) is followed by a
 * span_index_reset, which clears only the starts it had set.
 */
typedef struct span_index_s {
    int32_t *head;   /* per normalised byte: the last record starting there, or -1 */
    size_t textlen;
    int32_t *prev;   /* per record: the record added before it at the same start, or -1 */
    size_t capprev;
    size_t *starts;  /* the bytes whose head is set, for the next reset */
    size_t nstarts, capstarts;
    size_t longest;  /* nend - nstart of the longest record indexed */
    bool failed;     /* memory ran out: some record is not indexed */
} span_index;

static bool span_index_init(span_index *ix, size_t textlen)
{
    memset(ix, 0, sizeof *ix);
    ix->textlen = textlen;
    ix->head = malloc((textlen ? textlen : 1) * sizeof *ix->head);
    if (!ix->head)
        return false;
    memset(ix->head, 0xFF, (textlen ? textlen : 1) * sizeof *ix->head);
    return true;
}

static void span_index_free(span_index *ix)
{
    free(ix->head);
    free(ix->prev);
    free(ix->starts);
    memset(ix, 0, sizeof *ix);
}

/* Grows *v (elements of size el) to hold index i; false when memory runs out. */
static bool grow_to(void **v, size_t *cap, size_t i, size_t el)
{
    if (i < *cap)
        return true;
    size_t nc = *cap ? 2 * *cap : 64;
    while (nc <= i)
        nc *= 2;
    void *p = realloc(*v, nc * el);
    if (!p)
        return false;
    *v = p;
    *cap = nc;
    return true;
}

/* Indexes record i of l (after a push, or from span_index_reset). */
static void span_index_add(span_index *ix, const record_list *l, size_t i)
{
    const record *r = &l->v[i];
    if (r->nstart >= ix->textlen)
        return; /* an empty record at the end overlaps nothing */
    if (i > INT32_MAX || !grow_to((void **)&ix->prev, &ix->capprev, i, sizeof *ix->prev) ||
        !grow_to((void **)&ix->starts, &ix->capstarts, ix->nstarts, sizeof *ix->starts)) {
        ix->failed = true;
        return;
    }
    ix->prev[i] = ix->head[r->nstart];
    ix->head[r->nstart] = (int32_t)i;
    ix->starts[ix->nstarts++] = r->nstart;
    if (r->nend - r->nstart > ix->longest)
        ix->longest = r->nend - r->nstart;
}

/* Forgets what was indexed and indexes the records [first, n) of l. */
static void span_index_reset(span_index *ix, const record_list *l, size_t first)
{
    for (size_t k = 0; k < ix->nstarts; k++)
        ix->head[ix->starts[k]] = -1;
    ix->nstarts = 0;
    ix->longest = 0;
    for (size_t i = first; i < l->n; i++)
        span_index_add(ix, l, i);
}

/* Walks the records overlapping [ns, ne): start with pos = the first
 * byte a record could start at and j = -1, then call until it returns -1. */
typedef struct {
    size_t pos, ns, ne;
    int32_t j;
} span_walk;

static span_walk span_walk_start(const span_index *ix, size_t ns, size_t ne)
{
    size_t from = ns > ix->longest ? ns - ix->longest : 0;
    return (span_walk){from, ns, ne < ix->textlen ? ne : ix->textlen, -1};
}

static int32_t span_walk_next(const span_index *ix, const record_list *l, span_walk *w)
{
    for (;;) {
        w->j = w->j >= 0 ? ix->prev[w->j] : -1;
        while (w->j < 0) {
            if (w->pos >= w->ne)
                return -1;
            w->j = ix->head[w->pos++];
        }
        const record *o = &l->v[w->j];
        if (o->nstart < w->ne && w->ns < o->nend)
            return w->j;
    }
}

/* True the first time the key made of these parts (joined by tabs) is
 * met in m, false after (and when memory runs out: the work is skipped
 * rather than done twice). */
static bool first_time(strmap *m, const char *const *parts, size_t n)
{
    size_t len = 1;
    for (size_t i = 0; i < n; i++)
        len += strlen(parts[i]) + 1;
    char *key = malloc(len), *k = key;
    if (!key)
        return false;
    for (size_t i = 0; i < n; i++)
        k += sprintf(k, "%s%s", i ? "\t" : "", parts[i]);
    bool fresh = !strmap_get(m, key) && strmap_put(m, key, "");
    free(key);
    return fresh;
}

/* ------------------------------------------------------------ aliases */

/* Later mentions of a defined abbreviation are records of the full name. */
static void propagate_aliases(ctx *c, size_t first)
{
    size_t n = c->out->n;
    span_index *ix = c->ix;
    strmap done; /* a definition repeated later finds only mentions the first one recorded */
    strmap_init(&done);
    span_index_reset(ix, c->out, first);
    for (size_t i = first; i < n; i++) {
        record *def = &c->out->v[i];
        if (def->kind != REC_ENTITY || !def->alias_of || !def->norm || !def->name)
            continue;
        const char *key[] = {def->norm, def->name, def->alias_of, def->etype ? def->etype : ""};
        if (!first_time(&done, key, 4))
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
            size_t same_at = 0;
            span_walk w = span_walk_start(ix, ns, ns + slen);
            for (int32_t j; (j = span_walk_next(ix, c->out, &w)) >= 0;) {
                record *o = &c->out->v[j];
                if ((size_t)j >= first && o->kind == REC_ENTITY && o->nstart == ns && o->nend == ns + slen &&
                    (!same || (size_t)j < same_at))
                    same = o, same_at = (size_t)j;
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
                break;
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
            span_index_add(ix, c->out, c->out->n - 1);
        }
    }
    strmap_free(&done);
}

/* ------------------------------------------------------------ name lists */

static bool ascii_alnum_byte(unsigned char b) { return (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z'); }

/* True when an entry list says "not a name" (a `-` line). */
static bool is_stop(const lex_entry *e, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!e[i].type)
            return true;
    return false;
}

/* Scans a subject for the longest name-list match at each position;
 * matches do not overlap (leftmost, then longest, as a reader reads). */
static void scan_lexicon(ctx *c, const subject *sub)
{
    const lexicon *lx = c->x->rs->lex;
    if (!lexicon_names(lx))
        return;
    const char *s = sub->s + sub->base;
    size_t pos = 0;
    while (pos < sub->len) {
        const lex_entry *e;
        size_t n;
        bool after = pos > 0 && ascii_alnum_byte((unsigned char)s[pos - 1]);
        size_t len = lexicon_match(lx, s + pos, sub->len - pos, after, &e, &n);
        if (!len) {
            pos = next_char(sub, pos);
            continue;
        }
        if (!is_stop(e, n)) {
            if (c->nhits == c->caphits) {
                size_t cap = c->caphits ? 2 * c->caphits : 64;
                lex_hit *q = realloc(c->hits, cap * sizeof *q);
                if (!q)
                    return;
                c->hits = q;
                c->caphits = cap;
            }
            c->hits[c->nhits++] = (lex_hit){sub->base + pos, sub->base + pos + len, e, n, NULL, false};
        }
        pos += len;
    }
}

static bool is_entity(const record *r) { return (int)r->kind == REC_ENTITY; }
static bool is_type(const record *r, const char *t) { return is_entity(r) && r->etype && !strcmp(r->etype, t); }

/* The rule a record came from, or NULL (name lists, alias mentions). */
static const rule *rule_of(const ctx *c, const record *rec)
{
    for (size_t i = 0; i < c->x->rs->nrules; i++)
        if (c->x->rs->rules[i].id == rec->rule)
            return &c->x->rs->rules[i];
    return NULL;
}

static size_t count_chars_in(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* Moves a record to the normalised span [ns, ne) with a new name. */
static void respan(ctx *c, record *rec, size_t ns, size_t ne, char *name)
{
    rec->nstart = ns;
    rec->nend = ne;
    ztext_source_span(c->norm, ns, ne, &rec->start, &rec->end);
    free(rec->norm);
    free(rec->text);
    free(rec->name);
    rec->norm = dup_range(c->norm->s, ns, ne);
    rec->text = decoded_text(c->decoded, rec->start, rec->end);
    rec->name = name;
}

/* Does rule ri, run on s alone, match all of it with its name group
 * spanning all of it?  (A trimmed name must still be a name by the rule
 * that found it: NOTGEN and the suffixes apply again.) */
static bool rule_matches_whole(extractor *x, size_t ri, const char *s, size_t len)
{
    subject sub = {s, 0, len};
    if (match_at(x, x->rs->rules[ri].re, &sub, 0, PCRE2_ANCHORED | PCRE2_ENDANCHORED) < 0)
        return false;
    size_t a, b;
    return !group_span(x, ri, G_NAME, &a, &b) || (a == 0 && b == len);
}

/* The first name-list match starting at or after pos: the matches are in
 * text order (subjects are scanned in order and do not overlap). */
static size_t first_hit_from(const ctx *c, size_t pos)
{
    size_t lo = 0, hi = c->nhits;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->hits[mid].ns < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* Does a LOC name-list match start exactly at ns? */
static bool place_at(const ctx *c, size_t ns)
{
    for (size_t h = first_hit_from(c, ns); h < c->nhits && c->hits[h].ns == ns; h++)
        if (!c->hits[h].drop && c->hits[h].e->type && !strcmp(c->hits[h].e->type, "LOC"))
            return true;
    return false;
}

static bool place_ok_cb(const void *arg, size_t ns) { return place_at((const ctx *)arg, ns); }

/*
 * Is the name at ns the rest of a place name a layout cut?  A photo and
 * its caption may stand between the two halves of a sentence: 仅以朝 /
 * (caption) / 阳市商务局为例.  True when ns starts a paragraph and one of
 * the four paragraphs before it ends in one or two characters that, with
 * the start of the name, make a place of the name lists.
 */
static bool starts_cut_paragraph(const ctx *c, size_t ns)
{
    const char *s = c->norm->s;
    if (ns == 0 || s[ns - 1] != '\n')
        return false;
    size_t head = ns, nchars = 0; /* up to six characters of the name */
    while (head < c->norm->len && nchars < 6) {
        head++;
        while (head < c->norm->len && ((unsigned char)s[head] & 0xC0) == 0x80)
            head++;
        nchars++;
    }
    size_t i = ns;
    for (int para = 0; para < 4 && i > 0; para++) {
        while (i > 0 && (s[i - 1] == '\n' || s[i - 1] == ' ' || s[i - 1] == '\t'))
            i--;
        size_t t = i;
        for (int k = 1; k <= 2 && t > 0; k++) {
            t--;
            while (t > 0 && ((unsigned char)s[t] & 0xC0) == 0x80)
                t--;
            char buf[96];
            size_t tl = i - t, hl = head - ns;
            if (tl + hl > sizeof buf)
                break;
            memcpy(buf, s + t, tl);
            memcpy(buf + tl, s + ns, hl);
            const lex_entry *e;
            size_t n;
            size_t m = lexicon_match(c->x->rs->lex, buf, tl + hl, false, &e, &n);
            if (m > tl && !is_stop(e, n) && e->type && !strcmp(e->type, "LOC"))
                return true;
        }
        while (i > 0 && s[i - 1] != '\n')
            i--;
    }
    return false;
}

/*
 * Organisation and zone names found by the rules start at a boundary
 * (punctuation, a function word), which may be far before the name:
 * "前三季度滨淮开发区", "朝阳7家省级开发区", "记者日前走进钦州临港产业园".
 * A name does not contain a date or a figure: it starts after the last
 * one inside it.  And when a place name from the name lists stands four or
 * more characters after the start, the name starts at the place
 * (钦州临港产业园).  The trimmed name must still match its rule on its
 * own, or the record is dropped.
 */
static void refine_names(ctx *c, size_t first)
{
    record_list *l = c->out;
    span_index_reset(c->ix, l, first);
    for (size_t i = first; i < l->n; i++) {
        record *rec = &l->v[i];
        if (!(is_type(rec, "ORG") || is_type(rec, "ZONE")) || rec->alias_of)
            continue;
        const rule *r = rule_of(c, rec);
        if (!r || !r->type || (strcmp(r->type, "ORG") && strcmp(r->type, "ZONE")))
            continue;
        if (starts_cut_paragraph(c, rec->nstart)) {
            rec->kind = (record_kind)-1;
            continue;
        }
        size_t s = rec->nstart, e = rec->nend, cut = s;
        span_walk w = span_walk_start(c->ix, s, e);
        for (int32_t j; (j = span_walk_next(c->ix, l, &w)) >= 0;) {
            const record *o = &l->v[j];
            /* 三十家子 is a village, not thirty households: X家子 stays. */
            if ((o->kind == REC_FIGURE || o->kind == REC_DATE) && o->nstart >= s && o->nstart < e && o->nend > cut &&
                !(o->nend + 3 <= e && !memcmp(c->norm->s + o->nend, "子", 3)))
                cut = o->nend;
        }
        for (size_t h = first_hit_from(c, cut); h < c->nhits && c->hits[h].ns < e; h++) {
            const lex_hit *hit = &c->hits[h];
            if (hit->ne >= e || hit->drop)
                continue;
            bool bracketed = hit->ns > 0 && (c->norm->s[hit->ns - 1] == '(' ||
                                              (hit->ns >= 3 && !memcmp(c->norm->s + hit->ns - 3, "（", 3)));
            if (hit->e->type && !strcmp(hit->e->type, "LOC") && !bracketed && count_chars_in(c->norm->s, cut, hit->ns) >= 4)
                cut = hit->ns;
            break;
        }
        size_t ri = (size_t)(r - c->x->rs->rules);
        if (cut != s && !(cut < e && rule_matches_whole(c->x, ri, c->norm->s + cut, e - cut)))
            rec->kind = (record_kind)-1;
        else if (r->start_place && !place_at(c, cut))
            rec->kind = (record_kind)-1;
        else if (cut != s)
            respan(c, rec, cut, e, dup_name(c->norm->s, cut, e));
    }
    record_list_compact(l);
}

/* Renames a zone record to the full name it stands for. */
static void link_zone_name(record *rec, const char *full)
{
    char *name = strdup(full);
    if (!name)
        return;
    free(rec->name);
    rec->name = name;
    rec->alias_of = strdup(name);
}

/*
 * A zone named with a short suffix (喀左经开区, 建平开发区, 东山湾高新区)
 * is the zone the article names in full with the long suffix (喀左经济
 * 开发区, 福建漳州东山湾高新技术产业开发区) when there is exactly one such.
 */
static void link_zone_forms(ctx *c, size_t first)
{
    static const char *const forms[][3] = {{"高新区", "高新技术产业开发区", "高新技术产业园区"},
                                           {"经开区", "经济技术开发区", "经济开发区"},
                                           {"开发区", "经济开发区", "经济技术开发区"}};
    strmap known; /* name → the full name it stands for, or "": the answer depends on the name alone */
    strmap_init(&known);
    for (size_t i = first; i < c->out->n; i++) {
        record *rec = &c->out->v[i];
        if (!is_type(rec, "ZONE") || rec->alias_of || !rec->name)
            continue;
        const strmap_entry *k = strmap_get(&known, rec->name);
        if (k) {
            if (k->value[0])
                link_zone_name(rec, k->value);
            continue;
        }
        char *asked = strdup(rec->name);
        const char *linked = "";
        size_t nl = strlen(rec->name);
        for (size_t f = 0; f < sizeof forms / sizeof forms[0]; f++) {
            size_t sl = strlen(forms[f][0]);
            if (nl <= sl + 3 || strcmp(rec->name + nl - sl, forms[f][0]) != 0)
                continue;
            size_t pl = nl - sl; /* the prefix: rec->name[0, pl) */
            const char *full = NULL;
            bool unique = true;
            bool exact = false;
            for (size_t j = first; j < c->out->n && unique; j++) {
                const record *o = &c->out->v[j];
                if (!is_type(o, "ZONE") || !o->name || o->name == rec->name)
                    continue;
                size_t ol = strlen(o->name);
                for (int k = 1; k <= 2; k++) {
                    size_t ll = strlen(forms[f][k]);
                    if (ol < pl + ll || strcmp(o->name + ol - ll, forms[f][k]) || memcmp(o->name + ol - ll - pl, rec->name, pl))
                        continue;
                    /* The same prefix exactly wins over longer ones (朝阳喀左...). */
                    bool ex = ol == pl + ll;
                    if (full && strcmp(full, o->name) && ex == exact)
                        unique = false;
                    if (!full || (ex && !exact)) {
                        full = o->name;
                        unique = true;
                    }
                    exact = exact || ex;
                }
            }
            if (full && unique) {
                linked = full;
                link_zone_name(rec, full);
            }
            break;
        }
        if (asked)
            strmap_put(&known, asked, linked);
        free(asked);
    }
    strmap_free(&known);
}

/* Is there an entity record of [first, n) overlapping [ns, ne)? */
static bool entity_overlapping(ctx *c, size_t first, size_t ns, size_t ne)
{
    span_walk w = span_walk_start(c->ix, ns, ne);
    for (int32_t j; (j = span_walk_next(c->ix, c->out, &w)) >= 0;)
        if ((size_t)j >= first && is_entity(&c->out->v[j]))
            return true;
    return false;
}

static int level_rank(const char *level)
{
    static const char *const ranks[] = {"town", "county", "city", "province"};
    for (int i = 0; level && i < 4; i++)
        if (!strcmp(level, ranks[i]))
            return i + 1;
    return 0;
}

/* Is code one of the comma-separated codes of list? */
static bool in_list(const char *list, const char *code)
{
    size_t n = strlen(code);
    for (const char *p = list; p && *p;) {
        const char *comma = strchr(p, ',');
        size_t m = comma ? (size_t)(comma - p) : strlen(p);
        if (m == n && !memcmp(p, code, n))
            return true;
        p = comma ? comma + 1 : NULL;
    }
    return false;
}

/* The codes of the places an article names without ambiguity, with the
 * codes above them; owned copies. */
typedef struct {
    char **v;
    size_t n, cap;
} code_set;

static void code_set_add(code_set *cs, const char *code, size_t len)
{
    for (size_t i = 0; i < cs->n; i++)
        if (strlen(cs->v[i]) == len && !memcmp(cs->v[i], code, len))
            return;
    if (cs->n == cs->cap) {
        size_t cap = cs->cap ? 2 * cs->cap : 32;
        char **q = realloc(cs->v, cap * sizeof *q);
        if (!q)
            return;
        cs->v = q;
        cs->cap = cap;
    }
    char *copy = strndup(code, len);
    if (copy)
        cs->v[cs->n++] = copy;
}

static void code_set_free(code_set *cs)
{
    for (size_t i = 0; i < cs->n; i++)
        free(cs->v[i]);
    free(cs->v);
}

/* Adds an entry's code and the codes of its parents list. */
static void code_set_add_entry(code_set *cs, const lex_entry *e)
{
    if (e->code)
        code_set_add(cs, e->code, strlen(e->code));
    for (const char *p = e->parents; p && *p;) {
        const char *comma = strchr(p, ',');
        code_set_add(cs, p, comma ? (size_t)(comma - p) : strlen(p));
        p = comma ? comma + 1 : NULL;
    }
}

/* How well an entry fits the places of the article: its own code (the
 * full name elsewhere: 朝阳市 for 朝阳) counts twice, codes above it (辽宁
 * for 朝阳市) and below it (龙城区 for 朝阳市) once.  `local`: provinces
 * do not count (a county short form needs its city or a place in it). */
static int fit(const lex_entry *e, const code_set *ctxc, bool local)
{
    int score = 0;
    size_t n = e->code ? strlen(e->code) : 0;
    for (size_t i = 0; i < ctxc->n; i++) {
        const char *x = ctxc->v[i];
        if (local && strlen(x) <= 2)
            continue;
        if (n && !strcmp(x, e->code))
            score += 2;
        else if (e->parents && in_list(e->parents, x))
            score++;
        else if (n && strlen(x) > n && !strncmp(x, e->code, n))
            score++;
    }
    return score;
}

/* The entries of a hit that have its first entry's type and a code. */
static size_t coded_candidates(const lex_hit *h, const lex_entry **out, size_t max)
{
    size_t k = 0;
    for (size_t i = 0; i < h->n && k < max; i++)
        if (h->e[i].code && h->e[0].type && h->e[i].type && !strcmp(h->e[i].type, h->e[0].type))
            out[k++] = &h->e[i];
    return k;
}

/*
 * Short forms of counties and townships (天元 for 天元区, 新龙 for 新龙县)
 * and two-character names of that level (成县, 范镇) are too often parts of
 * ordinary words or company names (中能建、天元、唯科; 新龙门客栈): they
 * count only when the article also names the province, city or a place
 * inside them.
 */
static bool needs_context(const lex_hit *h, const lex_entry *const *cand, size_t k)
{
    bool short_or_2 = count_chars_in(h->e->name, 0, strlen(h->e->name)) <= 2;
    for (size_t i = 0; i < k; i++) {
        if (level_rank(cand[i]->level) > 2 || level_rank(cand[i]->level) == 0)
            return false;
        if (strcmp(cand[i]->canonical, cand[i]->name) != 0)
            short_or_2 = true;
    }
    return k > 0 && short_or_2;
}

/*
 * Chooses, for each name-list match, the entry it stands for.  A name with
 * one coded entry is that place.  A shared name (朝阳: 朝阳市, 朝阳县,
 * two 朝阳区) takes the entry that fits best the places the article
 * names without ambiguity (辽宁, 龙城区; counted inside other names too),
 * the higher division on a tie (朝阳市 over its 朝阳县); with no such
 * place, the highest entry when all the others lie inside it (辽阳: 辽阳市
 * over 辽阳县), else none: the record keeps its written name and no code.
 */
static void resolve_hits(ctx *c)
{
    code_set ctxc = {0};
    const lex_entry *cand[64];
    bool *fixed = calloc(c->nhits ? c->nhits : 1, sizeof *fixed);
    if (!fixed)
        return;
    for (size_t h = 0; h < c->nhits; h++) {
        lex_hit *hit = &c->hits[h];
        size_t k = coded_candidates(hit, cand, 64);
        if (k == 0) {
            hit->chosen = hit->e; /* no code: a region (辽西) may still name its province */
            fixed[h] = true;
            code_set_add_entry(&ctxc, hit->e);
        } else if ((k == 1 || !strcmp(cand[0]->code, cand[k - 1]->code)) && !needs_context(hit, cand, k)) {
            hit->chosen = cand[0];
            code_set_add_entry(&ctxc, cand[0]);
            fixed[h] = true;
        }
    }
    /* Two rounds: the second sees the choices of the first (a short form
     * early in the article is read with the places named after it). */
    for (int pass = 0; pass < 2; pass++) {
        if (pass == 1)
            for (size_t h = 0; h < c->nhits; h++)
                if (!fixed[h] && c->hits[h].chosen)
                    code_set_add_entry(&ctxc, c->hits[h].chosen);
        for (size_t h = 0; h < c->nhits; h++) {
            lex_hit *hit = &c->hits[h];
            if (fixed[h])
                continue;
            hit->chosen = NULL;
            size_t k = coded_candidates(hit, cand, 64);
            int best = 0, best_rank = -1;
            bool local = needs_context(hit, cand, k);
            const lex_entry *pick = NULL;
            bool tie = false;
            for (size_t i = 0; i < k; i++) {
                int f = fit(cand[i], &ctxc, local), rank = level_rank(cand[i]->level);
                if (f > best || (f == best && f > 0 && rank > best_rank)) {
                    best = f;
                    best_rank = rank;
                    pick = cand[i];
                    tie = false;
                } else if (f == best && f > 0 && rank == best_rank) {
                    tie = true;
                }
            }
            if (best > 0 && !tie) {
                hit->chosen = pick;
            } else if (pass == 1 && needs_context(hit, cand, k)) {
                hit->drop = true;
            } else if (pass == 1 && best == 0) {
                /* No context: the top division when the others are inside it. */
                const lex_entry *top = NULL;
                for (size_t i = 0; i < k; i++)
                    if (!top || level_rank(cand[i]->level) > level_rank(top->level))
                        top = cand[i];
                bool nested = top != NULL;
                for (size_t i = 0; i < k && nested; i++)
                    nested = cand[i] == top ||
                             (level_rank(cand[i]->level) < level_rank(top->level) && cand[i]->parents &&
                              in_list(cand[i]->parents, top->code));
                if (nested)
                    hit->chosen = top;
            }
        }
    }
    code_set_free(&ctxc);
    free(fixed);
}

/*
 * Name-list matches become records, unless a rule's record overlaps them:
 * the place inside an organisation (朝阳 in 朝阳浪马轮胎有限公司) is part
 * of that name, not a mention of its own.  A match longer than the rule
 * records it covers replaces them.
 */
static int cmp_size(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void add_lexicon_records(ctx *c)
{
    /* The index holds the rules' records, as propagate_aliases left it;
     * name-list records added here stay out: they do not block each other. */
    span_index *ix = c->ix;
    size_t *over = NULL, cap = 0;
    for (size_t h = 0; h < c->nhits; h++) {
        lex_hit *hit = &c->hits[h];
        bool keep = !hit->drop;
        /* the rules' entities overlapping the match, in record order: a
         * longer match drops those it contains, up to the first it does
         * not contain, which keeps the match out */
        size_t n = 0;
        span_walk w = span_walk_start(ix, hit->ns, hit->ne);
        for (int32_t j; keep && (j = span_walk_next(ix, c->out, &w)) >= 0;) {
            if (!is_entity(&c->out->v[j]))
                continue;
            if (!grow_to((void **)&over, &cap, n, sizeof *over)) {
                ix->failed = true;
                keep = false;
                break;
            }
            over[n++] = (size_t)j;
        }
        if (n > 1)
            qsort(over, n, sizeof *over, cmp_size);
        for (size_t k = 0; k < n && keep; k++) {
            record *o = &c->out->v[over[k]];
            if (hit->ns <= o->nstart && o->nend <= hit->ne && hit->ne - hit->ns > o->nend - o->nstart)
                o->kind = (record_kind)-1;
            else
                keep = false;
        }
        if (!keep)
            continue;
        const lex_entry *e = hit->chosen ? hit->chosen : hit->e;
        record *rec = record_list_push(c->out);
        if (!rec)
            return;
        rec->kind = REC_ENTITY;
        rec->rule = e->source;
        rec->nstart = hit->ns;
        rec->nend = hit->ne;
        ztext_source_span(c->norm, hit->ns, hit->ne, &rec->start, &rec->end);
        rec->norm = dup_range(c->norm->s, hit->ns, hit->ne);
        rec->text = decoded_text(c->decoded, rec->start, rec->end);
        rec->etype = e->type;
        bool same_canon = true;
        for (size_t i = 1; i < hit->n && same_canon; i++)
            same_canon = !strcmp(hit->e[i].canonical, hit->e[0].canonical);
        rec->name = strdup(hit->chosen || same_canon ? e->canonical : rec->norm);
        if (hit->chosen && e->code)
            rec->code = strdup(e->code);
    }
    free(over);
    record_list_compact(c->out);
}

/* ------------------------------------------------------------ short names */

static const char *const company_forms[] = {"集团股份有限公司", "集团有限公司", "股份有限公司", "有限责任公司",
                                            "有限公司", "股份公司", "集团公司", "公司", "集团"};

/* A later mention [ns, ne) of a name: a record of the full name, unless an
 * entity record other than a place overlaps it (places inside it are
 * dropped: 辽宁 in 辽宁炜盛). */
static void add_mention(ctx *c, size_t first, size_t ns, size_t ne, const char *etype, const char *name,
                        const char *alias_of, const char *rule_id, const char *role)
{
    /* A rule found the short name as a name of its own (港隆公司, 航天凌河):
     * it becomes a mention of the full name (the first such record). */
    record *same = NULL;
    size_t same_at = 0;
    span_walk w = span_walk_start(c->ix, ns, ne);
    for (int32_t j; (j = span_walk_next(c->ix, c->out, &w)) >= 0;) {
        record *o = &c->out->v[j];
        if ((size_t)j >= first && is_type(o, etype) && o->nstart == ns && o->nend == ne && !o->alias_of &&
            (!same || (size_t)j < same_at))
            same = o, same_at = (size_t)j;
    }
    if (same) {
        free(same->name);
        same->name = strdup(name);
        same->alias_of = alias_of ? strdup(alias_of) : NULL;
        return;
    }
    w = span_walk_start(c->ix, ns, ne);
    for (int32_t j; (j = span_walk_next(c->ix, c->out, &w)) >= 0;) {
        record *o = &c->out->v[j];
        if ((size_t)j >= first && is_entity(o) && (!is_type(o, "LOC") || o->nstart < ns || o->nend > ne))
            return;
    }
    w = span_walk_start(c->ix, ns, ne);
    for (int32_t j; (j = span_walk_next(c->ix, c->out, &w)) >= 0;) {
        record *o = &c->out->v[j];
        if ((size_t)j >= first && is_type(o, "LOC") && ns <= o->nstart && o->nend <= ne)
            o->kind = (record_kind)-1;
    }
    record *rec = record_list_push(c->out);
    if (!rec)
        return;
    rec->kind = REC_ENTITY;
    rec->rule = rule_id;
    rec->nstart = ns;
    rec->nend = ne;
    ztext_source_span(c->norm, ns, ne, &rec->start, &rec->end);
    rec->norm = dup_range(c->norm->s, ns, ne);
    rec->text = decoded_text(c->decoded, rec->start, rec->end);
    rec->etype = etype;
    rec->name = strdup(name);
    rec->alias_of = alias_of ? strdup(alias_of) : NULL;
    rec->role = role;
    span_index_add(c->ix, c->out, c->out->n - 1);
}

typedef struct {
    char *s;
    size_t len;
} form;

static int cmp_form_len(const void *a, const void *b)
{
    const form *x = a, *y = b;
    return x->len < y->len ? 1 : x->len > y->len ? -1 : strcmp(x->s, y->s);
}

/* Byte offset of the first k characters of s (or its length). */
static size_t chars_prefix(const char *s, size_t len, size_t k)
{
    size_t i = 0;
    while (i < len && k) {
        i++;
        while (i < len && ((unsigned char)s[i] & 0xC0) == 0x80)
            i++;
        k--;
    }
    return i;
}

static void add_form(form *forms, size_t *n, size_t max, const char *a, size_t alen, const char *b, size_t blen)
{
    if (*n >= max || alen + blen < 6) /* two characters at least */
        return;
    char *s = malloc(alen + blen + 1);
    if (!s)
        return;
    memcpy(s, a, alen);
    memcpy(s + alen, b, blen);
    s[alen + blen] = '\0';
    for (size_t i = 0; i < *n; i++)
        if (!strcmp(forms[i].s, s)) {
            free(s);
            return;
        }
    forms[(*n)++] = (form){s, alen + blen};
}

/*
 * A company introduced by its full name is then often named by its core,
 * without the place and the company form: 朝阳浪马轮胎有限公司 → 浪马轮胎,
 * 朝阳浪马轮胎; 辽阳港隆化工有限公司 → 港隆化工, 港隆公司; 辽宁信德新材料
 * 科技股份有限公司 → 信德新材; 辽宁炜盛新型复合材料有限公司 → 辽宁炜盛.
 * Later mentions of these forms become records of the full name.  The
 * core alone must have three characters or more (two-character brands
 * are too often ordinary words: 海味, 丝路); its two-character brand is
 * used only with the place or with 公司/集团.
 */
static void company_short_names(ctx *c, size_t first)
{
    const char *s = c->norm->s;
    strmap done; /* name + surface already handled: the same forms again add nothing */
    strmap_init(&done);
    span_index_reset(c->ix, c->out, first);
    for (size_t i = first; i < c->out->n; i++) {
        record *rec = &c->out->v[i];
        if (!is_type(rec, "ORG") || rec->alias_of || !rec->name || !rec->norm)
            continue;
        const char *key[] = {rec->name, rec->norm};
        if (!first_time(&done, key, 2))
            continue;
        size_t ns = rec->nstart, ne = rec->nend, sufl = 0;
        for (size_t k = 0; k < sizeof company_forms / sizeof company_forms[0] && !sufl; k++) {
            size_t fl = strlen(company_forms[k]);
            if (ne - ns > fl && !memcmp(s + ne - fl, company_forms[k], fl))
                sufl = fl;
        }
        if (!sufl)
            continue;
        size_t core_end = ne - sufl, core_start = ns;
        /* A place in brackets before the form: 三沅环保科技(凌源)有限公司. */
        if (core_end > ns && (s[core_end - 1] == ')' || !memcmp(s + core_end - 3, "）", 3))) {
            size_t k = core_end - 1;
            while (k > ns && s[k] != '(' && memcmp(s + k, "（", 3))
                k--;
            if (k > ns)
                core_end = k;
        }
        /* Places at the start: 辽宁, 朝阳, 辽宁朝阳. */
        for (size_t h = first_hit_from(c, core_start); h < c->nhits && c->hits[h].ns <= core_start; h++) {
            const lex_hit *hit = &c->hits[h];
            if (hit->ns == core_start && hit->ne < core_end && !hit->drop && hit->e->type && !strcmp(hit->e->type, "LOC"))
                core_start = hit->ne;
        }
        const char *core = s + core_start;
        size_t clen = core_end - core_start, cchars = count_chars_in(s, core_start, core_end);
        if (cchars < 2)
            continue;
        form forms[24];
        size_t nf = 0;
        size_t brand = chars_prefix(core, clen, 2);
        if (core_start > ns) {
            add_form(forms, &nf, 24, s + ns, core_end - ns, "", 0);
            add_form(forms, &nf, 24, s + ns, core_start - ns + brand, "", 0);
        }
        if (cchars >= 3)
            add_form(forms, &nf, 24, core, clen, "", 0);
        for (size_t k = 4; k < cchars; k++)
            add_form(forms, &nf, 24, core, chars_prefix(core, clen, k), "", 0);
        if (cchars >= 3) {
            add_form(forms, &nf, 24, core, brand, "公司", 6);
        }
        qsort(forms, nf, sizeof *forms, cmp_form_len);
        char *full = strdup(rec->name);
        const char *etype = rec->etype;
        size_t from = 0; /* short names stand before the full name too (headlines) */
        for (size_t k = 0; k < nf && full; k++) {
            const char *hit;
            for (size_t at = from; at < c->norm->len && (hit = memmem(s + at, c->norm->len - at, forms[k].s, forms[k].len));
                 at = (size_t)(hit - s) + forms[k].len)
                add_mention(c, first, (size_t)(hit - s), (size_t)(hit - s) + forms[k].len, etype, full, full,
                            "alias.company", NULL);
        }
        for (size_t k = 0; k < nf; k++)
            free(forms[k].s);
        free(full);
    }
    strmap_free(&done);
    record_list_compact(c->out);
}

/* Characters that may follow a person's name mentioned again without a
 * title: a verb of saying, a particle, a preposition. */
static bool person_follow(const char *s, size_t len, size_t at)
{
    static const char *const follow[] = {"说", "表", "介", "指", "认", "坦", "感", "告", "透", "强", "称", "讲", "提", "在",
                                         "是", "的", "和", "与", "向", "已", "正", "也", "都", "就", "还", "再", "又", "曾",
                                         "对", "把", "被", "从", "等", "通", "接", "带", "之", "将", "现", "一", "为", "给"};
    if (at >= len)
        return true;
    int32_t cp;
    size_t n = utf8_decode_valid(s, len, at, &cp);
    if (!n || !is_han(cp))
        return true;
    for (size_t i = 0; i < sizeof follow / sizeof follow[0]; i++)
        if (!memcmp(s + at, follow[i], 3))
            return true;
    return false;
}

/* A person named once with a title or byline is the same person where the
 * name stands again (范世友之前, 王玉兰说); two-character names only
 * before a verb or particle (林志 is not 林志玲). */
static void person_mentions(ctx *c, size_t first)
{
    const char *s = c->norm->s;
    size_t n0 = c->out->n;
    strmap seen;
    strmap_init(&seen);
    span_index_reset(c->ix, c->out, first);
    for (size_t i = first; i < n0; i++) {
        record *rec = &c->out->v[i];
        if (!is_type(rec, "PER") || !rec->name)
            continue;
        size_t nl = strlen(rec->name), nch = count_chars_in(rec->name, 0, nl);
        /* each name once: the first record of it gives the role */
        const char *key[] = {rec->name};
        if (!first_time(&seen, key, 1) || nch < 2 || nch > 4)
            continue;
        char *name = strdup(rec->name);
        const char *role = rec->role;
        const char *hit;
        for (size_t at = 0; name && at < c->norm->len && (hit = memmem(s + at, c->norm->len - at, name, nl));
             at = (size_t)(hit - s) + nl) {
            size_t hs = (size_t)(hit - s);
            if (nch == 2 && !person_follow(s, c->norm->len, hs + nl))
                continue;
            if (!entity_overlapping(c, first, hs, hs + nl))
                add_mention(c, first, hs, hs + nl, "PER", name, NULL, "per.mention", role);
        }
        free(name);
    }
    strmap_free(&seen);
    record_list_compact(c->out);
}

/* ------------------------------------------------------------ entry points */

bool extract_run(extractor *x, const ztext *decoded, const ztext *norm, const civil_date *ref, record_list *out,
                 diag_list *w)
{
    ctx c = {x, decoded, norm, ref, out, NULL, 0, 0, {0, 0, 0}, NULL};
    size_t first = out->n;
    memset(x->limited, 0, x->rs->nrules * sizeof *x->limited);
    x->place_ok = place_ok_cb;
    x->place_arg = &c;
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
            uint64_t t0 = prof_now();
            scan_lexicon(&c, &sub); /* first: `start place` rules look at its matches */
            prof_stage_add(PROF_LEXICON, t0);
            t0 = prof_now();
            find_windows(x, &sub, SIZE_MAX);
            prof_stage_add(PROF_TRIGGERS, t0);
            static const prof_stage kind_stage[KIND_COUNT] = {PROF_FIGURES, PROF_DATES, PROF_ENTITIES};
            for (int k = 0; k < KIND_COUNT; k++) {
                t0 = prof_now();
                scan_kind(&c, (rule_kind)k, &sub, w);
                prof_stage_add(kind_stage[k], t0);
            }
            s = e;
        }
        a = nl ? b + 1 : b;
    }
    /* Entities: names trimmed to where they start, abbreviations, name
     * lists, short company names, people named again; then figures inside
     * names and dates are dropped. */
    uint64_t t0 = prof_now();
    span_index ix;
    bool indexed = span_index_init(&ix, norm->len);
    if (!indexed) {
        x->place_ok = NULL;
        x->place_arg = NULL;
        free(c.hits);
        return false;
    }
    c.ix = &ix;
    resolve_hits(&c);
    refine_names(&c, first);
    propagate_aliases(&c, first);
    link_zone_forms(&c, first);
    add_lexicon_records(&c);
    company_short_names(&c, first);
    person_mentions(&c, first);
    indexed = !ix.failed; /* else some name was settled without all records in view */
    span_index_free(&ix);
    c.ix = NULL;
    settle_overlaps(out, first);
    x->place_ok = NULL;
    x->place_arg = NULL;
    free(c.hits);
    record_list_sort(out);
    prof_stage_add(PROF_SETTLE, t0);
    return indexed;
}

/* Where rule r may match in sub: near its triggers, or (triggers false)
 * everywhere.  For running one rule alone (examples). */
static void rule_windows(extractor *x, const rule *r, const subject *sub, bool triggers)
{
    bool saved = x->no_triggers;
    x->no_triggers = !triggers;
    find_windows(x, sub, r->group);
    x->no_triggers = saved;
}

bool extract_rule_first_record(extractor *x, const rule *r, const char *s, size_t len)
{
    if (r->kind != KIND_FIGURE && r->kind != KIND_DATE)
        return true;
    subject sub = {s, 0, len};
    size_t ri = (size_t)(r - x->rs->rules);
    rule_windows(x, r, &sub, false);
    size_t at = next_match(x, ri, &sub, 0, NULL);
    x->limited[ri] = false;
    if (at == NEXT_NONE)
        return true; /* nothing to normalise: the example check says so */
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->rule_md[ri]);
    ctx c = {x, NULL, NULL, NULL, NULL, NULL, 0, 0, {0, 0, 0}, NULL};
    record rec;
    memset(&rec, 0, sizeof rec);
    x->md = x->rule_md[ri];
    bool ok = r->kind == KIND_FIGURE ? fill_figure(&c, ri, &rec, s) : fill_date(&c, ri, &rec, s, ov[0], ov[1]);
    x->md = x->scratch;
    record_free(&rec);
    return ok;
}

int extract_rule_matches(extractor *x, const rule *r, const char *s, size_t len, bool triggers, size_t *ms,
                         size_t *me)
{
    subject sub = {s, 0, len};
    size_t ri = (size_t)(r - x->rs->rules), pos = 0;
    rule_windows(x, r, &sub, triggers);
    x->limited[ri] = false;
    int n = 0;
    while (pos <= len) {
        size_t at = next_match(x, ri, &sub, pos, NULL);
        if (at == NEXT_NONE)
            break;
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(x->rule_md[ri]);
        if (n++ == 0) {
            *ms = ov[0];
            *me = ov[1];
            /* Entity records span their name: so do examples. */
            size_t a, b;
            x->md = x->rule_md[ri];
            if (r->kind == KIND_ENTITY && group_span(x, ri, G_NAME, &a, &b) && b > a) {
                *ms = a;
                *me = b;
            }
            x->md = x->scratch;
        }
        pos = ov[1] > ov[0] ? ov[1] : (ov[0] < len ? next_char(&sub, ov[0]) : len + 1);
    }
    bool limited = x->limited[ri];
    x->limited[ri] = false;
    return limited ? -1 : n;
}
