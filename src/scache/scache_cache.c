/*
 * scache_cache - the connection cache store of the scache daemon
 *
 * See scache_cache.h for the interface and the semantics.
 *
 * Layout: two hash tables keyed by label.  Each endpoint entry holds a
 * doubly linked list of sessions, each destination entry a doubly
 * linked list of bindings; new items go to the tail, so the head is
 * always the oldest.  Every session and every binding has its own
 * one-shot event timer whose context is the item itself, so cancelling
 * or restarting it needs nothing but the item.  An entry whose list
 * becomes empty is removed from its table at once.  A second list
 * holds every session in saving order, for the size limit: when the
 * cache is full, the oldest session of all is closed to make room.
 *
 * Trust: labels and properties come from smtp/lmtp processes of the
 * same mail system; they are only copied and compared, never parsed.
 * Their length is bounded by the attribute layer.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "events.h"
#include "htable.h"
#include "mem.h"
#include "msg.h"
#include "scache_cache.h"

struct scache_cache {
    struct htable *endp_table;		/* endpoint label -> struct endp */
    struct htable *dest_table;		/* dest label -> struct dest */
    int     sess_count;
    int     sess_limit;			/* 0: none */
    struct sess *all_head, *all_tail;	/* every session, oldest first */
};

struct endp {
    struct scache_cache *cache;
    char   *label;
    struct sess *head, *tail;		/* oldest first */
};

struct sess {
    struct endp *endp;
    struct sess *prev, *next;		/* in the endpoint's list */
    struct sess *all_prev, *all_next;	/* in the cache-wide list */
    int     fd;
    char   *props;
};

struct dest {
    struct scache_cache *cache;
    char   *label;
    struct bind *head, *tail;		/* oldest first */
};

struct bind {
    struct dest *dest;
    struct bind *prev, *next;
    char   *endp_label;
    char   *dest_props;
};

/* Doubly linked list plumbing, shared by both item kinds. */

#define LIST_APPEND(owner, item) do { \
	(item)->prev = (owner)->tail; \
	(item)->next = NULL; \
	if ((owner)->tail) (owner)->tail->next = (item); \
	else (owner)->head = (item); \
	(owner)->tail = (item); \
    } while (0)

#define LIST_UNLINK(owner, item) do { \
	if ((item)->prev) (item)->prev->next = (item)->next; \
	else (owner)->head = (item)->next; \
	if ((item)->next) (item)->next->prev = (item)->prev; \
	else (owner)->tail = (item)->prev; \
    } while (0)

static void sess_expire(int event, void *ctx);
static void bind_expire(int event, void *ctx);

/* sess_unlink - forget a session; its fd is the caller's business */

static int sess_unlink(struct sess *sp)
{
    struct endp *ep = sp->endp;
    struct scache_cache *c = ep->cache;
    int     fd = sp->fd;

    (void) event_cancel_timer(sess_expire, sp);
    LIST_UNLINK(ep, sp);
    if (sp->all_prev)
        sp->all_prev->all_next = sp->all_next;
    else
        c->all_head = sp->all_next;
    if (sp->all_next)
        sp->all_next->all_prev = sp->all_prev;
    else
        c->all_tail = sp->all_prev;
    c->sess_count--;
    free(sp->props);
    free(sp);
    if (ep->head == NULL) {
        if (htable_remove(c->endp_table, ep->label) != ep)
            msg_panic("scache_cache: endpoint table out of step");
        free(ep->label);
        free(ep);
    }
    return (fd);
}

/* sess_close - forget a session and close its connection */

static void sess_close(struct sess *sp)
{
    int     fd = sess_unlink(sp);

    if (close(fd) < 0)
        msg_warn("close cached connection fd %d: %m", fd);
}

/* sess_expire - a session's time is up */

static void sess_expire(int event, void *ctx)
{
    struct sess *sp = ctx;

    (void) event;
    if (msg_verbose)
        msg_info("scache: expire session fd %d", sp->fd);
    sess_close(sp);
}

/* bind_unlink - forget a destination binding */

static void bind_unlink(struct bind *bp)
{
    struct dest *dp = bp->dest;
    struct scache_cache *c = dp->cache;

    (void) event_cancel_timer(bind_expire, bp);
    LIST_UNLINK(dp, bp);
    free(bp->endp_label);
    free(bp->dest_props);
    free(bp);
    if (dp->head == NULL) {
        if (htable_remove(c->dest_table, dp->label) != dp)
            msg_panic("scache_cache: destination table out of step");
        free(dp->label);
        free(dp);
    }
}

/* bind_expire - a binding's time is up */

static void bind_expire(int event, void *ctx)
{
    (void) event;
    bind_unlink((struct bind *) ctx);
}

struct scache_cache *scache_cache_create(int sess_limit)
{
    struct scache_cache *c = xmalloc(sizeof(*c));

    c->endp_table = htable_new(64);
    c->dest_table = htable_new(64);
    c->sess_count = 0;
    c->sess_limit = sess_limit > 0 ? sess_limit : 0;
    c->all_head = c->all_tail = NULL;
    return (c);
}

/* first_entry - htable_walk helper: remember one entry */

static void first_entry(const char *key, void *value, void *ctx)
{
    void  **found = ctx;

    (void) key;
    if (*found == NULL)
        *found = value;
}

void    scache_cache_free(struct scache_cache *c)
{
    struct endp *ep;
    struct dest *dp;

    for (;;) {
        ep = NULL;
        htable_walk(c->endp_table, first_entry, &ep);
        if (ep == NULL)
            break;
        while (ep->head->next != NULL)
            sess_close(ep->head);
        sess_close(ep->head);			/* frees ep */
    }
    for (;;) {
        dp = NULL;
        htable_walk(c->dest_table, first_entry, &dp);
        if (dp == NULL)
            break;
        while (dp->head->next != NULL)
            bind_unlink(dp->head);
        bind_unlink(dp->head);			/* frees dp */
    }
    htable_free(c->endp_table, NULL);
    htable_free(c->dest_table, NULL);
    free(c);
}

void    scache_cache_save_endp(struct scache_cache *c, long ttl_ms,
                               const char *endp_label, const char *endp_props,
                               int fd)
{
    struct endp *ep;
    struct sess *sp;

    if (ttl_ms <= 0)
        msg_panic("scache_cache_save_endp: bad ttl %ld", ttl_ms);
    if (c->sess_limit > 0 && c->sess_count >= c->sess_limit) {
        msg_warn("connection cache full (%d connections): "
                 "closing the oldest", c->sess_count);
        sess_close(c->all_head);
    }
    if ((ep = htable_find(c->endp_table, endp_label)) == NULL) {
        ep = xmalloc(sizeof(*ep));
        ep->cache = c;
        ep->label = xstrdup(endp_label);
        ep->head = ep->tail = NULL;
        htable_put(c->endp_table, endp_label, ep);
    }
    sp = xmalloc(sizeof(*sp));
    sp->endp = ep;
    sp->fd = fd;
    sp->props = xstrdup(endp_props);
    LIST_APPEND(ep, sp);
    sp->all_prev = c->all_tail;
    sp->all_next = NULL;
    if (c->all_tail)
        c->all_tail->all_next = sp;
    else
        c->all_head = sp;
    c->all_tail = sp;
    c->sess_count++;
    (void) event_request_timer(sess_expire, sp, ttl_ms);
}

int     scache_cache_find_endp(struct scache_cache *c, const char *endp_label,
                               struct buf *endp_props)
{
    struct endp *ep;

    if ((ep = htable_find(c->endp_table, endp_label)) == NULL)
        return (-1);
    buf_set(endp_props, ep->head->props);
    return (sess_unlink(ep->head));
}

void    scache_cache_save_dest(struct scache_cache *c, long ttl_ms,
                               const char *dest_label, const char *dest_props,
                               const char *endp_label)
{
    struct dest *dp;
    struct bind *bp;

    if (ttl_ms <= 0)
        msg_panic("scache_cache_save_dest: bad ttl %ld", ttl_ms);
    if ((dp = htable_find(c->dest_table, dest_label)) == NULL) {
        dp = xmalloc(sizeof(*dp));
        dp->cache = c;
        dp->label = xstrdup(dest_label);
        dp->head = dp->tail = NULL;
        htable_put(c->dest_table, dest_label, dp);
    }
    for (bp = dp->head; bp != NULL; bp = bp->next)
        if (strcmp(bp->endp_label, endp_label) == 0
            && strcmp(bp->dest_props, dest_props) == 0)
            break;
    if (bp == NULL) {
        bp = xmalloc(sizeof(*bp));
        bp->dest = dp;
        bp->endp_label = xstrdup(endp_label);
        bp->dest_props = xstrdup(dest_props);
        LIST_APPEND(dp, bp);
    }
    (void) event_request_timer(bind_expire, bp, ttl_ms);
}

int     scache_cache_find_dest(struct scache_cache *c, const char *dest_label,
                               struct buf *dest_props, struct buf *endp_props)
{
    struct dest *dp;
    struct bind *bp;
    int     fd;

    if ((dp = htable_find(c->dest_table, dest_label)) == NULL)
        return (-1);
    for (bp = dp->head; bp != NULL; bp = bp->next) {
        if ((fd = scache_cache_find_endp(c, bp->endp_label, endp_props)) >= 0) {
            buf_set(dest_props, bp->dest_props);
            return (fd);
        }
    }
    return (-1);
}

void    scache_cache_size(const struct scache_cache *c,
                          struct scache_size *size)
{
    size->dest_count = (int) htable_count(c->dest_table);
    size->endp_count = (int) htable_count(c->endp_table);
    size->sess_count = c->sess_count;
}
