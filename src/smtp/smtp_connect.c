/*
 * smtp_connect - the server walk of one delivery request
 *
 *	int	smtp_connect(struct smtp_state *state);
 *			deliver, bounce or defer every recipient of the
 *			request; returns the request status (0: all final,
 *			non-zero: something was deferred or a report failed)
 *
 * Destinations.  SMTP: the request's next-hop (a list: "a, b"),
 * "domain", "domain:port", "[host]", "[host]:port", "[address]",
 * "[ipv6:address]:port", then the smtp_fallback_relay list.  LMTP:
 * "unix:/path" (one server, always final), "inet:host[:port]" or a
 * plain host, port lmtp_tcp_port by default, then lmtp_fallback_relay
 * (usually empty).  Ports are numbers or service names.
 *
 * The walk follows Postfix's smtp_connect.c.  For each next-hop the
 * server addresses are looked up (smtp_addr.c: MX for a plain SMTP
 * domain, addresses for [host], LMTP hosts and disable_dns_lookups),
 * then each address is tried in order:
 *   - at most smtp_mx_address_limit addresses per next-hop (0 = no
 *     limit) and at most smtp_mx_session_limit sessions that got past
 *     the EHLO handshake (0 = no limit); a session that fails during
 *     the handshake does not count towards the session limit;
 *   - the last address of the last next-hop is the final server: a
 *     soft error there defers instead of keeping the recipients for a
 *     next server, as the error policy (smtp_trouble.c) says;
 *   - a failed connection is logged as "connect to HOST[ADDR]:PORT:
 *     REASON" and the next address is tried;
 *   - after each session, recipients marked KEEP become unmarked for
 *     the next server, dropped ones leave the request
 *     (smtp_rcpt_cleanup), and the time stamps of that attempt are
 *     cleared.
 * A next-hop for which this host is itself a best MX, or whose mail
 * loops back to this host, ends the walk.
 *
 * Left-over recipients (no server took or refused them) are deferred
 * with the last problem; when there was none, with 4.3.0 "server
 * unavailable or unable to receive mail".  A hard problem with the
 * relayhost or a fallback relay (lookup failure, refusal, loop) is
 * deferred with 4.3.5 instead of bounced, with the warning
 * "relayhost configuration problem" (or smtp_fallback_relay).  Last, a
 * Mail that loops back to this host goes to best_mx_transport when it
 * is set (smtp_pass.c), else it bounces with 5.4.6.  Last, a
 * safety check: a recipient still not accounted for is deferred with
 * 4.3.0 and a warning, never lost.
 *
 * Connections are made with smtp_connect_timeout (lmtp 0: the
 * system's), from smtp_bind_address or smtp_bind_address6 when set (a
 * failing bind is a warning, or with smtp_bind_address_enforce a
 * 4.4.0 "server configuration error").
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "defer.h"
#include "deliver_request.h"
#include "dsn.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "scache_clnt.h"
#include "sock.h"
#include "smtp.h"

#define CHARS_COMMA_SP	", \t\r\n"

 /*
  * Ports.
  */
static const struct {
    const char *name;
    unsigned port;
} known_ports[] = {
    {"smtp", 25}, {"lmtp", 24}, {"submission", 587}, {"submissions", 465},
    {"smtps", 465}, {NULL, 0},
};

/* smtp_parse_port - number or service name; 0 = bad */

static unsigned smtp_parse_port(const char *service)
{
    struct servent *sp;
    const char *cp;
    unsigned long val = 0;
    int     i;

    if (*service == 0)
        return 0;
    for (cp = service; *cp; cp++) {
        if (!isdigit((unsigned char) *cp))
            break;
        val = val * 10 + (unsigned long) (*cp - '0');
        if (val > 65535)
            return 0;
    }
    if (*cp == 0)
        return (unsigned) val;
    for (i = 0; known_ports[i].name; i++)
        if (strcasecmp(known_ports[i].name, service) == 0)
            return known_ports[i].port;
    if ((sp = getservbyname(service, "tcp")) != NULL)
        return ntohs((unsigned short) sp->s_port);
    return 0;
}

/* smtp_parse_destination - "[host]:port" etc.; 0 ok, -1 bad (why set) */

static int smtp_parse_destination(struct smtp_state *state, const char *dest,
                                  const char *def_service, char **host,
                                  unsigned *port)
{
    const char *service = def_service;
    const char *end;
    const char *colon;
    char   *h;

    if (*dest == '[') {
        if ((end = strchr(dest, ']')) == NULL
            || (end[1] != 0 && end[1] != ':'))
            goto bad;
        h = xstrndup(dest + 1, (size_t) (end - dest - 1));
        if (end[1] == ':')
            service = end + 2;
    } else if ((colon = strrchr(dest, ':')) != NULL) {
        h = xstrndup(dest, (size_t) (colon - dest));
        service = colon + 1;
    } else {
        h = xstrdup(dest);
    }
    if (*h == 0) {
        free(h);
        goto bad;
    }
    if ((*port = smtp_parse_port(service)) == 0) {
        msg_warn("%s: bad network port \"%s\" in destination \"%s\"",
                 state->request->queue_id, service, dest);
        dsb_simple(state->why, "4.3.5", "bad network port \"%s\" for "
                   "destination %s", service, dest);
        free(h);
        return -1;
    }
    *host = h;
    return 0;

bad:
    msg_warn("%s: malformed destination \"%s\"", state->request->queue_id,
             dest);
    dsb_simple(state->why, "4.3.5", "malformed destination \"%s\"", dest);
    return -1;
}

 /*
  * Making connections.
  */

/* smtp_bind_sa - the configured source address for a family, if any */

static int smtp_bind_sa(int family, struct sockaddr_storage *ss,
                        socklen_t *len, const char **text)
{
    const char *value = family == AF_INET6 ? var_smtp_bind_addr6 :
        family == AF_INET ? var_smtp_bind_addr : "";
    char   *copy;
    char   *cp;
    int     ret;

    *text = value;
    if (*value == 0)
        return 0;
    copy = xstrdup(value);
    cp = copy;
    if (*cp == '[' && cp[strlen(cp) - 1] == ']') {
        cp[strlen(cp) - 1] = 0;
        cp++;
    }
    ret = sockaddr_parse(cp, "0", ss, len);
    free(copy);
    if (ret < 0 || (int) ss->ss_family != family) {
        msg_warn("bad %s parameter value: %s", family == AF_INET6 ?
                 SMTP_X("bind_address6") : SMTP_X("bind_address"), value);
        return -1;
    }
    return 1;
}

/* smtp_bind_ok - can this process bind to ss at all */

static int smtp_bind_ok(const struct sockaddr_storage *ss, socklen_t len)
{
    int     fd;
    int     ret;
    int     saved;

    if ((fd = socket(ss->ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0)
        return 0;
    ret = bind(fd, (const struct sockaddr *) ss, len);
    saved = errno;
    (void) close(fd);
    errno = saved;
    return ret == 0;
}

static struct smtp_session *smtp_connect_addr(struct smtp_state *state,
                                              const struct smtp_addr *addr)
{
    struct smtp_iter *iter = &state->iter;
    struct sockaddr_storage ss = addr->sa;
    struct sockaddr_storage bss;
    socklen_t blen = 0;
    const char *btext;
    int     bind_it;
    int     fd;
    long    ms = (long) var_smtp_conn_tmout * 1000;
    time_t  start = time(NULL);

    if (ss.ss_family == AF_INET)
        ((struct sockaddr_in *) &ss)->sin_port = htons((unsigned short) iter->port);
    else
        ((struct sockaddr_in6 *) &ss)->sin6_port = htons((unsigned short) iter->port);

    bind_it = smtp_bind_sa(ss.ss_family, &bss, &blen, &btext);
    if (bind_it > 0 && !smtp_bind_ok(&bss, blen)) {
        msg_warn("%s: bind %s: %m", state->request->queue_id, btext);
        if (var_smtp_bind_addr_enforce) {
            dsb_simple(state->why, "4.4.0", "server configuration error");
            return NULL;
        }
        bind_it = 0;
    } else if (bind_it < 0) {
        if (var_smtp_bind_addr_enforce) {
            dsb_simple(state->why, "4.4.0", "server configuration error");
            return NULL;
        }
        bind_it = 0;
    }
    if (msg_verbose)
        msg_info("trying: %s[%s] port %u...", buf_str(iter->host),
                 buf_str(iter->addr), iter->port);
    fd = sock_connect_sa((struct sockaddr *) &ss, addr->salen,
                         bind_it > 0 ? (struct sockaddr *) &bss : NULL,
                         bind_it > 0 ? blen : 0,
                         ms > 0x7fffffffL ? 0x7fffffff : (int) ms);
    if (fd < 0) {
        dsb_simple(state->why, "4.4.1", "connect to %s[%s]:%u: %s",
                   buf_str(iter->host), buf_str(iter->addr), iter->port,
                   errno == ETIMEDOUT ? "Connection timed out" : strerror(errno));
        return NULL;
    }

    /*
     * Output leaves in whole stream buffers, so Nagle's algorithm would
     * only hold back the last partial one (the end of a message) until
     * the server's delayed ACK: up to 40 ms per message.
     */
    if (sock_set_nodelay(fd, 1) < 0)
        msg_warn("setsockopt TCP_NODELAY: %m");
    return smtp_session_alloc(stream_open(fd), iter, start);
}

static struct smtp_session *smtp_connect_unix(struct smtp_state *state,
                                              const char *path)
{
    struct smtp_iter *iter = &state->iter;
    long    ms = (long) var_smtp_conn_tmout * 1000;
    time_t  start = time(NULL);
    int     fd;

    if (strlen(path) >= sizeof(((struct sockaddr_un *) 0)->sun_path)) {
        msg_warn("unix-domain name too long: %s", path);
        dsb_simple(state->why, "4.3.5", "Server configuration error");
        return NULL;
    }
    if (msg_verbose)
        msg_info("trying: %s...", path);
    if ((fd = unix_connect(path, 1, ms > 0x7fffffffL ? 0x7fffffff :
                           (int) ms)) < 0) {
        dsb_simple(state->why, "4.4.1", "connect to %s[%s]: %s",
                   buf_str(iter->host), path, errno == ETIMEDOUT ?
                   "Connection timed out" : strerror(errno));
        return NULL;
    }
    return smtp_session_alloc(stream_open(fd), iter, start);
}

 /*
  * After a session.
  */

/* smtp_cache_healthy - may this open session go to the cache? */

static int smtp_cache_healthy(struct smtp_state *state)
{
    struct smtp_session *s = state->session;

    return (state->misc_flags & SMTP_MISC_FLAG_CONN_STORE)
        && !s->dont_cache && s->stream != NULL && s->err == SMTP_ERR_NONE
        && !stream_failed(s->stream) && !stream_at_eof(s->stream)
        && stream_buffered(s->stream) == 0 && scache_clnt_usable();
}

static void smtp_cleanup_session(struct smtp_state *state)
{
    struct deliver_request *request = state->request;
    int     throttled;

    if (state->session) {
        throttled = state->session->throttled;
        if (smtp_cache_healthy(state))
            smtp_save_session(state);
        else
            smtp_session_free(state->session);
        state->session = NULL;

        /*
         * Only the first good session is bound to the request's next-hop,
         * so that a less preferred server never stands in for it.
         */
        if (!throttled)
            buf_reset(state->scache_nexthop);
    }
    smtp_rcpt_cleanup(state);
    memset(&request->msg_stats.conn_setup_done, 0,
           sizeof(request->msg_stats.conn_setup_done));
    memset(&request->msg_stats.deliver_done, 0,
           sizeof(request->msg_stats.deliver_done));
    request->msg_stats.reuse_count = 0;
}

/* smtp_finish_xfer - delivery done: QUIT, unless the cache gets it */

static void smtp_finish_xfer(struct smtp_state *state)
{
    struct smtp_session *s = state->session;

    if (smtp_session_expired(s) || !smtp_cache_healthy(state))
        (void) smtp_quit(state);
}

/* smtp_run_session - handshake (fresh sessions) and delivery */

static void smtp_run_session(struct smtp_state *state, int *sess_count,
                             int final_after_handshake)
{
    struct smtp_session *session = state->session;

    if ((session->features & SMTP_FEATURE_FROM_CACHE) == 0
        && smtp_helo(state) != 0) {
        if (session->stream && session->err == SMTP_ERR_NONE
            && !stream_failed(session->stream))
            (void) smtp_quit(state);
        return;
    }
    /* A session past the handshake counts. */
    ++*sess_count;
    if (final_after_handshake)
        state->misc_flags |= SMTP_MISC_FLAG_FINAL_SERVER;
    if (smtp_xfer(state) == 0)
        smtp_finish_xfer(state);
}

 /*
  * Connection cache policy and reuse.
  */

/* smtp_cache_policy - what the cache may do for this request */

static void smtp_cache_policy(struct smtp_state *state, const char *domain)
{
    int     flags = state->request->flags;
    size_t  i;

    state->misc_flags &= ~SMTP_MISC_FLAG_CONN_CACHE_MASK;
    for (i = 0; smtp_cache_dest && i < smtp_cache_dest->argc; i++) {
        if (strcasecmp(smtp_cache_dest->argv[i], domain) == 0) {
            state->misc_flags |= SMTP_MISC_FLAG_CONN_CACHE_MASK;
            return;
        }
    }
    if (var_smtp_cache_demand) {
        if (flags & DEL_REQ_FLAG_CONN_LOAD)
            state->misc_flags |= SMTP_MISC_FLAG_CONN_LOAD;
        if (flags & DEL_REQ_FLAG_CONN_STORE)
            state->misc_flags |= SMTP_MISC_FLAG_CONN_STORE;
    }
}

/* smtp_addr_unlink - take one entry out of the list and free it */

static void smtp_addr_unlink(struct smtp_addr **list, struct smtp_addr *victim)
{
    struct smtp_addr **pp;

    for (pp = list; *pp; pp = &(*pp)->next) {
        if (*pp == victim) {
            *pp = victim->next;
            victim->next = NULL;
            smtp_addr_free(victim);
            return;
        }
    }
}

/* smtp_scrub_addr_list - drop the addresses reused for this request */

static void smtp_scrub_addr_list(struct smtp_state *state,
                                 struct smtp_addr **list)
{
    struct smtp_addr *addr;
    struct smtp_addr *next;
    size_t  i;

    for (addr = *list; addr; addr = next) {
        next = addr->next;
        for (i = 0; i < state->cache_used->argc; i++) {
            if (strcmp(state->cache_used->argv[i], addr->addr) == 0) {
                smtp_addr_unlink(list, addr);
                break;
            }
        }
    }
}

/* smtp_update_addr_list - after a reused session: truncate or remove */

static void smtp_update_addr_list(struct smtp_addr **list, const char *addr,
                                  int count)
{
    struct smtp_addr *a;

    if (*list == NULL)
        return;
    if (count == var_smtp_mxsess_limit || count == var_smtp_mxaddr_limit) {
        smtp_addr_free(*list);
        *list = NULL;
        return;
    }
    for (a = *list; a; a = a->next) {
        if (strcmp(a->addr, addr) == 0) {
            smtp_addr_unlink(list, a);
            return;
        }
    }
}

static void smtp_iter_set(struct smtp_iter *iter, const char *dest,
                          const char *host, const char *addr, unsigned port);

/* smtp_addr_port - an SRV target's own port, else the next-hop's */

static unsigned smtp_addr_port(const struct smtp_addr *addr, unsigned port)
{
    int     aport = sockaddr_port((const struct sockaddr *) &addr->sa);

    return aport > 0 ? (unsigned) aport : port;
}

/*
 * smtp_reuse_session - before new connections: a cached session for the
 * next-hop, then for each best-MX address; returns the sessions used.
 */
static int smtp_reuse_session(struct smtp_state *state,
                              struct smtp_addr **list, int best_pref,
                              const char *dest, unsigned port)
{
    struct smtp_addr *addr;
    struct smtp_addr *next;
    int     count = 0;
    int     dummy = 0;

    if (*list && state->rcpt_left > 0 && buf_len(state->scache_nexthop) > 0) {
        smtp_iter_set(&state->iter, dest, "", "", port);
        if ((state->session = smtp_reuse_nexthop(state)) != NULL) {
            count = 1;
            smtp_update_addr_list(list, state->session->addr, count);
            if ((state->misc_flags & SMTP_MISC_FLAG_FINAL_NEXTHOP)
                && *list == NULL)
                state->misc_flags |= SMTP_MISC_FLAG_FINAL_SERVER;
            smtp_run_session(state, &dummy, 0);
            smtp_cleanup_session(state);
        }
    }
    for (addr = *list; state->rcpt_left > 0 && addr; addr = next) {
        if (addr->pref != best_pref)
            break;
        next = addr->next;
        smtp_iter_set(&state->iter, dest, addr->host, addr->addr,
                      smtp_addr_port(addr, port));
        state->iter.pref = addr->pref;
        if ((state->session = smtp_reuse_addr(state)) == NULL)
            continue;
        state->session->features |= SMTP_FEATURE_BEST_MX;
        count += 1;
        smtp_update_addr_list(list, addr->addr, count);
        if (*list == NULL)
            next = NULL;
        if ((state->misc_flags & SMTP_MISC_FLAG_FINAL_NEXTHOP) && next == NULL)
            state->misc_flags |= SMTP_MISC_FLAG_FINAL_SERVER;
        smtp_run_session(state, &dummy, 0);
        smtp_cleanup_session(state);
    }
    return count;
}

static void smtp_iter_set(struct smtp_iter *iter, const char *dest,
                          const char *host, const char *addr, unsigned port)
{
    buf_set(iter->dest, dest);
    buf_set(iter->host, host);
    buf_set(iter->addr, addr);
    iter->port = port;
}

static int smtp_loop_dsn(const struct dsn_buf *why)
{
    return strcmp(buf_str(why->status) + 1, ".4.6") == 0;
}

static void smtp_connect_local(struct smtp_state *state, const char *path)
{
    int     sess_count = 0;

    if (*var_smtp_fallback_relay)
        msg_warn("ignoring \"%s = %s\" setting for non-TCP connections",
                 SMTP_X("fallback_relay"), var_smtp_fallback_relay);
    smtp_iter_set(&state->iter, path, var_myhostname, path, 0);
    state->misc_flags |= SMTP_MISC_FLAG_FINAL_NEXTHOP
        | SMTP_MISC_FLAG_FINAL_SERVER;
    smtp_cache_policy(state, path);
    if (state->misc_flags & SMTP_MISC_FLAG_CONN_CACHE_MASK)
        buf_set(state->scache_nexthop, path);
    if ((state->misc_flags & SMTP_MISC_FLAG_CONN_LOAD) == 0
        || (state->session = smtp_reuse_nexthop(state)) == NULL)
        state->session = smtp_connect_unix(state, path);
    if (state->session != NULL) {
        smtp_run_session(state, &sess_count, 1);
        smtp_cleanup_session(state);
    }
    buf_reset(state->scache_nexthop);
}

static void smtp_connect_inet(struct smtp_state *state, const char *nexthop,
                              const char *def_service)
{
    struct argv *sites;
    struct argv *fallback;
    size_t  non_fallback;
    size_t  i;
    size_t  last = 0;
    char   *host;
    unsigned port;
    struct smtp_addr *list;
    struct smtp_addr *addr;
    struct smtp_addr *next;
    int     addr_count;
    int     sess_count;
    int     i_am_mx;
    int     best_pref;
    int     lookup_mx;
    int     literal;
    int     final_flags;

    sites = argv_split(nexthop, CHARS_COMMA_SP);
    if (sites->argc == 0) {
        dsb_simple(state->why, "4.3.5", "empty next-hop destination");
        argv_free(sites);
        return;
    }
    non_fallback = sites->argc;
    fallback = argv_split(var_smtp_fallback_relay, CHARS_COMMA_SP);
    for (i = 0; i < fallback->argc; i++)
        argv_add(sites, fallback->argv[i]);
    argv_free(fallback);

    state->misc_flags |= SMTP_MISC_FLAG_FIRST_NEXTHOP;
    for (i = 0; i < sites->argc && state->rcpt_left > 0; i++) {
        const char *dest = sites->argv[i];

        last = i;
        if (i + 1 == sites->argc)
            state->misc_flags |= SMTP_MISC_FLAG_FINAL_NEXTHOP;
        if (smtp_parse_destination(state, dest, def_service, &host, &port) < 0)
            continue;
        smtp_iter_set(&state->iter, dest, "", "", port);
        literal = (*dest == '[' || smtp_dns_support == SMTP_DNS_DISABLED);
        if (smtp_mode && port == 25)
            state->misc_flags |= SMTP_MISC_FLAG_LOOP_DETECT;
        else
            state->misc_flags &= ~SMTP_MISC_FLAG_LOOP_DETECT;
        lookup_mx = smtp_mode && !literal;

        list = smtp_addr_list(state, host, lookup_mx, &i_am_mx);
        if (i_am_mx)
            state->misc_flags |= SMTP_MISC_FLAG_FINAL_NEXTHOP;
        if (list == NULL && smtp_loop_dsn(state->why))
            state->misc_flags |= SMTP_MISC_FLAG_FINAL_NEXTHOP;
        best_pref = list ? list->pref : 0;

        /*
         * Connection caching: the first next-hop decides, by its bare
         * domain (no [] or port), as smtp_connection_cache_destinations
         * lists them.  Cached sessions go first; addresses that one of
         * them reached are not connected to again.
         */
        if (list && (state->misc_flags & SMTP_MISC_FLAG_FIRST_NEXTHOP)) {
            smtp_cache_policy(state, host);
            if (state->misc_flags & SMTP_MISC_FLAG_CONN_CACHE_MASK)
                buf_set(state->scache_nexthop, dest);
        }
        free(host);
        if (list && (state->misc_flags & SMTP_MISC_FLAG_CONN_LOAD)) {
            if (state->cache_used->argc > 0)
                smtp_scrub_addr_list(state, &list);
            sess_count = addr_count =
                smtp_reuse_session(state, &list, best_pref, dest, port);
        } else {
            sess_count = addr_count = 0;
        }

        for (addr = list; addr && state->rcpt_left > 0; addr = next) {
            next = addr->next;
            if (++addr_count == var_smtp_mxaddr_limit)
                next = NULL;
            /* An SRV target has its own port (smtp_addr.c). */
            smtp_iter_set(&state->iter, dest, addr->host, addr->addr,
                          smtp_addr_port(addr, port));
            state->iter.pref = addr->pref;
            if ((state->misc_flags & SMTP_MISC_FLAG_CONN_LOAD) == 0
                || addr->pref == best_pref
                || (state->session = smtp_reuse_addr(state)) == NULL)
                state->session = smtp_connect_addr(state, addr);
            if (state->session == NULL) {
                msg_info("%s", buf_str(state->why->reason));
                continue;
            }
            if (addr->pref == best_pref)
                state->session->features |= SMTP_FEATURE_BEST_MX;
            final_flags = SMTP_MISC_FLAG_FINAL_NEXTHOP;
            if ((state->misc_flags & final_flags) && next == NULL)
                state->misc_flags |= SMTP_MISC_FLAG_FINAL_SERVER;
            /* After the handshake: is the session limit reached now? */
            smtp_run_session(state, &sess_count,
                             (state->misc_flags & final_flags)
                             && var_smtp_mxsess_limit > 0
                             && sess_count + 1 >= var_smtp_mxsess_limit);
            if (var_smtp_mxsess_limit > 0 && sess_count >= var_smtp_mxsess_limit)
                next = NULL;
            smtp_cleanup_session(state);
        }
        smtp_addr_free(list);
        state->misc_flags &= ~SMTP_MISC_FLAG_FIRST_NEXTHOP;
        if (state->misc_flags & SMTP_MISC_FLAG_FINAL_NEXTHOP)
            break;
    }

    /*
     * Left-over recipients: make up a reason when there is none, and do
     * not bounce mail for what looks like a configuration problem.
     */
    if (state->rcpt_left > 0) {
        if (buf_len(state->why->status) == 0) {
            dsb_simple(state->why, "4.3.0",
                       "server unavailable or unable to receive mail");
        } else if (buf_str(state->why->status)[0] != '4') {
            if (last >= non_fallback && (state->misc_flags
                                         & SMTP_MISC_FLAG_FINAL_NEXTHOP)) {
                msg_warn("%s configuration problem", SMTP_X("fallback_relay"));
                buf_set(state->why->status, "4.3.5");
            } else if (smtp_mode && strcmp(sites->argv[0], var_relayhost) == 0) {
                msg_warn("%s configuration problem", "relayhost");
                buf_set(state->why->status, "4.3.5");
            } else if (smtp_mode && smtp_loop_dsn(state->why)
                       && *var_bestmx_transp) {
                /* Mail for this domain is ours: hand it over. */
                dsb_reset(state->why);
                state->status |= smtp_pass_all(state, var_bestmx_transp);
            }
        }
    }
    buf_reset(state->scache_nexthop);
    argv_free(sites);
}

int     smtp_connect(struct smtp_state *state)
{
    struct deliver_request *request = state->request;
    const char *dest = request->nexthop;
    struct recipient *rcpt;
    size_t  n;

    if (!smtp_mode && strncmp(dest, "unix:", 5) == 0) {
        smtp_connect_local(state, dest + 5);
    } else {
        if (!smtp_mode && strncmp(dest, "inet:", 5) == 0)
            dest += 5;
        smtp_connect_inet(state, dest, var_smtp_tcp_port);
    }

    /* Whatever is left: defer (or bounce) with the last problem. */
    if (state->rcpt_left > 0) {
        if (buf_len(state->why->status) == 0)
            dsb_simple(state->why, "4.3.0",
                       "server unavailable or unable to receive mail");
        state->misc_flags |= SMTP_MISC_FLAG_FINAL_SERVER;
        (void) smtp_sess_fail(state);
        smtp_rcpt_cleanup(state);
    }

    /* Safety net: no recipient leaves unaccounted for. */
    if (state->rcpt_left > 0) {
        msg_warn("%s: %zu recipient(s) left over after delivery; deferring",
                 request->queue_id, state->rcpt_left);
        dsb_simple(state->why, "4.3.0", "internal error: recipient left "
                   "over after delivery attempt");
        for (n = 0; n < state->rcpt_left; n++) {
            rcpt = request->rcpt_list.info + n;
            if (rcpt->status & SMTP_RCPT_DROP)
                continue;
            rcpt->status = 0;
            smtp_rcpt_report(state, rcpt, 1);
        }
        state->rcpt_left = 0;
        state->status |= -1;
    }
    return state->status;
}
