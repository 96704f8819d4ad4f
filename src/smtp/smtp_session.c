/*
 * smtp_session - one connection to an SMTP or LMTP server
 *
 * A session owns its stream and everything learned about the server:
 * names, address, port, EHLO features, SIZE and RCPTMAX limits, how
 * often it was used and when it must no longer be reused.  It holds no
 * pointers into the delivery request, so its properties can be written
 * out as text (smtp_session_props) and travel with the file descriptor
 * to a connection cache; a TLS layer later sits under the stream
 * (stream_set_io) and adds its own state here.
 *
 *	struct smtp_session *smtp_session_alloc(struct stream *stream,
 *			const struct smtp_iter *iter, time_t start);
 *			names from the iterator; expires at start +
 *			smtp_connection_reuse_time_limit
 *	void	smtp_session_free(struct smtp_session *session);
 *			closes the stream if still open
 *	int	smtp_session_expired(const struct smtp_session *session);
 *			past its time limit, reused
 *			smtp_connection_reuse_count_limit times, or as many
 *			transactions as the server's LIMITS MAILMAX: it
 *			must not be cached
 *	void	smtp_session_props(const struct smtp_session *session,
 *			struct buf *out);
 *			"name=value\n" lines (the reference's endpoint
 *			properties plus postern's own), for diagnostics and
 *			the connection cache
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "buf.h"
#include "mem.h"
#include "smtp.h"

struct smtp_session *smtp_session_alloc(struct stream *stream,
                                        const struct smtp_iter *iter,
                                        time_t start)
{
    struct smtp_session *s = xcalloc(1, sizeof(*s));
    char    portbuf[16];

    s->stream = stream;
    s->dest = xstrdup(buf_str(iter->dest));
    s->host = xstrdup(buf_str(iter->host));
    s->addr = xstrdup(buf_str(iter->addr));
    s->port = iter->port;
    s->namaddr = xconcat(s->host, "[", s->addr, "]", (char *) 0);
    if (s->port) {
        snprintf(portbuf, sizeof(portbuf), ":%u", s->port);
        s->namaddrport = xconcat(s->namaddr, portbuf, (char *) 0);
    } else {
        s->namaddrport = xstrdup(s->namaddr);
    }
    s->features = 0;
    s->size_limit = 0;
    s->rcptmax = 0;
    s->mailmax = 0;
    s->mail_count = 0;
    s->reuse_count = 0;
    s->expire_time = start + var_smtp_reuse_time;
    s->tls_level = 0;
    s->error_mask = 0;
    s->dont_cache = 0;
    s->err = SMTP_ERR_NONE;
    smtp_resp_init(&s->resp);
    s->history = buf_new(1024);
    s->history_lines = 0;
    s->cmd = buf_new(256);
    s->line = buf_new(256);
    s->pending_bytes = 0;
    s->quit_sent = 0;
    if (stream)
        stream_set_name(stream, s->namaddrport);
    return s;
}

void    smtp_session_free(struct smtp_session *s)
{
    if (s->stream)
        (void) stream_close(s->stream);
    free(s->dest);
    free(s->host);
    free(s->addr);
    free(s->namaddr);
    free(s->namaddrport);
    smtp_resp_free(&s->resp);
    buf_free(s->history);
    buf_free(s->cmd);
    buf_free(s->line);
    free(s);
}

int     smtp_session_expired(const struct smtp_session *s)
{
    if (s->expire_time > 0 && time(NULL) >= s->expire_time)
        return 1;
    if (var_smtp_reuse_count > 0 && s->reuse_count >= var_smtp_reuse_count)
        return 1;
    if (s->mailmax > 0 && s->mail_count >= s->mailmax)
        return 1;
    return 0;
}

void    smtp_session_props(const struct smtp_session *s, struct buf *out)
{
    buf_printf(out, "destination=%s\nhost_name=%s\nhost_addr=%s\n",
               s->dest, s->host, s->addr);
    buf_printf(out, "host_port=%u\n", s->port);
    buf_printf(out, "tls_level=%d\nreuse_count=%d\n", s->tls_level,
               s->reuse_count);
    buf_printf(out, "endpoint_features=%u\n", s->features
               & ~(unsigned) (SMTP_FEATURE_BEST_MX | SMTP_FEATURE_RSET_REJECTED
                              | SMTP_FEATURE_FROM_CACHE));
    buf_printf(out, "destination_features=%u\n",
               s->features & SMTP_FEATURE_BEST_MX);
    buf_printf(out, "expire_time=%ld\n", (long) s->expire_time);
    buf_printf(out, "size_limit=%ld\nrcptmax=%d\n", s->size_limit, s->rcptmax);
    buf_printf(out, "mailmax=%d\nmail_count=%d\n", s->mailmax, s->mail_count);
}
