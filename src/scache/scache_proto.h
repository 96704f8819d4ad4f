/*
 * scache_proto - the server side of Postfix's connection cache protocol
 *
 * Reads one request from a client stream, carries it out on the store
 * (scache_cache.h) and replies, byte for byte as Postfix 3.7's scache
 * (protocol reference section 6.2, attribute "0" encoding):
 *
 *   request=save_endp ttl label property   -> dummy=""; fd; status
 *   request=find_endp label                -> status property
 *					[status 0: dummy <-; fd ->; dummy <-]
 *   request=save_dest ttl label property label -> status
 *   request=find_dest label                -> status property property
 *					[status 0: as find_endp]
 *   anything else: warning `unrecognized request: "X", ignored`, the
 *   rest of that list is skipped, status=1.
 *
 * Status: 0 ok, 1 bad request, 2 not found / no fd received.  A TTL is
 * clamped to the configured limit.  The descriptor transfer goes
 * through two caller-supplied functions, so this module can be driven
 * on any stream (a fuzzer feeds it a memory file):
 *
 *	recv_fd(client)		called after the dummy reply is flushed and
 *				with nothing buffered on the stream: the
 *				received fd, or -1 with errno set
 *	send_fd(client, fd)	0 or -1 with errno set
 *
 *	struct scache_proto {
 *	    struct scache_cache *cache;
 *	    int     ttl_limit;			seconds, > 0
 *	    int   (*recv_fd)(struct stream *client);
 *	    int   (*send_fd)(struct stream *client, int fd);
 *	    struct scache_stats stats;		updated per request
 *	};
 *	int	scache_proto_request(struct scache_proto *p,
 *			struct stream *client);
 *			0: served (the client may send more);
 *			-1: end this client (end of input, I/O error,
 *			garbage, or a broken fd exchange; logged unless
 *			it was a plain end of input between requests)
 *	void	scache_stats_reset(struct scache_stats *st);
 *
 * Statistics: hits and misses of find_dest (domain) and find_endp
 * (address), and the largest numbers of destination labels, endpoint
 * labels and sessions seen after a save.
 */
#ifndef POSTERN_SCACHE_PROTO_H
#define POSTERN_SCACHE_PROTO_H

#include "scache_cache.h"
#include "stream.h"

#define SCACHE_PROTOCOL		"connection_cache_protocol"

#define SCACHE_STAT_OK		0
#define SCACHE_STAT_BAD		1
#define SCACHE_STAT_FAIL	2

struct scache_stats {
    int     dest_hits;
    int     dest_miss;
    int     endp_hits;
    int     endp_miss;
    int     max_dest;			/* destination labels */
    int     max_endp;			/* endpoint labels */
    int     max_sess;			/* sessions */
};

struct scache_proto {
    struct scache_cache *cache;
    int     ttl_limit;
    int     (*recv_fd)(struct stream *client);
    int     (*send_fd)(struct stream *client, int fd);
    struct scache_stats stats;
};

int     scache_proto_request(struct scache_proto *p, struct stream *client);
void    scache_stats_reset(struct scache_stats *st);

#endif
