/*
 * scache_probe - raw client of the connection cache protocol (tests)
 *
 * Usage: scache_probe [-T total_timeout_s] -s SOCKET_PATH COMMAND...
 *
 * Runs the commands in order and prints one result line per command
 * that has a result (stdout, flushed).  It speaks the scache protocol
 * of Postfix 3.7 itself (attribute "0" encoding, fd passing with
 * fdpass.h), so it can drive postern's scache or Postfix's.
 * Connections to the cache are numbered from 1; "connect" opens the
 * next one (checking the protocol=connection_cache_protocol
 * announcement) and makes it current.  A "pair" is two connected
 * sockets of which this program keeps the local end under NAME and
 * passes the other end to the cache.
 *
 * Commands:
 *   connect			open a connection, make it current
 *   use N			make connection N current
 *   pair NAME			a UNIX socketpair
 *   tcp NAME			a loopback TCP connection (listener on
 *				127.0.0.1 port 0, connect, accept)
 *   save_endp TTL LABEL PROPS NAME
 *				pass NAME's far end; prints
 *				"save_endp status=N"; our copy is closed
 *   save_endp_nofd TTL LABEL PROPS
 *				the request and the dummy, but no fd
 *				(follow with exit: a death mid-request)
 *   find_endp LABEL		prints "find_endp status=N property=P";
 *				on 0 the fd is received: the "found" fd
 *   save_dest TTL DLABEL DPROPS ELABEL
 *				prints "save_dest status=N"
 *   find_dest DLABEL		prints "find_dest status=N property=DP
 *				property=EP"; on 0 as find_endp
 *   request NAME		a list with only request=NAME; prints
 *				"request status=N"
 *   verify NAME		the found fd is NAME's far end: a token
 *				written through it is read at NAME's local
 *				end and one written back is read through
 *				it; prints "verify NAME ok" or "verify
 *				NAME failed: why"; closes the found fd
 *   eof NAME SECS		wait up to SECS for end of input on NAME's
 *				local end; prints "eof NAME ms=N" (N =
 *				time since NAME was saved), "eof NAME
 *				none" or "eof NAME data"
 *   send BYTES			raw bytes to the current connection;
 *				escapes \0 \n \\ \xHH
 *   closed SECS		prints "closed yes" if the cache closes
 *				the current connection within SECS
 *				(input before that is discarded), else
 *				"closed no"
 *   hold SECS			sleep (SECS may have a fraction)
 *   exit			exit at once (status 0), sockets unclosed
 *
 * Properties are printed with bytes outside 0x21..0x7e as \xHH.
 * Exit status: 0 when the commands ran (results are for the caller to
 * judge), 1 on usage or connection errors, 2 when the total time limit
 * (default 30 s) passed.
 *
 * Trust: a test program; not installed.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include "attr.h"
#include "buf.h"
#include "fdpass.h"
#include "htable.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"
#include "stream.h"

#define MAX_CONN	16
#define MAX_PAIRS	256
#define IO_TIMEOUT_MS	10000

struct pair {
    char   *name;
    int     local;			/* kept here */
    int     far;			/* passed to the cache */
    long    saved_ms;			/* when passed */
};

static const char *sock_path;
static struct stream *conns[MAX_CONN];
static int nconns;
static struct stream *cur;
static struct pair pairs[MAX_PAIRS];
static int npairs;
static int found_fd = -1;

static void usage(void)
{
    msg_fatal("usage: scache_probe [-T secs] -s socket command...");
}

static void on_alarm(int sig)
{
    (void) sig;
    (void) write(1, "timeout\n", 8);
    _exit(2);
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (ts.tv_sec * 1000L + ts.tv_nsec / 1000000);
}

static struct pair *find_pair(const char *name)
{
    int     i;

    for (i = 0; i < npairs; i++)
        if (strcmp(pairs[i].name, name) == 0)
            return (pairs + i);
    msg_fatal("no pair %s", name);
}

static struct pair *new_pair(const char *name)
{
    if (npairs >= MAX_PAIRS)
        msg_fatal("too many pairs");
    pairs[npairs].name = xstrdup(name);
    pairs[npairs].saved_ms = 0;
    return (pairs + npairs++);
}

static void make_tcp(struct pair *p)
{
    struct sockaddr_in sin;
    socklen_t len = sizeof(sin);
    int     lfd;

    if ((lfd = inet_listen("127.0.0.1:0", 1, 1)) < 0
        || getsockname(lfd, (struct sockaddr *) &sin, &len) < 0)
        msg_fatal("tcp listener: %m");
    if ((p->far = sock_connect_sa((struct sockaddr *) &sin, len, NULL, 0,
                                  IO_TIMEOUT_MS)) < 0)
        msg_fatal("tcp connect: %m");
    if ((p->local = accept(lfd, NULL, NULL)) < 0)
        msg_fatal("tcp accept: %m");
    close(lfd);
}

static void do_connect(void)
{
    int     fd;

    if (nconns >= MAX_CONN)
        msg_fatal("too many connections");
    if ((fd = unix_connect(sock_path, 1, IO_TIMEOUT_MS)) < 0)
        msg_fatal("connect %s: %m", sock_path);
    cur = conns[nconns++] = stream_open(fd);
    stream_set_timeout(cur, IO_TIMEOUT_MS);
    stream_set_name(cur, sock_path);
    if (attr_expect_protocol(cur, ATTR_ENC_0, "connection_cache_protocol") < 0)
        msg_fatal("bad announcement from %s", sock_path);
}

/* show - a property for printing */

static const char *show(struct buf *out, const char *s)
{
    buf_reset(out);
    for (; *s; s++) {
        if ((unsigned char) *s > 0x20 && (unsigned char) *s < 0x7f
            && *s != '\\')
            buf_putc(out, *s);
        else
            buf_printf(out, "\\x%02x", (unsigned char) *s);
    }
    return (buf_str(out));
}

static int read_status(int *status)
{
    return (attr_scan(cur, ATTR_ENC_0, ATTR_FLAG_STRICT,
                      RECV_INT("status", status), ATTR_END) == 1 ? 0 : -1);
}

static void send_request(const char *name, int ttl, const char *l1,
                         const char *p1, const char *l2)
{
    int     r;

    if (l2 != NULL)
        r = attr_print(cur, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_STR("request", name), SEND_INT("ttl", ttl),
                       SEND_STR("label", l1), SEND_STR("property", p1),
                       SEND_STR("label", l2), ATTR_END);
    else if (p1 != NULL)
        r = attr_print(cur, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_STR("request", name), SEND_INT("ttl", ttl),
                       SEND_STR("label", l1), SEND_STR("property", p1),
                       ATTR_END);
    else if (l1 != NULL)
        r = attr_print(cur, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_STR("request", name), SEND_STR("label", l1),
                       ATTR_END);
    else
        r = attr_print(cur, ATTR_ENC_0, ATTR_FLAG_NONE,
                       SEND_STR("request", name), ATTR_END);
    if (r < 0)
        msg_fatal("%s: cannot send request", name);
}

static void save_endp(const char *ttl, const char *label, const char *props,
                      struct pair *p)
{
    struct buf *dummy = buf_new(8);
    int     status = -1;

    struct htable *reply = htable_new(4);
    const char *value;

    send_request("save_endp", atoi(ttl), label, props, NULL);
    /* The dummy, or a status when the request was refused. */
    if (attr_scan(cur, ATTR_ENC_0, ATTR_FLAG_NONE, RECV_HASH(reply),
                  ATTR_END) != 1)
        msg_fatal("save_endp: no reply");
    if ((value = htable_find(reply, "status")) != NULL) {
        printf("save_endp status=%s\n", value);
        htable_free(reply, free);
        buf_free(dummy);
        return;
    }
    if (!htable_has(reply, "dummy"))
        msg_fatal("save_endp: no dummy");
    htable_free(reply, free);
    if (p == NULL) {
        buf_free(dummy);
        return;
    }
    if (fd_send(stream_fd(cur), p->far) < 0)
        msg_fatal("save_endp: send fd: %m");
    p->saved_ms = now_ms();
    if (read_status(&status) < 0)
        msg_fatal("save_endp: no status");
    close(p->far);
    p->far = -1;
    printf("save_endp status=%d\n", status);
    buf_free(dummy);
}

/* take_fd - the dummy / fd / dummy exchange after status 0 */

static void take_fd(const char *what)
{
    if (attr_print(cur, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("dummy", ""), ATTR_END) < 0)
        msg_fatal("%s: send dummy", what);
    if (stream_buffered(cur) > 0)
        msg_fatal("%s: unexpected data before the fd", what);
    if ((found_fd = fd_recv(stream_fd(cur))) < 0)
        msg_fatal("%s: receive fd: %m", what);
    if (attr_print(cur, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("dummy", ""), ATTR_END) < 0)
        msg_fatal("%s: send dummy", what);
}

static void find_endp(const char *label)
{
    struct buf *props = buf_new(100);
    struct buf *out = buf_new(100);
    int     status = -1;

    send_request("find_endp", 0, label, NULL, NULL);
    if (attr_scan(cur, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_INT("status", &status), RECV_STR("property", props),
                  ATTR_END) != 2)
        msg_fatal("find_endp: bad reply");
    printf("find_endp status=%d property=%s\n", status, show(out, buf_str(props)));
    if (status == 0)
        take_fd("find_endp");
    buf_free(props);
    buf_free(out);
}

static void find_dest(const char *label)
{
    struct buf *dprops = buf_new(100);
    struct buf *eprops = buf_new(100);
    struct buf *out = buf_new(100);
    int     status = -1;

    send_request("find_dest", 0, label, NULL, NULL);
    if (attr_scan(cur, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_INT("status", &status), RECV_STR("property", dprops),
                  RECV_STR("property", eprops), ATTR_END) != 3)
        msg_fatal("find_dest: bad reply");
    printf("find_dest status=%d property=%s", status,
           show(out, buf_str(dprops)));
    printf(" property=%s\n", show(out, buf_str(eprops)));
    if (status == 0)
        take_fd("find_dest");
    buf_free(dprops);
    buf_free(eprops);
    buf_free(out);
}

/* readable - wait up to ms for fd to be readable */

static int readable(int fd, int ms)
{
    struct pollfd pfd = {fd, POLLIN, 0};

    return (poll(&pfd, 1, ms) > 0);
}

/* transfer - write a token into wfd and read it back from rfd */

static const char *transfer(int wfd, int rfd, const char *token)
{
    char    got[64];
    size_t  len = strlen(token);
    ssize_t n;

    if (write(wfd, token, len) != (ssize_t) len)
        return ("write failed");
    if (!readable(rfd, IO_TIMEOUT_MS))
        return ("nothing arrived");
    n = read(rfd, got, sizeof(got));
    if (n != (ssize_t) len || memcmp(got, token, len) != 0)
        return ("other bytes arrived");
    return (NULL);
}

static void verify(struct pair *p)
{
    char    token[64];
    const char *why;

    if (found_fd < 0) {
        printf("verify %s failed: no fd found\n", p->name);
        return;
    }
    snprintf(token, sizeof(token), "ping %s %ld", p->name, (long) getpid());
    if ((why = transfer(found_fd, p->local, token)) == NULL) {
        snprintf(token, sizeof(token), "pong %s %ld", p->name, (long) getpid());
        why = transfer(p->local, found_fd, token);
    }
    if (why)
        printf("verify %s failed: %s\n", p->name, why);
    else
        printf("verify %s ok\n", p->name);
    close(found_fd);
    found_fd = -1;
}

static void wait_eof(struct pair *p, const char *secs)
{
    char    byte;
    ssize_t n;

    if (!readable(p->local, atoi(secs) * 1000)) {
        printf("eof %s none\n", p->name);
        return;
    }
    n = read(p->local, &byte, 1);
    if (n == 0)
        printf("eof %s ms=%ld\n", p->name, now_ms() - p->saved_ms);
    else
        printf("eof %s data\n", p->name);
}

static void send_raw(const char *text)
{
    struct buf *b = buf_new(100);
    unsigned int hex;

    for (; *text; text++) {
        if (*text != '\\') {
            buf_putc(b, *text);
        } else if (text[1] == '0') {
            buf_putc(b, 0);
            text++;
        } else if (text[1] == 'n') {
            buf_putc(b, '\n');
            text++;
        } else if (text[1] == 'x' && sscanf(text + 2, "%2x", &hex) == 1) {
            buf_putc(b, (int) hex);
            text += 3;
        } else if (text[1]) {
            buf_putc(b, *++text);
        }
    }
    if (stream_write(cur, buf_str(b), buf_len(b)) < 0
        || stream_flush(cur) < 0)
        printf("send failed\n");
    buf_free(b);
}

static void wait_closed(const char *secs)
{
    long    end = now_ms() + atoi(secs) * 1000L;
    char    junk[512];
    ssize_t n;

    while (now_ms() < end) {
        if (!readable(stream_fd(cur), (int) (end - now_ms())))
            break;
        if ((n = read(stream_fd(cur), junk, sizeof(junk))) <= 0) {
            printf("closed yes\n");
            return;
        }
    }
    printf("closed no\n");
}

/* need - the command's arguments are there */

static char **need(char **av, int n)
{
    int     i;

    for (i = 1; i <= n; i++)
        if (av[i] == NULL)
            msg_fatal("%s: needs %d argument(s)", av[0], n);
    if (cur == NULL && strcmp(av[0], "pair") != 0 && strcmp(av[0], "tcp") != 0
        && strcmp(av[0], "hold") != 0 && strcmp(av[0], "exit") != 0
        && strcmp(av[0], "eof") != 0)
        msg_fatal("%s: no connection (use connect first)", av[0]);
    return (av + 1 + n);
}

static char **run(char **av)
{
    const char *c = av[0];
    struct pair *p;

    if (strcmp(c, "connect") == 0) {
        do_connect();
        return (av + 1);
    }
    if (strcmp(c, "use") == 0) {
        int     n = atoi(av[1] ? av[1] : "0");

        if (n < 1 || n > nconns)
            msg_fatal("use: no connection %s", av[1] ? av[1] : "");
        cur = conns[n - 1];
        return (av + 2);
    }
    if (strcmp(c, "pair") == 0 || strcmp(c, "tcp") == 0) {
        int     sv[2];

        p = new_pair((need(av, 1), av[1]));
        if (c[0] == 't') {
            make_tcp(p);
        } else {
            if (socketpair(AF_UNIX, SOCK_STREAM, 0, sv) < 0)
                msg_fatal("socketpair: %m");
            p->local = sv[0];
            p->far = sv[1];
        }
        return (av + 2);
    }
    if (strcmp(c, "save_endp") == 0) {
        char  **next = need(av, 4);

        save_endp(av[1], av[2], av[3], find_pair(av[4]));
        return (next);
    }
    if (strcmp(c, "save_endp_nofd") == 0) {
        char  **next = need(av, 3);

        save_endp(av[1], av[2], av[3], NULL);
        return (next);
    }
    if (strcmp(c, "find_endp") == 0) {
        char  **next = need(av, 1);

        find_endp(av[1]);
        return (next);
    }
    if (strcmp(c, "save_dest") == 0) {
        char  **next = need(av, 4);
        int     status = -1;

        send_request("save_dest", atoi(av[1]), av[2], av[3], av[4]);
        if (read_status(&status) < 0)
            msg_fatal("save_dest: no status");
        printf("save_dest status=%d\n", status);
        return (next);
    }
    if (strcmp(c, "find_dest") == 0) {
        char  **next = need(av, 1);

        find_dest(av[1]);
        return (next);
    }
    if (strcmp(c, "request") == 0) {
        char  **next = need(av, 1);
        int     status = -1;

        send_request(av[1], 0, NULL, NULL, NULL);
        if (read_status(&status) < 0)
            msg_fatal("request: no status");
        printf("request status=%d\n", status);
        return (next);
    }
    if (strcmp(c, "verify") == 0) {
        char  **next = need(av, 1);

        verify(find_pair(av[1]));
        return (next);
    }
    if (strcmp(c, "eof") == 0) {
        char  **next = need(av, 2);

        wait_eof(find_pair(av[1]), av[2]);
        return (next);
    }
    if (strcmp(c, "send") == 0) {
        char  **next = need(av, 1);

        send_raw(av[1]);
        return (next);
    }
    if (strcmp(c, "closed") == 0) {
        char  **next = need(av, 1);

        wait_closed(av[1]);
        return (next);
    }
    if (strcmp(c, "hold") == 0) {
        char  **next = need(av, 1);

        double  secs = atof(av[1]);
        struct timespec ts;

        fflush(stdout);
        if (secs > 0) {
            ts.tv_sec = (time_t) secs;
            ts.tv_nsec = (long) ((secs - (double) ts.tv_sec) * 1e9);
            while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
                 /* void */ ;
        }
        return (next);
    }
    if (strcmp(c, "exit") == 0) {
        fflush(stdout);
        _exit(0);
    }
    msg_fatal("unknown command: %s", c);
}

int     main(int argc, char **argv)
{
    int     total = 30;
    int     ch;
    char  **av;

    signal(SIGPIPE, SIG_IGN);
    while ((ch = getopt(argc, argv, "s:T:")) != -1) {
        switch (ch) {
        case 's':
            sock_path = optarg;
            break;
        case 'T':
            total = atoi(optarg);
            break;
        default:
            usage();
        }
    }
    if (sock_path == NULL || optind >= argc || total <= 0)
        usage();
    signal(SIGALRM, on_alarm);
    alarm((unsigned) total);
    setvbuf(stdout, NULL, _IOLBF, 0);
    for (av = argv + optind; *av != NULL; /* void */ )
        av = run(av);
    return (0);
}
