/*
 * postern_env - the configuration a postern command works on
 *
 * Every command takes "-c config_dir" and honours MAIL_CONFIG, as
 * Postfix's commands do.  The -c value is made absolute (the master
 * changes directory to the queue) and exported as MAIL_CONFIG, so the
 * configuration reader (config.h) and every child process see the same
 * directory.
 *
 *	void	pst_set_config_dir(const char *dir);
 *	void	pst_load_config(int check);	read main.cf, set the read-only
 *			config_directory and process_name, register all
 *			parameters; with check != 0, also convert and check
 *			every value (fatal with one line if bad)
 *	char   *pst_get(const char *name);	expanded value (xstrdup'ed;
 *			fatal on an expansion error)
 *	const char *pst_main_cf(struct buf *out);	"$config_directory/main.cf"
 *	void	pst_options(int argc, char **argv, const char *cmd);
 *			for commands with only -c and -v and no arguments
 *	void   *pst_keep(void *ptr);	returns ptr, remembered until exit
 *			(see below)
 *	void	pst_bad_option(int c);	report getopt's '?' or ':' (option
 *			strings start with "+:", so getopt itself is quiet)
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "postern.h"

 /*
  * A command runs once and exits, often through msg_fatal().  Memory it
  * allocates for its one run is handed to pst_keep(), which remembers it
  * in a list reachable from a global, so that leak checkers (ASan) do not
  * report what exit() releases anyway.  Not for allocations in loops.
  */
static void **pst_kept;
static size_t pst_kept_len;
static size_t pst_kept_cap;

void   *pst_keep(void *ptr)
{
    if (pst_kept_len == pst_kept_cap) {
        pst_kept_cap = pst_kept_cap ? 2 * pst_kept_cap : 32;
        pst_kept = xrealloc(pst_kept, pst_kept_cap * sizeof(*pst_kept));
    }
    pst_kept[pst_kept_len++] = ptr;
    return ptr;
}

void    pst_set_config_dir(const char *dir)
{
    char   *abs;
    char    cwd[PATH_MAX];

    if (*dir == 0)
        msg_fatal("-c requires a directory name");
    if (*dir == '/') {
        abs = xstrdup(dir);
    } else {
        if (getcwd(cwd, sizeof(cwd)) == NULL)
            msg_fatal("getcwd: %m");
        abs = xconcat(cwd, "/", dir, (char *) 0);
    }
    if (setenv(DEF_CONFIG_DIR_ENV, abs, 1) < 0)
        msg_fatal("setenv %s: %m", DEF_CONFIG_DIR_ENV);
    free(abs);
}

void    pst_load_config(int check)
{
    static int done;

    if (done++)
        return;
    config_read();
    /* Read-only parameters, as mail_params_init() sets them. */
    config_set("config_directory", config_dir());
    config_set("process_name", msg_tag());
    /* After main.cf: dynamic defaults (myhostname) look at it. */
    all_params_register();
    if (check)
        all_params_load();
}

char   *pst_get(const char *name)
{
    return config_get(name);
}

const char *pst_main_cf(struct buf *out)
{
    buf_set(out, config_dir());
    buf_puts(out, "/main.cf");
    return buf_str(out);
}

void    pst_bad_option(int c)
{
    if (c == ':')
        msg_error("option requires an argument -- '%c'", optopt);
    else
        msg_error("invalid option -- '%c'", optopt);
}

void    pst_options(int argc, char **argv, const char *cmd)
{
    int     c;

    while ((c = getopt(argc, argv, "+:c:v")) != -1) {
        switch (c) {
        case 'c':
            pst_set_config_dir(optarg);
            break;
        case 'v':
            msg_verbose++;
            break;
        default:
            pst_bad_option(c);
            msg_fatal("usage: postern [-c config_dir] %s", cmd);
        }
    }
    if (optind != argc)
        msg_fatal("usage: postern [-c config_dir] %s", cmd);
}
