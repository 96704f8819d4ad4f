/*
 * msg_stats - per-message delivery time stamps (the request's "time" blob)
 *
 * qmgr sends the raw in-memory struct, base64-encoded, as the DATA
 * attribute "time"; a receiver requires the decoded size to equal its
 * own.  On LP64 Linux Postfix's struct is 88 bytes: five struct timeval
 * (incoming_arrival, active_arrival, agent_handoff, conn_setup_done,
 * deliver_done) then int reuse_count and 4 bytes of padding.  This
 * struct has exactly that layout (checked at compile time).
 *
 *	void	msg_stats_init(struct msg_stats *st);	all zero
 *	int	msg_stats_decode(struct msg_stats *st, const void *p, size_t n);
 *			0 ok, -1 size mismatch (logged as Postfix does:
 *			"msg_stats_scan: size mis-match: N != 88")
 *	void	msg_stats_mark(struct timeval *tv);	set to now if zero
 *	void	msg_stats_now(struct timeval *tv);	set to now
 */
#ifndef POSTERN_MSG_STATS_H
#define POSTERN_MSG_STATS_H

#include <stddef.h>
#include <sys/time.h>

struct msg_stats {
    struct timeval incoming_arrival;	/* queue file T record */
    struct timeval active_arrival;	/* qmgr moved it to active */
    struct timeval agent_handoff;	/* agent accepted the request */
    struct timeval conn_setup_done;	/* agent: just before MAIL FROM */
    struct timeval deliver_done;	/* agent: end-of-DATA reply */
    int     reuse_count;		/* previous uses of the connection */
    int     pad;			/* always zero on the wire */
};

#define MSG_STATS_WIRE_SIZE 88

void    msg_stats_init(struct msg_stats *st);
int     msg_stats_decode(struct msg_stats *st, const void *p, size_t n);
void    msg_stats_mark(struct timeval *tv);
void    msg_stats_now(struct timeval *tv);

#endif
