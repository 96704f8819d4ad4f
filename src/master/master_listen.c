/*
 * master_listen - listening sockets and fifos of the services
 *
 * unix, pass and unix-dgram services listen on a UNIX-domain socket,
 * fifo services on a named pipe, at private/NAME or public/NAME under
 * queue_directory (master's current directory).  A stale file is
 * removed first; sockets get mode 0666 and fifos 0622 (the directory
 * modes control access: private 0700, public 0711).  When master runs
 * as root these are created with the effective uid/gid of mail_owner.
 *
 * inet services listen on "host:port" (the host's addresses) or on
 * "port" alone (every address of inet_interfaces: "all" = the wildcard
 * address, "loopback-only" = 127.0.0.1 and ::1, or a list of addresses
 * and host names), restricted to inet_protocols (ipv4, ipv6, all; "all"
 * drops ipv6 when the kernel has none).  Each address is one listener:
 * fds 6.. in the child, with -s N.
 *
 * Every listener is non-blocking and close-on-exec (master_spawn.c
 * dup2()s them into place in a child).
 *
 *	void	master_listen_owner(void);
 *			mail_owner's ids (when root) and the queue
 *			subdirectories private, public, pid if missing
 *	int	master_listen_addrs(struct master_serv *serv, struct buf *err);
 *			fill serv->addrs; sets MASTER_FLAG_LOCAL_ONLY for an
 *			inet service on loopback addresses only
 *	int	master_listen_init(struct master_serv *serv, struct buf *err);
 *			open them all, or none (-1, err set)
 *	void	master_listen_cleanup(struct master_serv *serv, int remove_files);
 *	int	master_listen_same(a, b);	same endpoints, same order
 */
#include <errno.h>
#include <grp.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "argv.h"
#include "events.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "master_cf.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"

#include "master.h"

#define PROTO_V4	(1<<0)
#define PROTO_V6	(1<<1)

static int owner_switch;		/* root: create files as mail_owner */
static uid_t owner_uid;
static gid_t owner_gid;

/* listen_mkdir - one queue subdirectory, if missing */

static void listen_mkdir(const char *dir, int mode, uid_t uid, gid_t gid)
{
    if (mkdir(dir, mode) < 0) {
        if (errno != EEXIST)
            msg_fatal("create directory %s/%s: %m", var_queue_dir, dir);
        return;
    }
    if (chmod(dir, mode) < 0)
        msg_warn("chmod %s/%s: %m", var_queue_dir, dir);
    if (geteuid() == 0 && chown(dir, uid, gid) < 0)
        msg_warn("chown %s/%s: %m", var_queue_dir, dir);
}

void    master_listen_owner(void)
{
    struct passwd *pw;
    struct group *gr;
    gid_t   public_gid;

    owner_switch = 0;
    if (geteuid() == 0) {
        if ((pw = getpwnam(var_mail_owner)) == NULL)
            msg_fatal("mail_owner: unknown user: %s", var_mail_owner);
        owner_uid = pw->pw_uid;
        owner_gid = pw->pw_gid;
        owner_switch = (owner_uid != 0);
    } else {
        owner_uid = geteuid();
        owner_gid = getegid();
    }
    public_gid = owner_gid;
    if (geteuid() == 0 && (gr = getgrnam(var_setgid_group)) != NULL)
        public_gid = gr->gr_gid;
    listen_mkdir(MAIL_CLASS_PRIVATE, 0700, owner_uid, owner_gid);
    listen_mkdir(MAIL_CLASS_PUBLIC, 0711, owner_uid, public_gid);
    listen_mkdir(var_pid_dir, 0755, 0, 0);
}

/* listen_as_owner - switch effective ids around file creation */

static void listen_as_owner(int on)
{
    if (!owner_switch)
        return;
    if (on) {
        if (setegid(owner_gid) < 0 || seteuid(owner_uid) < 0)
            msg_fatal("set effective ids to %s: %m", var_mail_owner);
    } else {
        if (seteuid(0) < 0 || setegid(0) < 0)
            msg_fatal("restore effective ids: %m");
    }
}

/* listen_protocols - inet_protocols as a mask */

static int listen_protocols(struct buf *err)
{
    struct argv *items = argv_split(var_inet_protocols, " \t\r\n,");
    int     mask = 0;
    int     fd;
    size_t  i;

    for (i = 0; i < items->argc; i++) {
        if (strcasecmp(items->argv[i], "ipv4") == 0)
            mask |= PROTO_V4;
        else if (strcasecmp(items->argv[i], "ipv6") == 0)
            mask |= PROTO_V6;
        else if (strcasecmp(items->argv[i], "all") == 0) {
            mask |= PROTO_V4;
            if ((fd = socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0)) >= 0) {
                mask |= PROTO_V6;
                (void) close(fd);
            }
        } else {
            buf_printf(err, "inet_protocols: unknown protocol: \"%s\"",
                       items->argv[i]);
            argv_free(items);
            return (-1);
        }
    }
    argv_free(items);
    if (mask == 0)
        buf_printf(err, "inet_protocols: no protocol enabled");
    return (mask ? mask : -1);
}

/* listen_add - append one endpoint, ignoring duplicates */

static void listen_add(struct master_serv *serv, const char *text,
                       const struct sockaddr *sa, socklen_t salen)
{
    struct master_addr *a;
    int     i;

    for (i = 0; i < serv->addr_count; i++)
        if (strcmp(serv->addrs[i].text, text) == 0)
            return;
    serv->addrs = xrealloc(serv->addrs,
                           (serv->addr_count + 1) * sizeof(*serv->addrs));
    a = serv->addrs + serv->addr_count++;
    memset(a, 0, sizeof(*a));
    a->text = xstrdup(text);
    if (sa != NULL) {
        memcpy(&a->sa, sa, salen);
        a->salen = salen;
    }
}

/* listen_is_loopback - 127/8 or ::1 (or v4-mapped loopback) */

static int listen_is_loopback(const struct sockaddr *sa)
{
    const struct sockaddr_in6 *s6;

    if (sa->sa_family == AF_INET)
        return ((ntohl(((const struct sockaddr_in *) sa)->sin_addr.s_addr)
                 >> 24) == 127);
    if (sa->sa_family == AF_INET6) {
        s6 = (const struct sockaddr_in6 *) sa;
        if (IN6_IS_ADDR_LOOPBACK(&s6->sin6_addr))
            return (1);
        if (IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
            return (s6->sin6_addr.s6_addr[12] == 127);
    }
    return (0);
}

/* listen_resolve - the addresses of host (NULL: wildcard) and port */

static int listen_resolve(struct master_serv *serv, const char *host,
                          const char *port, int protos, struct buf *err)
{
    struct addrinfo hints;
    struct addrinfo *res;
    struct addrinfo *ai;
    char    addr[INET6_ADDRSTRLEN];
    char    text[INET6_ADDRSTRLEN + 16];
    int     found = 0;
    int     rc;

    memset(&hints, 0, sizeof(hints));
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE;
    hints.ai_family = protos == PROTO_V4 ? AF_INET :
        protos == PROTO_V6 ? AF_INET6 : AF_UNSPEC;
    if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
        buf_printf(err, "service %s: %s%s%s: %s", serv->ext_name,
                   host ? host : "", host ? " port " : "port ", port,
                   gai_strerror(rc));
        return (-1);
    }
    for (ai = res; ai != NULL; ai = ai->ai_next) {
        if ((ai->ai_family == AF_INET && !(protos & PROTO_V4))
            || (ai->ai_family == AF_INET6 && !(protos & PROTO_V6))
            || (ai->ai_family != AF_INET && ai->ai_family != AF_INET6))
            continue;
        sockaddr_str(ai->ai_addr, addr, sizeof(addr));
        snprintf(text, sizeof(text), ai->ai_family == AF_INET6 ?
                 "[%s]:%d" : "%s:%d", addr, sockaddr_port(ai->ai_addr));
        listen_add(serv, text, ai->ai_addr, ai->ai_addrlen);
        found++;
    }
    freeaddrinfo(res);
    if (found == 0) {
        buf_printf(err, "service %s: %s: no address for inet_protocols %s",
                   serv->ext_name, host ? host : "(wildcard)",
                   var_inet_protocols);
        return (-1);
    }
    return (0);
}

/* listen_inet_addrs - the addresses of one inet service */

static int listen_inet_addrs(struct master_serv *serv, struct buf *err)
{
    char   *spec = xstrdup(serv->name);
    char   *host = NULL;
    char   *port = spec;
    char   *cp;
    struct argv *ifaces = NULL;
    int     protos;
    int     ret = 0;
    int     i;
    size_t  n;

    if ((protos = listen_protocols(err)) < 0) {
        free(spec);
        return (-1);
    }
    /* "[v6]:port", "host:port", "port" */
    if (*spec == '[' && (cp = strstr(spec, "]:")) != NULL) {
        *cp = 0;
        host = spec + 1;
        port = cp + 2;
    } else if ((cp = strrchr(spec, ':')) != NULL) {
        *cp = 0;
        host = spec;
        port = cp + 1;
    }
    if (*port == 0) {
        buf_printf(err, "service %s: no port", serv->ext_name);
        free(spec);
        return (-1);
    }
    if (host != NULL && (*host == 0 || strcmp(host, "*") == 0))
        host = NULL;
    if (host != NULL) {
        ret = listen_resolve(serv, host, port, protos, err);
    } else {
        ifaces = argv_split(var_inet_interfaces, " \t\r\n,");
        if (ifaces->argc == 0
            || (ifaces->argc == 1 && strcasecmp(ifaces->argv[0], "all") == 0)) {
            if (protos & PROTO_V4)
                ret = listen_resolve(serv, "0.0.0.0", port, PROTO_V4, err);
            if (ret == 0 && (protos & PROTO_V6))
                ret = listen_resolve(serv, "::", port, PROTO_V6, err);
        } else if (ifaces->argc == 1
                   && strcasecmp(ifaces->argv[0], "loopback-only") == 0) {
            if (protos & PROTO_V4)
                ret = listen_resolve(serv, "127.0.0.1", port, PROTO_V4, err);
            if (ret == 0 && (protos & PROTO_V6))
                ret = listen_resolve(serv, "::1", port, PROTO_V6, err);
        } else {
            for (n = 0; ret == 0 && n < ifaces->argc; n++) {
                char   *h = ifaces->argv[n];
                size_t  len = strlen(h);

                if (*h == '[' && len > 2 && h[len - 1] == ']') {
                    h[len - 1] = 0;
                    h++;
                }
                ret = listen_resolve(serv, h, port, protos, err);
            }
        }
        argv_free(ifaces);
    }
    free(spec);
    if (ret < 0)
        return (-1);
    serv->flags |= MASTER_FLAG_LOCAL_ONLY;
    for (i = 0; i < serv->addr_count; i++)
        if (!listen_is_loopback((struct sockaddr *) &serv->addrs[i].sa))
            serv->flags &= ~MASTER_FLAG_LOCAL_ONLY;
    return (0);
}

int     master_listen_addrs(struct master_serv *serv, struct buf *err)
{
    char   *path;
    int     i;

    switch (serv->type) {
    case MASTER_TYPE_INET:
        if (listen_inet_addrs(serv, err) < 0)
            return (-1);
        break;
    case MASTER_TYPE_UNIX:
    case MASTER_TYPE_PASS:
    case MASTER_TYPE_UNIX_DGRAM:
    case MASTER_TYPE_FIFO:
        if (*serv->name == 0 || strstr(serv->name, "..") != NULL) {
            buf_printf(err, "service %s: bad name", serv->ext_name);
            return (-1);
        }
        path = xconcat(serv->private_ ? MAIL_CLASS_PRIVATE : MAIL_CLASS_PUBLIC,
                       "/", serv->name, (char *) 0);
        listen_add(serv, path, NULL, 0);
        free(path);
        break;
    default:
        buf_printf(err, "service %s: unknown type %d", serv->ext_name,
                   serv->type);
        return (-1);
    }
    serv->listen_fd = xmalloc(serv->addr_count * sizeof(int));
    for (i = 0; i < serv->addr_count; i++)
        serv->listen_fd[i] = -1;
    return (0);
}

/* listen_dgram - a UNIX-domain datagram socket */

static int listen_dgram(const char *path)
{
    struct sockaddr_un sun;
    int     fd;
    int     saved;

    if (strlen(path) >= sizeof(sun.sun_path)) {
        errno = ENAMETOOLONG;
        return (-1);
    }
    memset(&sun, 0, sizeof(sun));
    sun.sun_family = AF_UNIX;
    strcpy(sun.sun_path, path);
    if ((fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0)) < 0)
        return (-1);
    if ((unlink(path) < 0 && errno != ENOENT)
        || bind(fd, (struct sockaddr *) &sun, sizeof(sun)) < 0
        || chmod(path, 0666) < 0) {
        saved = errno;
        (void) close(fd);
        errno = saved;
        return (-1);
    }
    return (fd);
}

/* listen_open - one endpoint */

static int listen_open(struct master_serv *serv, struct master_addr *a)
{
    int     fd;

    switch (serv->type) {
    case MASTER_TYPE_INET:
        return (inet_listen_sa((struct sockaddr *) &a->sa, a->salen,
                               serv->backlog, 0));
    case MASTER_TYPE_UNIX:
    case MASTER_TYPE_PASS:
        listen_as_owner(1);
        fd = unix_listen(a->text, serv->backlog, 0);
        break;
    case MASTER_TYPE_UNIX_DGRAM:
        listen_as_owner(1);
        fd = listen_dgram(a->text);
        break;
    case MASTER_TYPE_FIFO:
        listen_as_owner(1);
        fd = fifo_listen(a->text, 0622, 0);
        break;
    default:
        msg_panic("listen_open: unknown type %d", serv->type);
    }
    {
        int     saved = errno;

        listen_as_owner(0);
        errno = saved;
    }
    return (fd);
}

int     master_listen_init(struct master_serv *serv, struct buf *err)
{
    int     i;

    for (i = 0; i < serv->addr_count; i++) {
        if (serv->listen_fd[i] >= 0)
            continue;
        if ((serv->listen_fd[i] = listen_open(serv, serv->addrs + i)) < 0) {
            buf_printf(err, "service %s: %s %s: %m", serv->ext_name,
                       serv->type == MASTER_TYPE_INET ? "bind" : "create",
                       serv->addrs[i].text);
            master_listen_cleanup(serv, 0);
            return (-1);
        }
    }
    return (0);
}

void    master_listen_cleanup(struct master_serv *serv, int remove_files)
{
    int     i;

    for (i = 0; i < serv->addr_count; i++) {
        if (serv->listen_fd[i] < 0)
            continue;
        /* Out of epoll before close: children still hold the socket. */
        event_disable_readwrite(serv->listen_fd[i]);
        (void) close(serv->listen_fd[i]);
        serv->listen_fd[i] = -1;
        if (remove_files && serv->type != MASTER_TYPE_INET
            && unlink(serv->addrs[i].text) < 0 && errno != ENOENT)
            msg_warn("remove %s/%s: %m", var_queue_dir, serv->addrs[i].text);
    }
    serv->flags &= ~MASTER_FLAG_LISTEN;
}

int     master_listen_same(const struct master_serv *a,
                           const struct master_serv *b)
{
    int     i;

    if (a->type != b->type || a->addr_count != b->addr_count)
        return (0);
    for (i = 0; i < a->addr_count; i++)
        if (strcmp(a->addrs[i].text, b->addrs[i].text) != 0)
            return (0);
    return (1);
}
