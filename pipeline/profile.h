/*
 * profile.h — where the time goes: time per stage and per rule, on request.
 *
 * `zhpipe extract --profile` (and index) time every stage of every article
 * and every rule's PCRE2 searches, and print the totals when the run ends.
 * It answers "which stage, which rule is slow?" for anyone changing the
 * rules, and it is how bench/results.md explains its numbers.  Times come
 * from the monotonic clock summed over all threads, so they are CPU shares
 * only with -j 1.  Off (the default), each probe is one predictable branch.
 */
#ifndef ZHPIPE_PROFILE_H
#define ZHPIPE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

typedef enum {
    PROF_LOAD,      /* loading and compiling the rules, name lists */
    PROF_READ,      /* reading files, parsing feed lines */
    PROF_DECODE,    /* encoding detection and iconv */
    PROF_FOLD,      /* utf8proc width and compatibility folding */
    PROF_LAYOUT,    /* repair of layout line breaks */
    PROF_SCRIPT,    /* the OpenCC pre-check and conversion */
    PROF_TITLE,     /* titles, reference dates */
    PROF_LEXICON,   /* name-list matching */
    PROF_TRIGGERS,  /* the trigger-word pass */
    PROF_FIGURES,   /* figure rules: searches and records */
    PROF_DATES,     /* date rules: searches and records */
    PROF_ENTITIES,  /* entity rules: searches and records */
    PROF_SETTLE,    /* names settled, overlaps dropped, sorting */
    PROF_OUTPUT,    /* JSON/CSV records, or the Xapian document */
    PROF_WRITE,     /* the index writer: Xapian replace and commit */
    PROF_COUNT
} prof_stage;

extern bool prof_on;

/* Turns profiling on (before the rules load, so that loading is timed). */
void prof_enable(void);
/* Makes room for the rules' times once they are loaded; false without memory. */
bool prof_set_rules(size_t nrules);

static inline uint64_t prof_now(void)
{
    if (!prof_on)
        return 0;
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

/* Adds the time since `since` (a prof_now() value) to a stage. */
void prof_stage_add(prof_stage s, uint64_t since);
/* Adds a rule's PCRE2 search time since `since`, and one search. */
void prof_rule_add(size_t rule, uint64_t since);
/* Counts an article and its input bytes. */
void prof_article(size_t bytes);

/* Prints the table (rule_name(arg, i) names rule i) and turns profiling off. */
void prof_print(FILE *f, const char *command, const char *(*rule_name)(const void *arg, size_t i), const void *arg);

#endif
