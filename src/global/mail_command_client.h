/*
 * mail_command_client - one request per connection to an internal service
 *
 * Used for the bounce family (bounce, defer, trace) and for flush
 * (reference 1.6, 5.2).  mail_command_client() connects to the UNIX
 * socket CLASS/NAME relative to the current directory (daemons run in
 * queue_directory), with the I/O time limit ipc_timeout; checks the
 * server's announcement "protocol=PROTO"; sends one attribute list (the
 * "0" encoding) built from the items that follow, as for attr_print():
 *
 *	status = mail_command_client(MAIL_CLASS_PRIVATE, "bounce",
 *			MAIL_PROTO_BOUNCE,
 *			SEND_INT("nrequest", 0), SEND_STR("queue_id", id),
 *			SEND_FUNC(rcpt_fn, rcpt), ATTR_END);
 *
 * reads the reply {status=INT} strictly and closes.  Returns the status
 * from the server (0 = success), or -1 after a failure, which is logged
 * as Postfix does:
 *	warning: connect to private/NAME: REASON
 *	warning: read private/NAME: REASON		(announcement)
 *	warning: write private/NAME: REASON		(request)
 *	warning: write/read private/NAME: REASON	(reply)
 *
 * Items: SEND_INT, SEND_STR, SEND_LONG, SEND_DATA, SEND_HASH, SEND_FUNC
 * (attr.h).  The caller must not hold SIGPIPE-sensitive state: writes to
 * a socket whose peer went away fail with EPIPE (stream.h).
 *
 *	int	mail_command_client(const char *class, const char *name,
 *			const char *proto, ...);
 */
#ifndef POSTERN_MAIL_COMMAND_CLIENT_H
#define POSTERN_MAIL_COMMAND_CLIENT_H

/* Announcements of the services that use this transport. */
#define MAIL_PROTO_BOUNCE	"delivery_status_protocol"
#define MAIL_PROTO_FLUSH	"queue_flush_protocol"

int     mail_command_client(const char *class, const char *name,
                            const char *proto, ...);

#endif
