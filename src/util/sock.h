/*
 * sock - UNIX-domain and internet sockets: listen, connect, addresses
 *
 * All functions return a descriptor or -1 with errno set; they log
 * nothing, callers decide.  Descriptors are created close-on-exec.
 * "block" arguments select blocking (1) or non-blocking (0) mode for
 * the returned fd.
 *
 *	int	unix_listen(const char *path, int backlog, int block);
 *			removes a stale socket file first; mode 0666
 *	int	unix_connect(const char *path, int block, int timeout_ms);
 *	int	inet_listen(const char *addr, int backlog, int block);
 *			addr: "port", "host:port", "[v6]:port", "*:port";
 *			SO_REUSEADDR; v6 sockets are IPV6_V6ONLY
 *	int	inet_listen_sa(const struct sockaddr *sa, socklen_t len, int backlog, int block);
 *	int	sock_connect_sa(const struct sockaddr *sa, socklen_t len,
 *			const struct sockaddr *bind_sa, socklen_t bind_len,
 *			int timeout_ms);
 *			non-blocking connect bounded by timeout_ms (<= 0:
 *			no limit); returns a blocking fd; ETIMEDOUT on timeout
 *	int	fifo_listen(const char *path, int mode, int block);
 *	int	sock_set_nonblock(int fd, int on);
 *	int	sock_set_cloexec(int fd, int on);
 *	int	sock_set_nodelay(int fd, int on);	TCP_NODELAY (TCP only)
 *	int	host_port_split(const char *in, char **host, char **port, const char *defport);
 *			"h:p", "[h]:p", "[h]", "h", "[v6]:p"; 0 ok / -1 bad; strings xstrdup'ed
 *	int	sockaddr_parse(const char *host, const char *port,
 *			struct sockaddr_storage *ss, socklen_t *len);
 *			numeric host (v4 or v6) and numeric port only; 0 ok, -1 bad
 *	const char *sockaddr_str(const struct sockaddr *sa, char *buf, size_t len);
 *			"1.2.3.4" or "::1" (no port)
 *	int	sockaddr_port(const struct sockaddr *sa);
 *	int	fd_is_socket_listening(int fd);
 */
#ifndef POSTERN_SOCK_H
#define POSTERN_SOCK_H

#include <stddef.h>
#include <sys/socket.h>

int     unix_listen(const char *path, int backlog, int block);
int     unix_connect(const char *path, int block, int timeout_ms);
int     inet_listen(const char *addr, int backlog, int block);
int     inet_listen_sa(const struct sockaddr *sa, socklen_t len, int backlog, int block);
int     sock_connect_sa(const struct sockaddr *sa, socklen_t len,
                        const struct sockaddr *bind_sa, socklen_t bind_len,
                        int timeout_ms);
int     fifo_listen(const char *path, int mode, int block);
int     sock_set_nonblock(int fd, int on);
int     sock_set_cloexec(int fd, int on);
int     sock_set_nodelay(int fd, int on);
int     host_port_split(const char *in, char **host, char **port, const char *defport);
int     sockaddr_parse(const char *host, const char *port,
                       struct sockaddr_storage *ss, socklen_t *len);
const char *sockaddr_str(const struct sockaddr *sa, char *buf, size_t len);
int     sockaddr_port(const struct sockaddr *sa);
int     fd_is_socket_listening(int fd);

#endif
