/*
 * qmgr - the queue manager's shared declarations
 *
 * The modules (each file's header says more):
 *   qmgr.c          main: the trigger server, start-up recovery, timers,
 *                   the feed from incoming/ and deferred/ to active/
 *   qmgr_scan.c     list the ready files of a queue directory
 *   qmgr_message.c  read a queue file's envelope (struct qmsg)
 *   qmgr_resolve.c  recipient -> transport and next-hop
 *   qmgr_sched.c    per-destination queues, windows, batches (pure)
 *   qmgr_backoff.c  retry time of a deferred message (pure)
 *   qmgr_deliver.c  the delivery request client on the event loop
 *   qmgr_active.c   a message's life in active/: schedule, complete
 *                   (remove, notify, or defer with backoff)
 *   qmgr_params.c   the parameter table
 *
 * Trust: qmgr runs as mail_owner in queue_directory; queue files are
 * written by cleanup (trusted) but are read with bounds anyway, and a
 * malformed one is moved to corrupt/.
 */
#ifndef POSTERN_QMGR_H
#define POSTERN_QMGR_H

#include <stddef.h>
#include <sys/time.h>

#include "argv.h"
#include "dsn.h"
#include "qmgr_sched.h"

struct qmsg_rcpt {
    char   *address;
    char   *orig;			/* "" = none */
    char   *orcpt;			/* "" = none */
    int     notify;
    long    offset;			/* its R record */
};

struct qmsg {
    char   *id;
    char   *path;			/* active/ID */
    char   *sender;
    struct timeval arrival;		/* T */
    struct timeval active_arrival;	/* moved to active/ */
    long    data_offset;		/* C field 2 */
    long    data_size;			/* C field 1 */
    long    content_len;		/* C field 5 (or 1) */
    int     smtputf8;			/* C field 6 */
    int     inspect;			/* an I record: no SUCCESS flag */
    char   *encoding;
    char   *envid;
    char   *rewrite_context;
    int     ret_flags;
    int     trace_flags;
    struct qmsg_rcpt *rcpt;
    int     nrcpt;
    int     refs;			/* entries not finished */
    int     defer;			/* something was deferred */
};

/* qmgr_scan.c */
int     qmgr_scan(const char *queue, int all, long now, struct argv *out,
                  size_t max);

/* qmgr_message.c */
struct qmsg *qmsg_load(const char *id);
void    qmsg_free(struct qmsg *m);

/* qmgr_resolve.c */
void    qmgr_resolve(const char *addr, struct buf *transport,
                     struct buf *nexthop);

/* qmgr_deliver.c */
void    qmgr_deliver(struct qentry *e, int conn_flags);

/* qmgr_active.c */
extern struct qsched *qmgr_sched;
extern int qmgr_message_count;
void    qmgr_active_start(struct qmsg *m);
void    qmgr_active_entry_done(struct qentry *e, int status,
                               const struct dsn *hop);
void    qmgr_active_transport_failed(struct qentry *e, const char *why);
void    qmgr_active_schedule(void);
long    qmgr_now_ms(void);

/* qmgr.c */
void    qmgr_feed_more(void);

#endif
