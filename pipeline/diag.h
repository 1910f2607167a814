/*
 * diag.h — collected diagnostics ("file:line:col: error: message").
 *
 * Loaders report every problem they find instead of stopping at the first,
 * so that `zhpipe rules check` can list them all.  Ownership: the list owns
 * its messages; diag_free() releases them.
 */
#ifndef ZHPIPE_DIAG_H
#define ZHPIPE_DIAG_H

#include <stddef.h>
#include <stdio.h>

typedef enum { DIAG_ERROR, DIAG_WARNING } diag_severity;

typedef struct {
    char **msgs;
    size_t n, cap;
    size_t errors, warnings;
} diag_list;

void diag_init(diag_list *d);
void diag_free(diag_list *d);

/* Adds "file:line[:col]: error|warning: message"; line/col 0 are omitted. */
void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

/* Prints every message, one per line, to f. */
void diag_print(const diag_list *d, FILE *f);

#endif
