/* store.c — see store.h. */
#include "store.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "schema.h"

/* Explains why path cannot be an index, before Xapian gives its own view. */
static bool check_path(const char *path, char *err, size_t errlen)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return true; /* will be created */
    if (!S_ISDIR(st.st_mode)) {
        snprintf(err, errlen, "%s is a file, not a zhpipe index (an index is a folder; choose another --db)", path);
        return false;
    }
    return true;
}

static bool check_schema(zx_db *db, const char *path, bool writable, char *err, size_t errlen)
{
    char *v = NULL;
    if (zx_db_get_metadata(db, META_SCHEMA, &v) != ZX_OK) {
        snprintf(err, errlen, "%s: %s", path, zx_db_error(db));
        return false;
    }
    bool ok = true;
    if (!v) {
        unsigned long n = 0;
        zx_db_doccount(db, &n);
        if (n > 0) {
            snprintf(err, errlen, "%s is a Xapian database but not a zhpipe index (no schema version)", path);
            ok = false;
        } else if (writable && zx_db_set_metadata(db, META_SCHEMA, SCHEMA_VERSION) != ZX_OK) {
            snprintf(err, errlen, "%s: %s", path, zx_db_error(db));
            ok = false;
        }
    } else if (strcmp(v, SCHEMA_VERSION) != 0) {
        snprintf(err, errlen, "%s has index schema %s; this zhpipe reads schema %s (re-index into a new --db)", path, v,
                 SCHEMA_VERSION);
        ok = false;
    }
    free(v);
    return ok;
}

zx_db *store_open_write(const char *path, char *err, size_t errlen, bool *locked)
{
    *locked = false;
    if (!check_path(path, err, errlen))
        return NULL;
    zx_db *db = NULL;
    zx_status st = zx_db_open_write(path, &db);
    /* Xapian reports a lock file it may not open as a lock held by
     * another process: tell a read-only index (or file system) apart. */
    char lockfile[4096];
    snprintf(lockfile, sizeof lockfile, "%s/flintlock", path);
    int werr = 0;
    if (st != ZX_OK && st != ZX_NOMEM) {
        if (access(path, W_OK) != 0)
            werr = errno;
        else if (access(lockfile, F_OK) == 0 && access(lockfile, W_OK) != 0)
            werr = errno;
    }
    if ((st == ZX_LOCKED || st == ZX_OPENING) && (werr == EACCES || werr == EPERM || werr == EROFS)) {
        snprintf(err, errlen,
                 "index %s is read-only (%s): it can be searched but not updated; run as a user who may write "
                 "it, or index into another --db",
                 path, strerror(werr));
    } else if (st == ZX_LOCKED) {
        *locked = true;
        snprintf(err, errlen,
                 "index %s is locked by another process (another `zhpipe index` still running?); "
                 "wait for it to finish, or stop it",
                 path);
    } else if (st != ZX_OK) {
        snprintf(err, errlen, "cannot open index %s for writing: %s", path, zx_db_error(db));
    }
    if (st != ZX_OK || !check_schema(db, path, true, err, errlen)) {
        zx_db_close(db);
        return NULL;
    }
    return db;
}

zx_db *store_open_read(const char *const *paths, size_t n, char *err, size_t errlen)
{
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            snprintf(err, errlen, "no index at %s (build one with `zhpipe index --db %s DIR`)", paths[i], paths[i]);
            return NULL;
        }
        if (S_ISREG(st.st_mode) && st.st_size == 0) { /* Xapian reads it as a stub listing nothing */
            snprintf(err, errlen, "%s is an empty file, not a zhpipe index nor a stub file listing shards", paths[i]);
            return NULL;
        }
    }
    zx_db *db = NULL;
    zx_status st = zx_db_open_read(paths, n, &db);
    if (st != ZX_OK) {
        /* Name what the path is when it is not an index at all. */
        for (size_t i = 0; i < n; i++) {
            struct stat sb;
            char probe[4096];
            snprintf(probe, sizeof probe, "%s/iamglass", paths[i]);
            if (stat(paths[i], &sb) == 0 && S_ISREG(sb.st_mode) && strstr(zx_db_error(db), "Bad line")) {
                snprintf(err, errlen,
                         "%s is a file, not a zhpipe index nor a stub file listing shards (%s); "
                         "give --db the index folder",
                         paths[i], zx_db_error(db));
                zx_db_close(db);
                return NULL;
            }
            if (stat(paths[i], &sb) == 0 && S_ISDIR(sb.st_mode) && stat(probe, &sb) != 0 && errno == ENOENT) {
                snprintf(err, errlen,
                         "%s is a folder but not a zhpipe index (no Xapian database in it); build one with "
                         "`zhpipe index --db %s DIR`",
                         paths[i], paths[i]);
                zx_db_close(db);
                return NULL;
            }
        }
        snprintf(err, errlen, "cannot open index: %s", zx_db_error(db));
        zx_db_close(db);
        return NULL;
    }
    if (n == 1 && !check_schema(db, paths[0], false, err, errlen)) {
        zx_db_close(db);
        return NULL;
    }
    return db;
}

typedef struct {
    zx_db *db;
    strmap *stamps;
    bool ok;
} load_ctx;

static bool load_one(void *vctx, unsigned docid)
{
    load_ctx *c = vctx;
    char *doc = NULL, *stamp = NULL;
    size_t dl, sl;
    if (zx_db_doc_value(c->db, docid, SLOT_DOC, &doc, &dl) == ZX_OK &&
        zx_db_doc_value(c->db, docid, SLOT_STAMP, &stamp, &sl) == ZX_OK && dl > 0)
        c->ok = strmap_put(c->stamps, doc, stamp);
    free(doc);
    free(stamp);
    return c->ok;
}

bool store_load_stamps(zx_db *db, strmap *stamps, char *err, size_t errlen)
{
    load_ctx c = {db, stamps, true};
    if (zx_db_each(db, TERM_ARTICLE, load_one, &c) != ZX_OK) {
        snprintf(err, errlen, "cannot read the index: %s", zx_db_error(db));
        return false;
    }
    if (!c.ok)
        snprintf(err, errlen, "out of memory reading the index");
    return c.ok;
}
