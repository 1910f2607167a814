/* rules.c — see rules.h; the file format is documented in rules/README.md. */
#include "rules.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "text.h"

#define MAX_EXPANSION_DEPTH 16
#define MAX_PATTERN_BYTES (1u << 20)

typedef struct {
    char *name;
    char *body;
    char *file;
    int line;
} define_def;

/* Everything read from the files before compilation. */
typedef struct {
    define_def *defs;
    size_t ndefs;
    rule *rules;
    size_t nrules;
    unit_def *units;
    size_t nunits;
    qualifier_def *quals;
    size_t nquals;
    char **lexfiles; /* `lexicon FILE` lines: paths relative to the rule directory */
    char **lexfrom;  /* the rule file and line that named each, for messages */
    int *lexline;
    size_t nlex;
} parsed;

const char *rule_kind_name(rule_kind k)
{
    static const char *names[] = {"figure", "date", "entity"};
    return k < KIND_COUNT ? names[k] : "?";
}

/* ------------------------------------------------------------ small helpers */

static void *grow(void *p, size_t n, size_t size)
{
    /* Arrays grow one element at a time; doubling at powers of two keeps
     * that amortised constant without storing a capacity. */
    if (n && (n & (n - 1)))
        return p;
    void *q = realloc(p, (n ? 2 * n : 1) * size);
    if (!q) {
        fprintf(stderr, "zhpipe: out of memory loading rules\n");
        exit(1);
    }
    return q;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d) {
        fprintf(stderr, "zhpipe: out of memory loading rules\n");
        exit(1);
    }
    return d;
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        s[--n] = '\0';
    return s;
}

/* Splits "key rest" at the first run of blanks; *rest is "" if none. */
static char *split_word(char *s, char **rest)
{
    char *p = s;
    while (*p && *p != ' ' && *p != '\t')
        p++;
    if (*p) {
        *p++ = '\0';
        *rest = trim(p);
    } else {
        *rest = p;
    }
    return s;
}

static bool valid_name(const char *s)
{
    if (!(isalpha((unsigned char)*s) || *s == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_' || *s == '.' || *s == '-'))
            return false;
    return true;
}

/* ------------------------------------------------------------ .rules files */

static rule_kind parse_kind(const char *s, bool *ok)
{
    *ok = true;
    for (int k = 0; k < KIND_COUNT; k++)
        if (strcmp(s, rule_kind_name((rule_kind)k)) == 0)
            return (rule_kind)k;
    *ok = false;
    return KIND_FIGURE;
}

static const char *const entity_types[] = {"ORG", "ZONE", "LOC", "PER", "DOC", "ALIAS"};

static bool valid_entity_type(const char *t)
{
    for (size_t i = 0; i < sizeof entity_types / sizeof entity_types[0]; i++)
        if (strcmp(t, entity_types[i]) == 0)
            return true;
    return false;
}

/* Appends a pattern line: several `pattern` lines concatenate. */
static void append_pattern(rule *r, const char *more)
{
    size_t a = r->pattern ? strlen(r->pattern) : 0, b = strlen(more);
    char *p = realloc(r->pattern, a + b + 1);
    if (!p) {
        fprintf(stderr, "zhpipe: out of memory loading rules\n");
        exit(1);
    }
    memcpy(p + a, more, b + 1);
    r->pattern = p;
}

static bool parse_reach(const char *s, int *out)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*s == '\0' || *end || v < 0 || v > 1000)
        return false;
    *out = (int)v;
    return true;
}

/* Reads one `key value` line inside a rule block. */
static void parse_rule_line(rule *r, char *key, char *val, const char *file, int line, diag_list *d)
{
    if (strcmp(key, "kind") == 0) {
        bool ok;
        r->kind = parse_kind(val, &ok);
        if (!ok)
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: unknown kind '%s' (figure, date or entity)", r->id, val);
    } else if (strcmp(key, "type") == 0) {
        if (!valid_entity_type(val))
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: unknown entity type '%s' (ORG, ZONE, LOC, PER, DOC, ALIAS)",
                     r->id, val);
        free(r->type);
        r->type = xstrdup(val);
    } else if (strcmp(key, "role") == 0) {
        free(r->role);
        r->role = xstrdup(val);
    } else if (strcmp(key, "priority") == 0) {
        char *end;
        long v = strtol(val, &end, 10);
        if (*val == '\0' || *end || v < -1000 || v > 1000)
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: priority must be an integer from -1000 to 1000", r->id);
        r->priority = (int)v;
    } else if (strcmp(key, "start") == 0) {
        if (strcmp(val, "place") != 0)
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: 'start' takes one value: place", r->id);
        r->start_place = true;
    } else if (strcmp(key, "trigger") == 0) {
        char *rest = val;
        if (!*val)
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: 'trigger' takes words, {NAME}s or ^", r->id);
        while (*rest) {
            char *item = split_word(rest, &rest);
            r->trigger_items = grow(r->trigger_items, r->ntrigger_items, sizeof *r->trigger_items);
            r->trigger_items[r->ntrigger_items++] = xstrdup(item);
        }
        r->has_triggers = true;
        r->trigger_line = line;
    } else if (strcmp(key, "reach") == 0) {
        char *after;
        char *before = split_word(val, &after);
        if (!parse_reach(before, &r->reach_before) || (*after && !parse_reach(after, &r->reach_after)))
            diag_add(d, DIAG_ERROR, file, line, 0,
                     "rule %s: 'reach BEFORE [AFTER]' takes one or two character counts from 0 to 1000", r->id);
    } else if (strcmp(key, "pattern") == 0) {
        if (!*val)
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: empty pattern", r->id);
        append_pattern(r, val);
    } else if (strcmp(key, "example") == 0 || strcmp(key, "counter") == 0) {
        bool is_example = key[0] == 'e';
        char *arrow = strstr(val, "=>");
        if (is_example && !arrow) {
            diag_add(d, DIAG_ERROR, file, line, 0, "rule %s: an example is 'example TEXT => MATCH'", r->id);
            return;
        }
        r->examples = grow(r->examples, r->nexamples, sizeof *r->examples);
        rule_example *ex = &r->examples[r->nexamples++];
        if (arrow) {
            *arrow = '\0';
            ex->expect = xstrdup(trim(arrow + 2));
        } else {
            ex->expect = NULL;
        }
        ex->text = xstrdup(trim(val));
        ex->line = line;
    } else {
        diag_add(d, DIAG_ERROR, file, line, 0,
                 "rule %s: unknown key '%s' (kind, type, role, priority, start, trigger, reach, pattern, example, counter)", r->id, key);
    }
}

static void parse_rules_file(parsed *p, const char *path, diag_list *d)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        return;
    }
    char *buf = NULL;
    size_t cap = 0;
    int line = 0;
    rule *cur = NULL;
    while (getline(&buf, &cap, f) >= 0) {
        line++;
        bool indented = buf[0] == ' ' || buf[0] == '\t';
        char *s = trim(buf);
        if (*s == '\0' || *s == '#')
            continue;
        if (!utf8_is_valid(s, strlen(s))) {
            diag_add(d, DIAG_ERROR, path, line, 0, "not valid UTF-8");
            continue;
        }
        char *val;
        char *key = split_word(s, &val);
        if (indented) {
            if (!cur)
                diag_add(d, DIAG_ERROR, path, line, 0, "indented line outside a rule block");
            else
                parse_rule_line(cur, key, val, path, line, d);
            continue;
        }
        cur = NULL;
        if (strcmp(key, "define") == 0) {
            char *body;
            char *name = split_word(val, &body);
            if (!valid_name(name) || !*body) {
                diag_add(d, DIAG_ERROR, path, line, 0, "a definition is 'define NAME PATTERN'");
                continue;
            }
            p->defs = grow(p->defs, p->ndefs, sizeof *p->defs);
            p->defs[p->ndefs++] = (define_def){xstrdup(name), xstrdup(body), xstrdup(path), line};
        } else if (strcmp(key, "lexicon") == 0) {
            if (!*val || strchr(val, ' ')) {
                diag_add(d, DIAG_ERROR, path, line, 0, "a name list is 'lexicon FILE' (a path relative to the rule directory)");
                continue;
            }
            p->lexfiles = grow(p->lexfiles, p->nlex, sizeof *p->lexfiles);
            p->lexfrom = grow(p->lexfrom, p->nlex, sizeof *p->lexfrom);
            p->lexline = grow(p->lexline, p->nlex, sizeof *p->lexline);
            p->lexfiles[p->nlex] = xstrdup(val);
            p->lexfrom[p->nlex] = xstrdup(path);
            p->lexline[p->nlex++] = line;
        } else if (strcmp(key, "rule") == 0) {
            if (!valid_name(val)) {
                diag_add(d, DIAG_ERROR, path, line, 0, "a rule starts with 'rule ID' (letters, digits, . _ -)");
                continue;
            }
            p->rules = grow(p->rules, p->nrules, sizeof *p->rules);
            cur = &p->rules[p->nrules++];
            memset(cur, 0, sizeof *cur);
            cur->id = xstrdup(val);
            cur->kind = KIND_COUNT;
            cur->file = xstrdup(path);
            cur->line = line;
        } else {
            diag_add(d, DIAG_ERROR, path, line, 0, "unknown directive '%s' (define, rule, lexicon; rule keys are indented)", key);
        }
    }
    free(buf);
    fclose(f);
}

/* ------------------------------------------------------------ units.conf */

static bool parse_factor(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (*s == '\0' || *end || errno || !(v > 0))
        return false;
    *out = v;
    return true;
}

static void parse_units_line(parsed *p, char *s, const char *path, int line, diag_list *d)
{
    char *rest;
    char *key = split_word(s, &rest);
    char *f[5] = {0};
    int nf = 0;
    while (*rest && nf < 5)
        f[nf++] = split_word(rest, &rest);
    if (strcmp(key, "unit") == 0) {
        if (nf < 3 || nf > 4) {
            diag_add(d, DIAG_ERROR, path, line, 0, "a unit is 'unit SURFACE CANONICAL DIMENSION [FACTOR]'");
            return;
        }
        double factor = 0;
        if (nf == 4 && !parse_factor(f[3], &factor)) {
            diag_add(d, DIAG_ERROR, path, line, 0, "unit %s: factor '%s' is not a positive number", f[0], f[3]);
            return;
        }
        p->units = grow(p->units, p->nunits, sizeof *p->units);
        p->units[p->nunits++] = (unit_def){xstrdup(f[0]), xstrdup(f[1]), xstrdup(f[2]), factor};
    } else if (strcmp(key, "qualifier") == 0) {
        qualifier_effect e;
        if (nf != 3 || (strcmp(f[2], "pre") && strcmp(f[2], "post"))) {
            diag_add(d, DIAG_ERROR, path, line, 0, "a qualifier is 'qualifier WORD approx|min|max pre|post'");
            return;
        }
        if (strcmp(f[1], "approx") == 0)
            e = QUAL_APPROX;
        else if (strcmp(f[1], "min") == 0)
            e = QUAL_MIN;
        else if (strcmp(f[1], "max") == 0)
            e = QUAL_MAX;
        else {
            diag_add(d, DIAG_ERROR, path, line, 0, "qualifier %s: effect must be approx, min or max", f[0]);
            return;
        }
        p->quals = grow(p->quals, p->nquals, sizeof *p->quals);
        p->quals[p->nquals++] = (qualifier_def){xstrdup(f[0]), e, strcmp(f[2], "pre") == 0};
    } else {
        diag_add(d, DIAG_ERROR, path, line, 0, "unknown directive '%s' (unit, qualifier)", key);
    }
}

static void parse_units_file(parsed *p, const char *path, diag_list *d)
{
    FILE *f = fopen(path, "r");
    if (!f) {
        diag_add(d, DIAG_ERROR, path, 0, 0, "cannot read: %s", strerror(errno));
        return;
    }
    char *buf = NULL;
    size_t cap = 0;
    int line = 0;
    while (getline(&buf, &cap, f) >= 0) {
        line++;
        char *s = trim(buf);
        if (*s == '\0' || *s == '#')
            continue;
        if (!utf8_is_valid(s, strlen(s)))
            diag_add(d, DIAG_ERROR, path, line, 0, "not valid UTF-8");
        else
            parse_units_line(p, s, path, line, d);
    }
    free(buf);
    fclose(f);
}

/* ------------------------------------------------------------ expansion */

typedef struct {
    char *s;
    size_t len, cap;
    bool overflow;
} sbuf;

static void sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->overflow || b->len + n + 1 > MAX_PATTERN_BYTES) {
        b->overflow = true;
        return;
    }
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *q = realloc(b->s, cap);
        if (!q) {
            b->overflow = true;
            return;
        }
        b->s = q;
        b->cap = cap;
    }
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

/* Appends s with every PCRE2 metacharacter escaped. */
static void sb_add_literal(sbuf *b, const char *s)
{
    for (; *s; s++) {
        if (strchr("\\^$.|?*+()[]{}-/# ", *s))
            sb_add(b, "\\", 1);
        sb_add(b, s, 1);
    }
}

static int by_length_desc(const void *a, const void *b)
{
    size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
    return la < lb ? 1 : la > lb ? -1 : strcmp(*(char *const *)a, *(char *const *)b);
}

/* {@units} or {@units:DIM}: every unit surface, longest first, so that
 * 平方公里 is preferred to 公里. */
static bool expand_units(const parsed *p, const char *dim, sbuf *out)
{
    char **list = malloc((p->nunits + 1) * sizeof *list);
    size_t n = 0;
    if (!list)
        return false;
    for (size_t i = 0; i < p->nunits; i++)
        if (!dim || strcmp(p->units[i].dimension, dim) == 0)
            list[n++] = p->units[i].surface;
    qsort(list, n, sizeof *list, by_length_desc);
    sb_add(out, "(?:", 3);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_add(out, "|", 1);
        sb_add_literal(out, list[i]);
    }
    sb_add(out, ")", 1);
    free(list);
    return n > 0;
}

/* {@qual:pre|post}: qualifier words standing before or after a number. */
static bool expand_quals(const parsed *p, const char *which, sbuf *out)
{
    char **list = malloc((p->nquals + 1) * sizeof *list);
    size_t n = 0;
    if (!list)
        return false;
    for (size_t i = 0; i < p->nquals; i++) {
        if (p->quals[i].before == (strcmp(which, "pre") == 0))
            list[n++] = p->quals[i].word;
    }
    qsort(list, n, sizeof *list, by_length_desc);
    sb_add(out, "(?:", 3);
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_add(out, "|", 1);
        sb_add_literal(out, list[i]);
    }
    sb_add(out, ")", 1);
    free(list);
    return n > 0;
}

static const define_def *find_define(const parsed *p, const char *name, size_t len)
{
    for (size_t i = 0; i < p->ndefs; i++)
        if (strlen(p->defs[i].name) == len && memcmp(p->defs[i].name, name, len) == 0)
            return &p->defs[i];
    return NULL;
}

/*
 * Expands {NAME}, {@units[:DIM]} and {@qual:EFFECT} in pattern into out.
 * A brace that does not start such a reference ({2,3}, \{) is copied as
 * it is.  Reports undefined names and cycles at the rule's file:line.
 */
static bool expand(const parsed *p, const char *pattern, int depth, sbuf *out, const char *file, int line,
                   const char *what, diag_list *d)
{
    if (depth > MAX_EXPANSION_DEPTH) {
        diag_add(d, DIAG_ERROR, file, line, 0, "%s: definitions nest more than %d deep (a cycle?)", what,
                 MAX_EXPANSION_DEPTH);
        return false;
    }
    const char *s = pattern;
    while (*s) {
        if (*s == '\\' && s[1]) {
            /* An escape; \p{Han}, \x{4E00}, \g{name} keep their braces. */
            size_t n = 2;
            if (strchr("pPxNgko", s[1]) && s[2] == '{') {
                const char *close = strchr(s + 2, '}');
                n = close ? (size_t)(close - s) + 1 : 2;
            }
            sb_add(out, s, n);
            s += n;
            continue;
        }
        if (*s == '{' && (isalpha((unsigned char)s[1]) || s[1] == '_' || s[1] == '@')) {
            const char *close = strchr(s, '}');
            if (close) {
                size_t len = (size_t)(close - s - 1);
                char ref[128];
                if (len >= sizeof ref) {
                    diag_add(d, DIAG_ERROR, file, line, 0, "%s: reference name too long", what);
                    return false;
                }
                memcpy(ref, s + 1, len);
                ref[len] = '\0';
                bool ok = true;
                if (strcmp(ref, "@units") == 0)
                    ok = expand_units(p, NULL, out);
                else if (strncmp(ref, "@units:", 7) == 0)
                    ok = expand_units(p, ref + 7, out);
                else if (!strcmp(ref, "@qual:pre") || !strcmp(ref, "@qual:post"))
                    ok = expand_quals(p, ref + 6, out);
                else if (ref[0] == '@')
                    ok = false;
                else {
                    const define_def *def = find_define(p, ref, len);
                    if (def) {
                        sb_add(out, "(?:", 3);
                        if (!expand(p, def->body, depth + 1, out, file, line, what, d))
                            return false;
                        sb_add(out, ")", 1);
                    } else {
                        diag_add(d, DIAG_ERROR, file, line, 0, "%s: undefined pattern name {%s}", what, ref);
                        return false;
                    }
                }
                if (!ok) {
                    diag_add(d, DIAG_ERROR, file, line, 0, "%s: {%s} names no units or qualifiers in units.conf", what,
                             ref);
                    return false;
                }
                s = close + 1;
                continue;
            }
        }
        sb_add(out, s, 1);
        s++;
    }
    if (out->overflow) {
        diag_add(d, DIAG_ERROR, file, line, 0, "%s: expanded pattern longer than %u bytes", what, MAX_PATTERN_BYTES);
        return false;
    }
    return true;
}

/* ------------------------------------------------------------ compilation */

/* PCRE2_USE_OFFSET_LIMIT: extraction bounds each search to the start
 * positions near the rule's triggers (pcre2_set_offset_limit). */
static const uint32_t COMPILE_OPTIONS = PCRE2_UTF | PCRE2_UCP | PCRE2_DUPNAMES | PCRE2_USE_OFFSET_LIMIT;

/* ZHPIPE_NO_JIT=1 runs PCRE2's interpreter: JIT code reads ahead of the
 * subject in ways valgrind cannot follow (check-valgrind sets it;
 * check-asan covers the JIT). */
static bool jit_wanted(void)
{
    const char *nojit = getenv("ZHPIPE_NO_JIT");
    return !(nojit && *nojit && strcmp(nojit, "0") != 0);
}

/* Compiles and JIT-compiles; on error reports the PCRE2 message, the
 * offset in the expanded pattern and a caret under it. */
static pcre2_code *compile_pattern(const char *pat, const char *file, int line, const char *what, diag_list *d)
{
    int errcode;
    PCRE2_SIZE erroff;
    pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, COMPILE_OPTIONS, &errcode, &erroff, NULL);
    if (!re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(errcode, msg, sizeof msg);
        diag_add(d, DIAG_ERROR, file, line, 0, "%s: PCRE2 error at offset %zu of the expanded pattern: %s\n  %s\n  %*s^",
                 what, (size_t)erroff, (char *)msg, pat, (int)erroff, "");
        return NULL;
    }
    if (!jit_wanted())
        return re;
    int jit = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    if (jit != 0 && jit != PCRE2_ERROR_JIT_BADOPTION) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(jit, msg, sizeof msg);
        diag_add(d, DIAG_WARNING, file, line, 0, "%s: JIT compilation failed (%s); the interpreter will be used", what,
                 (char *)msg);
    }
    return re;
}

static void check_duplicates(const parsed *p, diag_list *d)
{
    for (size_t i = 0; i < p->nrules; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->rules[i].id, p->rules[j].id) == 0)
                diag_add(d, DIAG_ERROR, p->rules[i].file, p->rules[i].line, 0, "duplicate rule id '%s' (first at %s:%d)",
                         p->rules[i].id, p->rules[j].file, p->rules[j].line);
    for (size_t i = 0; i < p->ndefs; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->defs[i].name, p->defs[j].name) == 0)
                diag_add(d, DIAG_ERROR, p->defs[i].file, p->defs[i].line, 0, "duplicate definition '%s' (first at %s:%d)",
                         p->defs[i].name, p->defs[j].file, p->defs[j].line);
    for (size_t i = 0; i < p->nunits; i++)
        for (size_t j = 0; j < i; j++)
            if (strcmp(p->units[i].surface, p->units[j].surface) == 0)
                diag_add(d, DIAG_ERROR, NULL, 0, 0, "units.conf: unit '%s' defined twice", p->units[i].surface);
}

/* Checks a rule's own fields, expands and compiles its pattern. */
static void compile_rule(const parsed *p, rule *r, diag_list *d)
{
    if (r->kind == KIND_COUNT) {
        diag_add(d, DIAG_ERROR, r->file, r->line, 0, "rule %s: missing 'kind'", r->id);
        return;
    }
    if (!r->pattern) {
        diag_add(d, DIAG_ERROR, r->file, r->line, 0, "rule %s: missing 'pattern'", r->id);
        return;
    }
    if (r->kind == KIND_ENTITY && !r->type)
        diag_add(d, DIAG_ERROR, r->file, r->line, 0, "rule %s: entity rules need a 'type'", r->id);
    char what[160];
    snprintf(what, sizeof what, "rule %s", r->id);
    sbuf b = {0};
    if (expand(p, r->pattern, 0, &b, r->file, r->line, what, d)) {
        r->expanded = b.s;
        r->re = compile_pattern(b.s, r->file, r->line, what, d);
    } else {
        free(b.s);
    }
}

/* ------------------------------------------------------------ triggers */

/* A rule's trigger words while the rules load (grouped afterwards). */
typedef struct {
    char **w;
    size_t n;
} word_list;

static bool add_trigger_word(void *arg, const char *w, size_t len)
{
    word_list *l = arg;
    l->w = grow(l->w, l->n, sizeof *l->w);
    l->w[l->n] = strndup(w, len);
    if (!l->w[l->n])
        return false;
    l->n++;
    return true;
}

/* Resolves rule ri's trigger items (words, {NAME}, ^) into its word list;
 * errors name the rule's `trigger` line. */
static void collect_triggers(const parsed *p, rule *r, word_list *words, diag_list *d)
{
    char what[160];
    snprintf(what, sizeof what, "rule %s: trigger", r->id);
    for (size_t i = 0; i < r->ntrigger_items; i++) {
        const char *item = r->trigger_items[i];
        size_t n = strlen(item);
        if (!strcmp(item, "^")) {
            r->trigger_at_start = true;
        } else if (n > 2 && item[0] == '{' && item[n - 1] == '}') {
            sbuf b = {0};
            const char *why = NULL;
            if (expand(p, item, 0, &b, r->file, r->trigger_line, what, d) &&
                !trigger_words_of_pattern(b.s, add_trigger_word, words, &why))
                diag_add(d, DIAG_ERROR, r->file, r->trigger_line, 0,
                         "rule %s: trigger %s is no list of words or characters: %s", r->id, item, why);
            free(b.s);
        } else if (n > 63) {
            diag_add(d, DIAG_ERROR, r->file, r->trigger_line, 0, "rule %s: trigger word longer than 63 bytes", r->id);
        } else if (!add_trigger_word(words, item, n)) {
            fprintf(stderr, "zhpipe: out of memory loading rules\n");
            exit(1);
        }
    }
    if (!r->has_triggers && (r->reach_before || r->reach_after))
        diag_add(d, DIAG_ERROR, r->file, r->line, 0, "rule %s: 'reach' without 'trigger'", r->id);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Sorted, without repeats. */
static void word_list_settle(word_list *l)
{
    if (l->n > 1)
        qsort(l->w, l->n, sizeof *l->w, cmp_str);
    size_t o = 0;
    for (size_t i = 0; i < l->n; i++) {
        if (o && !strcmp(l->w[o - 1], l->w[i]))
            free(l->w[i]);
        else
            l->w[o++] = l->w[i];
    }
    l->n = o;
}

static bool same_triggers(const rule *a, const word_list *wa, const rule *b, const word_list *wb)
{
    if (!a->has_triggers || !b->has_triggers || a->reach_before != b->reach_before ||
        a->reach_after != b->reach_after || a->trigger_at_start != b->trigger_at_start || wa->n != wb->n)
        return false;
    for (size_t i = 0; i < wa->n; i++)
        if (strcmp(wa->w[i], wb->w[i]))
            return false;
    return true;
}

/*
 * One alternation of the group's patterns: where it first matches in a
 * window, the first of the rules does, so a window where it finds nothing
 * is skipped by all of them at the cost of one search.  NULL when the
 * group has one rule, or the combination does not compile (PCRE2's size
 * limits): the rules then search each window on their own, same records.
 */
static pcre2_code *group_scanner(const ruleset *rs, size_t g)
{
    if (rs->groups[g].nrules < 2)
        return NULL;
    sbuf b = {0};
    size_t n = 0;
    for (size_t i = 0; i < rs->nrules; i++) {
        if (rs->rules[i].group != g || !rs->rules[i].expanded)
            continue;
        if (n++)
            sb_add(&b, "|", 1);
        sb_add(&b, "(?:", 3);
        sb_add(&b, rs->rules[i].expanded, strlen(rs->rules[i].expanded));
        sb_add(&b, ")", 1);
    }
    pcre2_code *re = NULL;
    if (!b.overflow && b.s) {
        int errcode;
        PCRE2_SIZE erroff;
        re = pcre2_compile((PCRE2_SPTR)b.s, PCRE2_ZERO_TERMINATED, COMPILE_OPTIONS, &errcode, &erroff, NULL);
        if (re && jit_wanted())
            pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
    }
    free(b.s);
    return re;
}

/*
 * Rules with the same trigger words and reach share one trigger group:
 * the trigger pass finds each word once per group, and the group's
 * windows (where its rules may match) are found once (extract.c).
 */
static void build_trigger_groups(const parsed *p, ruleset *rs, diag_list *d)
{
    word_list *words = calloc(rs->nrules ? rs->nrules : 1, sizeof *words);
    rs->groups = calloc(rs->nrules ? rs->nrules : 1, sizeof *rs->groups);
    rs->triggers = trigger_set_new();
    if (!words || !rs->groups || !rs->triggers) {
        fprintf(stderr, "zhpipe: out of memory loading rules\n");
        exit(1);
    }
    for (size_t i = 0; i < rs->nrules; i++) {
        collect_triggers(p, &rs->rules[i], &words[i], d);
        word_list_settle(&words[i]);
    }
    for (size_t i = 0; i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        size_t g = rs->ngroups;
        for (size_t k = 0; k < rs->ngroups; k++)
            if (same_triggers(&rs->rules[rs->groups[k].first_rule], &words[rs->groups[k].first_rule], r, &words[i]))
                g = k;
        if (g == rs->ngroups) {
            rs->groups[g] = (trigger_group){.first_rule = i};
            rs->ngroups++;
            for (size_t k = 0; k < words[i].n; k++)
                if (!trigger_set_add(rs->triggers, words[i].w[k], strlen(words[i].w[k]), (uint32_t)g)) {
                    fprintf(stderr, "zhpipe: out of memory loading rules\n");
                    exit(1);
                }
        }
        r->group = g;
        rs->groups[g].nrules++;
    }
    trigger_set_finish(rs->triggers);
    for (size_t g = 0; g < rs->ngroups; g++)
        rs->groups[g].scanner = group_scanner(rs, g);
    for (size_t i = 0; i < rs->nrules; i++) {
        for (size_t k = 0; k < words[i].n; k++)
            free(words[i].w[k]);
        free(words[i].w);
    }
    free(words);
}

static int cmp_unit(const void *a, const void *b)
{
    return strcmp(((const unit_def *)a)->surface, ((const unit_def *)b)->surface);
}
static int cmp_qual(const void *a, const void *b)
{
    return strcmp(((const qualifier_def *)a)->word, ((const qualifier_def *)b)->word);
}

static int cmp_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Reads the directory: *.rules in name order, then units.conf. */
static bool read_dir(parsed *p, const char *dir, diag_list *d)
{
    DIR *dh = opendir(dir);
    if (!dh) {
        diag_add(d, DIAG_ERROR, dir, 0, 0, "cannot open rule directory: %s", strerror(errno));
        return false;
    }
    char **names = NULL;
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len > 6 && strcmp(e->d_name + len - 6, ".rules") == 0 && e->d_name[0] != '.') {
            names = grow(names, n, sizeof *names);
            names[n++] = xstrdup(e->d_name);
        }
    }
    closedir(dh);
    if (n > 1)
        qsort(names, n, sizeof *names, cmp_name);
    char path[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        parse_rules_file(p, path, d);
        free(names[i]);
    }
    free(names);
    if (n == 0)
        diag_add(d, DIAG_ERROR, dir, 0, 0, "no *.rules files in the rule directory");
    snprintf(path, sizeof path, "%s/units.conf", dir);
    if (access(path, F_OK) == 0)
        parse_units_file(p, path, d);
    return true;
}

/* Appends the *.names files of a folder, in name order, to *list
 * ("names/x.names" for the subfolder: paths relative to the rule dir). */
static void list_names_files(const char *dir, const char *sub, char ***list, size_t *n)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s%s%s", dir, sub ? "/" : "", sub ? sub : "");
    DIR *dh = opendir(path);
    if (!dh)
        return;
    size_t first = *n;
    struct dirent *e;
    while ((e = readdir(dh))) {
        size_t len = strlen(e->d_name);
        if (len > 6 && strcmp(e->d_name + len - 6, ".names") == 0 && e->d_name[0] != '.') {
            char rel[PATH_MAX];
            snprintf(rel, sizeof rel, "%s%s%s", sub ? sub : "", sub ? "/" : "", e->d_name);
            *list = grow(*list, *n, sizeof **list);
            (*list)[(*n)++] = xstrdup(rel);
        }
    }
    closedir(dh);
    if (*n - first > 1)
        qsort(*list + first, *n - first, sizeof **list, cmp_name);
}

/* Reads the name lists: `lexicon FILE` lines first, then *.names of the
 * folder and of names/ (a file named both ways is read once). */
static void load_lexicons(ruleset *rs, parsed *p, diag_list *d)
{
    rs->lex = lexicon_new();
    if (!rs->lex) {
        fprintf(stderr, "zhpipe: out of memory loading rules\n");
        exit(1);
    }
    char **files = NULL;
    size_t n = 0;
    for (size_t i = 0; i < p->nlex; i++) {
        files = grow(files, n, sizeof *files);
        files[n++] = xstrdup(p->lexfiles[i]);
    }
    size_t named = n;
    list_names_files(rs->dir, NULL, &files, &n);
    list_names_files(rs->dir, "names", &files, &n);
    char path[PATH_MAX];
    for (size_t i = 0; i < n; i++) {
        bool dup = false;
        for (size_t j = 0; j < i && !dup; j++)
            dup = strcmp(files[i], files[j]) == 0;
        if (!dup) {
            snprintf(path, sizeof path, "%s/%s", rs->dir, files[i]);
            if (i < named && access(path, R_OK) != 0)
                diag_add(d, DIAG_ERROR, p->lexfrom[i], p->lexline[i], 0, "lexicon %s: cannot read %s: %s", files[i],
                         path, strerror(errno));
            else if (lexicon_load_file(rs->lex, path, path, d))
                rs->nlexfiles++;
        }
    }
    /* Freed only now: the duplicate check above reads every earlier name. */
    for (size_t i = 0; i < n; i++)
        free(files[i]);
    free(files);
    if (!lexicon_finish(rs->lex)) {
        fprintf(stderr, "zhpipe: out of memory loading rules\n");
        exit(1);
    }
}

ruleset *ruleset_load(const char *dir, diag_list *d)
{
    parsed p = {0};
    size_t errors_before = d->errors;
    ruleset *rs = calloc(1, sizeof *rs);
    if (!rs)
        return NULL;
    rs->dir = xstrdup(dir);
    size_t dl = strlen(rs->dir);
    while (dl > 1 && rs->dir[dl - 1] == '/')
        rs->dir[--dl] = '\0';
    read_dir(&p, rs->dir, d);
    check_duplicates(&p, d);
    load_lexicons(rs, &p, d);
    for (size_t i = 0; i < p.nrules; i++)
        compile_rule(&p, &p.rules[i], d);
    rs->rules = p.rules;
    rs->nrules = p.nrules;
    build_trigger_groups(&p, rs, d);
    rs->units = p.units;
    rs->nunits = p.nunits;
    rs->quals = p.quals;
    rs->nquals = p.nquals;
    if (rs->nunits)
        qsort(rs->units, rs->nunits, sizeof *rs->units, cmp_unit);
    if (rs->nquals)
        qsort(rs->quals, rs->nquals, sizeof *rs->quals, cmp_qual);
    for (size_t i = 0; i < p.ndefs; i++) {
        free(p.defs[i].name);
        free(p.defs[i].body);
        free(p.defs[i].file);
    }
    free(p.defs);
    for (size_t i = 0; i < p.nlex; i++) {
        free(p.lexfiles[i]);
        free(p.lexfrom[i]);
    }
    free(p.lexfiles);
    free(p.lexfrom);
    free(p.lexline);
    if (d->errors != errors_before) {
        ruleset_free(rs);
        return NULL;
    }
    return rs;
}

void ruleset_free(ruleset *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->nrules; i++) {
        rule *r = &rs->rules[i];
        free(r->id);
        free(r->type);
        free(r->role);
        free(r->file);
        free(r->pattern);
        free(r->expanded);
        pcre2_code_free(r->re);
        for (size_t k = 0; k < r->nexamples; k++) {
            free(r->examples[k].text);
            free(r->examples[k].expect);
        }
        free(r->examples);
        for (size_t k = 0; k < r->ntrigger_items; k++)
            free(r->trigger_items[k]);
        free(r->trigger_items);
    }
    free(rs->rules);
    trigger_set_free(rs->triggers);
    for (size_t g = 0; g < rs->ngroups; g++)
        pcre2_code_free(rs->groups[g].scanner);
    free(rs->groups);
    for (size_t i = 0; i < rs->nunits; i++) {
        free(rs->units[i].surface);
        free(rs->units[i].canonical);
        free(rs->units[i].dimension);
    }
    free(rs->units);
    for (size_t i = 0; i < rs->nquals; i++)
        free(rs->quals[i].word);
    free(rs->quals);
    lexicon_free(rs->lex);
    free(rs->dir);
    free(rs);
}

const unit_def *ruleset_unit(const ruleset *rs, const char *surface, size_t len)
{
    char key[64];
    if (len >= sizeof key || rs->nunits == 0)
        return NULL;
    memcpy(key, surface, len);
    key[len] = '\0';
    unit_def probe = {.surface = key};
    return bsearch(&probe, rs->units, rs->nunits, sizeof *rs->units, cmp_unit);
}

const qualifier_def *ruleset_qualifier(const ruleset *rs, const char *word, size_t len)
{
    char key[64];
    if (len >= sizeof key || rs->nquals == 0)
        return NULL;
    memcpy(key, word, len);
    key[len] = '\0';
    qualifier_def probe = {.word = key};
    return bsearch(&probe, rs->quals, rs->nquals, sizeof *rs->quals, cmp_qual);
}

const char *ruleset_default_dir(void)
{
    static char exe_rules[PATH_MAX];
    const char *env = getenv("ZHPIPE_RULES");
    if (env && *env)
        return env;
    if (access("rules", F_OK) == 0)
        return "rules";
    /* Beside the binary: a checkout run from another directory. */
    ssize_t n = readlink("/proc/self/exe", exe_rules, sizeof exe_rules - 8);
    if (n > 0) {
        exe_rules[n] = '\0';
        char *slash = strrchr(exe_rules, '/');
        if (slash) {
            strcpy(slash, "/rules");
            if (access(exe_rules, F_OK) == 0)
                return exe_rules;
        }
    }
    return "rules";
}
