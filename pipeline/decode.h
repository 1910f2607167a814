/*
 * decode.h — stage 1: bytes of a file to UTF-8 text with source offsets.
 *
 * Detection order: a byte-order mark; refusal of known binary formats
 * (by magic number) and of files with NUL bytes that are not UTF-16;
 * UTF-16 without a BOM (by the share of plausible code units); valid
 * UTF-8; then uchardet's guess among the Chinese legacy encodings
 * (GB18030 covers GB2312 and GBK; Big5), converted with iconv one
 * character at a time so that every character keeps its exact byte span
 * and every invalid sequence is reported with its offset.
 *
 * A decoder is used by one thread at a time; it caches iconv handles.
 */
#ifndef ZHPIPE_DECODE_H
#define ZHPIPE_DECODE_H

#include "text.h"

#include <stdbool.h>
#include <stddef.h>

typedef enum {
    DECODE_OK = 0,
    DECODE_EMPTY,        /* no bytes, or only a byte-order mark */
    DECODE_BINARY,       /* a binary format or NUL bytes: not text */
    DECODE_NOT_TEXT,     /* too many invalid sequences in every candidate encoding */
    DECODE_BAD_ENCODING, /* --encoding names an encoding iconv does not know */
    DECODE_TOO_LARGE,    /* over the 4 GiB that offsets can address */
    DECODE_NOMEM,
} decode_status;

typedef struct {
    char encoding[24];      /* "UTF-8", "GB18030", "BIG5", "UTF-16LE", ... */
    bool bom;               /* a byte-order mark was present (and dropped) */
    size_t invalid;         /* invalid sequences replaced by U+FFFD */
    size_t first_invalid;   /* byte offset of the first one */
    size_t mixed_lines;     /* lines of a UTF-8 file decoded in a legacy encoding */
    size_t first_mixed_line; /* line number (from 1) of the first of them */
    char mixed_encoding[24]; /* the legacy encoding of those lines */
    char binary_kind[16];   /* for DECODE_BINARY: "PNG", "PDF", "gzip", "NUL bytes" ... */
    size_t first_nul;       /* for "NUL bytes": byte offset of the first NUL */
    const char *utf16_guess; /* for "NUL bytes": "UTF-16LE"/"UTF-16BE" when the file looks
                              * like UTF-16 cut short (an odd number of bytes), else NULL */
} decode_info;

typedef struct decoder decoder;

/* forced_encoding: NULL to detect, else an iconv name (--encoding). */
decoder *decoder_open(const char *forced_encoding);
void decoder_close(decoder *d);

/*
 * Decodes bytes[0..len) into out (cleared first).  On DECODE_OK, out holds
 * valid UTF-8 whose source spans index into bytes; invalid input sequences
 * are replaced by U+FFFD and counted in info.
 */
decode_status decoder_run(decoder *d, const char *bytes, size_t len, ztext *out, decode_info *info);

const char *decode_strerror(decode_status st);

#endif
