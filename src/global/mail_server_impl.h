/*
 * mail_server_impl - what the three server skeletons share (private)
 *
 * Not for daemons: they use mail_server.h.  mail_server.c implements
 * this; single_server.c, multi_server.c and trigger_server.c use it.
 *
 *	void	server_init(int argc, char **argv,
 *			const struct server_hooks *h, const char *transports);
 *			everything from argv to post_init (mail_server.c
 *			header has the order); transports: the -t values
 *			this skeleton supports, space-separated
 *	void	server_run(void);	the main loop; exits (status 0) when
 *			master goes away (fd 5) or a status write fails;
 *			and, with no client connected, after max_use uses,
 *			after the -r time, or (-S) when the client is gone
 *	_Noreturn void server_exit(void);	pre_exit hook, exit(0)
 *	void	server_listen(event_fn fn);	read events on fds 6..;
 *			ctx points to an int holding the fd
 *	int	server_accept(int listen_fd);	client fd or -1 (EAGAIN
 *			and friends are silent; other errors logged)
 *	struct stream *server_client(int fd);	stream, ipc_timeout set
 *	struct stream *server_stdio(void);	-S: in from fd 0, out to fd 1
 *	void	server_status(int status);	TAKEN/AVAIL to master
 *	void	server_idle_arm(void);		max_idle timer (not with -S)
 *	void	server_idle_cancel(void);
 *	void	server_pre_accept(void);	the pre_accept hook, if any
 *	void	server_call_begin(void);	around each service call:
 *	void	server_call_end(void);		watchdog restarts
 */
#ifndef POSTERN_MAIL_SERVER_IMPL_H
#define POSTERN_MAIL_SERVER_IMPL_H

#include <sys/types.h>

#include "events.h"
#include "mail_server.h"
#include "stream.h"

struct server_state {
    const struct server_hooks *hooks;	/* never NULL */
    char   *process_name;		/* basename of argv[0] */
    char   *service_name;		/* -n, else process_name */
    char  **svc_argv;			/* words after the options */
    char   *transport;			/* -t; NULL with -S and no -t */
    int     listen_count;		/* -s; default 1 */
    int     standalone;			/* -S */
    int     daemon_mode;		/* no -d */
    int     solitary;			/* -l */
    int     unlimited;			/* -z */
    int     unprivileged;		/* -u */
    int     jail;			/* -c */
    int     debug;			/* -D or MAIL_DEBUG */
    int     log_stderr;			/* -V */
    int     retire_s;			/* -r; 0 = never */
    unsigned generation;		/* GENERATION */
    pid_t   pid;			/* for status records (no fork) */
    int     clients;			/* clients connected now */
    int     use_count;			/* clients (single) or requests */
    int     master_gone;		/* a status write failed */
    int     retired;			/* -r time has passed */
};

extern struct server_state server_state;

void    server_init(int argc, char **argv, const struct server_hooks *h,
                    const char *transports);
_Noreturn void server_run(void);
_Noreturn void server_exit(void);
void    server_listen(event_fn fn);
int     server_accept(int listen_fd);
struct stream *server_client(int fd);
struct stream *server_stdio(void);
void    server_status(int status);
void    server_idle_arm(void);
void    server_idle_cancel(void);
void    server_pre_accept(void);
void    server_call_begin(void);
void    server_call_end(void);

#endif
