/*
 * master_status - the status channel of a service
 *
 * Each service has an AF_UNIX stream socketpair: master reads
 * status_fd[0] (non-blocking), every child of the service gets
 * status_fd[1] as fd 5 and writes 12-byte records there (struct
 * master_status: pid, generation, TAKEN/AVAIL; master_proto.h).
 * Closing the channel (reload, removal) gives the children EOF on fd 5,
 * which tells them to finish their current client and exit.
 *
 * Record handling, as in Postfix: an unknown pid is ignored; a wrong
 * generation is logged ("ignoring status update from child pid N
 * generation G"); a short read is a warning ("child (pid N) sent partial
 * status update (K bytes)"); an unknown status value is a warning.
 * Duplicate updates change nothing; AVAIL after TAKEN counts one
 * completed client (master_spawn.c's throttling uses that count), and
 * the first TAKEN marks the service as used ("N?" wakeups).
 *
 *	void	master_status_init(struct master_serv *serv);
 *	void	master_status_cleanup(struct master_serv *serv);
 *	void	master_status_drain(void);
 *			process what every channel holds now; called before
 *			reaping, so that a child's last records (written
 *			before it exited) count before its exit does
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "events.h"
#include "master_proto.h"
#include "msg.h"
#include "sock.h"

#include "master.h"

/* Records handled per wake-up; the rest wait for the next pass. */
#define STATUS_BATCH	256

/* status_record - act on one record */

static void status_record(struct master_serv *serv,
                          const struct master_status *stat)
{
    struct master_proc *proc;

    if ((proc = master_proc_find(stat->pid)) == NULL) {
        if (msg_verbose)
            msg_info("service %s: status from unknown pid %d",
                     serv->ext_name, stat->pid);
        return;
    }
    if (proc->gen != stat->gen) {
        msg_info("ignoring status update from child pid %d generation %u",
                 stat->pid, stat->gen);
        return;
    }
    if (proc->serv != serv || proc->retired) {
        msg_warn("service %s: status from pid %d of another service",
                 serv->ext_name, stat->pid);
        return;
    }
    switch (stat->avail) {
    case MASTER_STAT_AVAIL:
        if (proc->avail == MASTER_STAT_TAKEN) {
            proc->use_count++;
            master_avail_more(serv, proc);
        }
        break;
    case MASTER_STAT_TAKEN:
        if (proc->avail == MASTER_STAT_AVAIL) {
            serv->flags |= MASTER_FLAG_USED;
            master_avail_less(serv, proc);
        }
        break;
    default:
        msg_warn("service %s: ignoring unknown status %d from child pid %d",
                 serv->ext_name, stat->avail, stat->pid);
        break;
    }
}

/* status_read - every record that is waiting (bounded per call) */

static void status_read(struct master_serv *serv)
{
    struct master_status stat;
    ssize_t n;
    int     count;

    for (count = 0; count < STATUS_BATCH && serv->status_fd[0] >= 0; count++) {
        memset(&stat, 0, sizeof(stat));
        n = read(serv->status_fd[0], &stat, sizeof(stat));
        if (n < 0) {
            if (errno != EAGAIN && errno != EINTR)
                msg_warn("service %s: read status: %m", serv->ext_name);
            return;
        }
        if (n == 0) {
            /* Cannot happen while master holds status_fd[1]; no spinning. */
            msg_warn("service %s: unexpected EOF on status channel",
                     serv->ext_name);
            event_disable_readwrite(serv->status_fd[0]);
            return;
        }
        if ((size_t) n != sizeof(stat)) {
            msg_warn("service %s(%s): child (pid %d) sent partial status "
                     "update (%d bytes)", serv->name, serv->path,
                     (size_t) n >= sizeof(int) ? stat.pid : 0, (int) n);
            continue;
        }
        status_record(serv, &stat);
    }
}

/* status_event - the channel is readable */

static void status_event(int event, void *ctx)
{
    (void) event;
    status_read((struct master_serv *) ctx);
}

void    master_status_drain(void)
{
    struct master_serv *serv;

    for (serv = master_head; serv != NULL; serv = serv->next)
        if (serv->status_fd[0] >= 0)
            status_read(serv);
}

void    master_status_init(struct master_serv *serv)
{
    if (serv->status_fd[0] >= 0)
        msg_panic("master_status_init: service %s: channel is open",
                  serv->ext_name);
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, serv->status_fd) < 0)
        msg_fatal("socketpair: %m");
    if (sock_set_nonblock(serv->status_fd[0], 1) < 0)
        msg_fatal("set non-blocking mode: %m");
    event_enable_read(serv->status_fd[0], status_event, serv);
}

void    master_status_cleanup(struct master_serv *serv)
{
    if (serv->status_fd[0] < 0)
        return;
    event_disable_readwrite(serv->status_fd[0]);
    (void) close(serv->status_fd[0]);
    (void) close(serv->status_fd[1]);
    serv->status_fd[0] = serv->status_fd[1] = -1;
}
