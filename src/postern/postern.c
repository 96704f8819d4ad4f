/*
 * postern - the administrator's command: dispatch by name
 *
 * One binary, several personalities, chosen by the base name of argv[0]
 * through personality_table: "postern" takes global options and a
 * subcommand from subcommand_table; "postconf" runs the conf subcommand
 * with Postfix's postconf flags; "sendmail" runs the send subcommand
 * with sendmail's flags and "mailq" its -bp.  Other names (postqueue,
 * postmap) are added by listing them in personality_table.  An
 * unknown name falls back to "postern".
 *
 * Synopsis:
 *	postern [-v] [-c config_dir] command [options] [args]
 *	postern -V
 *	postconf [options] [name ...]
 *	sendmail [options] [recipient ...]
 *
 * Global options (before the command): -c config_dir (exported as
 * MAIL_CONFIG, so the command and every child see it), -v (verbose),
 * -V (print the version).  Every command also accepts -c itself.
 *
 * Diagnostics go to stderr, tagged with the personality name.  The
 * command is run by the administrator and trusts its environment.
 */
#include <getopt.h>
#include <string.h>

#include "msg.h"
#include "postern.h"

typedef int (*main_fn)(int argc, char **argv);

static int postern_main(int argc, char **argv);

static const struct personality {
    const char *name;
    main_fn fn;
} personality_table[] = {
    { "postern", postern_main },
    { "postconf", cmd_conf },
    { "sendmail", cmd_send },
    { "mailq", cmd_mailq },
};

static const struct subcommand {
    const char *name;
    main_fn fn;
    const char *summary;
} subcommand_table[] = {
    { "conf", cmd_conf, "show or edit parameters (postconf)" },
    { "init", cmd_init, "create an instance under a directory" },
    { "check", cmd_check, "create and repair the queue directories" },
    { "start", cmd_start, "start the mail system" },
    { "stop", cmd_stop, "stop the mail system" },
    { "reload", cmd_reload, "make the mail system re-read its configuration" },
    { "status", cmd_status, "report whether the mail system is running" },
    { "send", cmd_send, "post a message (sendmail)" },
    { "version", cmd_version, "print the version" },
};

#define TABLE_LEN(t) (sizeof(t) / sizeof((t)[0]))

static void usage(int to_stdout)
{
    size_t  i;

    if (to_stdout) {
        out_puts("usage: postern [-v] [-c config_dir] command [options]\n"
                 "commands:\n");
        for (i = 0; i < TABLE_LEN(subcommand_table); i++)
            out_printf("  %-8s %s\n", subcommand_table[i].name,
                       subcommand_table[i].summary);
        out_flush();
    } else {
        msg_error("usage: postern [-v] [-c config_dir] command [options]"
                  " (try: postern help)");
    }
}

int     cmd_version(int argc, char **argv)
{
    (void) argc;
    (void) argv;
    out_printf("postern %s\n", POSTERN_VERSION);
    out_flush();
    return 0;
}

/* postern_main - global options, then the subcommand */

static int postern_main(int argc, char **argv)
{
    size_t  i;
    int     c;

    while ((c = getopt(argc, argv, "+:c:vV")) != -1) {
        switch (c) {
        case 'c':
            pst_set_config_dir(optarg);
            break;
        case 'v':
            msg_verbose++;
            break;
        case 'V':
            return cmd_version(argc, argv);
        default:
            pst_bad_option(c);
            usage(0);
            return 1;
        }
    }
    if (optind >= argc) {
        usage(0);
        return 1;
    }
    argc -= optind;
    argv += optind;
    if (strcmp(argv[0], "help") == 0 || strcmp(argv[0], "--help") == 0) {
        usage(1);
        return 0;
    }
    for (i = 0; i < TABLE_LEN(subcommand_table); i++) {
        if (strcmp(argv[0], subcommand_table[i].name) == 0) {
            optind = 0;			/* glibc: full getopt restart */
            return subcommand_table[i].fn(argc, argv);
        }
    }
    msg_error("unknown command: %s (try: postern help)", argv[0]);
    return 1;
}

int     main(int argc, char **argv)
{
    const char *base;
    size_t  i;

    if (argc < 1 || argv[0] == NULL)
        return 1;
    base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    for (i = 0; i < TABLE_LEN(personality_table); i++)
        if (strcmp(base, personality_table[i].name) == 0)
            break;
    if (i == TABLE_LEN(personality_table))
        i = 0;
    msg_init(personality_table[i].name);
    msg_stderr(1);
    return personality_table[i].fn(argc, argv);
}
