/*
 * dns - asynchronous DNS queries over c-ares, driven by the event loop
 *
 * See dns.h for the interface.  Implementation notes:
 *
 * - One struct dns_query per dns_query() call.  It may send several
 *   DNS queries in turn: again for a CNAME target when a reply held
 *   only the CNAME (DNS_MAX_CNAME times at most), and for the next
 *   search-list candidate after NXDOMAIN/NODATA.  The user callback
 *   runs once, from q_finish().
 *
 * - c-ares reports its sockets through the sock_state callback; each
 *   open socket has a struct dns_sock, which is the context of its
 *   events callbacks (they are given no fd).  After every call into
 *   c-ares the channel's events timer is set from ares_timeout().
 *
 * - dns_wait() polls the same sockets itself, so it never calls
 *   event_loop(); it is safe inside an event callback.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <ares.h>

#include "argv.h"
#include "dns.h"
#include "dns_parse.h"
#include "dns_str.h"
#include "events.h"
#include "mem.h"
#include "msg.h"

#define WAIT_SLICE_MS	1000		/* longest single poll() */

struct dns_sock {
    struct dns_channel *ch;
    int     fd;
    int     readable;
    int     writable;
    struct dns_sock *next;
};

struct dns_channel {
    ares_channel ares;
    int     dnssec;
    int     search;
    struct argv *domains;		/* search list */
    int     pending;			/* dns_query() calls not finished */
    int     closing;
    struct dns_sock *socks;
};

struct dns_query {
    struct dns_channel *ch;
    char   *name;			/* as the caller gave it */
    struct argv *cands;			/* names to try, in order */
    size_t  next_cand;
    char   *cur;			/* being asked now */
    int     type;
    int     hops;			/* CNAME re-queries */
    int     valid;			/* AD in every reply so far */
    int     rcode;
    dns_callback cb;
    void   *ctx;
};

static void timer_event(int event, void *ctx);
static void q_send(struct dns_query *q);

/* update_timer - the events timer follows c-ares' next timeout */

static void update_timer(struct dns_channel *ch)
{
    struct timeval tv;
    struct timeval *tvp;

    if (ch->closing)
        return;
    tvp = ares_timeout(ch->ares, NULL, &tv);
    if (tvp == NULL)
        (void) event_cancel_timer(timer_event, ch);
    else
        (void) event_request_timer(timer_event, ch,
                                   tvp->tv_sec * 1000 + tvp->tv_usec / 1000 + 1);
}

static void timer_event(int event, void *ctx)
{
    struct dns_channel *ch = ctx;

    (void) event;
    ares_process_fd(ch->ares, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    update_timer(ch);
}

/* sock_event - a c-ares socket is ready (events callback) */

static void sock_event(int event, void *ctx)
{
    struct dns_sock *s = ctx;
    struct dns_channel *ch = s->ch;
    int     rfd = ARES_SOCKET_BAD;
    int     wfd = ARES_SOCKET_BAD;

    if ((event & EVENT_READ) || ((event & EVENT_XCPT) && s->readable))
        rfd = s->fd;
    if ((event & EVENT_WRITE) || ((event & EVENT_XCPT) && s->writable))
        wfd = s->fd;
    ares_process_fd(ch->ares, rfd, wfd);	/* may free s */
    update_timer(ch);
}

static void sock_forget(struct dns_sock **sp)
{
    struct dns_sock *s = *sp;

    event_disable_readwrite(s->fd);
    *sp = s->next;
    free(s);
}

/* sock_state - c-ares opens, watches or closes a socket */

static void sock_state(void *data, ares_socket_t fd, int readable,
                       int writable)
{
    struct dns_channel *ch = data;
    struct dns_sock **sp;
    struct dns_sock *s;

    for (sp = &ch->socks; *sp != NULL && (*sp)->fd != fd; sp = &(*sp)->next)
         /* void */ ;
    if (!readable && !writable) {
        if (*sp != NULL)
            sock_forget(sp);
        return;
    }
    if ((s = *sp) == NULL) {
        s = *sp = xcalloc(1, sizeof(*s));
        s->ch = ch;
        s->fd = fd;
    }
    s->readable = readable;
    s->writable = writable;
    event_disable_readwrite(fd);
    if (readable)
        event_enable_read(fd, sock_event, s);
    if (writable)
        event_enable_write(fd, sock_event, s);
}

/* set_domains - remember the resolv.conf search list */

static void set_domains(struct dns_channel *ch)
{
    struct ares_options o;
    int     mask;
    int     i;

    ch->domains = argv_new(0);
    if (ares_save_options(ch->ares, &o, &mask) != ARES_SUCCESS)
        return;
    for (i = 0; i < o.ndomains; i++)
        argv_add(ch->domains, o.domains[i]);
    ares_destroy_options(&o);
}

/* open_error - the reason dns_open() failed, if the caller wants it */

static void __attribute__((format(printf, 2, 3)))
open_error(struct buf *why, const char *fmt,...)
{
    va_list ap;

    if (why == NULL)
        return;
    va_start(ap, fmt);
    buf_vprintf(why, fmt, ap);
    va_end(ap);
}

struct dns_channel *dns_open(const struct dns_config *cfg, struct buf *why)
{
    static int lib_done;
    struct dns_channel *ch = xcalloc(1, sizeof(*ch));
    struct ares_options o;
    int     mask = ARES_OPT_FLAGS | ARES_OPT_SOCK_STATE_CB;
    int     rc;

    if (!lib_done && (rc = ares_library_init(ARES_LIB_INIT_ALL)) != 0) {
        open_error(why, "c-ares initialisation: %s", ares_strerror(rc));
        free(ch);
        return (NULL);
    }
    lib_done = 1;
    memset(&o, 0, sizeof(o));
    o.flags = ARES_FLAG_NOSEARCH | ARES_FLAG_NOALIASES;
    o.sock_state_cb = sock_state;
    o.sock_state_cb_data = ch;
    if (cfg->timeout_ms > 0) {
        o.timeout = cfg->timeout_ms;
        mask |= ARES_OPT_TIMEOUTMS;
    }
    if (cfg->tries > 0) {
        o.tries = cfg->tries;
        mask |= ARES_OPT_TRIES;
    }
    if (cfg->dnssec) {
        /* Our queries carry OPT: accept UDP answers up to its size. */
        o.flags |= ARES_FLAG_EDNS;
        o.ednspsz = DNS_EDNS_SIZE;
        mask |= ARES_OPT_EDNSPSZ;
    }
    if ((rc = ares_init_options(&ch->ares, &o, mask)) != ARES_SUCCESS) {
        open_error(why, "c-ares initialisation: %s", ares_strerror(rc));
        free(ch);
        return (NULL);
    }
    ch->dnssec = cfg->dnssec != 0;
    ch->search = cfg->search != 0;
    if (cfg->servers && *cfg->servers
        && (rc = ares_set_servers_ports_csv(ch->ares, cfg->servers))
        != ARES_SUCCESS) {
        open_error(why, "bad name server list \"%s\": %s", cfg->servers,
                   ares_strerror(rc));
        dns_close(ch);
        return (NULL);
    }
    set_domains(ch);
    return (ch);
}

void    dns_close(struct dns_channel *ch)
{
    if (ch == NULL)
        return;
    ch->closing = 1;
    ares_destroy(ch->ares);		/* callbacks run with DNS_RETRY */
    (void) event_cancel_timer(timer_event, ch);
    while (ch->socks != NULL)
        sock_forget(&ch->socks);
    argv_free(ch->domains);
    free(ch);
}

int     dns_pending(const struct dns_channel *ch)
{
    return (ch->pending);
}

int     dns_dnssec(const struct dns_channel *ch)
{
    return (ch->dnssec);
}

int     dns_build_query(const char *name, int type, int dnssec,
                        unsigned char **q, int *qlen)
{
    if (!dns_name_valid(name))
        return (-1);
    if (ares_create_query(name, DNS_C_IN, type, 0, 1, q, qlen,
                          dnssec ? DNS_EDNS_SIZE : 0) != ARES_SUCCESS)
        return (-1);
    if (dnssec) {
        (*q)[3] |= 0x20;		/* AD=1 */
        (*q)[*qlen - 4] |= 0x80;	/* DO=1: high byte of OPT flags */
    }
    return (0);
}

/* ares_status - a c-ares error as a lookup status */

static int ares_status(int rc)
{
    switch (rc) {
    case ARES_EFORMERR:
    case ARES_ENOTIMP:
        return (DNS_FAIL);
    case ARES_EBADRESP:
    case ARES_EBADNAME:
    case ARES_EBADQUERY:
        return (DNS_INVALID);
    default:
        return (DNS_RETRY);
    }
}

/* q_free - release a query */

static void q_free(struct dns_query *q)
{
    free(q->name);
    free(q->cur);
    argv_free(q->cands);
    free(q);
}

/* q_finish - the one call of the user callback */

static void q_finish(struct dns_query *q, int status, struct dns_reply *rep)
{
    struct dns_result res;
    struct buf *why = buf_new(0);
    struct dns_rr *rr;

    memset(&res, 0, sizeof(res));
    res.name = q->name;
    res.cname = rep ? rep->cname : q->cur;
    res.type = q->type;
    res.status = status;
    res.rcode = q->rcode;
    res.dnssec_valid = q->ch->dnssec && q->valid && q->rcode >= 0;
    res.rr = rep ? rep->rr : NULL;
    for (rr = res.rr; rr != NULL; rr = rr->next) {
        free(rr->qname);
        rr->qname = xstrdup(q->name);
        rr->dnssec_valid = res.dnssec_valid;
    }
    if (status == DNS_INVALID && !dns_name_valid(q->cur))
        dns_why_badname(why, q->name, q->type);
    else
        dns_why(why, status, q->name, q->type);
    res.why = buf_str(why);
    q->ch->pending--;
    q->cb(&res, q->ctx);
    dns_rr_free(res.rr);
    buf_free(why);
    q_free(q);
}

/* q_next_cand - move to the next search candidate; 0 if none left */

static int q_next_cand(struct dns_query *q)
{
    if (q->next_cand >= q->cands->argc)
        return (0);
    free(q->cur);
    q->cur = xstrdup(q->cands->argv[q->next_cand++]);
    q->hops = 0;
    return (1);
}

/* q_reply - c-ares callback: a reply, or the end of trying */

static void q_reply(void *arg, int rc, int timeouts, unsigned char *abuf,
                    int alen)
{
    struct dns_query *q = arg;
    struct dns_reply rep;
    int     status;

    (void) timeouts;
    if (rc != ARES_SUCCESS || abuf == NULL || alen <= 0) {
        q_finish(q, ares_status(rc), NULL);
        return;
    }
    status = dns_parse_reply(abuf, (size_t) alen, q->cur, q->type,
                             q->ch->dnssec, &rep);
    q->rcode = rep.rcode;
    q->valid &= rep.ad;
    if (rep.skipped > 0)
        msg_warn("%s: %d malformed %s record(s) ignored", q->cur,
                 rep.skipped, dns_strtype(q->type));
    if (status == DNS_NODATA && rep.requery && !q->ch->closing) {
        if (++q->hops > DNS_MAX_CNAME) {
            q_finish(q, DNS_INVALID, NULL);
        } else {
            free(q->cur);
            q->cur = xstrdup(rep.cname);
            q_send(q);
        }
        return;
    }
    if (DNS_NOTFOUND(status) && !q->ch->closing && q_next_cand(q)) {
        q_send(q);
        return;
    }
    q_finish(q, status, &rep);
}

/* q_send - send the query for q->cur */

static void q_send(struct dns_query *q)
{
    unsigned char *buf;
    int     len;

    if (dns_build_query(q->cur, q->type, q->ch->dnssec, &buf, &len) < 0) {
        if (q_next_cand(q))
            q_send(q);
        else
            q_finish(q, DNS_INVALID, NULL);
        return;
    }
    ares_send(q->ch->ares, buf, len, q_reply, q);
    ares_free_string(buf);
    update_timer(q->ch);
}

/* q_candidates - the name, and with search, the search-list forms */

static void q_candidates(struct dns_query *q, const char *name)
{
    size_t  n = strlen(name);
    int     absolute = n > 0 && name[n - 1] == '.';
    int     search = q->ch->search && !absolute && q->ch->domains->argc > 0;
    int     dotted = strchr(name, '.') != NULL;
    size_t  i;
    char   *s;

    q->cands = argv_new(0);
    if (!search || dotted)
        argv_addn(q->cands, name, absolute ? n - 1 : n);
    if (!search)
        return;
    for (i = 0; i < q->ch->domains->argc; i++) {
        s = xconcat(name, ".", q->ch->domains->argv[i], (char *) 0);
        argv_add(q->cands, s);
        free(s);
    }
    if (!dotted)
        argv_add(q->cands, name);
}

void    dns_query(struct dns_channel *ch, const char *name, int type,
                  dns_callback cb, void *ctx)
{
    struct dns_query *q = xcalloc(1, sizeof(*q));

    q->ch = ch;
    q->name = xstrdup(name);
    q->cur = xstrdup(name);
    q->type = type;
    q->valid = 1;
    q->rcode = -1;
    q->cb = cb;
    q->ctx = ctx;
    ch->pending++;
    q_candidates(q, name);
    if (ch->closing || !dns_name_valid(name)) {
        q_finish(q, ch->closing ? DNS_RETRY : DNS_INVALID, NULL);
        return;
    }
    (void) q_next_cand(q);
    q_send(q);
}

void    dns_cancel(struct dns_channel *ch)
{
    ares_cancel(ch->ares);
    update_timer(ch);
}

/* poll_once - one poll() over the channel's sockets, then c-ares */

static void poll_once(struct dns_channel *ch, long wait_ms)
{
    struct pollfd *fds;
    struct dns_sock *s;
    int     n = 0;
    int     i;
    int     rc;

    for (s = ch->socks; s != NULL; s = s->next)
        n++;
    fds = xcalloc(n ? n : 1, sizeof(*fds));
    for (i = 0, s = ch->socks; s != NULL; s = s->next, i++) {
        fds[i].fd = s->fd;
        fds[i].events = (s->readable ? POLLIN : 0) | (s->writable ? POLLOUT : 0);
    }
    if ((rc = poll(fds, n, (int) wait_ms)) < 0 && errno != EINTR)
        msg_fatal("dns: poll: %m");
    for (i = 0; rc > 0 && i < n; i++) {
        if (!(fds[i].revents & (POLLIN | POLLOUT | POLLERR | POLLHUP)))
            continue;
        ares_process_fd(ch->ares,
                        (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) ?
                        fds[i].fd : ARES_SOCKET_BAD,
                        (fds[i].revents & POLLOUT) ?
                        fds[i].fd : ARES_SOCKET_BAD);
    }
    ares_process_fd(ch->ares, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
    free(fds);
    update_timer(ch);
}

/* wait_ms - how long the next poll() may sleep; -1: deadline passed */

static long wait_ms(struct dns_channel *ch, long deadline)
{
    struct timeval tv;
    long    ms = WAIT_SLICE_MS;
    long    left;

    if (ares_timeout(ch->ares, NULL, &tv) != NULL)
        ms = tv.tv_sec * 1000 + tv.tv_usec / 1000 + 1;
    if (ms > WAIT_SLICE_MS)
        ms = WAIT_SLICE_MS;
    if (deadline >= 0) {
        if ((left = deadline - event_now_ms()) <= 0)
            return (-1);
        if (ms > left)
            ms = left;
    }
    return (ms);
}

int     dns_wait(struct dns_channel *ch, const int *pending, long timeout_ms)
{
    long    deadline = timeout_ms >= 0 ? event_now_ms() + timeout_ms : -1;
    long    ms;

    while ((pending ? *pending : ch->pending) > 0) {
        if (ch->pending == 0)
            return (-1);		/* nothing here can change *pending */
        if ((ms = wait_ms(ch, deadline)) < 0) {
            dns_cancel(ch);
            return (-1);
        }
        poll_once(ch, ms);
    }
    return (0);
}
