/*
 * scache - the connection cache daemon
 *
 * Usage (master.cf): scache unix - - n - 1 scache
 *
 * A drop-in for Postfix 3.7's scache(8): one process (maxproc 1; the
 * skeleton insists on -l) that many smtp/lmtp processes connect to at
 * once.  They hand it idle SMTP/LMTP connections (file descriptors
 * passed over the UNIX socket), bind logical destinations to those
 * endpoints, and ask for them back; see scache_proto.h for the
 * protocol and scache_cache.h for the cache semantics.
 *
 * This file is the service: the multi-server hooks, descriptor passing
 * on real sockets, and the statistics.
 *
 *   - On accept: the announcement protocol=connection_cache_protocol;
 *     client streams get connection_cache_protocol_timeout as their
 *     time limit (it also bounds the wait for a passed descriptor).
 *   - Each readable client: one request (the skeleton calls again while
 *     input is already buffered); a client whose request fails is
 *     disconnected, others are not affected.
 *   - TTLs are clamped to connection_cache_ttl_limit.
 *   - At most half the process's descriptor limit (RLIMIT_NOFILE, at
 *     least 16) is spent on cached connections; when full, the oldest
 *     is closed to make room (warning), so clients can still connect.
 *   - Every connection_cache_status_update_time, and at exit, if any
 *     counter is non-zero, Postfix's statistics lines (info):
 *	statistics: start interval Mon DD HH:MM:SS
 *	statistics: domain lookup hits=H miss=M success=P%
 *	statistics: address lookup hits=H miss=M success=P%
 *	statistics: max simultaneous domains=D addresses=A connection=C
 *     (the lookup lines only when there were lookups of that kind);
 *     then the counters start again.
 *   - The process never retires by use count (max_use is ignored); it
 *     exits after max_idle seconds without a connected client (cached
 *     connections die with it: it is a cache).
 *
 * Parameters (all shared, in mail_params.c): connection_cache_ttl_limit,
 * connection_cache_protocol_timeout, connection_cache_status_update_time,
 * plus the skeleton's (max_idle, ...).
 *
 * Trust: not security-sensitive beyond its clients' connections; runs
 * as mail_owner, may be chrooted, reads only what its clients send.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "attr.h"
#include "events.h"
#include "fdpass.h"
#include "mail_params.h"
#include "mail_server.h"
#include "msg.h"
#include "scache_cache.h"
#include "scache_proto.h"

static struct scache_proto scache;
static time_t scache_start_time;	/* of this statistics interval */

/* scache_recv_fd - wait (bounded) for a passed descriptor, take it */

static int scache_recv_fd(struct stream *client)
{
    struct pollfd pfd;
    int     n;

    pfd.fd = stream_fd(client);
    pfd.events = POLLIN;
    pfd.revents = 0;
    while ((n = poll(&pfd, 1, var_scache_proto_tmout * 1000)) < 0
           && errno == EINTR)
         /* void */ ;
    if (n < 0)
        return (-1);
    if (n == 0) {
        errno = ETIMEDOUT;
        return (-1);
    }
    return (fd_recv(stream_fd(client)));
}

/* scache_sess_limit - how many connections to hold: half the descriptors */

static int scache_sess_limit(void)
{
    struct rlimit rl;
    rlim_t  half;

    if (getrlimit(RLIMIT_NOFILE, &rl) < 0 || rl.rlim_cur == RLIM_INFINITY)
        return (0);
    half = rl.rlim_cur / 2;
    return (half < 16 ? 16 : half > INT_MAX ? INT_MAX : (int) half);
}

/* scache_send_fd - pass a descriptor to a client */

static int scache_send_fd(struct stream *client, int fd)
{
    return (fd_send(stream_fd(client), fd));
}

/* percent - success rate as Postfix prints it (integer division) */

static int percent(int hits, int miss)
{
    return ((int) ((long) hits * 100 / ((long) hits + miss)));
}

/* scache_stats_dump - log the statistics lines, start a new interval */

static void scache_stats_dump(void)
{
    struct scache_stats *st = &scache.stats;
    char    when[32];

    if (st->dest_hits || st->dest_miss || st->endp_hits || st->endp_miss
        || st->max_dest || st->max_endp || st->max_sess) {
        if (strftime(when, sizeof(when), "%b %e %H:%M:%S",
                     localtime(&scache_start_time)) == 0)
            when[0] = 0;
        msg_info("statistics: start interval %s", when);
    }
    if (st->dest_hits || st->dest_miss)
        msg_info("statistics: domain lookup hits=%d miss=%d success=%d%%",
                 st->dest_hits, st->dest_miss,
                 percent(st->dest_hits, st->dest_miss));
    if (st->endp_hits || st->endp_miss)
        msg_info("statistics: address lookup hits=%d miss=%d success=%d%%",
                 st->endp_hits, st->endp_miss,
                 percent(st->endp_hits, st->endp_miss));
    if (st->max_dest || st->max_endp || st->max_sess)
        msg_info("statistics: max simultaneous domains=%d addresses=%d "
                 "connection=%d", st->max_dest, st->max_endp, st->max_sess);
    scache_stats_reset(st);
    scache_start_time = time(NULL);
}

/* scache_stats_event - the periodic statistics timer */

static void scache_stats_event(int event, void *ctx)
{
    (void) event;
    scache_stats_dump();
    (void) event_request_timer(scache_stats_event, ctx,
                               var_scache_stat_time * 1000L);
}

static void scache_service(struct stream *client, const char *service,
                           char **argv)
{
    (void) service;
    (void) argv;
    if (scache_proto_request(&scache, client) < 0)
        multi_server_disconnect(client);
}

static void scache_post_accept(struct stream *client, const char *service,
                               char **argv)
{
    long    ms = var_scache_proto_tmout * 1000L;

    (void) service;
    (void) argv;
    stream_set_timeout(client, ms > INT_MAX ? INT_MAX : (int) ms);
    if (attr_announce(client, ATTR_ENC_0, SCACHE_PROTOCOL) < 0) {
        msg_warn("cannot send the protocol announcement to %s",
                 stream_name(client));
        multi_server_disconnect(client);
    }
}

static void scache_post_init(const char *service, char **argv)
{
    (void) service;
    (void) argv;
    scache.cache = scache_cache_create(scache_sess_limit());
    scache.ttl_limit = var_scache_ttl_lim;
    scache.recv_fd = scache_recv_fd;
    scache.send_fd = scache_send_fd;
    scache_stats_reset(&scache.stats);
    scache_start_time = time(NULL);
    (void) event_request_timer(scache_stats_event, NULL,
                               var_scache_stat_time * 1000L);
    var_max_use = 0;
}

static void scache_pre_exit(const char *service, char **argv)
{
    (void) service;
    (void) argv;
    scache_stats_dump();
}

int     main(int argc, char **argv)
{
    static const struct server_hooks hooks = {
        .post_init = scache_post_init,
        .post_accept = scache_post_accept,
        .pre_exit = scache_pre_exit,
        .flags = SERVER_SOLITARY,
    };

    multi_server_main(argc, argv, scache_service, &hooks);
}
