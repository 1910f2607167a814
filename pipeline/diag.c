/* diag.c — see diag.h. */
#include "diag.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_init(diag_list *d) { memset(d, 0, sizeof *d); }

void diag_free(diag_list *d)
{
    for (size_t i = 0; i < d->n; i++)
        free(d->msgs[i]);
    free(d->msgs);
    diag_init(d);
}

void diag_add(diag_list *d, diag_severity sev, const char *file, int line, int col, const char *fmt, ...)
{
    char where[512] = "";
    if (file && line > 0 && col > 0)
        snprintf(where, sizeof where, "%s:%d:%d: ", file, line, col);
    else if (file && line > 0)
        snprintf(where, sizeof where, "%s:%d: ", file, line);
    else if (file)
        snprintf(where, sizeof where, "%s: ", file);
    char body[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(body, sizeof body, fmt, ap);
    va_end(ap);
    if (sev == DIAG_ERROR)
        d->errors++;
    else
        d->warnings++;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 8;
        char **m = realloc(d->msgs, cap * sizeof *m);
        if (!m)
            return; /* the count above still records the problem */
        d->msgs = m;
        d->cap = cap;
    }
    char *msg = NULL;
    if (asprintf(&msg, "%s%s: %s", where, sev == DIAG_ERROR ? "error" : "warning", body) >= 0)
        d->msgs[d->n++] = msg;
}

void diag_print(const diag_list *d, FILE *f)
{
    for (size_t i = 0; i < d->n; i++)
        fprintf(f, "%s\n", d->msgs[i]);
}
