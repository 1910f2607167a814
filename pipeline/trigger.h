/*
 * trigger.h — where a rule can match at all: its trigger words.
 *
 * A rule may name trigger words (`trigger` in a rule file): every match of
 * the rule starts within `reach BEFORE [AFTER]` characters of one of them
 * (at most BEFORE characters before the word, at most AFTER after its
 * first character).  Extraction then runs a rule's pattern only over the
 * start positions near its triggers instead of at every character: a news
 * paragraph has a few 公司 or 年 in it, but thousands of places where an
 * organisation name or a date could begin.  That is what makes extraction
 * cheap; the words must be right, so `make check` compares every record
 * with and without triggers (ZHPIPE_NO_TRIGGERS=1) on real articles.
 *
 * A trigger_set holds the words of every rule and finds them all in one
 * pass over a text.
 */
#ifndef ZHPIPE_TRIGGER_H
#define ZHPIPE_TRIGGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct trigger_set trigger_set;

trigger_set *trigger_set_new(void);
void trigger_set_free(trigger_set *t);

/* Adds a word (UTF-8, 1 to 63 bytes) that triggers rule `rule`. */
bool trigger_set_add(trigger_set *t, const char *word, size_t len, uint32_t rule);

/* Call once after the last add, before any scan. */
bool trigger_set_finish(trigger_set *t);

/*
 * Reports every occurrence of every word in s[0, len) (valid UTF-8), in
 * text order, as on_hit(arg, rule, start).  Overlapping words are all
 * reported.
 */
void trigger_set_scan(const trigger_set *t, const char *s, size_t len,
                      void (*on_hit)(void *arg, uint32_t rule, size_t start), void *arg);

/*
 * The words a trigger item of a rule file stands for.  An item is a word
 * itself, or the body of a definition it names when that body is a list
 * of words — (?:公司|集团(?!化)) gives 公司 and 集团: lookarounds are
 * dropped, which can only add words — or a character class of single
 * characters and ranges ([0-9一二], at most 4096 characters).  Calls
 * add(arg, word, len) per word; returns false with a reason in *why when
 * the body is neither.
 */
bool trigger_words_of_pattern(const char *body, bool (*add)(void *arg, const char *w, size_t len), void *arg,
                              const char **why);

#endif
