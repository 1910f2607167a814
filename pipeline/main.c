/*
 * main.c — the zhpipe command: dispatch to one file per subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char usage[] =
    "usage: zhpipe COMMAND [OPTIONS] [ARGS]\n"
    "\n"
    "Chinese news text: decode (GBK, Big5, UTF-16, UTF-8) -> normalise (width, traditional -> simplified,\n"
    "layout repair) -> extract (figures, dates, entities) -> index (Xapian) -> search.\n"
    "\n"
    "Commands:\n"
    "  extract FILE...        print the records found in each file (JSON Lines or CSV)\n"
    "  index FILE|DIR...      add new and changed articles to the index (default ./zhpipe.db)\n"
    "  search QUERY...        ranked search with snippets; simplified or traditional queries\n"
    "  records QUERY...       indexed records matching conditions (unit:元 value:1e9..)\n"
    "  show DOC               an indexed article with its records\n"
    "  export                 every indexed record as JSON Lines or CSV\n"
    "  compact SRC... DST     merge index shards into one index\n"
    "  stats                  what the index holds\n"
    "  parse money|number|date TEXT...  read each TEXT (or stdin line) as one value of that kind\n"
    "  rules check [DIR]      validate rule files and run their examples\n"
    "\n"
    "Run `zhpipe COMMAND --help` for a command's options and examples.\n"
    "Exit status: 0 ok, 1 failure, 2 usage error, 3 some inputs refused.\n";

int main(int argc, char **argv)
{
    setlocale(LC_CTYPE, "C.UTF-8");
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_USAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--help") || !strcmp(cmd, "-h") || !strcmp(cmd, "help")) {
        fputs(usage, stdout);
        return EXIT_OK;
    }
    if (!strcmp(cmd, "--version")) {
        puts("zhpipe 0.1");
        return EXIT_OK;
    }
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } cmds[] = {{"extract", cmd_extract}, {"index", cmd_index}, {"search", cmd_search},
                {"rules", cmd_rules},     {"show", cmd_show},   {"stats", cmd_stats},
                {"records", cmd_records}, {"export", cmd_export}, {"compact", cmd_compact},
                {"parse", cmd_parse}};
    for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++)
        if (!strcmp(cmd, cmds[i].name))
            return cmds[i].fn(argc - 1, argv + 1);
    fprintf(stderr, "zhpipe: unknown command '%s'\n\n%s", cmd, usage);
    return EXIT_USAGE;
}
