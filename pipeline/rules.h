/*
 * rules.h — loading and compiling the rule files in rules/.
 *
 * A rule directory holds *.rules files (patterns) and units.conf (the
 * units and qualifier words figures use); the format is documented in
 * rules/README.md.  Every pattern is compiled once with PCRE2 (UTF, UCP)
 * and JIT-compiled.  A rule's trigger words (trigger.h) say where it can
 * match at all; one pass over a paragraph finds the triggers of every
 * rule, and each rule's pattern then runs only near its own.
 *
 * A loaded ruleset is immutable and may be shared by any number of threads
 * (each thread brings its own match data: see extract.h).
 */
#ifndef ZHPIPE_RULES_H
#define ZHPIPE_RULES_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "lexicon.h"
#include "trigger.h"

typedef enum { KIND_FIGURE, KIND_DATE, KIND_ENTITY, KIND_COUNT } rule_kind;

typedef struct {
    char *text;     /* input the rule is run on */
    char *expect;   /* for examples: the text the match must cover; NULL for counters */
    int line;
} rule_example;

typedef struct {
    char *id;
    rule_kind kind;
    char *type;      /* entity type (ORG, ZONE, LOC, PER, DOC, ALIAS) or NULL */
    char *role;      /* optional role attached to PER records (e.g. reporter) */
    int priority;    /* breaks ties between equally long matches */
    bool start_place; /* entities: the name must begin with a place from the name lists (`start place`) */
    char *file;
    int line;
    char *pattern;   /* as written, {NAME} references unexpanded */
    char *expanded;  /* what PCRE2 compiled */
    pcre2_code *re;
    char **trigger_items;   /* `trigger` items as written (words, {NAME}, ^) */
    size_t ntrigger_items;
    int trigger_line;
    bool has_triggers;      /* false: the rule is tried at every position */
    bool trigger_at_start;  /* `^`: the start of a paragraph is a trigger */
    size_t group;           /* its trigger group in the ruleset */
    int reach_before;       /* a match starts at most this many characters before a trigger */
    int reach_after;        /* ... or at most this many after the trigger's first character */
    rule_example *examples;
    size_t nexamples;
} rule;

/* Rules with the same trigger words and reach: their windows are found
 * once, and (with two rules or more) searched first by `scanner`, the
 * alternation of their patterns, so that a window none of them matches
 * costs one search. */
typedef struct {
    size_t first_rule;   /* its triggers and reach are the group's */
    size_t nrules;
    pcre2_code *scanner; /* NULL: each rule searches on its own */
} trigger_group;

typedef enum { QUAL_APPROX, QUAL_MIN, QUAL_MAX } qualifier_effect;

typedef struct {
    char *surface;    /* as it stands in normalised text: 平方公里, 亩, % */
    char *canonical;  /* the unit records report */
    char *dimension;  /* currency, percent, count, mass, area, volume, power, length, ... */
    double factor;    /* to the dimension's SI base unit; 0 when it does not convert */
} unit_def;

typedef struct {
    char *word;
    qualifier_effect effect;
    bool before;      /* stands before the number (约, 超过) rather than after (左右, 以上) */
} qualifier_def;

typedef struct {
    char *dir;
    rule *rules;
    size_t nrules;
    trigger_set *triggers;           /* the trigger words of every group (hits report the group) */
    trigger_group *groups;
    size_t ngroups;
    unit_def *units;                 /* sorted by surface */
    size_t nunits;
    qualifier_def *quals;            /* sorted by word */
    size_t nquals;
    lexicon *lex;                    /* name lists (gazetteer, *.names); never NULL after a load */
    size_t nlexfiles;                /* how many name-list files were read */
} ruleset;

/*
 * Loads every *.rules file and units.conf of dir, and the name lists:
 * the files named by `lexicon FILE` lines of the *.rules files, then
 * every *.names file of dir and of dir/names/ (each folder in name order).
 * Problems go to diags with file:line (and the PCRE2 message and offset for bad patterns).
 * Returns NULL when there was any error; warnings alone do not fail.
 */
ruleset *ruleset_load(const char *dir, diag_list *diags);
void ruleset_free(ruleset *rs);

const char *rule_kind_name(rule_kind k);

/* Looks up a unit or qualifier by its normalised surface form; NULL if none. */
const unit_def *ruleset_unit(const ruleset *rs, const char *surface, size_t len);
const qualifier_def *ruleset_qualifier(const ruleset *rs, const char *word, size_t len);

/* The default rule directory: $ZHPIPE_RULES, else ./rules, else the
 * directory installed beside the binary. */
const char *ruleset_default_dir(void);

#endif
