/*
 * fuzz_jsonline.c — the fast JSON Lines reader against Jansson.
 *
 * Not in the first list of targets: pipeline/jsonline.c came later, a
 * hand-written parser of untrusted feed lines, which is what fuzzing is
 * for.  The input is one feed line (exactly `size` bytes, no NUL after
 * it).  jsonline_parse asks for the fields id, text, title and date, as
 * source.c does.  When it accepts the line and Jansson reads the same
 * line as an object without repeated keys, every field must agree:
 * present in both or neither, the same string (bytes and length), a
 * number's text only for a JSON number.  Lines Jansson rejects are not
 * checked here (see the report on what the fast path accepts).
 */
#include "fuzz_util.h"

#include <jansson.h>

#include "jsonline.h"

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    return 0;
}

/* True when the object has a key twice (Jansson keeps the last). */
static bool repeated_keys(const uint8_t *data, size_t size, const char *const *keys, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        char pat[16];
        int m = snprintf(pat, sizeof pat, "\"%s\"", keys[k]);
        const uint8_t *p = memmem(data, size, pat, (size_t)m);
        if (p && memmem(p + m, size - (size_t)(p + m - data), pat, (size_t)m))
            return true;
    }
    return false;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const char *const keys[] = {"id", "text", "title", "date"};
    jsonline_field f[4];
    memset(f, 0, sizeof f);
    for (size_t k = 0; k < 4; k++)
        f[k].key = keys[k];
    bool ok = jsonline_parse((const char *)data, size, f, 4);
    if (!ok) {
        for (size_t k = 0; k < 4; k++)
            FUZZ_CHECK(!f[k].value, "rejected line left a value for %s", keys[k]);
        return 0;
    }
    for (size_t k = 0; k < 4; k++)
        if (f[k].value) {
            FUZZ_CHECK(f[k].present, "%s: a value but not present", keys[k]);
            if (f[k].is_number) /* a number's text has no NUL: its length is its strlen */
                FUZZ_CHECK(strlen(f[k].value) == f[k].len, "%s: number text of length %zu holds %zu bytes", keys[k],
                           f[k].len, strlen(f[k].value));
            FUZZ_CHECK(f[k].value[f[k].len] == '\0', "%s: value not NUL-terminated at its length", keys[k]);
            FUZZ_CHECK(utf8_is_valid(f[k].value, f[k].len), "%s: invalid UTF-8", keys[k]);
        }

    json_error_t jerr;
    json_t *o = json_loadb((const char *)data, size, JSON_ALLOW_NUL, &jerr);
    if (o && json_is_object(o) && !repeated_keys(data, size, keys, 4)) {
        for (size_t k = 0; k < 4; k++) {
            json_t *v = json_object_get(o, keys[k]);
            FUZZ_CHECK(f[k].present == (v != NULL), "%s: present %d here, %d for Jansson", keys[k], (int)f[k].present,
                       v != NULL);
            if (json_is_string(v)) {
                FUZZ_CHECK(f[k].value && !f[k].is_number, "%s: Jansson has a string, the fast path none", keys[k]);
                FUZZ_CHECK(f[k].len == json_string_length(v) && memcmp(f[k].value, json_string_value(v), f[k].len) == 0,
                           "%s: \"%.*s\" (%zu bytes) here, \"%s\" (%zu bytes) for Jansson", keys[k], (int)f[k].len,
                           f[k].value, f[k].len, json_string_value(v), json_string_length(v));
            } else if (json_is_number(v)) {
                FUZZ_CHECK(f[k].is_number && f[k].value, "%s: Jansson has a number, the fast path no number text",
                           keys[k]);
            } else if (v) {
                FUZZ_CHECK(!f[k].value, "%s: a value here for a JSON %s", keys[k],
                           json_is_null(v) ? "null" : json_is_boolean(v) ? "boolean" : "container");
            }
        }
    }
    json_decref(o);
    jsonline_clear(f, 4);
    return 0;
}
