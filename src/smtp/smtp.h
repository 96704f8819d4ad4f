/*
 * smtp - internal interfaces of the smtp/lmtp delivery agent
 *
 * One delivery request is one struct smtp_state (smtp_state.c).  The
 * server walk (smtp_connect.c) makes one struct smtp_session per
 * connection (smtp_session.c), runs the protocol on it (smtp_proto.c,
 * which talks through smtp_chat.c and sends content with smtp_body.c),
 * and every failure goes through the error policy (smtp_trouble.c),
 * every success through the recipient bookkeeping (smtp_rcpt.c).
 *
 * Recipients.  The request's recipient list is worked on in place:
 * entries [0, rcpt_left) are still to be dealt with.  During a session
 * a recipient is unmarked, marked KEEP (try it at the next server) or
 * marked DROP (finished: delivered, bounced or deferred for good).
 * smtp_rcpt_cleanup() moves dropped entries behind rcpt_left, keeping
 * the order of the others, and unmarks the kept ones, so the next
 * server sees them unmarked.  The entries themselves never leave the
 * array, so the request still frees them all.
 *
 * Modules and their entry points:
 *   smtp_state.c    smtp_state_alloc(), smtp_state_free()
 *   smtp_session.c  smtp_session_alloc(), smtp_session_free(),
 *                   smtp_session_expired(), smtp_session_props()
 *   smtp_connect.c  smtp_connect(state): the whole walk; returns the
 *                   request status (0: every recipient final)
 *   smtp_proto.c    smtp_helo(), smtp_xfer(), smtp_quit(), smtp_rset_probe()
 *   smtp_reuse.c    smtp_save_session(), smtp_reuse_nexthop(),
 *                   smtp_reuse_addr() (connection cache; smtp_key.c
 *                   builds the labels, smtp_props.c the properties)
 *   smtp_chat.c     smtp_chat_cmd(), smtp_chat_resp(), smtp_chat_flush(),
 *                   smtp_chat_reset(), smtp_timeout_setup()
 *   smtp_body.c     smtp_body_send()
 *   smtp_trouble.c  smtp_sess_fail(), smtp_site_fail(), smtp_mesg_fail(),
 *                   smtp_rcpt_fail(), smtp_stream_except()
 *   smtp_rcpt.c     smtp_rcpt_init(), smtp_rcpt_done(), smtp_rcpt_cleanup(),
 *                   smtp_rcpt_keep(), smtp_rcpt_drop()
 *   smtp_quote.c    smtp_quote_addr(), smtp_xtext()
 *   smtp_addr.c     smtp_addr_list(), smtp_addr_free()
 *   smtp_pass.c     smtp_pass_all() (best_mx_transport hand-off)
 */
#ifndef POSTERN_SMTP_H
#define POSTERN_SMTP_H

#include <sys/socket.h>
#include <sys/types.h>
#include <time.h>

#include "argv.h"
#include "buf.h"
#include "deliver_request.h"
#include "dsn.h"
#include "recipient.h"
#include "smtp_ehlo.h"
#include "smtp_params.h"
#include "smtp_reply.h"
#include "stream.h"

 /*
  * Personality and derived settings (smtp.c, set in post_init).
  */
extern int smtp_mode;			/* 1 = SMTP, 0 = LMTP */
extern const char *smtp_helo_name;	/* smtp_helo_name / lmtp_lhlo_name */
extern int smtp_helo_tmout;		/* smtp_helo_timeout / lmtp_lhlo_timeout */
extern unsigned long smtp_ehlo_discard;	/* discard mask */
extern int smtp_dns_support;		/* SMTP_DNS_* */
extern int smtp_host_lookup;		/* SMTP_HOST_FLAG_* */
extern int smtp_addr_pref;		/* SMTP_ADDR_PREF_* */
extern struct argv *smtp_cache_dest;	/* *_connection_cache_destinations */

#define SMTP_DNS_DISABLED	0
#define SMTP_DNS_ENABLED	1
#define SMTP_DNS_DNSSEC		2

#define SMTP_HOST_FLAG_DNS	(1<<0)
#define SMTP_HOST_FLAG_NATIVE	(1<<1)

#define SMTP_ADDR_PREF_ANY	0
#define SMTP_ADDR_PREF_IPV4	1
#define SMTP_ADDR_PREF_IPV6	2

/* The personality's parameter name: SMTP_X("mx_session_limit"). */
#define SMTP_X(name)	(smtp_mode ? "smtp_" name : "lmtp_" name)

 /*
  * Recipient marks (struct recipient.status).
  */
#define SMTP_RCPT_KEEP		(1<<0)	/* try again at the next server */
#define SMTP_RCPT_DROP		(1<<1)	/* finished */
#define SMTP_RCPT_MARK_MASK	(SMTP_RCPT_KEEP | SMTP_RCPT_DROP)
#define SMTP_RCPT_IN_TXN	(1<<2)	/* part of the current transaction */
#define SMTP_RCPT_ACCEPTED	(1<<3)	/* RCPT accepted in this transaction */
#define SMTP_RCPT_LATER		(1<<4)	/* "too many recipients": next txn */

#define SMTP_RCPT_ISMARKED(r)	(((r)->status & SMTP_RCPT_MARK_MASK) != 0)

 /*
  * Where the walk is: the current next-hop and server.
  */
struct smtp_iter {
    struct buf *dest;			/* next-hop as given */
    struct buf *host;			/* server name */
    struct buf *addr;			/* printable address, or UNIX path */
    unsigned port;			/* host byte order; 0 = UNIX */
    int     pref;			/* MX preference (literal: 0) */
};

 /*
  * One connection.  Everything in here is owned by the session and
  * describable as text (no pointers into the request), so a connection
  * cache can save a session's properties with its file descriptor.
  */
struct smtp_session {
    struct stream *stream;		/* NULL once closed */
    char   *dest;			/* next-hop it was made for */
    char   *host;			/* server name */
    char   *addr;			/* server address or UNIX path */
    unsigned port;			/* host byte order; 0 = UNIX */
    char   *namaddr;			/* host[addr] */
    char   *namaddrport;		/* host[addr]:port (UNIX: host[path]) */
    unsigned features;			/* SMTP_FEATURE_* */
    long    size_limit;			/* SIZE, 0 = none */
    int     rcptmax;			/* LIMITS RCPTMAX, 0 = none */
    int     mailmax;			/* LIMITS MAILMAX, 0 = none */
    int     mail_count;			/* transactions (MAIL) so far */
    int     reuse_count;		/* times reused from the cache */
    time_t  expire_time;		/* connect + reuse time limit */
    int     tls_level;			/* later: TLS policy of this session */
    unsigned error_mask;		/* SMTP_ERR_MASK_* seen (notices) */
    int     dont_cache;			/* 1: never reuse this connection */
    int     throttled;			/* the error policy throttled it */
    int     err;			/* SMTP_ERR_* of the last chat call */
    struct smtp_resp resp;		/* the last reply */
    struct buf *history;		/* bounded transcript */
    size_t  history_lines;
    struct buf *cmd;			/* command being built */
    struct buf *line;			/* input line */
    long    pending_bytes;		/* pipelined, unanswered */
    int     quit_sent;			/* QUIT went out with the "." */
};

/* Errors of the chat layer (session->err). */
#define SMTP_ERR_NONE	0
#define SMTP_ERR_EOF	1		/* lost connection */
#define SMTP_ERR_TIME	2		/* timed out */
#define SMTP_ERR_PROTO	3		/* malformed reply */
#define SMTP_ERR_DATA	4		/* local data error (queue file) */

/* Kinds of trouble, for postmaster notices later (error_mask). */
#define SMTP_ERR_MASK_PROTOCOL	(1<<0)
#define SMTP_ERR_MASK_SOFTWARE	(1<<1)
#define SMTP_ERR_MASK_DATA	(1<<2)

 /*
  * One delivery request.
  */
struct smtp_state {
    struct deliver_request *request;
    const char *service;		/* master.cf service name */
    struct smtp_session *session;	/* current connection or NULL */
    struct smtp_iter iter;
    struct dsn_buf *why;		/* the last problem */
    int     misc_flags;			/* SMTP_MISC_FLAG_* */
    int     status;			/* non-zero: deferred or report failed */
    size_t  rcpt_left;			/* live recipients */
    size_t  rcpt_drop;			/* marked DROP this session */
    size_t  rcpt_keep;			/* marked KEEP this session */
    struct buf *scratch;
    struct buf *scratch2;
    struct buf *scache_nexthop;		/* destination label's next-hop;
					 * empty: not (or no longer) */
    struct argv *cache_used;		/* addresses reused this request */
};

#define SMTP_MISC_FLAG_LOOP_DETECT	(1<<0)	/* port 25: check own name */
#define SMTP_MISC_FLAG_FINAL_NEXTHOP	(1<<1)	/* no next-hop after this */
#define SMTP_MISC_FLAG_FINAL_SERVER	(1<<2)	/* no server after this */
#define SMTP_MISC_FLAG_FIRST_NEXTHOP	(1<<3)
#define SMTP_MISC_FLAG_COMPLETE_SESSION	(1<<4)	/* something was delivered */
#define SMTP_MISC_FLAG_IN_TXN		(1<<5)	/* a transaction is open */
#define SMTP_MISC_FLAG_CONN_LOAD	(1<<6)	/* look in the cache */
#define SMTP_MISC_FLAG_CONN_STORE	(1<<7)	/* save to the cache */
#define SMTP_MISC_FLAG_CONN_CACHE_MASK \
	(SMTP_MISC_FLAG_CONN_LOAD | SMTP_MISC_FLAG_CONN_STORE)

/* How a bulk failure is applied. */
#define SMTP_THROTTLE		1	/* may become the hop status */
#define SMTP_NOTHROTTLE		0

/* smtp_state.c */
struct smtp_state *smtp_state_alloc(struct deliver_request *request,
                                    const char *service);
void    smtp_state_free(struct smtp_state *state);

/* smtp_session.c */
struct smtp_session *smtp_session_alloc(struct stream *stream,
                                        const struct smtp_iter *iter,
                                        time_t start);
void    smtp_session_free(struct smtp_session *session);
int     smtp_session_expired(const struct smtp_session *session);
void    smtp_session_props(const struct smtp_session *session,
                           struct buf *out);

/* smtp_connect.c */
int     smtp_connect(struct smtp_state *state);

/* smtp_proto.c */
int     smtp_helo(struct smtp_state *state);
int     smtp_xfer(struct smtp_state *state);
int     smtp_quit(struct smtp_state *state);
int     smtp_rset_probe(struct smtp_state *state);

/* smtp_reuse.c */
void    smtp_save_session(struct smtp_state *state);
struct smtp_session *smtp_reuse_nexthop(struct smtp_state *state);
struct smtp_session *smtp_reuse_addr(struct smtp_state *state);

/* smtp_chat.c */
void    smtp_timeout_setup(struct smtp_session *session, int seconds);
void    smtp_chat_cmd(struct smtp_session *session, const char *fmt, ...)
            __attribute__((format(printf, 2, 3)));
int     smtp_chat_flush(struct smtp_session *session);
struct smtp_resp *smtp_chat_resp(struct smtp_session *session);
void    smtp_chat_reset(struct smtp_session *session);
void    smtp_chat_note(struct smtp_session *session, const char *text);

/* smtp_body.c */
int     smtp_body_send(struct smtp_state *state, int downgrade);

/* smtp_trouble.c */
int     smtp_sess_fail(struct smtp_state *state);
int     smtp_site_fail(struct smtp_state *state, const char *mta_name,
                       const struct smtp_resp *resp, const char *fmt, ...)
            __attribute__((format(printf, 4, 5)));
int     smtp_mesg_fail(struct smtp_state *state, const char *mta_name,
                       const struct smtp_resp *resp, const char *fmt, ...)
            __attribute__((format(printf, 4, 5)));
int     smtp_txn_fail(struct smtp_state *state, const char *mta_name,
                      const struct smtp_resp *resp, const char *fmt, ...)
            __attribute__((format(printf, 4, 5)));
void    smtp_rcpt_fail(struct smtp_state *state, struct recipient *rcpt,
                       const char *mta_name, const struct smtp_resp *resp,
                       const char *fmt, ...)
            __attribute__((format(printf, 5, 6)));
int     smtp_stream_except(struct smtp_state *state, int code,
                           const char *description);
void    smtp_translit(struct buf *out, const char *text);

/* smtp_rcpt.c */
void    smtp_rcpt_init(struct smtp_state *state);
void    smtp_rcpt_done(struct smtp_state *state, const struct smtp_resp *resp,
                       struct recipient *rcpt);
void    smtp_rcpt_keep(struct smtp_state *state, struct recipient *rcpt);
void    smtp_rcpt_drop(struct smtp_state *state, struct recipient *rcpt);
void    smtp_rcpt_cleanup(struct smtp_state *state);
void    smtp_rcpt_report(struct smtp_state *state, struct recipient *rcpt,
                         int soft);
const char *smtp_relay_name(const struct smtp_state *state);

/* smtp_pass.c */
int     smtp_pass_all(struct smtp_state *state, const char *transport);

/* smtp_quote.c */
void    smtp_quote_addr(struct buf *out, const char *addr);
void    smtp_xtext(struct buf *out, const char *text);

/* smtp_addr.c: server addresses for a next-hop */
struct smtp_addr {
    char   *host;			/* name (the literal text for [addr]) */
    char    addr[64];			/* printable address */
    struct sockaddr_storage sa;		/* port set only for SRV targets */
    socklen_t salen;
    int     pref;			/* MX preference; literal/host: 0 */
    int     dnssec_valid;		/* from a validated DNS answer */
    struct smtp_addr *next;
};

struct smtp_addr *smtp_addr_list(struct smtp_state *state, const char *host,
                                 int lookup_mx, int *i_am_mx);
void    smtp_addr_free(struct smtp_addr *list);

#endif
