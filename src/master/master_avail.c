/*
 * master_avail - when to fork another child
 *
 * master watches a service's listeners only while the service has no
 * idle (AVAIL) child, is below its process limit (max_proc; 0 = no
 * limit) and is not throttled.  A listener that becomes readable then
 * means a client waits that no child will take: master forks one more
 * child and stops watching (the new child counts as available until it
 * reports TAKEN).  Counting is per service: a freshly forked child is
 * available, TAKEN makes it busy, AVAIL idle again.
 *
 * Stress (inet services with "-o stress="): when a fork brings the
 * service to its process limit, later children are started with
 * "-o stress=yes" until no overload was seen for 1000 s, and master
 * logs (at most every 1000 s) that the service reached its limit.
 *
 *	void	master_avail_listen(struct master_serv *serv);
 *			(re)evaluate; call after any change of the counts,
 *			the limit or the throttle
 *	void	master_avail_more(struct master_serv *serv, struct master_proc *proc);
 *			proc reported AVAIL
 *	void	master_avail_less(struct master_serv *serv, struct master_proc *proc);
 *			proc reported TAKEN
 *	void	master_avail_cleanup(struct master_serv *serv);
 *			stop watching for good (removal, stop)
 */
#include <stdlib.h>
#include <string.h>

#include "events.h"
#include "master_proto.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

#define STRESS_MS	(1000L * 1000)

#define LIMIT_OK(serv) ((serv)->max_proc == 0 \
			|| (serv)->total_proc < (serv)->max_proc)

/* avail_want - should the listeners be watched now? */

static int avail_want(const struct master_serv *serv)
{
    return ((serv->flags & (MASTER_FLAG_THROTTLE | MASTER_FLAG_REMOVED)) == 0
            && serv->avail_proc < 1 && LIMIT_OK(serv));
}

/* avail_stress - update "-o stress=" before a fork */

static void avail_stress(struct master_serv *serv)
{
    long    now = event_now_ms();
    char  **slot;
    int     at_limit;

    if (serv->stress_index < 0)
        return;
    slot = serv->args->argv + serv->stress_index;
    at_limit = (serv->max_proc > 0 && serv->total_proc + 1 >= serv->max_proc);
    if (at_limit) {
        if (serv->busy_warn_time == 0
            || now - serv->busy_warn_time >= STRESS_MS) {
            serv->busy_warn_time = now;
            msg_warn("service \"%s\" (%s) has reached its process limit "
                     "\"%d\": new clients may experience noticeable delays",
                     serv->ext_name, serv->name, serv->max_proc);
            msg_warn("to avoid this condition, increase the process count "
                     "in master.cf or reduce the service time per client");
        }
        serv->stress_expire = now + STRESS_MS;
    }
    if (now < serv->stress_expire) {
        if (strcmp(*slot, "stress=yes") != 0) {
            free(*slot);
            *slot = xstrdup("stress=yes");
        }
    } else if (strcmp(*slot, "stress=") != 0) {
        free(*slot);
        *slot = xstrdup("stress=");
    }
}

/* avail_event - a listener is readable: a client waits */

static void avail_event(int event, void *ctx)
{
    struct master_serv *serv = ctx;

    (void) event;
    /* Re-check: an earlier callback of this pass may have changed things. */
    if (!avail_want(serv)) {
        master_avail_listen(serv);
        return;
    }
    avail_stress(serv);
    master_spawn(serv);
}

void    master_avail_listen(struct master_serv *serv)
{
    int     want = avail_want(serv);
    int     i;

    if (want && !(serv->flags & MASTER_FLAG_LISTEN)) {
        if (msg_verbose)
            msg_info("service %s: watching listeners", serv->ext_name);
        for (i = 0; i < serv->addr_count; i++)
            if (serv->listen_fd[i] >= 0)
                event_enable_read(serv->listen_fd[i], avail_event, serv);
        serv->flags |= MASTER_FLAG_LISTEN;
    } else if (!want && (serv->flags & MASTER_FLAG_LISTEN)) {
        master_avail_cleanup(serv);
    }
}

void    master_avail_more(struct master_serv *serv, struct master_proc *proc)
{
    if (proc->avail == MASTER_STAT_AVAIL)
        return;
    proc->avail = MASTER_STAT_AVAIL;
    serv->avail_proc++;
    master_avail_listen(serv);
}

void    master_avail_less(struct master_serv *serv, struct master_proc *proc)
{
    if (proc->avail == MASTER_STAT_TAKEN)
        return;
    proc->avail = MASTER_STAT_TAKEN;
    serv->avail_proc--;
    master_avail_listen(serv);
}

void    master_avail_cleanup(struct master_serv *serv)
{
    int     i;

    if (!(serv->flags & MASTER_FLAG_LISTEN))
        return;
    if (msg_verbose)
        msg_info("service %s: not watching listeners", serv->ext_name);
    for (i = 0; i < serv->addr_count; i++)
        if (serv->listen_fd[i] >= 0)
            event_disable_readwrite(serv->listen_fd[i]);
    serv->flags &= ~MASTER_FLAG_LISTEN;
}
