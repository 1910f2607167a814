/*
 * test_decode.c — unit tests for pipeline/decode.c (and the ztext of text.h).
 *
 * The contract under test (decode.h): on DECODE_OK the output is valid
 * UTF-8 and every byte of it carries the span [src_start, src_end) of the
 * input bytes of the character it belongs to.  Legacy-encoded inputs are
 * built in the test with iconv(3) one character at a time, so that the
 * expected span of every character is known exactly.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode.h"
#include "text.h"

/* ------------------------------------------------------------ helpers */

#define MAX_CHARS 512

/* An input built character by character, with each character's span. */
typedef struct {
    char bytes[8192];
    size_t len;
    size_t nch;
    char utf8[MAX_CHARS][5]; /* the character, as UTF-8 */
    uint32_t start[MAX_CHARS], end[MAX_CHARS];
} built;

static void built_init(built *b) { memset(b, 0, sizeof *b); }

/* Appends raw bytes that are not characters of the text (a BOM). */
static void built_raw(built *b, const char *bytes, size_t n)
{
    assert_true(b->len + n <= sizeof b->bytes);
    memcpy(b->bytes + b->len, bytes, n);
    b->len += n;
}

/* Appends the UTF-8 text utf8, each character converted alone to enc. */
static void built_text(built *b, const char *enc, const char *utf8)
{
    iconv_t cd = iconv_open(enc, "UTF-8");
    assert_true(cd != (iconv_t)-1);
    size_t len = strlen(utf8);
    for (size_t i = 0; i < len;) {
        size_t n = utf8_valid_seq_len((const unsigned char *)utf8 + i, len - i);
        assert_true(n > 0);
        char *ip = (char *)utf8 + i, *op = b->bytes + b->len;
        size_t il = n, ol = sizeof b->bytes - b->len;
        size_t r = iconv(cd, &ip, &il, &op, &ol);
        assert_true(r != (size_t)-1);
        assert_int_equal(il, 0);
        size_t out = (size_t)(op - (b->bytes + b->len));
        assert_true(out > 0);
        assert_true(b->nch < MAX_CHARS);
        memcpy(b->utf8[b->nch], utf8 + i, n);
        b->utf8[b->nch][n] = '\0';
        b->start[b->nch] = (uint32_t)b->len;
        b->end[b->nch] = (uint32_t)(b->len + out);
        b->nch++;
        b->len += out;
        i += n;
    }
    iconv_close(cd);
}

/*
 * Checks that out holds exactly the characters of b, and that every byte
 * of each character carries that character's span in the input.
 */
static void assert_spans(const ztext *out, const built *b)
{
    assert_true(utf8_is_valid(out->s, out->len));
    size_t k = 0;
    for (size_t i = 0; i < out->len; k++) {
        int32_t cp;
        size_t n = utf8_decode_valid(out->s, out->len, i, &cp);
        if (k >= b->nch)
            fail_msg("more output characters than input characters (extra at output byte %zu)", i);
        if (n != strlen(b->utf8[k]) || memcmp(out->s + i, b->utf8[k], n) != 0)
            fail_msg("character %zu: got '%.*s', expected '%s'", k, (int)n, out->s + i, b->utf8[k]);
        for (size_t j = i; j < i + n; j++) {
            if (out->src_start[j] != b->start[k] || out->src_end[j] != b->end[k])
                fail_msg("character %zu ('%s') byte %zu: span [%u,%u), expected [%u,%u)", k, b->utf8[k], j - i,
                         out->src_start[j], out->src_end[j], b->start[k], b->end[k]);
        }
        i += n;
    }
    assert_int_equal(k, b->nch);
}

/* Every span lies inside the input and is not empty, and spans never go
 * backwards (decoding does not reorder: extract.c bisects on src_start). */
static void assert_spans_in_bounds(const ztext *out, size_t inlen)
{
    for (size_t i = 0; i < out->len; i++) {
        assert_true(out->src_start[i] < out->src_end[i]);
        assert_true(out->src_end[i] <= inlen);
        if (i > 0)
            assert_true(out->src_start[i - 1] <= out->src_start[i]);
    }
}

static decode_status run(decoder *d, const char *bytes, size_t len, ztext *out, decode_info *info)
{
    return decoder_run(d, bytes, len, out, info);
}

/* Decodes b with a detecting decoder, expecting enc and exact spans. */
static void check_detected(const built *b, const char *enc, bool bom)
{
    decoder *d = decoder_open(NULL);
    assert_non_null(d);
    ztext out;
    ztext_init(&out);
    decode_info info;
    decode_status st = run(d, b->bytes, b->len, &out, &info);
    if (st != DECODE_OK)
        fail_msg("expected DECODE_OK for %s input, got %s", enc, decode_strerror(st));
    assert_string_equal(info.encoding, enc);
    assert_int_equal(info.bom, bom);
    assert_int_equal(info.invalid, 0);
    assert_spans(&out, b);
    ztext_free(&out);
    decoder_close(d);
}

static const char *const ZH_SIMPLE = "朝阳高新区136亿元";
/* Longer texts give uchardet something to go on. */
static const char *const ZH_SIMPLE_LONG =
    "朝阳高新区136亿元。今年前三季度，朝阳高新技术产业开发区完成地区生产总值136亿元，"
    "同比增长15.4%，规模以上工业增加值增长12%以上，新签约项目43个。\n"
    "园区坚持项目为王，全力推进新材料、新能源和装备制造产业发展。\n";
static const char *const ZH_TRAD = "凌源經濟開發區";
static const char *const ZH_TRAD_LONG =
    "凌源經濟開發區緊緊把握發展機遇，今年以來新簽約項目二十三個，總投資一百三十六億元。"
    "開發區管理委員會負責人表示，將進一步優化營商環境，推動產業轉型升級。\n"
    "園區企業積極擴大生產，帶動當地就業。\n";

/* ------------------------------------------------------------ UTF-8 */

static void test_utf8_passthrough(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "UTF-8", "A朝阳高新区136亿元，增长15.4%。\n𠀀 end");
    check_detected(&b, "UTF-8", false);

    /* The output bytes are the input bytes. */
    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
    assert_int_equal(out.len, b.len);
    assert_memory_equal(out.s, b.bytes, b.len);
    assert_int_equal(out.s[out.len], '\0');
    assert_int_equal(info.mixed_lines, 0);
    ztext_free(&out);
    decoder_close(d);
}

static void test_utf8_bom(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_raw(&b, "\xEF\xBB\xBF", 3);
    built_text(&b, "UTF-8", ZH_SIMPLE);
    check_detected(&b, "UTF-8", true);

    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
    assert_string_equal(out.s, ZH_SIMPLE); /* the BOM is gone */
    assert_int_equal(out.src_start[0], 3);
    assert_int_equal(out.src_end[0], 6);
    ztext_free(&out);
    decoder_close(d);
}

static void test_invalid_utf8_byte(void **state)
{
    (void)state;
    /* One bad byte (0xFF) in the middle of otherwise valid UTF-8. */
    const char *a = "朝阳高新区投资136亿元，";
    const char *c = "建设新材料产业园。\n第二行也是正常的文字。\n";
    char buf[512];
    size_t la = strlen(a), lc = strlen(c);
    memcpy(buf, a, la);
    buf[la] = (char)0xFF;
    memcpy(buf + la + 1, c, lc);
    size_t len = la + 1 + lc;

    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, buf, len, &out, &info), DECODE_OK);
    assert_string_equal(info.encoding, "UTF-8");
    assert_int_equal(info.invalid, 1);
    assert_int_equal(info.first_invalid, la);
    char expect[512];
    snprintf(expect, sizeof expect, "%s\xEF\xBF\xBD%s", a, c);
    assert_string_equal(out.s, expect);
    /* U+FFFD stands for exactly the bad byte; the text after keeps its offsets. */
    assert_int_equal(out.src_start[la], la);
    assert_int_equal(out.src_end[la], la + 1);
    assert_int_equal(out.src_start[la + 3], la + 1);
    assert_spans_in_bounds(&out, len);
    ztext_free(&out);
    decoder_close(d);
}

static void test_invalid_utf8_lead_byte(void **state)
{
    (void)state;
    /*
     * A stray byte (0xC3) in a line of Han characters without ASCII or
     * punctuation, in an otherwise valid UTF-8 file.  The damaged line
     * must still be read as UTF-8 with one U+FFFD: all its other bytes
     * are well-formed UTF-8.
     */
    static const unsigned char strays[] = {0x81, 0xA0, 0xC3, 0xE9};
    const char *a = "第一行是正常的文字，朝阳高新区发展势头良好。\n朝阳高新区";
    const char *c = "发展势头良好\n第三行也是正常的文字，朝阳高新区发展势头良好。\n";
    for (size_t k = 0; k < sizeof strays; k++) {
        char buf[512];
        size_t la = strlen(a), lc = strlen(c);
        memcpy(buf, a, la);
        buf[la] = (char)strays[k];
        memcpy(buf + la + 1, c, lc);
        size_t len = la + 1 + lc;

        decoder *d = decoder_open(NULL);
        ztext out;
        ztext_init(&out);
        decode_info info;
        assert_int_equal(run(d, buf, len, &out, &info), DECODE_OK);
        assert_string_equal(info.encoding, "UTF-8");
        char expect[512];
        snprintf(expect, sizeof expect, "%s\xEF\xBF\xBD%s", a, c);
        /* GB18030 accepts almost any pair of high bytes: retrying this
         * line in it gave mojibake ("鏈濋槼楂樻柊鍖...") with invalid 0
         * and mixed_lines 1 before decode_utf8 weighed the line. */
        if (strcmp(out.s, expect) != 0)
            fail_msg("stray byte %02X: line decoded as [%s] (invalid %zu, mixed_lines %zu)", strays[k], out.s,
                     info.invalid, info.mixed_lines);
        assert_int_equal(info.invalid, 1);
        assert_int_equal(info.first_invalid, la);
        assert_int_equal(info.mixed_lines, 0);
        ztext_free(&out);
        decoder_close(d);
    }
}

/* Decodes a UTF-8 text whose last sequence is cut after its 2nd byte. */
static void check_truncated(const char *a)
{
    /* 高 is E9 AB 98; the file ends after E9 AB. */
    char buf[256];
    size_t la = strlen(a);
    memcpy(buf, a, la);
    buf[la] = (char)0xE9;
    buf[la + 1] = (char)0xAB;
    size_t len = la + 2;

    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, buf, len, &out, &info), DECODE_OK);
    assert_true(utf8_is_valid(out.s, out.len));
    /* The valid text is kept as it is, then U+FFFD for the cut sequence. */
    if (out.len <= la || memcmp(out.s, a, la) != 0)
        fail_msg("valid UTF-8 before the cut sequence not kept: got [%s] (encoding %s, invalid %zu, mixed_lines %zu)",
                 out.s, info.encoding, info.invalid, info.mixed_lines);
    assert_string_equal(info.encoding, "UTF-8");
    assert_true(info.invalid >= 1);
    assert_int_equal(info.first_invalid, la);
    assert_memory_equal(out.s + la, "\xEF\xBF\xBD", 3);
    assert_int_equal(out.src_start[la], la);
    assert_int_equal(out.src_end[out.len - 1], len);
    assert_spans_in_bounds(&out, len);
    ztext_free(&out);
    decoder_close(d);
}

static void test_truncated_utf8(void **state)
{
    (void)state;
    /* The cut sequence on a line of its own decodes to U+FFFD. */
    check_truncated("朝阳高新区投资136亿元，新材料产业园建设进展顺利。\n");
    /* The last line has other, valid characters: it must not be retried
     * in GB18030, which would accept "朝阳新区\xE9\xAB" whole and give
     * "鏈濋槼鏂板尯楂" (the behaviour before utf8_truncated_tail). */
    check_truncated("朝阳高新区投资136亿元，新材料产业园建设进展顺利。\n朝阳新区");
}

static void test_truncated_utf8_short(void **state)
{
    (void)state;
    /* A short file of valid UTF-8 cut inside its last character is UTF-8,
     * not GB18030: utf8_census alone counts the two bytes of the one cut
     * sequence as two invalid bytes, and 5 good sequences < 4 * 2. */
    check_truncated("朝阳高新区");
}

/* A UTF-8 file with one line in GB18030 (files assembled from several
 * sources): that line is decoded as GB18030 and counted. */
static void test_mixed_lines(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "UTF-8", ZH_SIMPLE_LONG);
    built_text(&b, "GB18030", "凌源经济开发区紧紧把握发展机遇\n");
    built_text(&b, "UTF-8", ZH_SIMPLE_LONG);
    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
    assert_string_equal(info.encoding, "UTF-8");
    assert_int_equal(info.mixed_lines, 1);
    assert_int_equal(info.invalid, 0);
    assert_spans(&out, &b);
    ztext_free(&out);
    decoder_close(d);
}

/* ------------------------------------------------------------ legacy */

static void test_gb18030(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "GB18030", ZH_SIMPLE_LONG);
    check_detected(&b, "GB18030", false);

    built_init(&b);
    built_text(&b, "GB18030", ZH_SIMPLE);
    check_detected(&b, "GB18030", false);
}

static void test_gb18030_four_byte(void **state)
{
    (void)state;
    /* 𠀀 (U+20000) and € are four-byte sequences in GB18030. */
    built b;
    built_init(&b);
    built_text(&b, "GB18030", "朝阳高新区136亿元，𠀀字与欧元符号€，投资新材料产业。朝阳高新区发展势头良好。\n");
    decoder *d = decoder_open("GB18030");
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
    assert_int_equal(info.invalid, 0);
    assert_spans(&out, &b);
    ztext_free(&out);
    decoder_close(d);
}

static void test_big5(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "BIG5", ZH_TRAD_LONG);
    check_detected(&b, "BIG5", false);

    built_init(&b);
    built_text(&b, "BIG5", ZH_TRAD);
    check_detected(&b, "BIG5", false);
}

static void test_utf16le_bom(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_raw(&b, "\xFF\xFE", 2);
    built_text(&b, "UTF-16LE", "朝阳高新区136亿元，𠀀。\r\n凌源經濟開發區");
    check_detected(&b, "UTF-16LE", true);
    assert_int_equal(b.start[0], 2);
}

static void test_utf16be_bom(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_raw(&b, "\xFE\xFF", 2);
    built_text(&b, "UTF-16BE", "朝阳高新区136亿元，𠀀。\n凌源經濟開發區");
    check_detected(&b, "UTF-16BE", true);
}

static void test_utf16le_no_bom(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "UTF-16LE", ZH_SIMPLE_LONG);
    check_detected(&b, "UTF-16LE", false);

    built_init(&b);
    built_text(&b, "UTF-16LE", ZH_SIMPLE);
    check_detected(&b, "UTF-16LE", false);
}

static void test_utf16be_no_bom(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "UTF-16BE", ZH_SIMPLE_LONG);
    check_detected(&b, "UTF-16BE", false);

    built_init(&b);
    built_text(&b, "UTF-16BE", ZH_SIMPLE);
    check_detected(&b, "UTF-16BE", false);
}

static void test_utf16_odd_length(void **state)
{
    (void)state;
    /* A UTF-16LE file with a BOM and one stray final byte. */
    built b;
    built_init(&b);
    built_raw(&b, "\xFF\xFE", 2);
    built_text(&b, "UTF-16LE", ZH_SIMPLE);
    built_raw(&b, "\x41", 1);
    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
    assert_true(utf8_is_valid(out.s, out.len));
    assert_int_equal(info.invalid, 1);
    assert_int_equal(info.first_invalid, b.len - 1);
    assert_memory_equal(out.s, ZH_SIMPLE, strlen(ZH_SIMPLE));
    assert_string_equal(out.s + strlen(ZH_SIMPLE), "\xEF\xBF\xBD");
    assert_spans_in_bounds(&out, b.len);
    ztext_free(&out);
    decoder_close(d);
}

/* ------------------------------------------------------------ refusals */

static void check_binary(const char *bytes, size_t len, const char *kind)
{
    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, bytes, len, &out, &info), DECODE_BINARY);
    assert_string_equal(info.binary_kind, kind);
    ztext_free(&out);
    decoder_close(d);
}

static void test_binary_magic(void **state)
{
    (void)state;
    static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
    check_binary(png, sizeof png - 1, "PNG");
    static const char pdf[] = "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n";
    check_binary(pdf, sizeof pdf - 1, "PDF");
    static const char gz[] = "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03\xCB\x48\xCD\xC9\xC9\x07\x00";
    check_binary(gz, sizeof gz - 1, "gzip");
    static const char zip[] = "PK\x03\x04\x14\x00\x00\x00";
    check_binary(zip, sizeof zip - 1, "zip");
}

static void test_nul_bytes(void **state)
{
    (void)state;
    /* ASCII text with NUL bytes that do not look like UTF-16. */
    static const char a[] = "hello\0\0\0world\0\x01\x02\x03 some text with NULs\0";
    check_binary(a, sizeof a - 1, "NUL bytes");
    static const char b[] = "\0\0\0\0\xFF\xEE\xDD\xCC\0\x80\x81";
    check_binary(b, sizeof b - 1, "NUL bytes");
    /* Odd length rules UTF-16 out. */
    static const char c[] = "a\0b\0c\0d\0e\0f\0g";
    check_binary(c, sizeof c - 1, "NUL bytes");
}

static void test_empty(void **state)
{
    (void)state;
    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, "", 0, &out, &info), DECODE_EMPTY);
    assert_int_equal(run(d, "\xEF\xBB\xBF", 3, &out, &info), DECODE_EMPTY);
    assert_true(info.bom);
    assert_int_equal(run(d, "\xFF\xFE", 2, &out, &info), DECODE_EMPTY);
    assert_int_equal(run(d, "\xFE\xFF", 2, &out, &info), DECODE_EMPTY);
    ztext_free(&out);
    decoder_close(d);
}

static void test_strerror(void **state)
{
    (void)state;
    for (int st = DECODE_OK; st <= DECODE_NOMEM; st++) {
        const char *m = decode_strerror((decode_status)st);
        assert_non_null(m);
        assert_true(strlen(m) > 0);
    }
}

/* ------------------------------------------------------------ forced */

static void test_forced_gb18030(void **state)
{
    (void)state;
    built b;
    built_init(&b);
    built_text(&b, "GB18030", ZH_SIMPLE);
    decoder *d = decoder_open("GB18030");
    assert_non_null(d);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
    assert_string_equal(info.encoding, "GB18030");
    assert_int_equal(info.invalid, 0);
    assert_spans(&out, &b);

    /* A bad byte under a forced encoding: U+FFFD at its offset. */
    char buf[256];
    memcpy(buf, b.bytes, b.len);
    buf[b.len] = (char)0xFF;
    memcpy(buf + b.len + 1, "ok", 2);
    assert_int_equal(run(d, buf, b.len + 3, &out, &info), DECODE_OK);
    assert_int_equal(info.invalid, 1);
    assert_int_equal(info.first_invalid, b.len);
    char expect[128];
    snprintf(expect, sizeof expect, "%s\xEF\xBF\xBDok", ZH_SIMPLE);
    assert_string_equal(out.s, expect);

    /* Empty input under a forced encoding. */
    assert_int_equal(run(d, "", 0, &out, &info), DECODE_EMPTY);
    ztext_free(&out);
    decoder_close(d);

    /* Forced UTF-8 on UTF-8 input. */
    d = decoder_open("UTF-8");
    ztext_init(&out);
    assert_int_equal(run(d, ZH_SIMPLE, strlen(ZH_SIMPLE), &out, &info), DECODE_OK);
    assert_string_equal(out.s, ZH_SIMPLE);
    assert_string_equal(info.encoding, "UTF-8");
    ztext_free(&out);
    decoder_close(d);
}

static void test_forced_unknown(void **state)
{
    (void)state;
    decoder *d = decoder_open("NO-SUCH-ENCODING-42");
    assert_non_null(d);
    ztext out;
    ztext_init(&out);
    decode_info info;
    assert_int_equal(run(d, ZH_SIMPLE, strlen(ZH_SIMPLE), &out, &info), DECODE_BAD_ENCODING);
    /* And again: the failure is not cached as success. */
    assert_int_equal(run(d, "abc", 3, &out, &info), DECODE_BAD_ENCODING);
    ztext_free(&out);
    decoder_close(d);
}

/* One decoder used for many encodings in turn (its iconv cache evicts). */
static void test_decoder_reuse(void **state)
{
    (void)state;
    static const char *const encs[] = {"GB18030", "BIG5", "UTF-16LE", "UTF-16BE", "UTF-8"};
    static const char *const texts[] = {ZH_SIMPLE_LONG, ZH_TRAD_LONG, ZH_SIMPLE_LONG, ZH_TRAD_LONG, ZH_TRAD_LONG};
    decoder *d = decoder_open(NULL);
    ztext out;
    ztext_init(&out);
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < sizeof encs / sizeof encs[0]; i++) {
            built b;
            built_init(&b);
            built_text(&b, encs[i], texts[i]);
            decode_info info;
            assert_int_equal(run(d, b.bytes, b.len, &out, &info), DECODE_OK);
            assert_string_equal(info.encoding, encs[i]);
            assert_spans(&out, &b);
        }
    }
    ztext_free(&out);
    decoder_close(d);
}

/* ------------------------------------------------------------ random */

static uint32_t lcg_state;
static uint32_t lcg(void)
{
    lcg_state = lcg_state * 1103515245u + 12345u;
    return lcg_state >> 8;
}

static void test_random_bytes(void **state)
{
    (void)state;
    static const char *const pieces[] = {"朝", "阳", "經", "\xEF\xBB\xBF", "\xFF\xFE", "\xFE\xFF", "\n", "\r\n",
                                         "136", "%PDF-", "\x89PNG", "\xE9\xAB", "\xB3\xAF", "\0"};
    lcg_state = 20240105u;
    decoder *d = decoder_open(NULL);
    decoder *forced = decoder_open("BIG5");
    ztext out;
    ztext_init(&out);
    char buf[400];
    size_t ok = 0;
    for (int round = 0; round < 2000; round++) {
        size_t len = lcg() % 301, n = 0;
        int mode = (int)(lcg() % 4);
        while (n < len) {
            if (mode == 0 || (mode == 3 && lcg() % 2)) {
                buf[n++] = (char)(lcg() & 0xFF);
            } else if (mode == 1) {
                buf[n++] = (char)(0x80 + lcg() % 0x7F); /* high bytes: legacy-looking */
            } else {
                const char *p = pieces[lcg() % (sizeof pieces / sizeof pieces[0])];
                size_t pl = p[0] ? strlen(p) : 1;
                if (n + pl > len)
                    break;
                memcpy(buf + n, p, pl);
                n += pl;
            }
        }
        decoder *dd = round % 7 == 0 ? forced : d;
        decode_info info;
        decode_status st = run(dd, buf, n, &out, &info);
        assert_true(st >= DECODE_OK && st <= DECODE_NOMEM);
        assert_true(st != DECODE_NOMEM && st != DECODE_TOO_LARGE && st != DECODE_BAD_ENCODING);
        if (st == DECODE_OK) {
            ok++;
            if (!utf8_is_valid(out.s, out.len))
                fail_msg("round %d: invalid UTF-8 output (encoding %s)", round, info.encoding);
            assert_non_null(out.s);
            assert_int_equal(out.s[out.len], '\0');
            assert_spans_in_bounds(&out, n);
            if (info.invalid)
                assert_true(info.first_invalid < n);
        }
    }
    assert_true(ok > 100); /* the generator does produce text */
    ztext_free(&out);
    decoder_close(d);
    decoder_close(forced);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8_passthrough),
        cmocka_unit_test(test_utf8_bom),
        cmocka_unit_test(test_invalid_utf8_byte),
        cmocka_unit_test(test_invalid_utf8_lead_byte),
        cmocka_unit_test(test_truncated_utf8),
        cmocka_unit_test(test_truncated_utf8_short),
        cmocka_unit_test(test_mixed_lines),
        cmocka_unit_test(test_gb18030),
        cmocka_unit_test(test_gb18030_four_byte),
        cmocka_unit_test(test_big5),
        cmocka_unit_test(test_utf16le_bom),
        cmocka_unit_test(test_utf16be_bom),
        cmocka_unit_test(test_utf16le_no_bom),
        cmocka_unit_test(test_utf16be_no_bom),
        cmocka_unit_test(test_utf16_odd_length),
        cmocka_unit_test(test_binary_magic),
        cmocka_unit_test(test_nul_bytes),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_strerror),
        cmocka_unit_test(test_forced_gb18030),
        cmocka_unit_test(test_forced_unknown),
        cmocka_unit_test(test_decoder_reuse),
        cmocka_unit_test(test_random_bytes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
