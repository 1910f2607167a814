/*
 * source.h — where articles come from: files, folders, JSON Lines feeds.
 *
 * A source yields one item per article in a stable order: paths in the
 * order given, folders walked recursively in name order (symbolic links
 * followed, loops detected, hidden entries skipped), feeds line by line.
 * Items first carry only what identifies them and tells whether they
 * changed (stat data); source_load() reads the bytes, so that unchanged
 * files are never read.
 */
#ifndef ZHPIPE_SOURCE_H
#define ZHPIPE_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "datenorm.h"

typedef struct {
    const char *id, *date, *title, *text; /* JSON field names in a feed */
} feed_fields;

#define SOURCE_MAX_INCLUDE 16

/* Which files of a folder walk are articles: shell patterns matched
 * against the file name (all files when there are none).  Files named
 * on the command line are always read. */
typedef struct {
    const char *globs[SOURCE_MAX_INCLUDE];
    int n;
} source_filter;

typedef struct {
    char *doc;          /* path (as reached from the argument) or feed id */
    bool from_feed;
    int64_t mtime_ns;   /* files: modification time */
    uint64_t size;      /* bytes */
    char *bytes;        /* after source_load (feeds: at once) */
    size_t len;
    char *title;        /* feeds */
    civil_date date;    /* feeds; year 0 if none */
    char *error;        /* this item cannot be read: why (then nothing else is set) */
} source_item;

typedef struct source source;

/* paths: files, folders, or (with jsonl) feed files, "-" for stdin. */
source *source_open(char *const *paths, int npaths, bool jsonl, const feed_fields *ff, uint64_t max_bytes,
                    const source_filter *filter);
void source_close(source *s);

/* Fills the next item (freeing the previous one's buffers); false at the end. */
bool source_next(source *s, source_item *it);
/* Reads a file item's bytes; false with it->error set when it cannot. */
bool source_load(source *s, source_item *it);
void source_item_free(source_item *it);

/* What a run will see, for progress and ETA: the files (or, for feeds,
 * the feed files) and their bytes; stdin counts nothing. */
void source_estimate(char *const *paths, int npaths, bool jsonl, const source_filter *filter, uint64_t *files,
                     uint64_t *bytes);

/* Paths of files under the folders given, for --prune: true if doc was
 * reachable from one of the source's folder arguments. */
bool source_covers(const source *s, const char *doc);

#endif
