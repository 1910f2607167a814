/* profile.c — see profile.h. */
#include "profile.h"

#include <stdlib.h>
#include <sys/resource.h>

bool prof_on = false;

static uint64_t stage_ns[PROF_COUNT];
static uint64_t *rule_ns, *rule_calls;
static size_t nrules;
static uint64_t articles, bytes, started;

static const char *const stage_names[PROF_COUNT] = {
    "load rules and name lists",   "read (files, feed lines)", "decode (uchardet, iconv)",
    "normalise: fold (utf8proc)",  "normalise: layout repair", "normalise: OpenCC",
    "titles, reference dates",     "extract: name lists",     "extract: trigger words",
    "extract: figure rules",       "extract: date rules",     "extract: entity rules",
    "extract: settle names",       "output (records, index documents)", "index writer (Xapian)",
};

void prof_enable(void)
{
    prof_on = true;
    started = prof_now();
}

bool prof_set_rules(size_t n)
{
    free(rule_ns);
    free(rule_calls);
    rule_ns = calloc(n ? n : 1, sizeof *rule_ns);
    rule_calls = calloc(n ? n : 1, sizeof *rule_calls);
    if (!rule_ns || !rule_calls) {
        free(rule_ns);
        free(rule_calls);
        rule_ns = rule_calls = NULL;
        return false;
    }
    nrules = n;
    return true;
}

void prof_stage_add(prof_stage s, uint64_t since)
{
    if (prof_on)
        __atomic_fetch_add(&stage_ns[s], prof_now() - since, __ATOMIC_RELAXED);
}

void prof_rule_add(size_t rule, uint64_t since)
{
    if (!prof_on || rule >= nrules)
        return;
    __atomic_fetch_add(&rule_ns[rule], prof_now() - since, __ATOMIC_RELAXED);
    __atomic_fetch_add(&rule_calls[rule], 1, __ATOMIC_RELAXED);
}

void prof_article(size_t n)
{
    if (!prof_on)
        return;
    __atomic_fetch_add(&articles, 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&bytes, n, __ATOMIC_RELAXED);
}

static double secs(uint64_t ns) { return (double)ns / 1e9; }

void prof_print(FILE *f, const char *command, const char *(*rule_name)(const void *arg, size_t i), const void *arg)
{
    if (!prof_on)
        return;
    double wall = secs(prof_now() - started);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
                 (double)ru.ru_stime.tv_usec / 1e6;
    uint64_t sum = 0;
    for (int s = 0; s < PROF_COUNT; s++)
        sum += stage_ns[s];
    fprintf(f, "zhpipe %s: profile of %llu articles, %.1f MB: wall %.3f s, CPU %.3f s "
               "(stage times are summed over threads; shares of CPU hold with -j 1)\n",
            command, (unsigned long long)articles, (double)bytes / 1e6, wall, cpu);
    fprintf(f, "  %-36s %9s %7s\n", "stage", "seconds", "share");
    for (int s = 0; s < PROF_COUNT; s++)
        if (stage_ns[s])
            fprintf(f, "  %-36s %9.3f %6.1f%%\n", stage_names[s], secs(stage_ns[s]),
                    cpu > 0 ? 100 * secs(stage_ns[s]) / cpu : 0);
    double other = cpu - secs(sum);
    fprintf(f, "  %-36s %9.3f %6.1f%%\n", "other (start-up, threads, untimed)", other > 0 ? other : 0,
            cpu > 0 && other > 0 ? 100 * other / cpu : 0);
    /* Rules by PCRE2 time, slowest first (selection: a few dozen rules). */
    uint64_t rules_sum = 0;
    for (size_t i = 0; i < nrules; i++)
        rules_sum += rule_ns[i];
    fprintf(f, "  PCRE2 searches of the rules: %.3f s in all (the rest of each extract stage reads the matches)\n",
            secs(rules_sum));
    bool *shown = calloc(nrules ? nrules : 1, sizeof *shown);
    for (size_t k = 0; shown && k < nrules && k < 12; k++) {
        size_t best = nrules;
        for (size_t i = 0; i < nrules; i++)
            if (!shown[i] && rule_ns[i] && (best == nrules || rule_ns[i] > rule_ns[best]))
                best = i;
        if (best == nrules)
            break;
        shown[best] = true;
        fprintf(f, "    %-34s %9.3f s %9llu searches\n", rule_name(arg, best), secs(rule_ns[best]),
                (unsigned long long)rule_calls[best]);
    }
    free(shown);
    free(rule_ns);
    free(rule_calls);
    rule_ns = rule_calls = NULL;
    nrules = 0;
    prof_on = false;
}
