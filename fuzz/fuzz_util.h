/*
 * fuzz_util.h — what the libFuzzer targets share: checks that abort
 * with a message (so that libFuzzer saves the input), finding the
 * repository's rules/ from the target's path, and a temporary folder
 * made once per process and removed at exit.
 *
 * Header-only: each target is one translation unit.
 */
#ifndef ZHPIPE_FUZZ_UTIL_H
#define ZHPIPE_FUZZ_UTIL_H

#include <ftw.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void fuzz_tmp_cleanup(void);

/* An invariant of the code under test: a failure is a finding. */
#define FUZZ_CHECK(cond, ...)                                                                                          \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "%s:%d: check failed: %s: ", __FILE__, __LINE__, #cond);                                   \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
            fuzz_tmp_cleanup();                                                                                        \
            abort();                                                                                                   \
        }                                                                                                              \
    } while (0)

/* Set-up failures (no rules, no temp dir) are not findings: say so and stop. */
#define FUZZ_SETUP(cond, ...)                                                                                          \
    do {                                                                                                               \
        if (!(cond)) {                                                                                                 \
            fprintf(stderr, "fuzz set-up: ");                                                                          \
            fprintf(stderr, __VA_ARGS__);                                                                              \
            fputc('\n', stderr);                                                                                       \
            exit(2);                                                                                                   \
        }                                                                                                              \
    } while (0)

/* The repository's rules/ folder: $ZHPIPE_FUZZ_RULES, else ../rules beside
 * the target (build-fuzz/fuzz_x → rules/), else ./rules. */
static inline const char *fuzz_rules_dir(const char *argv0)
{
    static char dir[PATH_MAX];
    const char *env = getenv("ZHPIPE_FUZZ_RULES");
    if (env && *env) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    char exe[PATH_MAX];
    if (argv0 && realpath(argv0, exe)) {
        char *slash = strrchr(exe, '/');
        if (slash) {
            *slash = '\0';
            snprintf(dir, sizeof dir, "%.*s/../rules", (int)(sizeof dir - 10), exe);
            struct stat st;
            if (stat(dir, &st) == 0 && S_ISDIR(st.st_mode))
                return dir;
        }
    }
    snprintf(dir, sizeof dir, "rules");
    return dir;
}

static char fuzz_tmp_path[PATH_MAX];

static int fuzz_rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb, (void)flag, (void)ftw;
    remove(path);
    return 0;
}

static void fuzz_tmp_cleanup(void)
{
    if (fuzz_tmp_path[0])
        nftw(fuzz_tmp_path, fuzz_rm_one, 16, FTW_DEPTH | FTW_PHYS);
    fuzz_tmp_path[0] = '\0';
}

/* A fresh folder under $TMPDIR (or /tmp), made once, removed at exit and
 * on a failed check.  A sanitizer report, a timeout or a kill leaves it
 * (libFuzzer owns the death callback): /tmp/zhpipe-fuzz-* then. */
static inline const char *fuzz_tmpdir(void)
{
    if (fuzz_tmp_path[0])
        return fuzz_tmp_path;
    const char *base = getenv("TMPDIR");
    snprintf(fuzz_tmp_path, sizeof fuzz_tmp_path, "%s/zhpipe-fuzz-XXXXXX", base && *base ? base : "/tmp");
    FUZZ_SETUP(mkdtemp(fuzz_tmp_path), "cannot create a temporary folder in %s", base && *base ? base : "/tmp");
    atexit(fuzz_tmp_cleanup);
    return fuzz_tmp_path;
}

/* Writes len bytes to path; false on any error. */
static inline bool fuzz_write_file(const char *path, const void *bytes, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return false;
    bool ok = fwrite(bytes, 1, len, f) == len;
    return fclose(f) == 0 && ok;
}

/* Copies a whole file; false on any error. */
static inline bool fuzz_copy_file(const char *from, const char *to)
{
    FILE *f = fopen(from, "rb");
    if (!f)
        return false;
    char *buf = NULL;
    size_t n = 0, cap = 0;
    bool ok = true;
    for (;;) {
        if (n == cap) {
            cap = cap ? 2 * cap : 65536;
            char *b = realloc(buf, cap);
            if (!b) {
                ok = false;
                break;
            }
            buf = b;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    ok = ok && !ferror(f);
    fclose(f);
    ok = ok && fuzz_write_file(to, buf ? buf : "", n);
    free(buf);
    return ok;
}

/* The source spans of every byte of t lie in [0, limit] and are non-empty. */
static inline void fuzz_check_spans(const ztext *t, size_t limit, const char *what)
{
    for (size_t i = 0; i < t->len; i++) {
        FUZZ_CHECK(t->src_start[i] < t->src_end[i], "%s byte %zu: span [%u, %u) is empty", what, i,
                   t->src_start[i], t->src_end[i]);
        FUZZ_CHECK(t->src_end[i] <= limit, "%s byte %zu: span [%u, %u) beyond input length %zu", what, i,
                   t->src_start[i], t->src_end[i], limit);
    }
}

/* src_start never decreases along t: extract.c bisects on it to find a
 * record's original text. */
static inline void fuzz_check_monotone(const ztext *t, const char *what)
{
    for (size_t i = 1; i < t->len; i++)
        FUZZ_CHECK(t->src_start[i - 1] <= t->src_start[i], "%s bytes %zu, %zu: src_start goes back from %u to %u",
                   what, i - 1, i, t->src_start[i - 1], t->src_start[i]);
}

/* Valid UTF-8, NUL-terminated (when non-empty: an empty ztext may have no buffer). */
static inline void fuzz_check_text(const ztext *t, const char *what)
{
    if (t->len == 0)
        return;
    FUZZ_CHECK(t->s != NULL, "%s: len %zu but no buffer", what, t->len);
    FUZZ_CHECK(t->s[t->len] == '\0', "%s: not NUL-terminated at %zu", what, t->len);
    FUZZ_CHECK(utf8_is_valid(t->s, t->len), "%s: invalid UTF-8 (%zu bytes)", what, t->len);
}

#endif
