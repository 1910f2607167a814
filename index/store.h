/*
 * store.h — opening a zhpipe index and reading what it already holds.
 *
 * Turns Xapian's failures into messages a user can act on ("locked by
 * another zhpipe index run", "is a file, not an index") and checks the
 * schema version stored in the database's metadata.
 */
#ifndef ZHPIPE_STORE_H
#define ZHPIPE_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "strmap.h"
#include "zx.h"

/* Opens (creating) the index at path for writing; NULL with err on failure.
 * *locked is set when another writer holds it. */
zx_db *store_open_write(const char *path, char *err, size_t errlen, bool *locked);

/* Opens one or more indexes (or stub files) for reading; NULL with err. */
zx_db *store_open_read(const char *const *paths, size_t n, char *err, size_t errlen);

/* Loads doc → change stamp for every article in the index. */
bool store_load_stamps(zx_db *db, strmap *stamps, char *err, size_t errlen);

#endif
