/* normalize.c — see normalize.h. */
#include "normalize.h"
#include "profile.h"

#include <opencc/opencc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

/* Generated at build time from the installed OpenCC dictionaries
 * (tools/gen-opencc-triggers.sh): characters that change on their own,
 * and the phrases that change although none of their characters does. */
extern const int32_t opencc_single_t2s[], opencc_single_tw2sp[], opencc_single_hk2s[];
extern const size_t opencc_single_t2s_len, opencc_single_tw2sp_len, opencc_single_hk2s_len;
extern const char *const opencc_phrase_t2s[], *const opencc_phrase_tw2sp[], *const opencc_phrase_hk2s[];
extern const size_t opencc_phrase_t2s_len, opencc_phrase_tw2sp_len, opencc_phrase_hk2s_len;

#define TRIGGER_LIMIT 0x40000 /* triggers live in planes 0-3 */

/* A paragraph shorter than this (in code points) is a heading or caption,
 * whose missing final punctuation is not a sign of a broken line. */
#define MIN_BROKEN_LINE_CPS 24

struct normalizer {
    opencc_t cc;                          /* (opencc_t)-1 when "none" */
    unsigned char trigger[TRIGGER_LIMIT / 8];      /* changes on its own */
    unsigned char phrase_first[TRIGGER_LIMIT / 8]; /* starts a changing phrase */
    const char *const *phrases;           /* NULL-terminated */
    ztext tmp1, tmp2;                     /* scratch between passes */
};

/* ------------------------------------------------------------ open/close */

static void set_bit(unsigned char *bits, int32_t cp)
{
    if (cp >= 0 && cp < TRIGGER_LIMIT)
        bits[cp >> 3] |= (unsigned char)(1u << (cp & 7));
}

static bool get_bit(const unsigned char *bits, int32_t cp)
{
    return cp >= 0 && cp < TRIGGER_LIMIT && (bits[cp >> 3] >> (cp & 7) & 1);
}

static void load_triggers(normalizer *n, const int32_t *cps, size_t count, const char *const *phrases)
{
    for (size_t i = 0; i < count; i++)
        set_bit(n->trigger, cps[i]);
    n->phrases = phrases;
    for (size_t i = 0; phrases[i]; i++) {
        int32_t cp;
        utf8_decode_valid(phrases[i], strlen(phrases[i]), 0, &cp);
        set_bit(n->phrase_first, cp);
    }
}

normalizer *normalizer_open(const char *conversion, char *err, size_t errlen)
{
    normalizer *n = calloc(1, sizeof *n);
    if (!n) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    n->cc = (opencc_t)-1;
    ztext_init(&n->tmp1);
    ztext_init(&n->tmp2);
    if (!conversion || strcmp(conversion, "none") == 0)
        return n;
    if (strcmp(conversion, "t2s") == 0)
        load_triggers(n, opencc_single_t2s, opencc_single_t2s_len, opencc_phrase_t2s);
    else if (strcmp(conversion, "tw2sp") == 0)
        load_triggers(n, opencc_single_tw2sp, opencc_single_tw2sp_len, opencc_phrase_tw2sp);
    else if (strcmp(conversion, "hk2s") == 0)
        load_triggers(n, opencc_single_hk2s, opencc_single_hk2s_len, opencc_phrase_hk2s);
    else {
        snprintf(err, errlen, "unknown conversion '%s' (use t2s, tw2sp, hk2s or none)", conversion);
        free(n);
        return NULL;
    }
    /* An absolute path: OpenCC would otherwise look in the current
     * directory first, where a stray t2s.json could hijack it. */
    char path[256];
    const char *dir = getenv("ZHPIPE_OPENCC_DIR");
    snprintf(path, sizeof path, "%s/%s.json", dir && *dir ? dir : "/usr/share/opencc", conversion);
    n->cc = opencc_open(path);
    if (n->cc == (opencc_t)-1) {
        snprintf(err, errlen, "cannot open OpenCC config %s: %s", path, opencc_error());
        free(n);
        return NULL;
    }
    return n;
}

void normalizer_close(normalizer *n)
{
    if (!n)
        return;
    if (n->cc != (opencc_t)-1)
        opencc_close(n->cc);
    ztext_free(&n->tmp1);
    ztext_free(&n->tmp2);
    free(n);
}

/* ------------------------------------------------------------ pass 1: fold */

/* Full-width punctuation that stays as it is: Chinese text uses these
 * forms, the rules match them, and readers expect them in records. */
static bool keep_fullwidth(int32_t cp)
{
    return cp == 0xFF0C || cp == 0xFF1A || cp == 0xFF1B || cp == 0xFF08 || cp == 0xFF09 || cp == 0xFF01 ||
           cp == 0xFF1F;
}

/* Code points that NFKC leaves unchanged (or that we keep on purpose):
 * most of a Chinese text, so utf8proc is called only for the rest. */
static bool fold_is_identity(int32_t cp)
{
    return (cp >= 0x20 && cp < 0x7F) || cp == '\n' || cp == '\t' || (cp >= 0x4E00 && cp <= 0x9FFF) ||
           (cp >= 0x3001 && cp <= 0x303F) || (cp >= 0x2010 && cp <= 0x2027) || (cp >= 0x3400 && cp <= 0x4DBF) ||
           keep_fullwidth(cp) || cp == 0xFFFD;
}

/* Characters that carry nothing: controls, zero-width marks, BOMs inside. */
static bool fold_drops(int32_t cp)
{
    return (cp < 0x20 && cp != '\n' && cp != '\t') || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x200B ||
           cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF;
}

/* Appends the NFKC form of one code point, with the given source span. */
static bool append_nfkc(ztext *out, int32_t cp, uint32_t s, uint32_t e)
{
    char in[4];
    size_t n = utf8_encode(cp, in);
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t m = utf8proc_map((const utf8proc_uint8_t *)in, (utf8proc_ssize_t)n, &mapped,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT);
    bool ok;
    if (m < 0) /* unassigned or otherwise unmappable: keep it */
        ok = ztext_append(out, in, n, s, e);
    else
        ok = ztext_append(out, (const char *)mapped, (size_t)m, s, e);
    free(mapped);
    return ok;
}

static bool pass_fold(const ztext *in, ztext *out)
{
    ztext_clear(out);
    if (!ztext_reserve(out, in->len + 16))
        return false;
    size_t i = 0;
    while (i < in->len) {
        int32_t cp;
        size_t n = utf8_decode_valid(in->s, in->len, i, &cp);
        uint32_t s = in->src_start[i], e = in->src_end[i];
        if (cp == '\r') {
            /* CRLF becomes one LF spanning both bytes; a lone CR becomes LF. */
            if (i + 1 < in->len && in->s[i + 1] == '\n') {
                e = in->src_end[i + 1];
                n = 2;
            }
            if (!ztext_append(out, "\n", 1, s, e))
                return false;
        } else if (fold_is_identity(cp)) {
            /* Copy the whole run of unchanged characters at once. */
            size_t j = i + n;
            while (j < in->len) {
                int32_t c2;
                size_t n2 = utf8_decode_valid(in->s, in->len, j, &c2);
                if (c2 == '\r' || !fold_is_identity(c2))
                    break;
                j += n2;
            }
            if (!ztext_append_from(out, in, i, j))
                return false;
            n = j - i;
        } else if (!fold_drops(cp)) {
            if (!append_nfkc(out, cp, s, e))
                return false;
        }
        i += n;
    }
    return true;
}

/* ------------------------------------------------------------ pass 2: layout */

static int32_t cp_at(const ztext *t, size_t i, size_t *len)
{
    int32_t cp;
    *len = utf8_decode_valid(t->s, t->len, i, &cp);
    return cp;
}

/* The code point that ends at byte `end` (exclusive) of t. */
static int32_t cp_before(const ztext *t, size_t end)
{
    size_t i = end;
    while (i > 0 && ((unsigned char)t->s[i - 1] & 0xC0) == 0x80)
        i--;
    if (i > 0)
        i--;
    size_t n;
    return cp_at(t, i, &n);
}

static size_t count_cps(const char *s, size_t a, size_t b)
{
    size_t n = 0;
    for (size_t i = a; i < b; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

/* A character that can continue a sentence at the start of the next line. */
static bool continues_sentence(int32_t cp)
{
    return is_han(cp) || (cp >= '0' && cp <= '9') || cp == 0xFF0C || cp == 0x3001 || cp == 0x3002 ||
           cp == 0xFF1B || cp == 0xFF09 || cp == 0x201D || cp == ',' || cp == ')';
}

/*
 * Decides whether the line break(s) between line [ls, le) and the next line
 * starting at `next` are a layout artefact inside a word: the line is a
 * long paragraph (not a heading), it ends in the middle of a sentence, the
 * next line continues it, and at most one blank line lies between (more
 * means a caption or a new block stands there).
 */
static bool is_broken_line(const ztext *t, size_t ls, size_t le, size_t next, size_t newlines)
{
    if (newlines > 2 || le <= ls || next >= t->len || t->s[ls] == '#' || t->s[next] == '#')
        return false;
    if (count_cps(t->s, ls, le) < MIN_BROKEN_LINE_CPS)
        return false;
    int32_t last = cp_before(t, le);
    size_t n;
    int32_t first = cp_at(t, next, &n);
    return (is_han(last) || (last >= '0' && last <= '9') || last == 0x201C) && continues_sentence(first);
}

/* Bylines space out names ("本报记者 张 辉 崔 毅"); closing them up would
 * merge two people, so letter-spacing is left alone on such lines. */
static bool is_byline(const char *s, size_t a, size_t b)
{
    static const char *marks[] = {"记者", "記者", "通讯员", "通訊員", "摄影", "攝影"};
    for (size_t k = 0; k < sizeof marks / sizeof marks[0]; k++)
        if (memmem(s + a, b - a, marks[k], strlen(marks[k])))
            return true;
    return false;
}

/* Length of a letter-spaced run starting at i ("新 材 料": three or more
 * single Han characters separated by single spaces), or 0. */
static size_t letter_spaced_run(const ztext *t, size_t i, size_t line_end)
{
    size_t p = i, chars = 0, n;
    while (p < line_end) {
        int32_t cp = cp_at(t, p, &n);
        if (!is_han(cp))
            break;
        chars++;
        p += n;
        if (p < line_end && t->s[p] == ' ') {
            size_t q = p + 1, m;
            if (q < line_end && is_han(cp_at(t, q, &m))) {
                p = q;
                continue;
            }
        }
        break;
    }
    /* Require alternation: "新 材 料" spans 2*chars-1 characters. */
    if (chars < 3 || count_cps(t->s, i, p) != 2 * chars - 1)
        return 0;
    return p - i;
}

/* Copies one line, closing up letter-spaced runs. */
static bool copy_line(const ztext *in, size_t ls, size_t le, ztext *out, normalize_info *info)
{
    /* Without a blank there is no letter-spacing to close up. */
    if (!memchr(in->s + ls, ' ', le - ls))
        return ztext_append_from(out, in, ls, le);
    bool byline = is_byline(in->s, ls, le);
    size_t i = ls;
    while (i < le) {
        size_t run = byline || in->s[i] == ' ' ? 0 : letter_spaced_run(in, i, le);
        if (run) {
            for (size_t k = i; k < i + run; k++) {
                if (in->s[k] == ' ') {
                    info->joined_spaces++;
                    continue;
                }
                if (!ztext_append_from(out, in, k, k + 1))
                    return false;
            }
            i += run;
            continue;
        }
        size_t n;
        cp_at(in, i, &n);
        if (!ztext_append_from(out, in, i, i + n))
            return false;
        i += n;
    }
    return true;
}

static bool pass_layout(const ztext *in, ztext *out, normalize_info *info)
{
    ztext_clear(out);
    if (!ztext_reserve(out, in->len + 16))
        return false;
    size_t ls = 0;
    while (ls < in->len) {
        const char *nl = memchr(in->s + ls, '\n', in->len - ls);
        size_t le = nl ? (size_t)(nl - in->s) : in->len;
        if (!copy_line(in, ls, le, out, info))
            return false;
        if (!nl)
            break;
        /* Skip the break: newlines and the blanks between them. */
        size_t next = le, newlines = 0;
        while (next < in->len && (in->s[next] == '\n' || in->s[next] == ' ' || in->s[next] == '\t'))
            newlines += in->s[next++] == '\n';
        if (is_broken_line(in, ls, le, next, newlines)) {
            info->joined_breaks++;
        } else {
            /* Keep the break as it was, blank lines and indentation included. */
            if (!ztext_append_from(out, in, le, next))
                return false;
        }
        ls = next;
    }
    return true;
}

/* ------------------------------------------------------------ pass 3: script */

/* True when a changing phrase starts at byte i of t[..b). */
static bool phrase_at(const normalizer *n, const ztext *t, size_t i, size_t b)
{
    for (size_t k = 0; n->phrases[k]; k++) {
        size_t len = strlen(n->phrases[k]);
        if (len <= b - i && memcmp(t->s + i, n->phrases[k], len) == 0)
            return true;
    }
    return false;
}

/* True when OpenCC can change some character of t[a..b): a character that
 * changes alone, or a phrase that changes as a whole. */
static bool needs_conversion(const normalizer *n, const ztext *t, size_t a, size_t b)
{
    const unsigned char *u = (const unsigned char *)t->s;
    for (size_t i = a; i < b; i++) {
        if (u[i] < 0x80) {
            /* No ASCII character changes alone, but a phrase may start with
             * one (tw2sp has "PN接面"). */
            if (get_bit(n->phrase_first, u[i]) && phrase_at(n, t, i, b))
                return true;
            continue;
        }
        if (u[i] < 0xC0)
            continue; /* a continuation byte */
        int32_t cp;
        size_t len = utf8_decode_valid(t->s, b, i, &cp);
        if (get_bit(n->trigger, cp) || (get_bit(n->phrase_first, cp) && phrase_at(n, t, i, b)))
            return true;
        i += len - 1;
    }
    return false;
}

/*
 * Appends OpenCC's output for in[a..b), mapping output characters to
 * input characters one to one when the counts agree (t2s almost always
 * keeps the length).  When they do not, every output character gets the
 * span of the whole segment: still a correct, if coarser, pointer.
 */
static bool append_converted(const ztext *in, size_t a, size_t b, const char *conv, size_t clen, ztext *out)
{
    size_t in_cps = count_cps(in->s, a, b), out_cps = count_cps(conv, 0, clen);
    size_t i = a, o = 0;
    while (o < clen) {
        int32_t cp;
        size_t on = utf8_decode_valid(conv, clen, o, &cp);
        uint32_t s, e;
        if (in_cps == out_cps) {
            size_t in_n = utf8_decode_valid(in->s, in->len, i, &cp);
            s = in->src_start[i];
            e = in->src_end[i];
            i += in_n;
        } else {
            ztext_source_span(in, a, b, &s, &e);
        }
        if (!ztext_append(out, conv + o, on, s, e))
            return false;
        o += on;
    }
    return true;
}

/* Converts one paragraph with OpenCC, or copies it when nothing can change. */
static bool convert_paragraph(normalizer *n, const ztext *in, size_t a, size_t b, ztext *out,
                              normalize_info *info, char *err, size_t errlen)
{
    if (n->cc == (opencc_t)-1 || a == b || !needs_conversion(n, in, a, b))
        return ztext_append_from(out, in, a, b);
    char *conv = opencc_convert_utf8(n->cc, in->s + a, b - a);
    if (!conv) {
        snprintf(err, errlen, "OpenCC conversion failed: %s", opencc_error());
        return false;
    }
    size_t clen = strlen(conv);
    if (clen != b - a || memcmp(conv, in->s + a, clen) != 0) {
        info->traditional = true;
        info->converted_paragraphs++;
    }
    bool ok = append_converted(in, a, b, conv, clen, out);
    opencc_convert_utf8_free(conv);
    return ok;
}

static bool pass_script(normalizer *n, const ztext *in, ztext *out, normalize_info *info, char *err,
                        size_t errlen)
{
    ztext_clear(out);
    if (!ztext_reserve(out, in->len + 16))
        return false;
    size_t a = 0;
    while (a < in->len) {
        const char *nl = memchr(in->s + a, '\n', in->len - a);
        size_t b = nl ? (size_t)(nl - in->s) : in->len;
        if (!convert_paragraph(n, in, a, b, out, info, err, errlen))
            return false;
        if (nl && !ztext_append_from(out, in, b, b + 1))
            return false;
        a = nl ? b + 1 : b;
    }
    return true;
}

/* ------------------------------------------------------------ entry points */

bool normalizer_run(normalizer *n, const ztext *in, ztext *out, normalize_info *info, char *err,
                    size_t errlen)
{
    memset(info, 0, sizeof *info);
    snprintf(err, errlen, "out of memory");
    uint64_t t0 = prof_now();
    if (!pass_fold(in, &n->tmp1))
        return false;
    prof_stage_add(PROF_FOLD, t0);
    t0 = prof_now();
    if (!pass_layout(&n->tmp1, &n->tmp2, info))
        return false;
    prof_stage_add(PROF_LAYOUT, t0);
    t0 = prof_now();
    bool ok = pass_script(n, &n->tmp2, out, info, err, errlen);
    prof_stage_add(PROF_SCRIPT, t0);
    return ok;
}

char *normalizer_string(normalizer *n, const char *s, size_t len)
{
    if (!utf8_is_valid(s, len))
        return NULL;
    ztext in, out;
    ztext_init(&in);
    ztext_init(&out);
    char *result = NULL;
    normalize_info info;
    char err[128];
    if (ztext_append(&in, s, len, 0, (uint32_t)len) && pass_fold(&in, &n->tmp1) &&
        pass_script(n, &n->tmp1, &out, &info, err, sizeof err))
        result = strndup(out.s ? out.s : "", out.len);
    ztext_free(&in);
    ztext_free(&out);
    return result;
}
