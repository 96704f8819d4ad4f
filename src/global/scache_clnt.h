/*
 * scache_clnt - client of the connection cache service (scache)
 *
 * Reference 6.1/6.2.  One connection to
 * private/$connection_cache_service_name is kept open between requests;
 * the server announces "protocol=connection_cache_protocol" once per
 * connection, and the client checks it.  Every read and write has the
 * time limit connection_cache_protocol_timeout.  The connection is
 * reopened when it has been idle longer than ipc_idle, is older than
 * ipc_ttl, or the server closed it or sent something unasked.
 *
 * Failure is never fatal and never stops delivery: a request that fails
 * (no such service, refused, timed out, bad reply) is retried once on a
 * new connection after 1 s (at once when the service socket does not
 * exist: nobody runs scache); when that fails too, the client logs one
 * warning "...; disabling connection caching" and answers every later
 * request with "not found" / "not saved" for the life of the process.
 * "Not found" from the server is not a failure.
 *
 * The four requests, with 0-encoded attributes and fd passing:
 *	int	scache_clnt_save_endp(int ttl, const char *endp_label,
 *			const char *endp_prop, int fd);
 *			hands fd to the cache; fd is closed here in every
 *			case; 0 saved, -1 not
 *	int	scache_clnt_find_endp(const char *endp_label,
 *			struct buf *endp_prop);
 *			a cached connection's fd (now ours, close-on-exec)
 *			with its properties, or -1
 *	int	scache_clnt_save_dest(int ttl, const char *dest_label,
 *			const char *dest_prop, const char *endp_label);
 *			0 saved, -1 not
 *	int	scache_clnt_find_dest(const char *dest_label,
 *			struct buf *dest_prop, struct buf *endp_prop);
 *			fd or -1
 *	int	scache_clnt_usable(void);	0 once disabled
 *	void	scache_clnt_close(void);	drop the connection
 */
#ifndef POSTERN_SCACHE_CLNT_H
#define POSTERN_SCACHE_CLNT_H

#include "buf.h"

#define SCACHE_PROTO		"connection_cache_protocol"

/* Status codes of the replies. */
#define SCACHE_STAT_OK		0
#define SCACHE_STAT_BAD		1
#define SCACHE_STAT_FAIL	2

int     scache_clnt_save_endp(int ttl, const char *endp_label,
                              const char *endp_prop, int fd);
int     scache_clnt_find_endp(const char *endp_label, struct buf *endp_prop);
int     scache_clnt_save_dest(int ttl, const char *dest_label,
                              const char *dest_prop, const char *endp_label);
int     scache_clnt_find_dest(const char *dest_label, struct buf *dest_prop,
                              struct buf *endp_prop);
int     scache_clnt_usable(void);
void    scache_clnt_close(void);

#endif
