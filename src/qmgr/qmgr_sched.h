/*
 * qmgr_sched - per-destination queues, concurrency windows, batches
 *
 * Pure bookkeeping (no I/O, no parameters: the caller passes limits and
 * the clock), so tests/unit/test_qmgr_sched.c compiles it directly.
 *
 * A destination is transport + next-hop.  It holds pending entries (a
 * batch: one message, up to rcpt_limit of its recipients) and a
 * concurrency window: it starts at the initial concurrency, grows by one
 * for each delivery that ends without a hop failure (up to its limit),
 * and shrinks by one for each that ends with a hop failure (negative
 * feedback).  When a failure takes the window below one the destination
 * is dead until dead_ms later: its pending entries are handed back to
 * the caller (to be deferred) and new ones are refused.  A transport
 * caps the deliveries in progress over all its destinations (its
 * process limit) and can be throttled for a while (agent unreachable).
 *
 *	struct qsched *qsched_create(void);
 *	void	qsched_free(struct qsched *s);		no entries left
 *	struct qtrans *qsched_transport(struct qsched *s, const char *name,
 *			int proc_limit);		find or create
 *	struct qdest *qsched_dest(struct qsched *s, struct qtrans *t,
 *			const char *nexthop, int initial, int limit,
 *			int rcpt_limit);		find or create
 *	int	qsched_dest_dead(struct qdest *d, long now_ms);
 *			dead (revives it when its time is up)
 *	struct qentry *qsched_add(struct qdest *d, void *msg, int rcpt);
 *			add recipient index rcpt of msg: joins the last
 *			pending entry if it is msg's and has room
 *	struct qentry *qsched_select(struct qsched *s, long now_ms);
 *			the next entry that may be delivered now (round-robin
 *			over destinations), counted as in progress; NULL
 *	int	qsched_conn_flags(const struct qdest *d, long now_ms);
 *			QSCHED_CONN_LOAD|STORE for a destination with a
 *			backlog (pending entries, more than one delivery
 *			in progress, or one finished within the last second)
 *	struct qentry *qsched_done(struct qsched *s, struct qentry *e,
 *			int outcome, long now_ms, long dead_ms);
 *			a delivery ended (QSCHED_OK: +1, QSCHED_HOP_FAIL:
 *			-1, QSCHED_NO_FEEDBACK: the agent was never
 *			reached); frees e.  Returns the chain
 *			(->next) of pending entries taken from a
 *			destination that just died, else NULL
 *	void	qsched_throttle(struct qtrans *t, long until_ms);
 *	void	qsched_entry_free(struct qentry *e);
 *
 * Counters for tests and logs: d->window, d->active, d->npending,
 * t->active, s->active.
 */
#ifndef POSTERN_QMGR_SCHED_H
#define POSTERN_QMGR_SCHED_H

#include "htable.h"

#define QSCHED_CONN_LOAD	0x0800		/* DEL_REQ_FLAG_CONN_LOAD */
#define QSCHED_CONN_STORE	0x1000		/* DEL_REQ_FLAG_CONN_STORE */

#define QSCHED_OK		0
#define QSCHED_HOP_FAIL		1
#define QSCHED_NO_FEEDBACK	2

struct qtrans {
    char   *name;
    int     proc_limit;
    int     active;
    long    throttle_until;		/* ms; 0 = not throttled */
};

struct qdest {
    struct qtrans *trans;
    char   *nexthop;
    char   *key;			/* "transport:nexthop" */
    int     window;
    int     initial;
    int     limit;
    int     rcpt_limit;
    int     active;
    int     npending;
    int     dead;
    long    dead_until;
    long    last_done;			/* ms; 0 = never */
    char   *reason;			/* caller's: why it died; freed here */
    struct qentry *head;
    struct qentry *tail;
};

struct qentry {
    struct qdest *dest;
    void   *msg;
    int    *rcpt;			/* recipient indices */
    int     nrcpt;
    int     cap;
    struct qentry *next;
};

struct qsched {
    struct htable *trans;
    struct htable *dests;
    struct qdest **ring;		/* destinations, round-robin order */
    size_t  nring;
    size_t  ring_cap;
    size_t  cursor;
    int     active;
};

struct qsched *qsched_create(void);
void    qsched_free(struct qsched *s);
struct qtrans *qsched_transport(struct qsched *s, const char *name,
                                int proc_limit);
struct qdest *qsched_dest(struct qsched *s, struct qtrans *t,
                          const char *nexthop, int initial, int limit,
                          int rcpt_limit);
int     qsched_dest_dead(struct qdest *d, long now_ms);
struct qentry *qsched_add(struct qdest *d, void *msg, int rcpt);
struct qentry *qsched_select(struct qsched *s, long now_ms);
int     qsched_conn_flags(const struct qdest *d, long now_ms);
struct qentry *qsched_done(struct qsched *s, struct qentry *e, int outcome,
                           long now_ms, long dead_ms);
void    qsched_throttle(struct qtrans *t, long until_ms);
void    qsched_entry_free(struct qentry *e);

#endif
