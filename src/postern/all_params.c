/*
 * all_params - every parameter table the postern command knows
 *
 * postconf must list, default and type-check every parameter of every
 * program, so the command links the parameter tables of the daemons
 * (src/<daemon>/<daemon>_params.c; nothing else of a daemon) and lists
 * them in all_param_tables below.  A daemon that gains a table adds two
 * lines here: its extern declaration and its entry.  A table mirrored
 * under a second prefix (smtp_* -> lmtp_*) is listed with from/to set.
 *
 *	void	all_params_register(void);	registry only (postconf)
 *	void	all_params_load(void);		register, read and check
 *			every value (fatal with one line on a bad one)
 */
#include <stddef.h>

#include "mail_params.h"
#include "params.h"
#include "postern.h"

/* Tables of the daemons. */
extern const struct param_def smtp_params[];
extern const struct param_def smtp_global_params[];
extern const struct param_def qmgr_params[];
extern const struct param_def cleanup_params[];

static const struct param_table_ref {
    const struct param_def *table;
    const char *from;			/* mirror prefix, or NULL */
    const char *to;
} all_param_tables[] = {
    { mail_params_table, NULL, NULL },
    { smtp_params, NULL, NULL },
    { smtp_params, "smtp_", "lmtp_" },
    { smtp_global_params, NULL, NULL },
    { qmgr_params, NULL, NULL },
    { cleanup_params, NULL, NULL },
};

#define N_TABLES (sizeof(all_param_tables) / sizeof(all_param_tables[0]))

void    all_params_register(void)
{
    static int done;
    const struct param_table_ref *t;

    if (done++)
        return;
    for (t = all_param_tables; t < all_param_tables + N_TABLES; t++) {
        if (t->from)
            param_register_mirror(t->table, t->from, t->to);
        else
            param_register(t->table);
    }
}

void    all_params_load(void)
{
    const struct param_table_ref *t;

    for (t = all_param_tables; t < all_param_tables + N_TABLES; t++) {
        if (t->from)
            param_load_prefix(t->table, t->from, t->to);
        else
            param_load(t->table);
    }
}
