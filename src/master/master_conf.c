/*
 * master_conf - starting, reloading and stopping the services
 *
 * Start-up opens every service of master.cf (any failure is fatal).
 *
 * Reload (SIGHUP) re-reads main.cf and master.cf.  If master.cf cannot
 * be used the current services stay as they are (one warning).
 * Otherwise, matching services by name and type:
 *   - a service no longer listed is removed: its listeners are closed
 *     and their files removed, its status channel is closed, so its
 *     children finish the client they serve (if any) and exit;
 *   - every service still listed is restarted the same way (as Postfix
 *     does, so that main.cf changes reach new children): it takes the
 *     new command line, limits and wakeup, keeps its listening sockets
 *     when the endpoints are unchanged (no client is refused during a
 *     reload), gets a new status channel, and its old children retire:
 *     they count against the process limit until they exit but are never
 *     handed new work by master's accounting;
 *   - a new service is started.
 * Removals come first, so an endpoint can move between services.
 *
 * Stop (SIGTERM) closes everything, sends SIGTERM to every child (and,
 * when master leads its process group, to the whole group, which
 * reaches grandchildren too), reaps the children for
 * MASTER_STOP_TERM_MS, then SIGKILLs those that are left.
 *
 *	void	master_conf_start(void);
 *	void	master_conf_reload(void);
 *	void	master_conf_stop(void);
 *	void	master_conf_reaped(struct master_serv *serv);
 *			a removed service lost a child; freed at zero
 */
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "events.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

static struct master_serv *removed_head;	/* gone, children remain */

/* conf_start_service - listeners, status channel, watching, wakeup */

static int conf_start_service(struct master_serv *serv, struct buf *err)
{
    if (master_listen_init(serv, err) < 0)
        return (-1);
    master_status_init(serv);
    master_avail_listen(serv);
    master_wakeup_init(serv);
    if (msg_verbose)
        msg_info("service %s: started", serv->ext_name);
    return (0);
}

/* conf_stop_service - close it all; children finish on their own */

static void conf_stop_service(struct master_serv *serv, int remove_files)
{
    serv->flags |= MASTER_FLAG_REMOVED;
    master_wakeup_cleanup(serv);
    master_unthrottle(serv);
    master_avail_cleanup(serv);
    master_listen_cleanup(serv, remove_files);
    master_retire_children(serv);
    master_status_cleanup(serv);
    if (msg_verbose)
        msg_info("service %s: stopped, %d children left",
                 serv->ext_name, serv->total_proc);
    if (serv->total_proc == 0) {
        master_ent_free(serv);
    } else {
        serv->next = removed_head;
        removed_head = serv;
    }
}

void    master_conf_reaped(struct master_serv *serv)
{
    struct master_serv **pp;

    if (serv->total_proc > 0)
        return;
    for (pp = &removed_head; *pp != NULL; pp = &(*pp)->next) {
        if (*pp == serv) {
            *pp = serv->next;
            master_ent_free(serv);
            return;
        }
    }
    msg_panic("master_conf_reaped: service %s not on the removed list",
              serv->ext_name);
}

void    master_conf_start(void)
{
    struct master_serv *list;
    struct master_serv *serv;
    struct buf *err = buf_new(100);

    if (master_ent_load(&list, err) < 0)
        msg_fatal("%s", buf_str(err));
    for (serv = list; serv != NULL; serv = serv->next)
        if (conf_start_service(serv, err) < 0)
            msg_fatal("%s", buf_str(err));
    master_head = list;
    buf_free(err);
}

#define SWAP(type, a, b) do { type _t = (a); (a) = (b); (b) = _t; } while (0)

/* conf_restart - old takes new's settings; new is freed */

static int conf_restart(struct master_serv *old, struct master_serv *new,
                        struct buf *err)
{
    const int keep = MASTER_FLAG_THROTTLE | MASTER_FLAG_USED
        | MASTER_FLAG_LISTEN;

    master_wakeup_cleanup(old);
    master_avail_cleanup(old);
    if (!master_listen_same(old, new) || old->private_ != new->private_) {
        master_listen_cleanup(old, 1);
        SWAP(int, old->addr_count, new->addr_count);
        SWAP(struct master_addr *, old->addrs, new->addrs);
        SWAP(int *, old->listen_fd, new->listen_fd);
    }
    SWAP(char *, old->path, new->path);
    SWAP(struct argv *, old->args, new->args);
    old->private_ = new->private_;
    old->stress_index = new->stress_index;
    old->stress_expire = 0;
    old->wakeup_time = new->wakeup_time;
    old->max_proc = new->max_proc;
    old->throttle_delay = new->throttle_delay;
    old->backlog = new->backlog;
    old->flags = (old->flags & keep) | (new->flags & ~keep);
    master_ent_free(new);

    master_retire_children(old);
    master_status_cleanup(old);
    if (master_listen_init(old, err) < 0)
        return (-1);
    master_status_init(old);
    master_unthrottle(old);
    master_avail_listen(old);
    master_wakeup_init(old);
    if (msg_verbose)
        msg_info("service %s: restarted", old->ext_name);
    return (0);
}

/* conf_find - the service in list with this name and type */

static struct master_serv *conf_find(struct master_serv *list,
                                     const struct master_serv *like)
{
    for (; list != NULL; list = list->next)
        if (list->type == like->type && strcmp(list->name, like->name) == 0)
            return (list);
    return (NULL);
}

void    master_conf_reload(void)
{
    struct master_serv *list;
    struct master_serv *serv;
    struct master_serv *next;
    struct master_serv *old;
    struct master_serv *head = NULL;
    struct master_serv **tail = &head;
    struct master_serv *keep_old = NULL;
    struct buf *err = buf_new(100);
    char   *queue_dir = xstrdup(var_queue_dir);

    config_reset();
    config_read();
    mail_params_init("master");
    if (setenv("MAIL_LOGTAG", var_syslog_name, 1) < 0)
        msg_warn("setenv: %m");
    if (strcmp(queue_dir, var_queue_dir) != 0)
        msg_warn("queue_directory changed from %s to %s: "
                 "this takes a restart, not a reload", queue_dir, var_queue_dir);
    free(queue_dir);
    master_listen_owner();

    if (master_ent_load(&list, err) < 0) {
        msg_warn("%s -- the current services stay unchanged", buf_str(err));
        buf_free(err);
        return;
    }

    /* Removals first: their endpoints may be reused below. */
    for (old = master_head; old != NULL; old = next) {
        next = old->next;
        if (conf_find(list, old) == NULL) {
            msg_info("service %s removed", old->ext_name);
            conf_stop_service(old, 1);
        } else {
            old->next = keep_old;
            keep_old = old;
        }
    }
    master_head = NULL;

    /* Then restarts and new services, in master.cf order. */
    for (serv = list; serv != NULL; serv = next) {
        next = serv->next;
        serv->next = NULL;
        buf_reset(err);
        if ((old = conf_find(keep_old, serv)) != NULL) {
            struct master_serv **pp;

            for (pp = &keep_old; *pp != old; pp = &(*pp)->next)
                 /* void */ ;
            *pp = old->next;
            old->next = NULL;
            if (conf_restart(old, serv, err) < 0) {
                msg_warn("%s -- service %s removed", buf_str(err),
                         old->ext_name);
                conf_stop_service(old, 0);
                continue;
            }
            *tail = old;
            tail = &old->next;
        } else if (conf_start_service(serv, err) < 0) {
            msg_warn("%s -- service %s not started", buf_str(err),
                     serv->ext_name);
            master_ent_free(serv);
        } else {
            *tail = serv;
            tail = &serv->next;
        }
    }
    if (keep_old != NULL)
        msg_panic("master_conf_reload: unmatched service %s",
                  keep_old->ext_name);
    master_head = head;
    buf_free(err);
}

/* conf_wait - reap until no child is left or ms have passed */

static void conf_wait(long ms)
{
    long    deadline = event_now_ms() + ms;
    struct timespec ts = {0, 20 * 1000 * 1000};

    for (;;) {
        master_reap();
        if (master_proc_count() == 0 || event_now_ms() >= deadline)
            return;
        (void) nanosleep(&ts, NULL);
    }
}

void    master_conf_stop(void)
{
    struct master_serv *serv;
    struct master_serv *next;
    int     left;

    for (serv = master_head; serv != NULL; serv = next) {
        next = serv->next;
        conf_stop_service(serv, 0);
    }
    master_head = NULL;
    /*
     * Detached, master leads its own process group: the group signal
     * also reaches what the children started (as Postfix does).  The
     * SIGTERM that comes back to master itself only sets a flag.
     */
    if (master_kill_all(SIGTERM) > 0 && getpgrp() == getpid()
        && kill(-getpid(), SIGTERM) < 0)
        msg_warn("kill process group: %m");
    if (master_proc_count() > 0)
        conf_wait(MASTER_STOP_TERM_MS);
    if ((left = master_proc_count()) > 0) {
        msg_warn("%d child process(es) ignored SIGTERM: sending SIGKILL", left);
        (void) master_kill_all(SIGKILL);
        conf_wait(MASTER_STOP_KILL_MS);
        if ((left = master_proc_count()) > 0)
            msg_warn("%d child process(es) did not terminate", left);
    }
}
