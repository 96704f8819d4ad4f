/*
 * smtp_reuse - save sessions to, and take them from, the connection cache
 *
 *	void	smtp_save_session(struct smtp_state *state);
 *			give state->session's connection to scache under
 *			its endpoint label, and bind the request's next-hop
 *			(destination label) to it when that is still to be
 *			done; the session is freed either way
 *	struct smtp_session *smtp_reuse_nexthop(struct smtp_state *state);
 *			a cached session for the request's next-hop, or
 *			NULL; sets state->iter's host, address and port
 *	struct smtp_session *smtp_reuse_addr(struct smtp_state *state);
 *			a cached session for state->iter's address and
 *			port, or NULL
 *
 * Passivation writes the session's properties (smtp_props.c) and hands
 * the file descriptor over; activation reads them back into a new
 * session marked SMTP_FEATURE_FROM_CACHE, counts one more use
 * (reuse_count + 1, which the delivery log shows as conn_use), and
 * probes the server with RSET.  A session whose properties do not
 * parse, that carries TLS state, or that fails the probe (the server
 * dropped the idle connection, or refused RSET) is closed quietly and
 * NULL returned: nobody's recipients were touched, and the walk goes
 * on to a fresh connection.  Every reused address is remembered in
 * state->cache_used, so the walk does not connect to it again for this
 * request.
 *
 * Labels (smtp_key.c): the destination label is service + the
 * request's first next-hop (state->scache_nexthop); the endpoint label
 * service + address + port + TLS level.
 */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "scache_clnt.h"
#include "smtp.h"
#include "smtp_key.h"
#include "smtp_props.h"

#define ENDP_FEATURE_MASK \
	(~(unsigned) (SMTP_FEATURE_BEST_MX | SMTP_FEATURE_RSET_REJECTED \
		      | SMTP_FEATURE_FROM_CACHE))

/* endp_label - the endpoint label for an address and port */

static void endp_label(struct smtp_state *state, struct buf *out,
                       const char *addr, unsigned port, int tls_level)
{
    struct smtp_key_fields f;

    memset(&f, 0, sizeof(f));
    f.service = state->service;
    f.addr = addr;
    f.port = port;
    f.tls_level = tls_level;
    smtp_key_prefix(out, SMTP_KEY_MASK_SCACHE_ENDP_LABEL, &f);
}

static void dest_label(struct smtp_state *state, struct buf *out)
{
    struct smtp_key_fields f;

    memset(&f, 0, sizeof(f));
    f.service = state->service;
    f.req_nexthop = buf_str(state->scache_nexthop);
    smtp_key_prefix(out, SMTP_KEY_MASK_SCACHE_DEST_LABEL, &f);
}

void    smtp_save_session(struct smtp_state *state)
{
    struct smtp_session *s = state->session;
    struct buf *elabel = buf_new(64);
    struct buf *eprop = buf_new(128);
    struct buf *dlabel = buf_new(64);
    struct buf *dprop = buf_new(128);
    struct smtp_endp_props ep;
    struct smtp_dest_props dp;
    int     dest_ok = 0;
    int     fd;

    ep.tls_level = s->tls_level;
    ep.reuse_count = s->reuse_count;
    ep.features = s->features & ENDP_FEATURE_MASK;
    ep.expire_time = (long) s->expire_time;
    ep.port = s->port;
    ep.size_limit = s->size_limit;
    ep.rcptmax = s->rcptmax;
    ep.mailmax = s->mailmax;
    ep.mail_count = s->mail_count;
    endp_label(state, elabel, s->addr, s->port, s->tls_level);
    (void) smtp_props_endp_print(eprop, &ep);

    if (buf_len(state->scache_nexthop) > 0) {
        dp.dest = buf_new(64);
        dp.host = buf_new(64);
        dp.addr = buf_new(64);
        buf_set(dp.dest, s->dest);
        buf_set(dp.host, s->host);
        buf_set(dp.addr, s->addr);
        dp.features = s->features & SMTP_FEATURE_BEST_MX;
        dest_label(state, dlabel);
        dest_ok = smtp_props_dest_print(dprop, &dp) == 0;
        buf_free(dp.dest);
        buf_free(dp.host);
        buf_free(dp.addr);
    }

    /* The stream lets go of the descriptor; the client closes it. */
    fd = stream_fd(s->stream);
    stream_free(s->stream);
    s->stream = NULL;
    if (msg_verbose)
        msg_info("saving session %s (uses %d)", s->namaddrport,
                 s->reuse_count + 1);
    if (scache_clnt_save_endp(var_smtp_cache_conn, buf_str(elabel),
                              buf_str(eprop), fd) == 0 && dest_ok)
        (void) scache_clnt_save_dest(var_smtp_cache_conn, buf_str(dlabel),
                                     buf_str(dprop), buf_str(elabel));
    smtp_session_free(s);
    state->session = NULL;
    buf_free(elabel);
    buf_free(eprop);
    buf_free(dlabel);
    buf_free(dprop);
}

/* activate - a session from a cached descriptor; NULL when unusable */

static struct smtp_session *activate(struct smtp_state *state, int fd,
                                     const char *eprop_text)
{
    struct smtp_endp_props ep;
    struct smtp_session *s;
    struct smtp_iter *iter = &state->iter;

    if (smtp_props_endp_scan(eprop_text, &ep) < 0 || ep.tls_level != 0) {
        msg_warn("%s: bad cached session attributes for %s[%s]",
                 state->request->queue_id, buf_str(iter->host),
                 buf_str(iter->addr));
        (void) close(fd);
        return NULL;
    }
    if (ep.port != 0)
        iter->port = ep.port;
    s = smtp_session_alloc(stream_open(fd), iter, 0);
    s->expire_time = (time_t) ep.expire_time;
    s->reuse_count = ep.reuse_count + 1;
    s->features = ep.features | SMTP_FEATURE_FROM_CACHE;
    s->size_limit = ep.size_limit;
    s->rcptmax = ep.rcptmax;
    s->mailmax = ep.mailmax;
    s->mail_count = ep.mail_count;
    s->tls_level = ep.tls_level;
    state->session = s;

    /* Is the server still there? */
    if (smtp_rset_probe(state) < 0) {
        if (msg_verbose)
            msg_info("cached session %s failed the RSET probe",
                     s->namaddrport);
        smtp_session_free(s);
        state->session = NULL;
        return NULL;
    }
    argv_add(state->cache_used, s->addr);
    if (msg_verbose)
        msg_info("reusing session %s (use %d)", s->namaddrport,
                 s->reuse_count + 1);
    return s;
}

struct smtp_session *smtp_reuse_nexthop(struct smtp_state *state)
{
    struct buf *label = buf_new(64);
    struct buf *eprop = buf_new(128);
    struct smtp_dest_props dp;
    struct smtp_session *s = NULL;
    int     fd;

    dp.dest = buf_new(64);
    dp.host = buf_new(64);
    dp.addr = buf_new(64);
    dest_label(state, label);
    if ((fd = scache_clnt_find_dest(buf_str(label), label, eprop)) >= 0) {
        /* label now holds the destination properties */
        if (smtp_props_dest_scan(buf_str(label), &dp) < 0) {
            msg_warn("%s: bad cached destination attributes for %s",
                     state->request->queue_id, buf_str(state->scache_nexthop));
            (void) close(fd);
        } else {
            buf_set(state->iter.dest, buf_str(dp.dest));
            buf_set(state->iter.host, buf_str(dp.host));
            buf_set(state->iter.addr, buf_str(dp.addr));
            if ((s = activate(state, fd, buf_str(eprop))) != NULL)
                s->features |= dp.features & SMTP_FEATURE_BEST_MX;
        }
    }
    buf_free(dp.dest);
    buf_free(dp.host);
    buf_free(dp.addr);
    buf_free(label);
    buf_free(eprop);
    return s;
}

struct smtp_session *smtp_reuse_addr(struct smtp_state *state)
{
    struct buf *label = buf_new(64);
    struct buf *eprop = buf_new(128);
    struct smtp_session *s = NULL;
    int     fd;

    endp_label(state, label, buf_str(state->iter.addr), state->iter.port, 0);
    if ((fd = scache_clnt_find_endp(buf_str(label), eprop)) >= 0)
        s = activate(state, fd, buf_str(eprop));
    buf_free(label);
    buf_free(eprop);
    return s;
}
