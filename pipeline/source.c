/* source.c — see source.h. */
#include "source.h"

#include "text.h"

#include "jsonline.h"

#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <fts.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct source {
    char *const *paths;
    int npaths, next_path;
    bool jsonl;
    feed_fields ff;
    uint64_t max_bytes;
    source_filter filter;
    FTS *fts;          /* the folder being walked */
    FILE *feed;        /* the feed being read */
    const char *feed_name;
    size_t feed_line;
    char *line;
    size_t line_cap;
};

source *source_open(char *const *paths, int npaths, bool jsonl, const feed_fields *ff, uint64_t max_bytes,
                    const source_filter *filter)
{
    source *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->paths = paths;
    s->npaths = npaths;
    s->jsonl = jsonl;
    s->ff = *ff;
    s->max_bytes = max_bytes;
    if (filter)
        s->filter = *filter;
    return s;
}

void source_close(source *s)
{
    if (!s)
        return;
    if (s->fts)
        fts_close(s->fts);
    if (s->feed && s->feed != stdin)
        fclose(s->feed);
    free(s->line);
    free(s);
}

void source_item_free(source_item *it)
{
    free(it->doc);
    free(it->bytes);
    free(it->title);
    free(it->error);
    memset(it, 0, sizeof *it);
}

static void set_error(source_item *it, const char *fmt, const char *a, const char *b)
{
    free(it->error);
    if (asprintf(&it->error, fmt, a, b) < 0)
        it->error = NULL;
}

/* Records name their file; a name that is not UTF-8 cannot be written in
 * JSON, so such a file is refused with the name's bytes escaped. */
static bool name_ok(source_item *it)
{
    const char *p = it->doc;
    if (utf8_is_valid(p, strlen(p)))
        return true;
    size_t n = strlen(p);
    char *esc = malloc(4 * n + 1), *o = esc;
    if (!esc) {
        set_error(it, "file name is not valid UTF-8%s%s", "", "");
        return false;
    }
    for (size_t i = 0; i < n;) {
        size_t k = (unsigned char)p[i] < 0x80 ? 1 : utf8_valid_seq_len((const unsigned char *)p + i, n - i);
        if (k == 0) {
            o += sprintf(o, "\\x%02x", (unsigned char)p[i]);
            i++;
        } else {
            memcpy(o, p + i, k);
            o += k;
            i += k;
        }
    }
    *o = '\0';
    set_error(it,
              "file name is not valid UTF-8 ('%s'), so records could not name it; rename it to UTF-8 "
              "(a GBK name from a Windows archive: convmv -f GBK -t UTF-8 --notest FILE)%s",
              esc, "");
    free(esc);
    return false;
}

/* Why a symbolic link cannot be followed: a loop, or nothing at its end. */
static void set_link_error(source_item *it, const char *path)
{
    struct stat st;
    if (stat(path, &st) != 0 && errno == ELOOP)
        set_error(it, "symbolic link loop: %s leads back to itself through links; remove or fix the link%s", path,
                  "");
    else
        set_error(it, "dangling symbolic link (its target does not exist); remove or fix the link%s%s", "", "");
}

/* "cannot read" with what to do about it. */
static void set_read_error(source_item *it, int err, bool folder)
{
    const char *what = folder ? "cannot read folder" : "cannot read";
    const char *advice = err == EACCES || err == EPERM
                             ? (folder ? "; its files are skipped (check its permissions, or run as a user who can "
                                         "read it)"
                                       : " (check its permissions, or run as a user who can read it)")
                             : folder ? "; its files are skipped" : "";
    free(it->error);
    if (asprintf(&it->error, "%s: %s%s", what, strerror(err), advice) < 0)
        it->error = NULL;
}

/* Names sort bytewise so that runs are reproducible. */
static int by_name(const FTSENT **a, const FTSENT **b) { return strcmp((*a)->fts_name, (*b)->fts_name); }

/* ------------------------------------------------------------ folders */

static bool included(const source *s, const char *name)
{
    if (s->filter.n == 0)
        return true;
    for (int i = 0; i < s->filter.n; i++)
        if (fnmatch(s->filter.globs[i], name, 0) == 0)
            return true;
    return false;
}

/* The next regular file (or a reportable problem) of the current walk. */
static bool next_from_fts(source *s, source_item *it)
{
    FTSENT *e;
    while ((e = fts_read(s->fts))) {
        if (e->fts_level > 0 && e->fts_name[0] == '.') {
            if (e->fts_info == FTS_D)
                fts_set(s->fts, e, FTS_SKIP);
            continue; /* hidden: .git, editor backups, our own index */
        }
        switch (e->fts_info) {
        case FTS_F:
            if (!included(s, e->fts_name))
                continue;
            it->doc = strdup(e->fts_path);
            if (it->doc && !name_ok(it))
                return true;
            it->mtime_ns = (int64_t)e->fts_statp->st_mtim.tv_sec * 1000000000 + e->fts_statp->st_mtim.tv_nsec;
            it->size = (uint64_t)e->fts_statp->st_size;
            return true;
        case FTS_DC:
            it->doc = strdup(e->fts_path);
            set_error(it, "symbolic link loop: %s leads back to an ancestor folder (skipped; its files are read "
                          "once, by their other path)%s", e->fts_path, "");
            return true;
        case FTS_DNR:
        case FTS_ERR:
        case FTS_NS:
            it->doc = strdup(e->fts_path);
            set_read_error(it, e->fts_errno, e->fts_info == FTS_DNR);
            return true;
        case FTS_SLNONE:
            it->doc = strdup(e->fts_path);
            set_link_error(it, e->fts_path);
            return true;
        default:
            continue; /* folders (pre/post order), special files */
        }
    }
    fts_close(s->fts);
    s->fts = NULL;
    return false;
}

/* ------------------------------------------------------------ feeds */

/* A feed's date: "YYYY-MM-DD", possibly followed by a time. */
static bool parse_feed_date(const char *v, civil_date *d)
{
    char day[11];
    if (!v || strlen(v) < 10)
        return false;
    memcpy(day, v, 10);
    day[10] = '\0';
    return civil_date_parse_iso(day, d);
}

/*
 * The fast path for the usual flat feed line (see jsonline.h); false when
 * the line needs Jansson (nested values, escaped keys, a malformed line).
 */
static bool feed_item_fast(source *s, source_item *it, const char *line, size_t len)
{
    jsonline_field f[4] = {{.key = s->ff.id}, {.key = s->ff.text}, {.key = s->ff.title}, {.key = s->ff.date}};
    if (!jsonline_parse(line, len, f, 4) || !f[1].value || f[1].is_number) {
        jsonline_clear(f, 4);
        return false;
    }
    if (f[0].value)
        it->doc = f[0].value; /* a string or a number's text */
    else if (asprintf(&it->doc, "%s:%zu", s->feed_name, s->feed_line) < 0)
        it->doc = NULL;
    f[0].value = NULL;
    it->bytes = f[1].value;
    it->len = it->size = f[1].len;
    f[1].value = NULL;
    if (f[2].value && !f[2].is_number) {
        it->title = f[2].value;
        f[2].value = NULL;
    }
    if (!f[3].is_number)
        parse_feed_date(f[3].value, &it->date);
    it->from_feed = true;
    jsonline_clear(f, 4);
    return true;
}

/* Turns one feed line into an item (or an item with an error). */
static void feed_item(source *s, source_item *it, const char *line, size_t len)
{
    if (feed_item_fast(s, it, line, len))
        return;
    char where[64];
    snprintf(where, sizeof where, "%zu", s->feed_line);
    json_error_t jerr;
    json_t *o = json_loadb(line, len, 0, &jerr);
    if (!o || !json_is_object(o)) {
        if (asprintf(&it->doc, "%s:%zu", s->feed_name, s->feed_line) < 0)
            it->doc = NULL;
        set_error(it, "invalid JSON: %s%s", o ? "not an object" : jerr.text, "");
        json_decref(o);
        return;
    }
    const char *id = json_string_value(json_object_get(o, s->ff.id));
    json_t *idv = json_object_get(o, s->ff.id);
    const char *text = json_string_value(json_object_get(o, s->ff.text));
    if (id)
        it->doc = strdup(id);
    else if (json_is_integer(idv) && asprintf(&it->doc, "%lld", (long long)json_integer_value(idv)) >= 0)
        ;
    else if (asprintf(&it->doc, "%s:%zu", s->feed_name, s->feed_line) < 0)
        it->doc = NULL;
    if (!text) {
        set_error(it, "no string field \"%s\" (the article text; see --text-field)%s", s->ff.text, "");
    } else {
        size_t n = json_string_length(json_object_get(o, s->ff.text));
        it->bytes = malloc(n + 1);
        if (it->bytes) {
            memcpy(it->bytes, text, n);
            it->bytes[n] = '\0';
            it->len = it->size = n;
        }
        const char *title = json_string_value(json_object_get(o, s->ff.title));
        if (title)
            it->title = strdup(title);
        parse_feed_date(json_string_value(json_object_get(o, s->ff.date)), &it->date);
    }
    it->from_feed = true;
    json_decref(o);
}

static bool next_from_feed(source *s, source_item *it)
{
    ssize_t n;
    while ((n = getline(&s->line, &s->line_cap, s->feed)) >= 0) {
        s->feed_line++;
        while (n > 0 && (s->line[n - 1] == '\n' || s->line[n - 1] == '\r'))
            n--;
        if (n == 0)
            continue;
        feed_item(s, it, s->line, (size_t)n);
        return true;
    }
    bool failed = ferror(s->feed);
    if (s->feed != stdin)
        fclose(s->feed);
    s->feed = NULL;
    if (failed) {
        it->doc = strdup(s->feed_name);
        set_error(it, "read error in feed after line %s%s", "", "");
        return true;
    }
    return false;
}

/* ------------------------------------------------------------ iteration */

/* Starts reading the next command-line argument. */
static bool open_next_path(source *s, source_item *it)
{
    const char *p = s->paths[s->next_path++];
    if (s->jsonl) {
        s->feed_name = p;
        s->feed_line = 0;
        s->feed = strcmp(p, "-") == 0 ? stdin : fopen(p, "r");
        if (!s->feed) {
            it->doc = strdup(p);
            set_error(it, "cannot open feed: %s%s", strerror(errno), "");
            return true;
        }
        return false;
    }
    struct stat st;
    if (stat(p, &st) != 0) {
        int err = errno;
        it->doc = strdup(p);
        if (err == ELOOP)
            set_link_error(it, p);
        else if (err == ENOENT && lstat(p, &st) == 0)
            set_link_error(it, p);
        else if (err == ENOENT)
            set_error(it, "no such file or folder%s%s", "", "");
        else
            set_read_error(it, err, false);
        return true;
    }
    if (S_ISDIR(st.st_mode)) {
        char *argv[] = {(char *)p, NULL};
        s->fts = fts_open(argv, FTS_LOGICAL | FTS_NOCHDIR, by_name);
        if (!s->fts) {
            it->doc = strdup(p);
            set_error(it, "cannot walk folder: %s%s", strerror(errno), "");
            return true;
        }
        return false;
    }
    it->doc = strdup(p);
    it->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
    it->size = (uint64_t)st.st_size;
    if (!S_ISREG(st.st_mode))
        set_error(it, "not a regular file (a device, pipe or socket); give zhpipe files or folders%s%s", "", "");
    else if (it->doc)
        name_ok(it);
    return true;
}

bool source_next(source *s, source_item *it)
{
    source_item_free(it);
    for (;;) {
        if (s->fts && next_from_fts(s, it))
            return true;
        if (s->feed && next_from_feed(s, it))
            return true;
        if (s->fts || s->feed)
            continue;
        if (s->next_path >= s->npaths)
            return false;
        if (open_next_path(s, it))
            return true;
    }
}

bool source_load(source *s, source_item *it)
{
    if (it->bytes || it->error)
        return !it->error;
    if (it->size > s->max_bytes) {
        /* Suggest a limit that fits: the size rounded up to a power of two MiB. */
        char a[64], b[200];
        snprintf(a, sizeof a, "%llu bytes (%.1f MiB)", (unsigned long long)it->size, (double)it->size / 1048576.0);
        if (it->size >= (4ull << 30)) {
            snprintf(b, sizeof b, "the 4 GiB that zhpipe can address; split the file");
        } else {
            unsigned long long mib = 1;
            while ((mib << 20) < it->size)
                mib <<= 1;
            char sug[16];
            snprintf(sug, sizeof sug, mib >= 4096 ? "4G" : "%lluM", mib);
            snprintf(b, sizeof b, "the --max-bytes limit of %llu; raise it (e.g. --max-bytes %s) or split the file",
                     (unsigned long long)s->max_bytes, sug);
        }
        set_error(it, "file is %s, over %s", a, b);
        return false;
    }
    int fd = open(it->doc, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        set_read_error(it, errno, false);
        return false;
    }
    it->bytes = malloc(it->size + 1);
    size_t got = 0;
    while (it->bytes && got < it->size) {
        ssize_t r = read(fd, it->bytes + got, it->size - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        got += (size_t)r;
    }
    int saved = errno;
    close(fd);
    if (!it->bytes) {
        set_error(it, "out of memory reading the file%s%s", "", "");
        return false;
    }
    if (got < it->size) {
        set_error(it, "short read (%s); the file changed or the disk failed%s", got ? "truncated" : strerror(saved), "");
        return false;
    }
    it->bytes[got] = '\0';
    it->len = got;
    return true;
}

bool source_covers(const source *s, const char *doc)
{
    for (int i = 0; i < s->npaths; i++) {
        size_t n = strlen(s->paths[i]);
        if (strncmp(doc, s->paths[i], n) == 0 && (doc[n] == '/' || (n && s->paths[i][n - 1] == '/')))
            return true;
    }
    return false;
}

void source_estimate(char *const *paths, int npaths, bool jsonl, const source_filter *filter, uint64_t *files,
                     uint64_t *bytes)
{
    *files = *bytes = 0;
    source *s = source_open(paths, npaths, false, &(feed_fields){0}, UINT64_MAX, filter);
    if (!s)
        return;
    source_item it;
    memset(&it, 0, sizeof it);
    /* The same walk as the run itself, without reading anything. */
    while (source_next(s, &it)) {
        if (!it.error) {
            ++*files;
            *bytes += it.size;
        }
        if (jsonl && strcmp(it.doc, "-") == 0)
            *files = *bytes = 0;
    }
    source_item_free(&it);
    source_close(s);
    if (jsonl)
        *files = 0; /* articles per feed are unknown; bytes tell the progress */
}
