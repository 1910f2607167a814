/* strmap.c — see strmap.h. */
#include "strmap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void strmap_init(strmap *m) { memset(m, 0, sizeof *m); }

void strmap_free(strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        free(m->slots[i].key);
        free(m->slots[i].value);
    }
    free(m->slots);
    strmap_init(m);
}

static uint64_t hash_key(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
    return h;
}

/* The slot holding key, or the empty slot where it would go. */
static strmap_entry *probe(const strmap *m, const char *key)
{
    size_t mask = m->cap - 1;
    for (size_t i = hash_key(key) & mask;; i = (i + 1) & mask)
        if (!m->slots[i].key || strcmp(m->slots[i].key, key) == 0)
            return &m->slots[i];
}

static bool grow_map(strmap *m)
{
    size_t cap = m->cap ? m->cap * 2 : 64;
    strmap old = *m;
    m->slots = calloc(cap, sizeof *m->slots);
    if (!m->slots) {
        *m = old;
        return false;
    }
    m->cap = cap;
    for (size_t i = 0; i < old.cap; i++)
        if (old.slots[i].key)
            *probe(m, old.slots[i].key) = old.slots[i];
    free(old.slots);
    return true;
}

bool strmap_put(strmap *m, const char *key, const char *value)
{
    if ((m->n + 1) * 4 > m->cap * 3 && !grow_map(m))
        return false;
    strmap_entry *e = probe(m, key);
    char *v = strdup(value);
    if (!v)
        return false;
    if (!e->key) {
        if (!(e->key = strdup(key))) {
            free(v);
            return false;
        }
        m->n++;
    }
    free(e->value);
    e->value = v;
    return true;
}

strmap_entry *strmap_get(const strmap *m, const char *key)
{
    if (!m->cap)
        return NULL;
    strmap_entry *e = probe(m, key);
    return e->key ? e : NULL;
}
