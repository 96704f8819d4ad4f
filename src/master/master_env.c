/*
 * master_env - the environment that children inherit
 *
 * Once at start-up master reduces its environment to the entries named
 * by import_environment: "NAME" keeps NAME if it is set, "NAME=value"
 * sets it.  master then adds MAIL_CONFIG and MAIL_LOGTAG itself, and
 * each child gets GENERATION (master_spawn.c).  PATH is not imported
 * unless listed, as in Postfix.
 *
 *	void	master_env_clean(const char *import_list);
 *			list separated by blanks or commas
 */
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

void    master_env_clean(const char *import_list)
{
    struct argv *items = argv_split(import_list ? import_list : "", " \t\r\n,");
    struct argv *keep = argv_new(items->argc * 2 + 1);
    const char *value;
    char   *eq;
    size_t  i;

    /* Collect first: clearenv() invalidates what getenv() returned. */
    for (i = 0; i < items->argc; i++) {
        if ((eq = strchr(items->argv[i], '=')) != NULL) {
            argv_addn(keep, items->argv[i], eq - items->argv[i]);
            argv_add(keep, eq + 1);
        } else if ((value = getenv(items->argv[i])) != NULL) {
            argv_add(keep, items->argv[i]);
            argv_add(keep, value);
        }
    }
    if (clearenv() != 0)
        msg_fatal("clearenv failed");
    for (i = 0; i + 1 < keep->argc; i += 2)
        if (*keep->argv[i] && setenv(keep->argv[i], keep->argv[i + 1], 1) < 0)
            msg_warn("import_environment: cannot set %s: %m", keep->argv[i]);
    argv_free(keep);
    argv_free(items);
}
