/*
 * deliver_request - the agent side of qmgr's delivery request protocol
 *
 * Reference sections 3 and 4.6.  deliver_request_read() announces
 * "protocol=delivery_request_protocol", waits (no time limit) for qmgr
 * to send a request or close, reads the 23 common attributes strictly
 * (the 8th may be named "smtputf8" (3.7) or "sendopts" (3.10+)) and the
 * recipient lists, sets agent_handoff, validates queue name and ID and
 * opens the queue file with Postfix's rules (lstat: regular file, owner
 * bits exactly rwx; O_RDWR; shared non-blocking flock; close-on-exec).
 * Returns NULL when qmgr closed without a request or the request is
 * unusable; in the latter case it has already replied "defer" (seven
 * empty strings and status -1), as Postfix's agents do.
 *
 * deliver_request_done() sends the final reply: the hop DSN (empty
 * strings unless the whole destination failed) and the int status
 * (0 = every recipient final, non-zero = something was deferred or a
 * report failed), then waits for qmgr to close (bounded by
 * ipc_timeout) and frees the request.
 *
 * deliver_completed() marks one recipient done in the queue file:
 * overwrite the R type byte at its offset with 'D' (offset -1: nothing
 * to do; <= 0 otherwise: panic), then flush; an I/O error is fatal.
 *
 *	struct deliver_request *deliver_request_read(struct stream *client);
 *	int	deliver_request_done(struct stream *client,
 *			struct deliver_request *req, int status);
 *	void	deliver_completed(struct deliver_request *req, long offset);
 *	void	deliver_request_mark_corrupt(struct deliver_request *req);
 *			fchmod 0400 + warning "corrupted queue file: PATH"
 */
#ifndef POSTERN_DELIVER_REQUEST_H
#define POSTERN_DELIVER_REQUEST_H

#include "dsn.h"
#include "msg_stats.h"
#include "recipient.h"
#include "stream.h"

/* DEL_REQ_FLAG_* (reference 3.4). */
#define DEL_REQ_FLAG_SUCCESS	0x0001
#define DEL_REQ_FLAG_BOUNCE	0x0002
#define DEL_REQ_FLAG_MTA_VRFY	0x0100
#define DEL_REQ_FLAG_USR_VRFY	0x0200
#define DEL_REQ_FLAG_RECORD	0x0400
#define DEL_REQ_FLAG_CONN_LOAD	0x0800
#define DEL_REQ_FLAG_CONN_STORE	0x1000
#define DEL_REQ_FLAG_REC_DLY_SENT 0x2000

#define DEL_REQ_TRACE_FLAGS_MASK 0x2700
#define DEL_REQ_TRACE_ONLY_MASK	0x0300
#define DEL_REQ_TRACE_FLAGS(f)	((f) & DEL_REQ_TRACE_FLAGS_MASK)
#define DEL_REQ_TRACE_ONLY(f)	((f) & DEL_REQ_TRACE_ONLY_MASK)

/* SMTPUTF8 / sendopts bits. */
#define SMTPUTF8_FLAG_REQUESTED	(1<<0)
#define SMTPUTF8_FLAG_HEADER	(1<<1)
#define SMTPUTF8_FLAG_SENDER	(1<<2)
#define SMTPUTF8_FLAG_RECIPIENT	(1<<3)
#define SENDOPTS_TLS_REQUIRED_NO (1<<4)		/* 3.10+ */
#define SENDOPTS_REQUIRETLS	(1<<5)		/* 3.10+ */

#define DELIVER_PROTOCOL	"delivery_request_protocol"

struct deliver_request {
    struct stream *fp;			/* the queue file, open */
    char   *path;			/* its path (relative) */
    int     flags;			/* DEL_REQ_FLAG_* */
    char   *queue_name;
    char   *queue_id;
    long    data_offset;		/* first content record */
    long    data_size;			/* content length (SIZE=) */
    char   *nexthop;
    char   *encoding;			/* "7bit", "8bit" or "" */
    int     sendopts;			/* smtputf8 (3.7) / sendopts (3.10+) */
    char   *sender;
    char   *dsn_envid;
    int     dsn_ret;			/* DSN_RET_* */
    struct msg_stats msg_stats;
    char   *client_name;		/* log_client_name */
    char   *client_addr;		/* log_client_address */
    char   *client_port;		/* log_client_port */
    char   *client_proto;		/* log_protocol_name */
    char   *client_helo;		/* log_helo_name */
    char   *sasl_method;
    char   *sasl_username;
    char   *sasl_sender;
    char   *log_ident;
    char   *rewrite_context;
    struct rcpt_list rcpt_list;
    struct dsn_buf *hop_status;		/* set for whole-destination failures */
};

struct deliver_request *deliver_request_read(struct stream *client);
int     deliver_request_done(struct stream *client, struct deliver_request *req,
                             int status);
void    deliver_completed(struct deliver_request *req, long offset);
void    deliver_request_mark_corrupt(struct deliver_request *req);

#endif
