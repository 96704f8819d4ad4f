/*
 * qmgr_sched - per-destination queues, concurrency windows, batches
 *
 * Interface and rules: qmgr_sched.h.  Destinations live in a hash
 * table (by "transport:nexthop") and in a ring that qsched_select()
 * walks round-robin, so one busy destination does not starve the
 * others.  A destination with nothing pending and nothing in progress
 * is forgotten (its window with it), as Postfix forgets an empty queue.
 *
 * Trust: internal bookkeeping, no outside input.
 */
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "qmgr_sched.h"

#define QSCHED_BACK_TO_BACK_MS	1000

static void free_trans(void *p)
{
    struct qtrans *t = p;

    free(t->name);
    free(t);
}

struct qsched *qsched_create(void)
{
    struct qsched *s = xcalloc(1, sizeof(*s));

    s->trans = htable_new(16);
    s->dests = htable_new(64);
    return (s);
}

static void dest_free(struct qdest *d)
{
    struct qentry *e;

    while ((e = d->head) != NULL) {
        d->head = e->next;
        qsched_entry_free(e);
    }
    free(d->nexthop);
    free(d->key);
    free(d->reason);
    free(d);
}

void    qsched_free(struct qsched *s)
{
    size_t  i;

    for (i = 0; i < s->nring; i++)
        dest_free(s->ring[i]);
    free(s->ring);
    htable_free(s->dests, NULL);
    htable_free(s->trans, free_trans);
    free(s);
}

struct qtrans *qsched_transport(struct qsched *s, const char *name,
                                int proc_limit)
{
    struct qtrans *t = htable_find(s->trans, name);

    if (t == NULL) {
        t = xcalloc(1, sizeof(*t));
        t->name = xstrdup(name);
        t->proc_limit = proc_limit > 0 ? proc_limit : 1;
        htable_put(s->trans, name, t);
    }
    return (t);
}

struct qdest *qsched_dest(struct qsched *s, struct qtrans *t,
                          const char *nexthop, int initial, int limit,
                          int rcpt_limit)
{
    struct buf *key = buf_new(100);
    struct qdest *d;

    buf_printf(key, "%s:%s", t->name, nexthop);
    if ((d = htable_find(s->dests, buf_str(key))) == NULL) {
        d = xcalloc(1, sizeof(*d));
        d->trans = t;
        d->nexthop = xstrdup(nexthop);
        d->key = xstrdup(buf_str(key));
        d->limit = limit > 0 ? limit : 1;
        d->initial = initial < 1 ? 1 : initial > d->limit ? d->limit : initial;
        d->window = d->initial;
        d->rcpt_limit = rcpt_limit > 0 ? rcpt_limit : 1;
        htable_put(s->dests, d->key, d);
        if (s->nring == s->ring_cap) {
            s->ring_cap = s->ring_cap ? 2 * s->ring_cap : 16;
            s->ring = xrealloc(s->ring, s->ring_cap * sizeof(*s->ring));
        }
        s->ring[s->nring++] = d;
    }
    buf_free(key);
    return (d);
}

/* dest_forget - drop an idle destination from the table and the ring */

static void dest_forget(struct qsched *s, struct qdest *d)
{
    size_t  i;

    for (i = 0; i < s->nring && s->ring[i] != d; i++)
         /* void */ ;
    if (i == s->nring)
        return;
    s->ring[i] = s->ring[--s->nring];
    if (s->cursor >= s->nring)
        s->cursor = 0;
    (void) htable_remove(s->dests, d->key);
    dest_free(d);
}

int     qsched_dest_dead(struct qdest *d, long now_ms)
{
    if (d->dead && now_ms >= d->dead_until) {
        d->dead = 0;
        d->window = d->initial;
    }
    return (d->dead);
}

struct qentry *qsched_add(struct qdest *d, void *msg, int rcpt)
{
    struct qentry *e = d->tail;

    if (e == NULL || e->msg != msg || e->nrcpt >= d->rcpt_limit) {
        e = xcalloc(1, sizeof(*e));
        e->dest = d;
        e->msg = msg;
        if (d->tail)
            d->tail->next = e;
        else
            d->head = e;
        d->tail = e;
        d->npending++;
    }
    if (e->nrcpt == e->cap) {
        e->cap = e->cap ? 2 * e->cap : 4;
        e->rcpt = xrealloc(e->rcpt, e->cap * sizeof(*e->rcpt));
    }
    e->rcpt[e->nrcpt++] = rcpt;
    return (e);
}

/* dest_ready - may this destination start one more delivery now? */

static int dest_ready(struct qdest *d, long now_ms)
{
    struct qtrans *t = d->trans;

    if (d->head == NULL || qsched_dest_dead(d, now_ms))
        return (0);
    if (t->throttle_until && now_ms < t->throttle_until)
        return (0);
    t->throttle_until = 0;
    return (d->active < d->window && t->active < t->proc_limit);
}

struct qentry *qsched_select(struct qsched *s, long now_ms)
{
    struct qentry *e;
    struct qdest *d;
    size_t  n;

    for (n = 0; n < s->nring; n++) {
        if (s->cursor >= s->nring)
            s->cursor = 0;
        d = s->ring[s->cursor++];
        if (!dest_ready(d, now_ms))
            continue;
        e = d->head;
        if ((d->head = e->next) == NULL)
            d->tail = NULL;
        e->next = NULL;
        d->npending--;
        d->active++;
        d->trans->active++;
        s->active++;
        return (e);
    }
    return (NULL);
}

int     qsched_conn_flags(const struct qdest *d, long now_ms)
{
    if (d->npending > 0 || d->active > 1
        || (d->last_done && now_ms - d->last_done < QSCHED_BACK_TO_BACK_MS))
        return (QSCHED_CONN_LOAD | QSCHED_CONN_STORE);
    return (0);
}

/* dest_kill - negative feedback took the window to zero */

static struct qentry *dest_kill(struct qdest *d, long now_ms, long dead_ms)
{
    struct qentry *chain = d->head;

    d->dead = 1;
    d->dead_until = now_ms + dead_ms;
    d->window = 0;
    d->head = d->tail = NULL;
    d->npending = 0;
    return (chain);
}

struct qentry *qsched_done(struct qsched *s, struct qentry *e, int outcome,
                           long now_ms, long dead_ms)
{
    struct qdest *d = e->dest;
    struct qentry *chain = NULL;

    qsched_entry_free(e);
    d->active--;
    d->trans->active--;
    s->active--;
    if (outcome == QSCHED_OK) {
        d->last_done = now_ms;
        if (!d->dead && d->window < d->limit)
            d->window++;
    } else if (outcome == QSCHED_HOP_FAIL && !d->dead && --d->window < 1) {
        chain = dest_kill(d, now_ms, dead_ms);
    }
    if (!d->dead && d->active == 0 && d->head == NULL)
        dest_forget(s, d);
    return (chain);
}

void    qsched_throttle(struct qtrans *t, long until_ms)
{
    t->throttle_until = until_ms;
}

void    qsched_entry_free(struct qentry *e)
{
    free(e->rcpt);
    free(e);
}
