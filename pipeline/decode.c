/* decode.c — see decode.h. */
#include "decode.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <uchardet/uchardet.h>

#define MAX_CACHED 4

struct decoder {
    char *forced;
    struct {
        char name[24];
        iconv_t cd;
    } cache[MAX_CACHED];
    int ncached;
};

decoder *decoder_open(const char *forced_encoding)
{
    decoder *d = calloc(1, sizeof *d);
    if (!d)
        return NULL;
    if (forced_encoding && !(d->forced = strdup(forced_encoding))) {
        free(d);
        return NULL;
    }
    return d;
}

void decoder_close(decoder *d)
{
    if (!d)
        return;
    for (int i = 0; i < d->ncached; i++)
        iconv_close(d->cache[i].cd);
    free(d->forced);
    free(d);
}

const char *decode_strerror(decode_status st)
{
    switch (st) {
    case DECODE_OK: return "ok";
    case DECODE_EMPTY: return "empty file";
    case DECODE_BINARY: return "binary file, not text";
    case DECODE_NOT_TEXT: return "not text in any supported encoding (too many invalid byte sequences)";
    case DECODE_BAD_ENCODING: return "unknown encoding name";
    case DECODE_TOO_LARGE: return "file too large (offsets are limited to 4 GiB)";
    case DECODE_NOMEM: return "out of memory";
    }
    return "unknown decode status";
}

/* Returns a cached iconv handle converting `name` to UTF-8, or (iconv_t)-1. */
static iconv_t iconv_for(decoder *d, const char *name)
{
    for (int i = 0; i < d->ncached; i++)
        if (strcasecmp(d->cache[i].name, name) == 0)
            return d->cache[i].cd;
    iconv_t cd = iconv_open("UTF-8", name);
    if (cd == (iconv_t)-1)
        return cd;
    if (d->ncached == MAX_CACHED) {
        iconv_close(d->cache[0].cd);
        memmove(&d->cache[0], &d->cache[1], sizeof d->cache[0] * (MAX_CACHED - 1));
        d->ncached--;
    }
    snprintf(d->cache[d->ncached].name, sizeof d->cache[0].name, "%s", name);
    d->cache[d->ncached].cd = cd;
    d->ncached++;
    return cd;
}

/* ------------------------------------------------------------ binary */

struct magic {
    const char *bytes;
    size_t len;
    const char *kind;
};

static const struct magic magics[] = {
    {"\x89PNG\r\n\x1a\n", 8, "PNG"},   {"\xFF\xD8\xFF", 3, "JPEG"},
    {"GIF87a", 6, "GIF"},              {"GIF89a", 6, "GIF"},
    {"%PDF-", 5, "PDF"},               {"\x1F\x8B", 2, "gzip"},
    {"PK\x03\x04", 4, "zip"},          {"\x7F" "ELF", 4, "ELF"},
    {"BZh", 3, "bzip2"},               {"\xFD" "7zXZ\0", 6, "xz"},
    {"7z\xBC\xAF\x27\x1C", 6, "7z"},   {"SQLite format 3", 16, "SQLite"},
    {"\x28\xB5\x2F\xFD", 4, "zstd"},   {"RIFF", 4, "RIFF"},
};

/* Names the binary format whose magic number starts the file, or NULL. */
static const char *binary_magic(const char *b, size_t len)
{
    for (size_t i = 0; i < sizeof magics / sizeof magics[0]; i++)
        if (len >= magics[i].len && memcmp(b, magics[i].bytes, magics[i].len) == 0)
            return magics[i].kind;
    return NULL;
}

/* ------------------------------------------------------------ UTF-16 */

/* A code unit that a UTF-16 Chinese text plausibly contains. */
static bool plausible_unit(unsigned u)
{
    return (u >= 0x20 && u < 0x7F) || u == '\n' || u == '\r' || u == '\t' ||
           (u >= 0x4E00 && u <= 0x9FFF) || (u >= 0x3000 && u <= 0x303F) ||
           (u >= 0xFF00 && u <= 0xFFEF) || (u >= 0x2000 && u <= 0x206F) ||
           (u >= 0xD800 && u <= 0xDFFF) || (u >= 0x3400 && u <= 0x4DBF);
}

/* Share (0..1) of the code units that look like Chinese text in UTF-16. */
static double utf16_plausibility(const unsigned char *b, size_t len, bool big_endian)
{
    size_t n = len / 2, good = 0;
    if (n == 0)
        return 0;
    if (n > 65536)
        n = 65536; /* a sample is enough */
    for (size_t i = 0; i < n; i++) {
        unsigned u = big_endian ? (b[2 * i] << 8 | b[2 * i + 1]) : (b[2 * i + 1] << 8 | b[2 * i]);
        good += plausible_unit(u);
    }
    return (double)good / (double)n;
}

/* ------------------------------------------------------------ UTF-8 */

/* Counts well-formed multi-byte sequences and invalid bytes, to tell a
 * UTF-8 file with a few damaged bytes from a file in another encoding. */
static void utf8_census(const unsigned char *u, size_t len, size_t *multi, size_t *invalid)
{
    *multi = *invalid = 0;
    for (size_t i = 0; i < len;) {
        if (u[i] < 0x80) {
            i++;
            continue;
        }
        size_t n = utf8_valid_seq_len(u + i, len - i);
        if (n) {
            ++*multi;
            i += n;
        } else {
            ++*invalid;
            i++;
        }
    }
}

static decode_status decode_legacy(decoder *d, const char *enc, const char *b, size_t len, size_t skip,
                                   ztext *out, decode_info *info);

/* True when u[0..len) is valid UTF-8 except for an incomplete sequence
 * at the very end. */
static bool utf8_truncated_tail(const unsigned char *u, size_t len)
{
    for (size_t k = 1; k <= 3 && k < len; k++) {
        unsigned char lead = u[len - k];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC2 ? 2 : 0;
        if (lead >= 0x80 && lead < 0xC0)
            continue; /* a continuation byte: look further back */
        if (need <= k)
            return false;
        for (size_t j = len - k + 1; j < len; j++)
            if ((u[j] & 0xC0) != 0x80)
                return false;
        return utf8_is_valid((const char *)u, len - k);
    }
    return false;
}

/* Copies text already known to be valid UTF-8 in one go, giving every
 * byte the span of its character: no per-character validation or call. */
static decode_status copy_valid_utf8(const char *b, size_t len, size_t skip, ztext *out)
{
    size_t n = len - skip;
    if (!ztext_reserve(out, n + 16))
        return DECODE_NOMEM;
    memcpy(out->s, b + skip, n);
    const unsigned char *u = (const unsigned char *)b;
    for (size_t i = skip; i < len;) {
        size_t k = u[i] < 0x80 ? 1 : u[i] < 0xE0 ? 2 : u[i] < 0xF0 ? 3 : 4;
        for (size_t j = 0; j < k; j++) {
            out->src_start[i - skip + j] = (uint32_t)i;
            out->src_end[i - skip + j] = (uint32_t)(i + k);
        }
        i += k;
    }
    out->len = n;
    out->s[n] = '\0';
    return DECODE_OK;
}

/* Appends the valid UTF-8 of b[from..to) with identity offsets, replacing
 * each invalid byte by U+FFFD. */
static decode_status append_utf8_range(const char *b, size_t from, size_t to, ztext *out, decode_info *info)
{
    const unsigned char *u = (const unsigned char *)b;
    if (!ztext_reserve(out, to - from + 16))
        return DECODE_NOMEM;
    size_t i = from;
    while (i < to) {
        size_t n = u[i] < 0x80 ? 1 : utf8_valid_seq_len(u + i, to - i);
        if (n == 0) {
            if (info->invalid++ == 0)
                info->first_invalid = i;
            if (!ztext_append(out, "\xEF\xBF\xBD", 3, (uint32_t)i, (uint32_t)(i + 1)))
                return DECODE_NOMEM;
            i++;
            continue;
        }
        if (!ztext_reserve(out, n))
            return DECODE_NOMEM;
        size_t o = out->len;
        memcpy(out->s + o, b + i, n);
        for (size_t k = 0; k < n; k++) {
            out->src_start[o + k] = (uint32_t)i;
            out->src_end[o + k] = (uint32_t)(i + n);
        }
        out->len += n;
        i += n;
    }
    out->s[out->len] = '\0';
    return DECODE_OK;
}

/*
 * Decodes UTF-8.  A line with invalid sequences is retried in `legacy`
 * (the encoding uchardet sees in the file): files assembled from several
 * sources mix encodings line by line.  A line that is not clean in either
 * keeps its valid UTF-8 and gets U+FFFD for each bad byte.
 */
static decode_status decode_utf8(decoder *d, const char *b, size_t len, size_t skip, const char *legacy,
                                 ztext *out, decode_info *info)
{
    size_t line = skip, lineno = 0;
    while (line < len) {
        lineno++;
        const char *nl = memchr(b + line, '\n', len - line);
        size_t end = nl ? (size_t)(nl - b) + 1 : len;
        decode_status st;
        size_t multi, invalid;
        utf8_census((const unsigned char *)b + line, end - line, &multi, &invalid);
        /* A line that is mostly good UTF-8 keeps it, with U+FFFD for the
         * damage; only a line that is mostly invalid as UTF-8 is retried
         * in the legacy encoding (which accepts almost any byte pair). */
        if (!legacy || invalid == 0 || multi >= invalid) {
            st = append_utf8_range(b, line, end, out, info);
        } else {
            decode_info li = {0};
            size_t mark = out->len;
            st = decode_legacy(d, legacy, b, end, line, out, &li);
            if (st == DECODE_OK && li.invalid == 0) {
                if (info->mixed_lines++ == 0) {
                    info->first_mixed_line = lineno;
                    snprintf(info->mixed_encoding, sizeof info->mixed_encoding, "%s", legacy);
                }
            } else if (st == DECODE_OK || st == DECODE_BAD_ENCODING) {
                out->len = mark;
                st = append_utf8_range(b, line, end, out, info);
            }
        }
        if (st != DECODE_OK)
            return st;
        line = end;
    }
    return DECODE_OK;
}

/* ------------------------------------------------------------ legacy */

/* Length of the character at b[i] in a legacy multi-byte encoding, so
 * that iconv can be given exactly one character at a time. */
static size_t legacy_char_len(const char *enc, const unsigned char *b, size_t len, size_t i)
{
    unsigned c = b[i];
    if (strncasecmp(enc, "UTF-16", 6) == 0) {
        if (i + 1 >= len)
            return 1;
        bool be = strcasecmp(enc, "UTF-16BE") == 0;
        unsigned u = be ? (c << 8 | b[i + 1]) : (b[i + 1] << 8 | c);
        return (u >= 0xD800 && u <= 0xDBFF) ? 4 : 2;
    }
    if (c < 0x80)
        return 1;
    if (strcasecmp(enc, "GB18030") == 0 && c >= 0x81 && c <= 0xFE && i + 1 < len && b[i + 1] >= 0x30 &&
        b[i + 1] <= 0x39)
        return 4;
    if (c >= 0x81 && c <= 0xFE)
        return 2;
    return 1;
}

/* Converts one character with iconv; returns false if it is invalid. */
static bool convert_one(iconv_t cd, const char *in, size_t n, char *outbuf, size_t *outlen)
{
    char *ip = (char *)in, *op = outbuf;
    size_t il = n, ol = 16;
    size_t r = iconv(cd, &ip, &il, &op, &ol);
    if (r == (size_t)-1 || il != 0) {
        iconv(cd, NULL, NULL, NULL, NULL); /* reset the shift state */
        return false;
    }
    *outlen = 16 - ol;
    return true;
}

/* Decodes a legacy or UTF-16 encoding one character at a time. */
static decode_status decode_legacy(decoder *d, const char *enc, const char *b, size_t len, size_t skip,
                                   ztext *out, decode_info *info)
{
    iconv_t cd = iconv_for(d, enc);
    if (cd == (iconv_t)-1)
        return DECODE_BAD_ENCODING;
    const unsigned char *u = (const unsigned char *)b;
    bool ascii_compatible = strncasecmp(enc, "UTF-16", 6) != 0;
    if (!ztext_reserve(out, (len - skip) + (len - skip) / 2 + 16))
        return DECODE_NOMEM;
    size_t i = skip;
    while (i < len) {
        if (ascii_compatible && u[i] < 0x80) {
            if (!ztext_append(out, b + i, 1, (uint32_t)i, (uint32_t)(i + 1)))
                return DECODE_NOMEM;
            i++;
            continue;
        }
        size_t n = legacy_char_len(enc, u, len, i);
        if (i + n > len)
            n = len - i;
        char buf[16];
        size_t olen = 0;
        bool ok = convert_one(cd, b + i, n, buf, &olen) && utf8_is_valid(buf, olen);
        if (!ok) {
            /* Resynchronise after one byte (one unit in UTF-16) so a
             * single bad byte does not swallow the next character. */
            size_t bad = ascii_compatible ? 1 : (n >= 2 ? 2 : 1);
            if (info->invalid++ == 0)
                info->first_invalid = i;
            if (!ztext_append(out, "\xEF\xBF\xBD", 3, (uint32_t)i, (uint32_t)(i + bad)))
                return DECODE_NOMEM;
            i += bad;
            continue;
        }
        if (!ztext_append(out, buf, olen, (uint32_t)i, (uint32_t)(i + n)))
            return DECODE_NOMEM;
        i += n;
    }
    return DECODE_OK;
}

/* Maps uchardet's answer to the encoding we decode with; "" if none fits. */
static const char *chinese_encoding_from(const char *guess)
{
    if (!guess || !*guess)
        return "";
    if (!strcasecmp(guess, "GB18030") || !strcasecmp(guess, "GB2312") || !strcasecmp(guess, "GBK") ||
        !strcasecmp(guess, "HZ-GB-2312"))
        return "GB18030";
    if (!strcasecmp(guess, "BIG5") || !strcasecmp(guess, "EUC-TW") || !strcasecmp(guess, "BIG5-HKSCS"))
        return "BIG5";
    return "";
}

/* Asks uchardet (on at most the first 256 KiB) which encoding this is. */
static const char *guess_encoding(const char *b, size_t len)
{
    uchardet_t ud = uchardet_new();
    if (!ud)
        return "GB18030";
    uchardet_handle_data(ud, b, len > (1u << 18) ? (1u << 18) : len);
    uchardet_data_end(ud);
    const char *enc = chinese_encoding_from(uchardet_get_charset(ud));
    uchardet_delete(ud);
    /* Mainland news is the common case; GB18030 is the superset to try. */
    return *enc ? enc : "GB18030";
}

/* Decodes with `enc` and accepts the result only if it is mostly valid. */
static decode_status decode_checked(decoder *d, const char *enc, const char *b, size_t len, size_t skip,
                                    ztext *out, decode_info *info)
{
    ztext_clear(out);
    info->invalid = info->first_invalid = 0;
    snprintf(info->encoding, sizeof info->encoding, "%s", enc);
    decode_status st = decode_legacy(d, enc, b, len, skip, out, info);
    if (st != DECODE_OK)
        return st;
    /* One invalid sequence per 20 characters means the guess is wrong or
     * the file is not text; say so rather than index garbage. */
    if (info->invalid > 8 && info->invalid * 20 > out->len / 3)
        return DECODE_NOT_TEXT;
    return DECODE_OK;
}

decode_status decoder_run(decoder *d, const char *b, size_t len, ztext *out, decode_info *info)
{
    memset(info, 0, sizeof *info);
    ztext_clear(out);
    if (len >= UINT32_MAX)
        return DECODE_TOO_LARGE;
    const unsigned char *u = (const unsigned char *)b;

    size_t skip = 0;
    const char *enc = NULL;
    if (len >= 3 && u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
        enc = "UTF-8", skip = 3;
    else if (len >= 2 && u[0] == 0xFF && u[1] == 0xFE)
        enc = "UTF-16LE", skip = 2;
    else if (len >= 2 && u[0] == 0xFE && u[1] == 0xFF)
        enc = "UTF-16BE", skip = 2;
    info->bom = skip > 0;

    if (d->forced) {
        if (iconv_for(d, d->forced) == (iconv_t)-1)
            return DECODE_BAD_ENCODING;
        enc = d->forced;
        if (strcasecmp(enc, "UTF-8") != 0 && strcasecmp(enc, "UTF8") != 0) {
            snprintf(info->encoding, sizeof info->encoding, "%s", enc);
            decode_status st = decode_legacy(d, enc, b, len, skip, out, info);
            return (st == DECODE_OK && out->len == 0) ? DECODE_EMPTY : st;
        }
    }
    if (len == skip)
        return DECODE_EMPTY;

    if (!enc) {
        const char *kind = binary_magic(b, len);
        if (kind) {
            snprintf(info->binary_kind, sizeof info->binary_kind, "%s", kind);
            return DECODE_BINARY;
        }
        const char *nul = memchr(b, 0, len);
        bool has_nul = nul != NULL;
        if (!has_nul && utf8_is_valid(b, len)) {
            /* The common case, settled without further tests. */
            snprintf(info->encoding, sizeof info->encoding, "UTF-8");
            return copy_valid_utf8(b, len, 0, out);
        }
        double le = len % 2 ? 0 : utf16_plausibility(u, len, false);
        double be = len % 2 ? 0 : utf16_plausibility(u, len, true);
        if (le >= 0.9 || be >= 0.9)
            enc = le >= be ? "UTF-16LE" : "UTF-16BE";
        else if (has_nul) {
            snprintf(info->binary_kind, sizeof info->binary_kind, "NUL bytes");
            info->first_nul = (size_t)(nul - b);
            /* UTF-16 cut short has an odd length, which rules detection
             * out; say what it looks like so that --encoding can read it. */
            if (len % 2 && len > 2) {
                le = utf16_plausibility(u, len - 1, false);
                be = utf16_plausibility(u, len - 1, true);
                if (le >= 0.9 || be >= 0.9)
                    info->utf16_guess = le >= be ? "UTF-16LE" : "UTF-16BE";
            }
            return DECODE_BINARY;
        }
    }
    if (enc && strcasecmp(enc, "UTF-8") && strcasecmp(enc, "UTF8"))
        return decode_checked(d, enc, b, len, skip, out, info);

    if (utf8_is_valid(b + skip, len - skip)) {
        snprintf(info->encoding, sizeof info->encoding, "UTF-8");
        return copy_valid_utf8(b, len, skip, out);
    }
    if (enc) { /* a UTF-8 BOM or --encoding UTF-8: repair, never guess */
        snprintf(info->encoding, sizeof info->encoding, "UTF-8");
        return decode_utf8(d, b, len, skip, NULL, out, info);
    }
    /* Valid UTF-8 cut short in its last character (a truncated download). */
    if (utf8_truncated_tail(u + skip, len - skip)) {
        snprintf(info->encoding, sizeof info->encoding, "UTF-8");
        return decode_utf8(d, b, len, skip, NULL, out, info);
    }
    /* Mostly UTF-8 with damaged or foreign lines: keep UTF-8, repair per line. */
    size_t multi, invalid;
    utf8_census(u + skip, len - skip, &multi, &invalid);
    const char *legacy = guess_encoding(b, len);
    if (multi >= 4 * invalid) {
        snprintf(info->encoding, sizeof info->encoding, "UTF-8");
        return decode_utf8(d, b, len, skip, legacy, out, info);
    }
    decode_status st = decode_checked(d, legacy, b, len, skip, out, info);
    if (st != DECODE_OK || info->invalid == 0)
        return st;
    /* Clean in no single encoding: UTF-8 lines with a few legacy lines
     * (files assembled from several sources) read as GB18030 throughout
     * would turn every UTF-8 line into mojibake.  Decode line by line as
     * well and keep whichever reading has fewer invalid sequences. */
    ztext alt;
    ztext_init(&alt);
    decode_info ai;
    memset(&ai, 0, sizeof ai);
    ai.bom = info->bom;
    snprintf(ai.encoding, sizeof ai.encoding, "UTF-8");
    if (decode_utf8(d, b, len, skip, legacy, &alt, &ai) == DECODE_OK && ai.mixed_lines > 0 &&
        ai.invalid < info->invalid) {
        ztext tmp = *out;
        *out = alt;
        alt = tmp;
        *info = ai;
    }
    ztext_free(&alt);
    return DECODE_OK;
}
