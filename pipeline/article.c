/* article.c — see article.h. */
#include "article.h"
#include "profile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The dateline of a news article stands in its first lines. */
#define DATELINE_WINDOW 1024
#define TITLE_MAX 300

article_worker *article_worker_new(const pipeline_opts *o, char *err, size_t errlen)
{
    article_worker *w = calloc(1, sizeof *w);
    if (!w) {
        snprintf(err, errlen, "out of memory");
        return NULL;
    }
    ztext_init(&w->decoded);
    ztext_init(&w->norm);
    record_list_init(&w->records);
    diag_init(&w->warnings);
    w->ref_option = o->ref;
    w->dec = decoder_open(o->encoding);
    w->nz = normalizer_open(o->opencc ? o->opencc : "t2s", err, errlen);
    w->ex = extractor_new(o->rules);
    if (!w->dec || !w->nz || !w->ex) {
        if (w->nz && (!w->dec || !w->ex))
            snprintf(err, errlen, "out of memory");
        article_worker_free(w);
        return NULL;
    }
    return w;
}

void article_worker_free(article_worker *w)
{
    if (!w)
        return;
    decoder_close(w->dec);
    normalizer_close(w->nz);
    extractor_free(w->ex);
    ztext_free(&w->decoded);
    ztext_free(&w->norm);
    record_list_free(&w->records);
    free(w->info.title);
    free(w->title_norm);
    diag_free(&w->warnings);
    free(w);
}

/* A copy of the title without control characters (C0, DEL, C1): a file
 * may carry terminal escape sequences, and titles are printed as they are. */
static char *title_clean(const char *s, size_t n)
{
    char *t = malloc(n + 1);
    if (!t)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F) {
            if (c == '\t' && o && t[o - 1] != ' ')
                t[o++] = ' ';
            continue;
        }
        if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] >= 0x80 && (unsigned char)s[i + 1] <= 0x9F) {
            i++; /* U+0080..U+009F */
            continue;
        }
        t[o++] = (char)c;
    }
    t[o] = '\0';
    return t;
}

/* The first non-blank line of t, without Markdown heading marks and
 * emphasis: news files start with their headline. */
static char *first_line_title(const char *s, size_t len)
{
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(s + i, '\n', len - i);
        size_t e = nl ? (size_t)(nl - s) : len, a = i;
        while (a < e && (s[a] == '#' || s[a] == '*' || s[a] == ' ' || s[a] == '\t' || s[a] == '\r'))
            a++;
        size_t b = e;
        while (b > a && (s[b - 1] == '*' || s[b - 1] == ' ' || s[b - 1] == '\t' || s[b - 1] == '\r'))
            b--;
        if (b > a) {
            if (b - a > TITLE_MAX) { /* cut at a character boundary */
                b = a + TITLE_MAX;
                while (b > a && ((unsigned char)s[b] & 0xC0) == 0x80)
                    b--;
            }
            return title_clean(s + a, b - a);
        }
        i = e + 1;
    }
    return strdup("");
}

/* Chooses the reference date: --ref-date, the feed's date, the dateline. */
static void choose_reference(article_worker *w, const civil_date *feed_date)
{
    w->info.ref = (civil_date){0, 0, 0};
    w->info.ref_source = NULL;
    if (w->ref_option.year) {
        w->info.ref = w->ref_option;
        w->info.ref_source = "option";
    } else if (feed_date && feed_date->year) {
        w->info.ref = *feed_date;
        w->info.ref_source = "feed";
    } else if (date_find_reference(w->norm.s, w->norm.len, DATELINE_WINDOW, &w->info.ref)) {
        w->info.ref_source = "dateline";
    }
}

/* What to do with a binary file of a known kind. */
static const char *binary_advice(const char *kind)
{
    static const char *const packed[] = {"gzip", "zip", "bzip2", "xz", "7z", "zstd"};
    for (size_t i = 0; i < sizeof packed / sizeof packed[0]; i++)
        if (strcmp(kind, packed[i]) == 0)
            return "an archive or compressed file: unpack it and give zhpipe the text files inside "
                   "(a compressed feed: zcat FILE | zhpipe ... --jsonl -)";
    if (strcmp(kind, "PDF") == 0)
        return "convert it to text first (e.g. pdftotext)";
    return "zhpipe reads text files; leave it out (in folders: --include '*.txt')";
}

static void describe_refusal(const article_worker *w, decode_status st, char *why, size_t n)
{
    const decode_info *di = &w->dinfo;
    if (st == DECODE_BINARY && di->utf16_guess)
        snprintf(why, n,
                 "%s (NUL bytes, first at byte offset %zu); it looks like %s cut short (an odd number of "
                 "bytes): read it with --encoding %s",
                 decode_strerror(st), di->first_nul, di->utf16_guess, di->utf16_guess);
    else if (st == DECODE_BINARY && strcmp(di->binary_kind, "NUL bytes") == 0)
        snprintf(why, n, "%s (NUL bytes, first at byte offset %zu); %s", decode_strerror(st), di->first_nul,
                 binary_advice(di->binary_kind));
    else if (st == DECODE_BINARY)
        snprintf(why, n, "%s (%s); %s", decode_strerror(st), di->binary_kind, binary_advice(di->binary_kind));
    else if (st == DECODE_EMPTY && di->bom)
        snprintf(why, n, "%s (only a byte-order mark, no text); nothing to extract", decode_strerror(st));
    else if (st == DECODE_EMPTY)
        snprintf(why, n, "%s (0 bytes); nothing to extract", decode_strerror(st));
    else if (st == DECODE_NOT_TEXT)
        snprintf(why, n, "%s; best guess was %s with %zu invalid sequences, first at byte %zu (try --encoding)",
                 decode_strerror(st), w->dinfo.encoding, w->dinfo.invalid, w->dinfo.first_invalid);
    else if (st == DECODE_BAD_ENCODING)
        snprintf(why, n, "%s '%s' (see `iconv -l`)", decode_strerror(st), w->dinfo.encoding);
    else
        snprintf(why, n, "%s", decode_strerror(st));
}

article_status article_process(article_worker *w, const char *doc, const char *bytes, size_t len,
                               const char *title, const civil_date *date, char *why, size_t whylen)
{
    record_list_clear(&w->records);
    diag_free(&w->warnings);
    diag_init(&w->warnings);
    free(w->info.title);
    free(w->title_norm);
    w->title_norm = NULL;
    memset(&w->info, 0, sizeof w->info);
    w->info.doc = doc;
    w->info.bytes = len;

    prof_article(len);
    uint64_t t0 = prof_now();
    decode_status st = decoder_run(w->dec, bytes, len, &w->decoded, &w->dinfo);
    prof_stage_add(PROF_DECODE, t0);
    w->info.encoding = w->dinfo.encoding;
    if (st == DECODE_NOMEM) {
        snprintf(why, whylen, "out of memory decoding");
        return ARTICLE_FAILED;
    }
    if (st != DECODE_OK) {
        describe_refusal(w, st, why, whylen);
        return ARTICLE_REFUSED;
    }
    if (w->dinfo.invalid)
        diag_add(&w->warnings, DIAG_WARNING, doc, 0, 0,
                 "%zu invalid %s byte sequence(s), first at byte offset %zu; replaced by U+FFFD%s", w->dinfo.invalid,
                 w->dinfo.encoding, w->dinfo.first_invalid,
                 w->dinfo.invalid <= 3 && w->dinfo.first_invalid + 4 > len
                     ? " (the file ends inside a character: cut short?)"
                     : " (damaged bytes; if the file is in another encoding, name it with --encoding)");
    if (w->dinfo.mixed_lines)
        diag_add(&w->warnings, DIAG_WARNING, doc, 0, 0,
                 "mixed encodings: %zu line(s) decoded as %s, first at line %zu; the rest is %s",
                 w->dinfo.mixed_lines, w->dinfo.mixed_encoding, w->dinfo.first_mixed_line, w->dinfo.encoding);
    if (!normalizer_run(w->nz, &w->decoded, &w->norm, &w->ninfo, why, whylen))
        return ARTICLE_FAILED;
    w->info.traditional = w->ninfo.traditional;
    t0 = prof_now();
    w->info.title = title ? title_clean(title, strlen(title)) : first_line_title(w->decoded.s, w->decoded.len);
    w->title_norm = w->info.title ? normalizer_string(w->nz, w->info.title, strlen(w->info.title)) : NULL;
    if (!w->info.title || !w->title_norm) {
        snprintf(why, whylen, "out of memory");
        return ARTICLE_FAILED;
    }
    choose_reference(w, date);
    prof_stage_add(PROF_TITLE, t0);
    size_t nwarn = w->warnings.n;
    if (!extract_run(w->ex, &w->decoded, &w->norm, w->info.ref.year ? &w->info.ref : NULL, &w->records,
                     &w->warnings)) {
        snprintf(why, whylen, "out of memory extracting");
        return ARTICLE_FAILED;
    }
    /* The extractor's warnings (a rule hitting the match limit) name the
     * rule's file:line; say which article they happened in. */
    for (size_t i = nwarn; i < w->warnings.n; i++) {
        char *m = NULL;
        if (asprintf(&m, "%s (in %s)", w->warnings.msgs[i], doc) >= 0) {
            free(w->warnings.msgs[i]);
            w->warnings.msgs[i] = m;
        }
    }
    return ARTICLE_OK;
}
