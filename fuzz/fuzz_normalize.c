/*
 * fuzz_normalize.c — decode, then normalizer_run with t2s.
 *
 * The normalised text must be valid, NUL-terminated UTF-8 and every one
 * of its bytes must keep a non-empty source span inside the input; the
 * source starts must never go back (no stage reorders text).  The
 * decoded text also goes through normalizer_string (the query and name
 * path), whose result must be valid UTF-8 too.
 */
#include "fuzz_util.h"

#include "decode.h"
#include "normalize.h"

/* The decoder caches iconv handles, the normaliser an OpenCC handle and
 * two scratch buffers: made once. */
static decoder *dec;
static normalizer *nz;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    char err[256] = "";
    dec = decoder_open(NULL);
    nz = normalizer_open("t2s", err, sizeof err);
    FUZZ_SETUP(dec && nz, "cannot open the decoder or the t2s normaliser: %s", err);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ztext decoded, norm;
    ztext_init(&decoded);
    ztext_init(&norm);
    decode_info dinfo;
    if (decoder_run(dec, (const char *)data, size, &decoded, &dinfo) == DECODE_OK) {
        normalize_info ninfo;
        char err[256];
        bool ok = normalizer_run(nz, &decoded, &norm, &ninfo, err, sizeof err);
        FUZZ_CHECK(ok, "normalizer_run failed on %zu decoded bytes: %s", decoded.len, err);
        fuzz_check_text(&norm, "normalised");
        fuzz_check_spans(&norm, size, "normalised");
        fuzz_check_monotone(&norm, "normalised");

        char *s = normalizer_string(nz, decoded.s ? decoded.s : "", decoded.len);
        FUZZ_CHECK(s, "normalizer_string failed on %zu valid bytes", decoded.len);
        FUZZ_CHECK(utf8_is_valid(s, strlen(s)), "normalizer_string: invalid UTF-8");
        free(s);
    }
    ztext_free(&decoded);
    ztext_free(&norm);
    return 0;
}
