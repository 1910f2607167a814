/*
 * fuzz_decode.c — decoder_run on arbitrary bytes.
 *
 * Every input is decoded twice: with detection (the whole input), and
 * with an encoding forced as by --encoding, chosen by the first byte
 * modulo 4 (GB18030, BIG5, UTF-16LE, UTF-8), over the rest.  On DECODE_OK the output must be valid, NUL-terminated UTF-8
 * whose every byte has a non-empty source span inside the input.
 */
#include "fuzz_util.h"

#include "decode.h"

static const char *const forced_names[] = {"GB18030", "BIG5", "UTF-16LE", "UTF-8"};
#define NFORCED (sizeof forced_names / sizeof forced_names[0])
/* Decoders cache iconv handles only; made once. */
static decoder *detect, *forced[NFORCED];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    detect = decoder_open(NULL);
    FUZZ_SETUP(detect, "decoder_open(NULL) failed");
    for (size_t i = 0; i < NFORCED; i++) {
        forced[i] = decoder_open(forced_names[i]);
        FUZZ_SETUP(forced[i], "decoder_open(%s) failed", forced_names[i]);
    }
    return 0;
}

static void run(decoder *d, const char *what, const uint8_t *data, size_t size)
{
    ztext out;
    ztext_init(&out);
    decode_info info;
    decode_status st = decoder_run(d, (const char *)data, size, &out, &info);
    FUZZ_CHECK(st >= DECODE_OK && st <= DECODE_NOMEM, "%s: status %d", what, (int)st);
    FUZZ_CHECK(memchr(info.encoding, 0, sizeof info.encoding), "%s: encoding not NUL-terminated", what);
    FUZZ_CHECK(memchr(info.binary_kind, 0, sizeof info.binary_kind), "%s: binary_kind not NUL-terminated", what);
    FUZZ_CHECK(st != DECODE_NOMEM, "%s: out of memory on %zu bytes", what, size);
    if (st == DECODE_OK) {
        FUZZ_CHECK(out.len > 0 || size == 0, "%s: DECODE_OK with no text from %zu bytes", what, size);
        fuzz_check_text(&out, what);
        fuzz_check_spans(&out, size, what);
        fuzz_check_monotone(&out, what);
        if (info.invalid)
            FUZZ_CHECK(info.first_invalid < size, "%s: first_invalid %zu beyond %zu", what, info.first_invalid, size);
        size_t fffd = 0;
        for (const char *p = out.s; (p = memmem(p, out.len - (size_t)(p - out.s), "\xEF\xBF\xBD", 3)); p += 3)
            fffd++;
        FUZZ_CHECK(fffd >= info.invalid, "%s: %zu invalid sequences but %zu U+FFFD", what, info.invalid, fffd);
        if (strcmp(info.encoding, "UTF-8") == 0 && info.invalid == 0 && info.mixed_lines == 0) {
            size_t skip = info.bom ? 3 : 0;
            FUZZ_CHECK(out.len == size - skip && memcmp(out.s, data + skip, out.len) == 0,
                       "%s: clean UTF-8 of %zu bytes decoded as %zu different bytes", what, size - skip, out.len);
        }
    }
    (void)decode_strerror(st);
    ztext_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run(detect, "detect", data, size);
    if (size >= 1)
        run(forced[data[0] % NFORCED], forced_names[data[0] % NFORCED], data + 1, size - 1);
    return 0;
}
