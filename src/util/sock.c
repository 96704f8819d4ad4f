/*
 * sock - UNIX-domain and internet sockets: listen, connect, addresses
 *
 * See sock.h for the interface.  Implementation notes:
 *
 * - Every descriptor is created with SOCK_CLOEXEC / O_CLOEXEC.  On
 *   failure the descriptor is closed and errno is that of the step
 *   that failed.
 *
 * - Connecting with a time limit.  Internet sockets connect in
 *   non-blocking mode and wait for writability with poll(2), then read
 *   SO_ERROR.  A UNIX-domain connect in non-blocking mode fails with
 *   EAGAIN when the listener's backlog is full (there is nothing to
 *   poll for), so UNIX sockets use a blocking connect bounded by
 *   SO_SNDTIMEO, which Linux applies to that wait.  Either way a
 *   timeout is reported as ETIMEDOUT and the fd comes back blocking.
 *
 * - inet_listen() accepts "port", "host:port", "[host]:port" and
 *   "*:port"; as in master.cf, a name without ':' is a port (number or
 *   service name).  "*" is 0.0.0.0; use "[::]:port" for
 *   the IPv6 wildcard.  Host names are resolved with getaddrinfo(3)
 *   (first address wins); failures give EADDRNOTAVAIL.
 *
 * - host_port_split() takes "h:p", "[h]:p", "[h]" and "h".  An IPv6
 *   address must be bracketed (a bare "::1" is rejected as ambiguous);
 *   host and port must be non-empty and contain no white space.
 *
 * - sockaddr_parse() is strict: dotted-quad IPv4 or IPv6 text as
 *   inet_pton(3) takes it, and a decimal port 0-65535.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <unistd.h>

#include "mem.h"
#include "sock.h"
#include "stream.h"

/* close_keep_errno - close fd on an error path, return -1 */

static int close_keep_errno(int fd)
{
    int     saved = errno;

    (void) close(fd);
    errno = saved;
    return (-1);
}

int     sock_set_nonblock(int fd, int on)
{
    int     flags;

    if ((flags = fcntl(fd, F_GETFL)) < 0)
        return (-1);
    flags = on ? (flags | O_NONBLOCK) : (flags & ~O_NONBLOCK);
    return (fcntl(fd, F_SETFL, flags) < 0 ? -1 : 0);
}

/* sock_set_nodelay - send small segments at once (no Nagle delay) */

int     sock_set_nodelay(int fd, int on)
{
    return (setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on)));
}

int     sock_set_cloexec(int fd, int on)
{
    int     flags;

    if ((flags = fcntl(fd, F_GETFD)) < 0)
        return (-1);
    flags = on ? (flags | FD_CLOEXEC) : (flags & ~FD_CLOEXEC);
    return (fcntl(fd, F_SETFD, flags) < 0 ? -1 : 0);
}

/* unix_addr - fill in a sockaddr_un; -1 if the path is too long */

static int unix_addr(const char *path, struct sockaddr_un *sun)
{
    size_t  len = strlen(path);

    memset(sun, 0, sizeof(*sun));
    if (len == 0 || len >= sizeof(sun->sun_path)) {
        errno = len ? ENAMETOOLONG : EINVAL;
        return (-1);
    }
    sun->sun_family = AF_UNIX;
    memcpy(sun->sun_path, path, len + 1);
    return (0);
}

int     unix_listen(const char *path, int backlog, int block)
{
    struct sockaddr_un sun;
    int     type = SOCK_STREAM | SOCK_CLOEXEC | (block ? 0 : SOCK_NONBLOCK);
    int     fd;

    if (unix_addr(path, &sun) < 0)
        return (-1);
    if ((fd = socket(AF_UNIX, type, 0)) < 0)
        return (-1);
    if (unlink(path) < 0 && errno != ENOENT)
        return (close_keep_errno(fd));
    if (bind(fd, (struct sockaddr *) &sun, sizeof(sun)) < 0
        || chmod(path, 0666) < 0
        || listen(fd, backlog) < 0)
        return (close_keep_errno(fd));
    return (fd);
}

int     unix_connect(const char *path, int block, int timeout_ms)
{
    struct sockaddr_un sun;
    int     fd;

    if (unix_addr(path, &sun) < 0)
        return (-1);
    fd = sock_connect_sa((struct sockaddr *) &sun, sizeof(sun), NULL, 0,
                         timeout_ms);
    if (fd >= 0 && !block && sock_set_nonblock(fd, 1) < 0)
        return (close_keep_errno(fd));
    return (fd);
}

int     inet_listen_sa(const struct sockaddr *sa, socklen_t len, int backlog,
                       int block)
{
    int     type = SOCK_STREAM | SOCK_CLOEXEC | (block ? 0 : SOCK_NONBLOCK);
    int     on = 1;
    int     fd;

    if ((fd = socket(sa->sa_family, type, 0)) < 0)
        return (-1);
    if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) < 0)
        return (close_keep_errno(fd));
    if (sa->sa_family == AF_INET6
        && setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &on, sizeof(on)) < 0)
        return (close_keep_errno(fd));
    if (bind(fd, sa, len) < 0 || listen(fd, backlog) < 0)
        return (close_keep_errno(fd));
    return (fd);
}

/* port_parse - strict decimal port; -1 if bad */

static int port_parse(const char *port)
{
    long    n = 0;
    const char *cp;

    if (*port == 0 || strlen(port) > 5)
        return (-1);
    for (cp = port; *cp; cp++) {
        if (!isdigit((unsigned char) *cp))
            return (-1);
        n = n * 10 + (*cp - '0');
    }
    return (n > 65535 ? -1 : (int) n);
}

/* inet_resolve - listen address to sockaddr; NULL host means wildcard */

static int inet_resolve(const char *host, const char *port,
                        struct sockaddr_storage *ss, socklen_t *len)
{
    struct addrinfo hints;
    struct addrinfo *res;

    if (host == NULL || *host == 0 || strcmp(host, "*") == 0)
        host = "0.0.0.0";
    if (isdigit((unsigned char) *port) && port_parse(port) < 0) {
        errno = EINVAL;				/* getaddrinfo truncates */
        return (-1);
    }
    memset(&hints, 0, sizeof(hints));
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    if (getaddrinfo(host, port, &hints, &res) != 0) {
        errno = EADDRNOTAVAIL;
        return (-1);
    }
    memcpy(ss, res->ai_addr, res->ai_addrlen);
    *len = res->ai_addrlen;
    freeaddrinfo(res);
    return (0);
}

int     inet_listen(const char *addr, int backlog, int block)
{
    struct sockaddr_storage ss;
    socklen_t len;
    char   *host = NULL;
    char   *port = NULL;
    int     ret;

    if (*addr != '[' && strchr(addr, ':') == NULL) {
        ret = inet_resolve(NULL, addr, &ss, &len);
    } else if (strncmp(addr, "*:", 2) == 0) {
        ret = inet_resolve(NULL, addr + 2, &ss, &len);
    } else if (host_port_split(addr, &host, &port, NULL) == 0) {
        ret = inet_resolve(host, port, &ss, &len);
    } else {
        errno = EINVAL;
        ret = -1;
    }
    free(host);
    free(port);
    if (ret < 0)
        return (-1);
    return (inet_listen_sa((struct sockaddr *) &ss, len, backlog, block));
}

/* unix_connect_wait - blocking UNIX connect bounded by SO_SNDTIMEO */

static int unix_connect_wait(int fd, const struct sockaddr *sa, socklen_t len,
                             int timeout_ms)
{
    struct timeval tv;
    int     ret;
    int     saved;

    memset(&tv, 0, sizeof(tv));
    tv.tv_sec = timeout_ms > 0 ? timeout_ms / 1000 : 0;
    tv.tv_usec = timeout_ms > 0 ? (timeout_ms % 1000) * 1000 : 0;
    if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
        return (-1);
    ret = connect(fd, sa, len);
    if (ret < 0 && (errno == EAGAIN || errno == EINPROGRESS))
        errno = ETIMEDOUT;
    saved = errno;
    memset(&tv, 0, sizeof(tv));
    if (setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv)) < 0)
        return (-1);
    errno = saved;
    return (ret);
}

/*
 * inet_connect_wait - connect a new non-blocking socket, wait for
 * completion, make it blocking.  The socket was created here with
 * SOCK_NONBLOCK, so O_NONBLOCK is its only file status flag and one
 * F_SETFL clears it (no F_GETFL needed).
 */
static int inet_connect_wait(int fd, const struct sockaddr *sa, socklen_t len,
                             int timeout_ms)
{
    int     err = 0;
    socklen_t errlen = sizeof(err);

    if (connect(fd, sa, len) < 0) {
        if (errno != EINPROGRESS)
            return (-1);
        switch (io_wait(fd, 1, timeout_ms > 0 ? timeout_ms : -1)) {
        case 0:
            errno = ETIMEDOUT;
            return (-1);
        case -1:
            return (-1);
        }
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &errlen) < 0)
            return (-1);
        if (err != 0) {
            errno = err;
            return (-1);
        }
    }
    return (fcntl(fd, F_SETFL, 0) < 0 ? -1 : 0);
}

int     sock_connect_sa(const struct sockaddr *sa, socklen_t len,
                        const struct sockaddr *bind_sa, socklen_t bind_len,
                        int timeout_ms)
{
    int     type = SOCK_STREAM | SOCK_CLOEXEC;
    int     fd;
    int     ret;

    if (sa->sa_family != AF_UNIX)
        type |= SOCK_NONBLOCK;			/* inet_connect_wait */
    if ((fd = socket(sa->sa_family, type, 0)) < 0)
        return (-1);
    if (bind_sa != NULL && bind(fd, bind_sa, bind_len) < 0)
        return (close_keep_errno(fd));
    if (sa->sa_family == AF_UNIX)
        ret = unix_connect_wait(fd, sa, len, timeout_ms);
    else
        ret = inet_connect_wait(fd, sa, len, timeout_ms);
    if (ret < 0)
        return (close_keep_errno(fd));
    return (fd);
}

/*
 * fifo_listen - create (if needed) and open a FIFO.  O_RDWR means we
 * are a writer too, so reads never see EOF when clients close.
 */
int     fifo_listen(const char *path, int mode, int block)
{
    struct stat st;
    int     fd;

    if (mkfifo(path, mode) < 0 && errno != EEXIST)
        return (-1);
    if ((fd = open(path, O_RDWR | O_NONBLOCK | O_CLOEXEC)) < 0)
        return (-1);
    if (fstat(fd, &st) < 0)
        return (close_keep_errno(fd));
    if (!S_ISFIFO(st.st_mode)) {
        errno = EEXIST;
        return (close_keep_errno(fd));
    }
    if (fchmod(fd, mode) < 0 || (block && sock_set_nonblock(fd, 0) < 0))
        return (close_keep_errno(fd));
    return (fd);
}

/* token_ok - non-empty, no white space or characters in reject */

static int token_ok(const char *s, size_t len, const char *reject)
{
    size_t  i;

    if (len == 0)
        return (0);
    for (i = 0; i < len; i++)
        if (isspace((unsigned char) s[i]) || s[i] == 0
            || strchr(reject, s[i]) != NULL)
            return (0);
    return (1);
}

int     host_port_split(const char *in, char **host, char **port,
                        const char *defport)
{
    const char *h = in;
    const char *p;
    size_t  hlen;

    *host = *port = NULL;
    if (*in == '[') {
        h = in + 1;
        if ((p = strchr(h, ']')) == NULL)
            return (-1);
        hlen = p - h;
        if (!token_ok(h, hlen, "[]"))
            return (-1);
        p++;
        if (*p != 0 && *p++ != ':')
            return (-1);
    } else {
        p = strchr(in, ':');
        hlen = p ? (size_t) (p - in) : strlen(in);
        if (!token_ok(h, hlen, "[]:"))
            return (-1);
        p = p ? p + 1 : in + hlen;
    }
    if (*p == 0 && (p > in && p[-1] == ':'))
        return (-1);				/* "h:" */
    if (*p == 0)
        p = defport;
    if (p == NULL || !token_ok(p, strlen(p), "[]:"))
        return (-1);
    *host = xstrndup(h, hlen);
    *port = xstrdup(p);
    return (0);
}

int     sockaddr_parse(const char *host, const char *port,
                       struct sockaddr_storage *ss, socklen_t *len)
{
    struct sockaddr_in *sin = (struct sockaddr_in *) ss;
    struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *) ss;
    int     portnum;

    if ((portnum = port_parse(port)) < 0)
        return (-1);
    memset(ss, 0, sizeof(*ss));
    if (inet_pton(AF_INET, host, &sin->sin_addr) == 1) {
        sin->sin_family = AF_INET;
        sin->sin_port = htons(portnum);
        *len = sizeof(*sin);
        return (0);
    }
    if (inet_pton(AF_INET6, host, &sin6->sin6_addr) == 1) {
        sin6->sin6_family = AF_INET6;
        sin6->sin6_port = htons(portnum);
        *len = sizeof(*sin6);
        return (0);
    }
    return (-1);
}

const char *sockaddr_str(const struct sockaddr *sa, char *buf, size_t len)
{
    const void *addr;

    switch (sa->sa_family) {
    case AF_INET:
        addr = &((const struct sockaddr_in *) sa)->sin_addr;
        break;
    case AF_INET6:
        addr = &((const struct sockaddr_in6 *) sa)->sin6_addr;
        break;
    case AF_UNIX:
        snprintf(buf, len, "%s", ((const struct sockaddr_un *) sa)->sun_path);
        return (buf);
    default:
        snprintf(buf, len, "unknown");
        return (buf);
    }
    if (inet_ntop(sa->sa_family, addr, buf, len) == NULL)
        snprintf(buf, len, "unknown");
    return (buf);
}

int     sockaddr_port(const struct sockaddr *sa)
{
    switch (sa->sa_family) {
    case AF_INET:
        return (ntohs(((const struct sockaddr_in *) sa)->sin_port));
    case AF_INET6:
        return (ntohs(((const struct sockaddr_in6 *) sa)->sin6_port));
    default:
        return (-1);
    }
}

int     fd_is_socket_listening(int fd)
{
    int     on = 0;
    socklen_t len = sizeof(on);

    if (getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &on, &len) < 0)
        return (0);
    return (on != 0);
}
