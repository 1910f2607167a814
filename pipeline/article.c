/* article.c — see article.h. */
#include "article.h"

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
            return strndup(s + a, b - a);
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

static void describe_refusal(const article_worker *w, decode_status st, char *why, size_t n)
{
    if (st == DECODE_BINARY)
        snprintf(why, n, "%s (%s); zhpipe reads text files", decode_strerror(st), w->dinfo.binary_kind);
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

    decode_status st = decoder_run(w->dec, bytes, len, &w->decoded, &w->dinfo);
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
                 "%zu invalid %s byte sequence(s), first at byte offset %zu; replaced by U+FFFD", w->dinfo.invalid,
                 w->dinfo.encoding, w->dinfo.first_invalid);
    if (w->dinfo.mixed_lines)
        diag_add(&w->warnings, DIAG_WARNING, doc, 0, 0, "mixed encodings: %zu line(s) decoded as GB18030/Big5",
                 w->dinfo.mixed_lines);
    if (!normalizer_run(w->nz, &w->decoded, &w->norm, &w->ninfo, why, whylen))
        return ARTICLE_FAILED;
    w->info.traditional = w->ninfo.traditional;
    w->info.title = title ? strdup(title) : first_line_title(w->decoded.s, w->decoded.len);
    w->title_norm = w->info.title ? normalizer_string(w->nz, w->info.title, strlen(w->info.title)) : NULL;
    if (!w->info.title || !w->title_norm) {
        snprintf(why, whylen, "out of memory");
        return ARTICLE_FAILED;
    }
    choose_reference(w, date);
    if (!extract_run(w->ex, &w->decoded, &w->norm, w->info.ref.year ? &w->info.ref : NULL, &w->records,
                     &w->warnings)) {
        snprintf(why, whylen, "out of memory extracting");
        return ARTICLE_FAILED;
    }
    return ARTICLE_OK;
}
