/*
 * master_ent - master.cf entries become service records
 *
 * master_ent_load() reads $config_directory/master.cf (parsing is
 * global/master_cf.c), drops the entries that master_service_disable
 * selects, resolves the listen addresses (master_listen.c) and builds
 * each child's command line exactly as Postfix's master does:
 *
 *	COMMAND [-l | -z] [-n SERVICE] -t TYPE [-d] [-v] [-u] [-c]
 *		[-o stress=] [-s N] ARGS...
 *
 * argv[0] is the command as written; the program run is
 * $daemon_directory/COMMAND.  -l for maxproc 1, -z for maxproc 0 (no
 * limit); -n when the basename of the command differs from the service
 * column; -d and -v when master runs with them; -u and -c from the
 * unpriv and chroot columns; "-o stress=" for inet services with
 * maxproc > 1 that listen on more than loopback (master_avail.c turns it
 * into stress=yes under overload); -s N for more than one listener.
 * Nothing is $-expanded here: the child expands its own -o values.
 *
 *	int	master_ent_load(struct master_serv **list, struct buf *err);
 *			0 with a new list in master.cf order, or -1 and err
 *	void	master_ent_free(struct master_serv *serv);
 *			a record without open descriptors
 *	int	master_ent_disabled(const char *name, const char *type,
 *			const char *patterns);
 *			master_service_disable: items "type" or
 *			"name/type", "!" negates, first match wins
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "argv.h"
#include "buf.h"
#include "mail_params.h"
#include "master_cf.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

/* Postfix uses max(maxproc, default_process_limit); we keep a floor. */
#define MASTER_MIN_BACKLOG	512

int     master_ent_disabled(const char *name, const char *type,
                            const char *patterns)
{
    struct argv *items;
    const char *pat;
    int     negate;
    int     result = 0;
    char   *ext = xconcat(name, "/", type, (char *) 0);
    size_t  i;

    items = argv_split(patterns ? patterns : "", " \t\r\n,");
    for (i = 0; i < items->argc; i++) {
        pat = items->argv[i];
        if ((negate = (*pat == '!')) != 0)
            pat++;
        if (strcasecmp(pat, type) == 0 || strcasecmp(pat, ext) == 0) {
            result = !negate;
            break;
        }
    }
    argv_free(items);
    free(ext);
    return (result);
}

/* ent_basename - last pathname component */

static const char *ent_basename(const char *path)
{
    const char *slash = strrchr(path, '/');

    return (slash ? slash + 1 : path);
}

/* ent_build_args - the child's argv, see above */

static void ent_build_args(struct master_serv *serv,
                           const struct master_ent *e)
{
    struct argv *a = argv_new(e->args->argc + 16);
    const char *command = e->args->argv[0];
    char    num[32];
    size_t  i;

    argv_add(a, command);
    if (serv->max_proc == 1)
        argv_add(a, "-l");
    if (serv->max_proc == 0)
        argv_add(a, "-z");
    if (strcmp(ent_basename(command), serv->name) != 0) {
        argv_add(a, "-n");
        argv_add(a, serv->name);
    }
    argv_add(a, "-t");
    argv_add(a, master_type_name(serv->type));
    if (master_debug)
        argv_add(a, "-d");
    if (msg_verbose)
        argv_add(a, "-v");
    if (e->unpriv)
        argv_add(a, "-u");
    if (e->chroot)
        argv_add(a, "-c");
    serv->stress_index = -1;
    if (serv->type == MASTER_TYPE_INET && serv->max_proc > 1
        && (serv->flags & MASTER_FLAG_LOCAL_ONLY) == 0) {
        argv_add(a, "-o");
        serv->stress_index = (int) a->argc;
        argv_add(a, "stress=");
    }
    if (serv->addr_count > 1) {
        snprintf(num, sizeof(num), "%d", serv->addr_count);
        argv_add(a, "-s");
        argv_add(a, num);
    }
    for (i = 1; i < e->args->argc; i++)
        argv_add(a, e->args->argv[i]);
    serv->args = a;
}

/* ent_to_serv - one entry, or NULL with err set */

static struct master_serv *ent_to_serv(const struct master_ent *e,
                                       const char *cf_path, struct buf *err)
{
    struct master_serv *serv = xcalloc(1, sizeof(*serv));

    serv->name = xstrdup(e->name);
    serv->type = e->type;
    serv->private_ = e->private_;
    serv->ext_name = xconcat(e->name, "/", master_type_name(e->type),
                             (char *) 0);
    if (e->args == NULL || e->args->argc == 0) {
        buf_printf(err, "%s, line %d: service %s: no command",
                   cf_path, e->lineno, serv->ext_name);
        master_ent_free(serv);
        return (NULL);
    }
    serv->path = xconcat(var_daemon_dir, "/", e->args->argv[0], (char *) 0);
    serv->wakeup_time = e->wakeup;
    if (e->wakeup > 0 && e->wakeup_cond)
        serv->flags |= MASTER_FLAG_CONDWAKE;
    serv->max_proc = e->maxproc < 0 ? var_proc_limit : e->maxproc;
    serv->throttle_delay = var_throttle_time;
    serv->backlog = serv->max_proc > var_proc_limit ?
        serv->max_proc : var_proc_limit;
    if (serv->backlog < MASTER_MIN_BACKLOG)
        serv->backlog = MASTER_MIN_BACKLOG;
    serv->status_fd[0] = serv->status_fd[1] = -1;
    if (master_listen_addrs(serv, err) < 0) {
        master_ent_free(serv);
        return (NULL);
    }
    ent_build_args(serv, e);
    return (serv);
}

void    master_ent_free(struct master_serv *serv)
{
    int     i;

    if (serv == NULL)
        return;
    for (i = 0; i < serv->addr_count; i++)
        free(serv->addrs[i].text);
    free(serv->addrs);
    free(serv->listen_fd);
    if (serv->args)
        argv_free(serv->args);
    free(serv->name);
    free(serv->ext_name);
    free(serv->path);
    free(serv);
}

/* ent_free_list - a list that never started */

static void ent_free_list(struct master_serv *list)
{
    struct master_serv *next;

    for (; list != NULL; list = next) {
        next = list->next;
        master_ent_free(list);
    }
}

int     master_ent_load(struct master_serv **list, struct buf *err)
{
    struct master_ent **ents = NULL;
    struct master_serv *head = NULL;
    struct master_serv **tail = &head;
    struct master_serv *serv;
    struct master_serv *s;
    size_t  count = 0;
    size_t  i;
    char   *path;
    int     ret = 0;

    path = xconcat(var_config_dir, "/master.cf", (char *) 0);
    if (master_cf_read(path, &ents, &count, err) < 0) {
        free(path);
        return (-1);
    }
    for (i = 0; i < count; i++) {
        const struct master_ent *e = ents[i];

        if (master_ent_disabled(e->name, master_type_name(e->type),
                                var_master_disable)) {
            if (msg_verbose)
                msg_info("service %s/%s disabled by master_service_disable",
                         e->name, master_type_name(e->type));
            continue;
        }
        for (s = head; s != NULL; s = s->next)
            if (s->type == e->type && strcmp(s->name, e->name) == 0)
                break;
        if (s != NULL) {
            buf_printf(err, "%s, line %d: duplicate service %s/%s",
                       path, e->lineno, e->name, master_type_name(e->type));
            ret = -1;
            break;
        }
        if ((serv = ent_to_serv(e, path, err)) == NULL) {
            ret = -1;
            break;
        }
        *tail = serv;
        tail = &serv->next;
    }
    master_cf_free(ents, count);
    free(path);
    if (ret < 0) {
        ent_free_list(head);
        return (-1);
    }
    *list = head;
    return (0);
}
