/*
 * qmgr_active - a message's life in active/: schedule it, finish it
 *
 *	void	qmgr_active_start(struct qmsg *m);
 *			log "ID: from=<S>, size=N, nrcpt=N (queue active)",
 *			resolve each recipient, add it to its destination's
 *			queue (batches by recipient limit); a recipient for
 *			a dead destination is deferred at once
 *	void	qmgr_active_entry_done(struct qentry *e, int status,
 *			const struct dsn *hop);	an agent's final reply
 *	void	qmgr_active_transport_failed(struct qentry *e,
 *			const char *why);	agent unreachable: throttle
 *			the transport for transport_retry_time, defer
 *			the batch
 *	void	qmgr_active_schedule(void);	start what may start now
 *
 * Feedback (reference 3.5): a reply with a hop DSN shrinks the
 * destination's window; when the window is gone the destination is
 * dead for minimal_backoff_time and its pending recipients are deferred
 * here with "delivery temporarily suspended: REASON" (relay=none).  A
 * non-zero status defers the message.
 *
 * Completion, when every batch of a message has ended:
 *   - something deferred and the message is older than
 *     maximal_queue_lifetime (bounce_queue_lifetime for null-sender
 *     mail): "ID: from=<S>, status=expired, returned to sender", and
 *     the defer service is asked to turn its defer log into a
 *     non-delivery notice (FLUSH); when it did, the message is done
 *     (below); when it cannot (no bounce daemon yet) the message stays
 *     deferred;
 *   - something deferred: the file goes to deferred/ with its
 *     modification time set to the next attempt (qmgr_backoff: the age
 *     clamped to [minimal_backoff_time, maximal_backoff_time] moved by
 *     up to queue_run_jitter percent) and its access time to now, as
 *     Postfix keeps them;
 *   - else, if the agents left a bounce log (bounce/ID) or trace log
 *     (trace/ID), the bounce or trace service is asked to flush it
 *     (request FLUSH / TRACE, reference 5.3); if that fails (no bounce
 *     daemon yet) the message is kept and deferred, never lost;
 *   - else the file (and a stale defer/ID log) is removed:
 *     "ID: removed".
 *
 * Trust: as qmgr.c.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "defer.h"
#include "deliver_request.h"
#include "dsn.h"
#include "events.h"
#include "htable.h"
#include "mail_command_client.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "msg_stats.h"
#include "qmgr.h"
#include "qmgr_backoff.h"
#include "qmgr_params.h"
#include "recipient.h"

#define BOUNCE_CMD_FLUSH	1
#define BOUNCE_CMD_TRACE	5

struct qmgr_tlimits {			/* one transport's limits */
    int     initial;
    int     limit;
    int     rcpt_limit;
};

struct qsched *qmgr_sched;
int     qmgr_message_count;
static struct htable *tlimits;

long    qmgr_now_ms(void)
{
    return (event_now_ms());
}

static const struct qmgr_tlimits *transport_limits(const char *name)
{
    struct qmgr_tlimits *t;

    if (tlimits == NULL)
        tlimits = htable_new(16);
    if ((t = htable_find(tlimits, name)) == NULL) {
        t = xcalloc(1, sizeof(*t));
        t->limit = qmgr_transport_int(name, "_destination_concurrency_limit",
                                      var_dest_con_limit, 1);
        t->initial = qmgr_transport_int(name,
                                        "_initial_destination_concurrency",
                                        var_init_dest_con, 1);
        t->rcpt_limit = qmgr_transport_int(name,
                                           "_destination_recipient_limit",
                                           var_dest_rcpt_limit, 1);
        htable_put(tlimits, name, t);
    }
    return (t);
}

/* defer_rcpt - qmgr itself defers one recipient (log + defer service) */

static void defer_rcpt(struct qmsg *m, int i, const char *status,
                       const char *reason)
{
    struct qmsg_rcpt *q = m->rcpt + i;
    struct recipient r;
    struct msg_stats st;
    struct dsn dsn;

    memset(&r, 0, sizeof(r));
    r.orig_addr = q->orig;
    r.address = q->address;
    r.offset = q->offset;
    r.dsn_orcpt = q->orcpt;
    r.dsn_notify = q->notify;
    msg_stats_init(&st);
    st.incoming_arrival = m->arrival;
    st.active_arrival = m->active_arrival;
    memset(&dsn, 0, sizeof(dsn));
    dsn.status = status;
    dsn.action = "delayed";
    dsn.reason = reason;
    dsn.dtype = dsn.dtext = dsn.mtype = dsn.mname = "";
    (void) defer_append(DEL_REQ_TRACE_FLAGS(m->trace_flags), m->id, &st, &r,
                        "none", &dsn);
    m->defer = 1;
}

static void defer_entry(struct qentry *e, const char *status,
                        const char *reason)
{
    int     i;

    for (i = 0; i < e->nrcpt; i++)
        defer_rcpt(e->msg, e->rcpt[i], status, reason);
}

/*
 * Completion.
 */
static int log_exists(const char *queue, const char *id)
{
    struct buf *path = buf_new(100);
    struct stat st;
    int     rc = stat(mail_queue_path(path, queue, id), &st) == 0;

    buf_free(path);
    return (rc);
}

static int flush_log(const struct qmsg *m, const char *service, int cmd)
{
    if (cmd == BOUNCE_CMD_TRACE)
        return (mail_command_client(MAIL_CLASS_PRIVATE, service,
                                    MAIL_PROTO_BOUNCE,
                                    SEND_INT("nrequest", cmd),
                                    SEND_INT("flags", 0),
                                    SEND_STR("queue_name", MAIL_QUEUE_ACTIVE),
                                    SEND_STR("queue_id", m->id),
                                    SEND_STR("encoding", m->encoding),
                                    SEND_STR("sender", m->sender),
                                    SEND_STR("envelope_id", m->envid),
                                    SEND_INT("ret_flags", m->ret_flags),
                                    ATTR_END));
    return (mail_command_client(MAIL_CLASS_PRIVATE, service,
                                MAIL_PROTO_BOUNCE,
                                SEND_INT("nrequest", cmd),
                                SEND_INT("flags", 0),
                                SEND_STR("queue_name", MAIL_QUEUE_ACTIVE),
                                SEND_STR("queue_id", m->id),
                                SEND_STR("encoding", m->encoding),
                                SEND_INT("smtputf8", m->smtputf8),
                                SEND_STR("sender", m->sender),
                                SEND_STR("envelope_id", m->envid),
                                SEND_INT("ret_flags", m->ret_flags),
                                ATTR_END));
}

/* rename_into - rename, creating a missing hash subdirectory once */

static int rename_into(const char *from, const char *queue, const char *id,
                       struct buf *to)
{
    struct buf *dir = buf_new(100);
    int     rc;

    (void) mail_queue_path(to, queue, id);
    if ((rc = rename(from, buf_str(to))) < 0 && errno == ENOENT
        && mkdir(mail_queue_dir(dir, queue, id), 0700) == 0)
        rc = rename(from, buf_str(to));
    buf_free(dir);
    return (rc);
}

static void move_deferred(struct qmsg *m)
{
    struct buf *to = buf_new(100);
    struct timeval tv[2];
    long    age;
    long    delay;

    gettimeofday(&tv[0], NULL);
    age = (long) tv[0].tv_sec - (long) m->arrival.tv_sec;
    delay = qmgr_backoff(age, var_min_backoff_time, var_max_backoff_time,
                         var_queue_run_jitter, drand48());
    tv[1].tv_sec = tv[0].tv_sec + delay;
    tv[1].tv_usec = 0;
    if (utimes(m->path, tv) < 0)
        msg_warn("%s: set retry time of %s: %m", m->id, m->path);
    if (rename_into(m->path, MAIL_QUEUE_DEFERRED, m->id, to) < 0)
        msg_warn("%s: move to %s: %m", m->id, buf_str(to));
    else if (msg_verbose)
        msg_info("%s: deferred, next attempt in %lds", m->id, delay);
    buf_free(to);
}

static void remove_message(struct qmsg *m)
{
    struct buf *log = buf_new(100);

    if (unlink(m->path) < 0) {
        msg_warn("%s: remove %s: %m", m->id, m->path);
    } else {
        msg_info("%s: removed", m->id);
        (void) unlink(mail_queue_path(log, MAIL_QUEUE_DEFER, m->id));
    }
    buf_free(log);
}

/* expired - deferred and older than its queue lifetime? */

static int expired(const struct qmsg *m)
{
    long    life = *m->sender ? var_max_queue_time : var_dsn_queue_time;

    return ((long) time(NULL) - (long) m->arrival.tv_sec >= life);
}

/* expire - return the deferred recipients: 0 done, -1 keep the message */

static int expire(struct qmsg *m)
{
    msg_info("%s: from=<%s>, status=expired, returned to sender", m->id,
             m->sender);
    if (flush_log(m, var_defer_service, BOUNCE_CMD_FLUSH) != 0) {
        msg_warn("%s: %s service failure", m->id, var_defer_service);
        return (-1);
    }
    return (0);
}

static void complete(struct qmsg *m)
{
    if (m->defer && expired(m) && expire(m) == 0)
        m->defer = 0;
    if (!m->defer && log_exists(MAIL_QUEUE_BOUNCE, m->id)
        && flush_log(m, var_bounce_service, BOUNCE_CMD_FLUSH) != 0) {
        msg_warn("%s: %s service failure", m->id, var_bounce_service);
        m->defer = 1;
    }
    if (!m->defer && log_exists(MAIL_QUEUE_TRACE, m->id)
        && flush_log(m, var_trace_service, BOUNCE_CMD_TRACE) != 0) {
        msg_warn("%s: %s service failure", m->id, var_trace_service);
        m->defer = 1;
    }
    if (m->defer)
        move_deferred(m);
    else
        remove_message(m);
    qmsg_free(m);
    qmgr_message_count--;
    qmgr_feed_more();
}

static void msg_release(struct qmsg *m)
{
    if (--m->refs == 0)
        complete(m);
}

/*
 * Scheduling.
 */
void    qmgr_active_start(struct qmsg *m)
{
    struct buf *transport = buf_new(50);
    struct buf *nexthop = buf_new(100);
    const struct qmgr_tlimits *lim;
    struct qtrans *t;
    struct qdest *d;
    struct qentry *e;
    long    now = qmgr_now_ms();
    int     i;

    msg_info("%s: from=<%s>, size=%ld, nrcpt=%d (queue active)", m->id,
             m->sender, m->content_len, m->nrcpt);
    m->refs = 1;
    for (i = 0; i < m->nrcpt; i++) {
        qmgr_resolve(m->rcpt[i].address, transport, nexthop);
        lim = transport_limits(buf_str(transport));
        t = qsched_transport(qmgr_sched, buf_str(transport), var_proc_limit);
        d = qsched_dest(qmgr_sched, t, buf_str(nexthop), lim->initial,
                        lim->limit, lim->rcpt_limit);
        if (qsched_dest_dead(d, now)) {
            defer_rcpt(m, i, "4.4.1", d->reason ? d->reason
                       : "delivery temporarily suspended");
            continue;
        }
        e = qsched_add(d, m, i);
        if (e->nrcpt == 1)
            m->refs++;
    }
    buf_free(transport);
    buf_free(nexthop);
    msg_release(m);
}

void    qmgr_active_schedule(void)
{
    static int busy;
    static int again;
    struct qentry *e;
    long    now;

    if (busy) {
        again = 1;
        return;
    }
    busy = 1;
    do {
        again = 0;
        now = qmgr_now_ms();
        while ((e = qsched_select(qmgr_sched, now)) != NULL)
            qmgr_deliver(e, qsched_conn_flags(e->dest, now));
    } while (again);
    busy = 0;
}

/* drain_dead - defer what a dead destination still had pending */

static void drain_dead(struct qentry *chain, const char *status,
                       const char *reason)
{
    struct qentry *e;
    struct qmsg *m;

    while ((e = chain) != NULL) {
        chain = e->next;
        m = e->msg;
        defer_entry(e, status, reason);
        qsched_entry_free(e);
        msg_release(m);
    }
}

void    qmgr_active_entry_done(struct qentry *e, int status,
                               const struct dsn *hop)
{
    struct qmsg *m = e->msg;
    struct qdest *d = e->dest;
    struct buf *reason = NULL;
    struct qentry *chain;
    char    code[DSN_STATUS_LIMIT] = "";
    int     hop_failed = hop->status != NULL && *hop->status != 0;

    if (status != 0)
        m->defer = 1;
    if (hop_failed) {
        snprintf(code, sizeof(code), "%s",
                 dsn_valid(hop->status) ? hop->status : "4.0.0");
        reason = buf_new(100);
        buf_printf(reason, "delivery temporarily suspended: %s",
                   hop->reason && *hop->reason ? hop->reason
                   : "unknown error");
        free(d->reason);
        d->reason = xstrdup(buf_str(reason));
    }
    chain = qsched_done(qmgr_sched, e, hop_failed ? QSCHED_HOP_FAIL
                        : QSCHED_OK, qmgr_now_ms(),
                        var_min_backoff_time * 1000L);
    if (chain)
        drain_dead(chain, code[0] == '4' ? code : "4.0.0", buf_str(reason));
    buf_free(reason);
    msg_release(m);
    qmgr_active_schedule();
}

void    qmgr_active_transport_failed(struct qentry *e, const char *why)
{
    struct qmsg *m = e->msg;

    qsched_throttle(e->dest->trans, qmgr_now_ms()
                    + var_transport_retry_time * 1000L);
    defer_entry(e, "4.3.0", why);
    (void) qsched_done(qmgr_sched, e, QSCHED_NO_FEEDBACK, qmgr_now_ms(), 0);
    msg_release(m);
    qmgr_active_schedule();
}
