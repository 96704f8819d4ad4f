/*
 * qmgr - the queue manager
 *
 * Usage (master.cf): qmgr unix n - n 300 1 qmgr
 *
 * A trigger server (mail_server.h), one process (-l is not required,
 * but a second qmgr on one queue would deliver twice).  It:
 *   - on start-up moves whatever a crash left in active/ back to
 *     incoming/ (crash recovery: those messages are delivered again;
 *     recipients already marked done are not), and creates incoming/,
 *     active/, deferred/ and corrupt/ when missing (mode 0700);
 *   - on any wake-up ('A' from cleanup, 'W' from master, 'I') scans
 *     incoming/; 'D' scans deferred/ for files whose time has come, 'F'
 *     takes every deferred file (a flush);
 *   - every queue_run_delay scans deferred/ for files whose modification
 *     time (the next attempt, set by qmgr_active) has passed;
 *   - moves each ready file to active/ (at most qmgr_message_active_limit
 *     messages in memory; the scan resumes as messages finish), reads
 *     its envelope and hands it to qmgr_active, which schedules and
 *     delivers it (see qmgr.h for the modules).
 * It never exits on its own: max_idle and max_use do not apply (as in
 * Postfix).
 *
 * Trust: runs as mail_owner inside queue_directory; wake-up bytes are
 * only compared with known letters.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "events.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mail_server.h"
#include "msg.h"
#include "msg_stats.h"
#include "qmgr.h"
#include "qmgr_params.h"

#define QMGR_TICK_MS	1000		/* revive throttled/dead queues */

static int incoming_more;		/* incoming scan stopped at the limit */
static int deferred_more;		/* deferred scan stopped at the limit */
static int deferred_all;		/* ... and it was a flush */

/* activate - QUEUE/ID -> active/ID, read it, schedule it */

static void activate(const char *queue, const char *id)
{
    struct buf *from = buf_new(100);
    struct buf *to = buf_new(100);
    struct qmsg *m;

    (void) mail_queue_path(from, queue, id);
    (void) mail_queue_path(to, MAIL_QUEUE_ACTIVE, id);
    if (rename(buf_str(from), buf_str(to)) < 0) {
        if (errno != ENOENT)
            msg_warn("%s: move %s to %s: %m", id, buf_str(from), buf_str(to));
    } else if ((m = qmsg_load(id)) != NULL) {
        msg_stats_now(&m->active_arrival);
        qmgr_message_count++;
        qmgr_active_start(m);
    }
    buf_free(from);
    buf_free(to);
}

/* feed - move ready files from QUEUE while there is room; 1 = more */

static int feed(const char *queue, int all)
{
    struct argv *ids;
    size_t  room;
    size_t  i;
    int     more;

    if (qmgr_message_count >= var_qmgr_active_limit)
        return (1);
    room = (size_t) (var_qmgr_active_limit - qmgr_message_count);
    ids = argv_new(room < 100 ? room : 100);
    more = qmgr_scan(queue, all, (long) time(NULL), ids, room);
    for (i = 0; i < ids->argc; i++)
        activate(queue, ids->argv[i]);
    argv_free(ids);
    qmgr_active_schedule();
    return (more);
}

static void feed_incoming(void)
{
    incoming_more = feed(MAIL_QUEUE_INCOMING, 1);
}

static void feed_deferred(int all)
{
    deferred_all = all;
    deferred_more = feed(MAIL_QUEUE_DEFERRED, all);
}

/* feed_event - resume scans that stopped at the active limit */

static void feed_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    if (incoming_more)
        feed_incoming();
    if (deferred_more && qmgr_message_count < var_qmgr_active_limit)
        feed_deferred(deferred_all);
}

void    qmgr_feed_more(void)
{
    if (incoming_more || deferred_more)
        event_request_timer(feed_event, NULL, 0);
}

static void deferred_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    feed_deferred(0);
    event_request_timer(deferred_event, NULL, var_queue_run_delay * 1000L);
}

static void tick_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    qmgr_active_schedule();
    event_request_timer(tick_event, NULL, QMGR_TICK_MS);
}

static void qmgr_service(const char *buf, size_t len, const char *service,
                         char **argv)
{
    int     scan_incoming = 0;
    int     scan_deferred = 0;
    int     flush = 0;
    size_t  i;

    (void) service;
    (void) argv;
    for (i = 0; i < len; i++) {
        switch (buf[i]) {
        case 'F':
            flush = 1;
            /* FALLTHROUGH */
        case 'D':
            scan_deferred = 1;
            break;
        default:				/* 'A', 'W', 'I', ... */
            scan_incoming = 1;
            break;
        }
    }
    if (scan_incoming)
        feed_incoming();
    if (scan_deferred)
        feed_deferred(flush);
}

/* recover - a crash left files in active/: back to incoming/ */

static void recover(void)
{
    struct argv *ids = argv_new(100);
    struct buf *from = buf_new(100);
    struct buf *to = buf_new(100);
    size_t  i;

    (void) qmgr_scan(MAIL_QUEUE_ACTIVE, 1, 0, ids, SIZE_MAX);
    for (i = 0; i < ids->argc; i++) {
        (void) mail_queue_path(from, MAIL_QUEUE_ACTIVE, ids->argv[i]);
        (void) mail_queue_path(to, MAIL_QUEUE_INCOMING, ids->argv[i]);
        if (rename(buf_str(from), buf_str(to)) < 0)
            msg_warn("%s: move %s to %s: %m", ids->argv[i], buf_str(from),
                     buf_str(to));
    }
    if (ids->argc > 0)
        msg_info("recovered %zu message(s) from %s", ids->argc,
                 MAIL_QUEUE_ACTIVE);
    argv_free(ids);
    buf_free(from);
    buf_free(to);
}

static void make_queue_dirs(void)
{
    static const char *const dirs[] = {
        MAIL_QUEUE_INCOMING, MAIL_QUEUE_ACTIVE, MAIL_QUEUE_DEFERRED,
        MAIL_QUEUE_CORRUPT,
    };
    size_t  i;

    for (i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
        if (mkdir(dirs[i], 0700) < 0 && errno != EEXIST)
            msg_fatal("create queue directory %s: %m", dirs[i]);
}

static void qmgr_post_init(const char *service, char **argv)
{
    (void) service;
    (void) argv;
    var_max_idle = 0;
    var_max_use = 0;
    srand48((long) time(NULL) ^ (long) getpid());
    make_queue_dirs();
    recover();
    qmgr_sched = qsched_create();
    event_request_timer(feed_event, NULL, 0);
    incoming_more = 1;
    event_request_timer(deferred_event, NULL, 0);
    event_request_timer(tick_event, NULL, QMGR_TICK_MS);
}

int     main(int argc, char **argv)
{
    static const struct param_def *const tables[] = {qmgr_params, NULL};
    static const struct server_hooks hooks = {
        .params = tables,
        .post_init = qmgr_post_init,
        .flags = SERVER_SOLITARY,
    };

    trigger_server_main(argc, argv, qmgr_service, &hooks);
}
