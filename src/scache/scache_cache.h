/*
 * scache_cache - the connection cache store of the scache daemon
 *
 * One job: keep idle connections (file descriptors) and the bindings
 * from logical destinations to them, each with its own time to live.
 * Postfix 3.7's cache semantics (protocol reference section 6.3):
 *
 *   endpoint label -> list of sessions (fd, endpoint properties),
 *		oldest first; several sessions per label.  A session that
 *		reaches its expiry time has its fd closed and is dropped.
 *		find_endp hands out the oldest session and forgets it.
 *   destination label -> list of bindings (endpoint label, destination
 *		properties), oldest first.  Saving a binding identical in
 *		both endpoint label and properties only restarts its timer.
 *		find_dest walks the bindings oldest first and hands out the
 *		first endpoint that still has a session (that session is
 *		forgotten, the binding stays).
 *
 * Size limit: at most sess_limit sessions (0: no limit); saving one
 * more first closes the oldest session of all, with a warning, so the
 * process never runs out of descriptors for its clients.
 *
 * Labels and properties are opaque strings (copied).  Expiry runs on
 * the event loop's timers (events.h), one timer per entry, in
 * milliseconds; the caller clamps protocol TTLs before calling.
 *
 *	struct scache_cache *scache_cache_create(int sess_limit);
 *	void	scache_cache_free(struct scache_cache *c);
 *			closes every cached fd and cancels every timer
 *	void	scache_cache_save_endp(struct scache_cache *c, long ttl_ms,
 *			const char *endp_label, const char *endp_props, int fd);
 *			the cache owns fd from now on
 *	int	scache_cache_find_endp(struct scache_cache *c,
 *			const char *endp_label, struct buf *endp_props);
 *			the fd (now the caller's) or -1 when none
 *	void	scache_cache_save_dest(struct scache_cache *c, long ttl_ms,
 *			const char *dest_label, const char *dest_props,
 *			const char *endp_label);
 *	int	scache_cache_find_dest(struct scache_cache *c,
 *			const char *dest_label, struct buf *dest_props,
 *			struct buf *endp_props);
 *			the fd (now the caller's) or -1 when none
 *	void	scache_cache_size(const struct scache_cache *c,
 *			struct scache_size *size);
 *			destination labels, endpoint labels, sessions now
 */
#ifndef POSTERN_SCACHE_CACHE_H
#define POSTERN_SCACHE_CACHE_H

#include "buf.h"

struct scache_cache;

struct scache_size {
    int     dest_count;			/* destination labels */
    int     endp_count;			/* endpoint labels */
    int     sess_count;			/* cached connections */
};

struct scache_cache *scache_cache_create(int sess_limit);
void    scache_cache_free(struct scache_cache *c);
void    scache_cache_save_endp(struct scache_cache *c, long ttl_ms,
                               const char *endp_label, const char *endp_props,
                               int fd);
int     scache_cache_find_endp(struct scache_cache *c, const char *endp_label,
                               struct buf *endp_props);
void    scache_cache_save_dest(struct scache_cache *c, long ttl_ms,
                               const char *dest_label, const char *dest_props,
                               const char *endp_label);
int     scache_cache_find_dest(struct scache_cache *c, const char *dest_label,
                               struct buf *dest_props, struct buf *endp_props);
void    scache_cache_size(const struct scache_cache *c,
                          struct scache_size *size);

#endif
