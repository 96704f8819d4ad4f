/*
 * mail_server - the server skeletons: single, multi and trigger
 *
 * A daemon's main() calls one of these with its service function; the
 * skeleton owns the process life cycle exactly as Postfix's master
 * expects (reference section 2): it parses the argv master builds
 * (-c -d -D -i N -l -m N -n NAME -o NAME=VALUE -s N -S -t TYPE -u -v -V
 * -z; unknown -o names are accepted), reads main.cf via MAIL_CONFIG,
 * applies -o overrides, loads mail_params and the daemon's own tables,
 * refuses a tty stdin in daemon mode, runs pre_init (still privileged),
 * drops privileges to mail_owner (-u; chroot to queue_directory first
 * with -c), runs post_init, and then serves:
 *
 *   single   one client at a time: accept on fds 6.., TAKEN, call
 *            service(stream), close, AVAIL; exits after max_use
 *            clients, after max_idle seconds without one, or when fd 5
 *            reports EOF (master gone).  Client streams have timeout
 *            ipc_timeout.
 *   multi    many clients: post_accept(stream) on each accept (send the
 *            protocol announcement there); service(stream) each time a
 *            client is readable (TAKEN/AVAIL around it); the service
 *            calls multi_server_disconnect(stream) to end a client (EOF
 *            is detected by the skeleton's caller of service: service
 *            sees stream_at_eof / a failed read and disconnects).
 *            max_idle counts only while no client is connected.
 *   trigger  wake-ups: fifo or unix listener; service(buf, len) gets
 *            the bytes a client sent (at most 1024); no reply.
 *
 * The watchdog (daemon_timeout) kills a process whose single service
 * call or event loop pass takes too long ("watchdog timeout").
 *
 * With -S (stand-alone) the client is stdin/stdout and no master is
 * needed: useful for testing a service by hand.
 *
 *	typedef void (*single_service_fn)(struct stream *client,
 *			const char *service, char **argv);
 *	typedef void (*multi_service_fn)(struct stream *client,
 *			const char *service, char **argv);
 *	typedef void (*trigger_service_fn)(const char *buf, size_t len,
 *			const char *service, char **argv);
 *	struct server_hooks: see below; any member may be NULL/0.
 *	_Noreturn void single_server_main(int argc, char **argv,
 *			single_service_fn fn, const struct server_hooks *h);
 *	_Noreturn void multi_server_main(...multi_service_fn...);
 *	_Noreturn void trigger_server_main(...trigger_service_fn...);
 *	void	multi_server_disconnect(struct stream *client);
 *	int	server_client_count(void);	multi: connected clients
 */
#ifndef POSTERN_MAIL_SERVER_H
#define POSTERN_MAIL_SERVER_H

#include <stddef.h>

#include "params.h"
#include "stream.h"

typedef void (*single_service_fn)(struct stream *client, const char *service,
                                  char **argv);
typedef void (*multi_service_fn)(struct stream *client, const char *service,
                                 char **argv);
typedef void (*trigger_service_fn)(const char *buf, size_t len,
                                   const char *service, char **argv);

#define SERVER_SOLITARY		(1<<0)	/* requires maxproc 1 (-l) */
#define SERVER_UNLIMITED	(1<<1)	/* requires maxproc 0 (-z) */
#define SERVER_PRIVILEGED	(1<<2)	/* refuses -u */

struct server_hooks {
    const struct param_def *const *params;	/* NULL-terminated tables */
    const struct param_def *mirror_params;	/* smtp_ and lmtp_ table */
    void    (*pre_init)(const char *service, char **argv);
    void    (*post_init)(const char *service, char **argv);
    void    (*pre_accept)(const char *service, char **argv);
    void    (*post_accept)(struct stream *client, const char *service,
                           char **argv);
    void    (*pre_disconnect)(struct stream *client, const char *service,
                              char **argv);
    void    (*pre_exit)(const char *service, char **argv);
    int     flags;				/* SERVER_* */
};

_Noreturn void single_server_main(int argc, char **argv, single_service_fn fn,
                                  const struct server_hooks *h);
_Noreturn void multi_server_main(int argc, char **argv, multi_service_fn fn,
                                 const struct server_hooks *h);
_Noreturn void trigger_server_main(int argc, char **argv, trigger_service_fn fn,
                                   const struct server_hooks *h);
void    multi_server_disconnect(struct stream *client);
int     server_client_count(void);

#endif
