/*
 * jsonline.h — a fast path for the string fields of one JSON Lines object.
 *
 * A news feed line is a flat object of strings ({"id": "...", "date":
 * "...", "title": "...", "text": "..."}).  Parsing it with Jansson costs
 * more than decoding and normalising the article (measured: 0.23 s of
 * 0.42 s for 8 MB of feed), because Jansson builds a tree of every value.
 * This reader scans the line once and decodes only the fields asked for.
 * It accepts exactly flat objects whose values are strings, numbers,
 * true, false or null; for anything else (nesting, malformed JSON) it
 * says so and the caller falls back to Jansson, which also gives the
 * error message.
 */
#ifndef ZHPIPE_JSONLINE_H
#define ZHPIPE_JSONLINE_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    const char *key; /* field name to find */
    char *value;     /* decoded string (malloc'ed), or NULL if absent or not a string */
    size_t len;
    bool present;    /* the key exists (with any value) */
    bool is_number;  /* its value is a JSON number (then value holds its text) */
} jsonline_field;

/*
 * Fills fields[0..n) from the object in line[0..len).  Returns false when
 * the line is not a flat object this reader handles; then every value is
 * NULL.  Strings are checked to be valid UTF-8 with \uXXXX escapes
 * (surrogate pairs included) decoded.  Free the values with
 * jsonline_clear().
 */
bool jsonline_parse(const char *line, size_t len, jsonline_field *fields, size_t n);
void jsonline_clear(jsonline_field *fields, size_t n);

#endif
