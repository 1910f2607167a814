/*
 * strmap.h — a string → string hash map (open addressing).
 *
 * Used for the index's change stamps (doc → "mtime size hash").  Keys and
 * values are copied in; the map owns them.  Each entry carries a `seen`
 * mark for finding the documents a run did not meet.
 */
#ifndef ZHPIPE_STRMAP_H
#define ZHPIPE_STRMAP_H

#include <stdbool.h>
#include <stddef.h>

typedef struct {
    char *key, *value;
    bool seen;
} strmap_entry;

typedef struct {
    strmap_entry *slots;
    size_t cap, n;
} strmap;

void strmap_init(strmap *m);
void strmap_free(strmap *m);
/* Inserts or replaces; false when memory runs out. */
bool strmap_put(strmap *m, const char *key, const char *value);
/* The entry for key, or NULL. */
strmap_entry *strmap_get(const strmap *m, const char *key);

#endif
