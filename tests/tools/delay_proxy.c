/*
 * delay_proxy - a TCP relay on loopback that delays every chunk
 *
 * Usage: delay_proxy -l 127.0.0.1:PORT -c 127.0.0.1:PORT [-d ms] [-H]
 *		[-T total_timeout_s] [-r ready_file] [-n max_conns]
 *
 * Accepts connections on -l; for each it connects to -c and relays
 * bytes both ways.  Every chunk read (up to 64 KB) is written to the
 * other side -d milliseconds (default 10) after it was read, in order,
 * so a round trip through the proxy costs 2 x d: a stand-in for a WAN
 * round-trip delay where netem is not available (tests/bench).  An end
 * of input is passed on (shutdown of the write side) after the same
 * delay; an error on either side closes both.  The TCP handshake with
 * the client is not delayed; with -H its round trip is charged instead:
 * the first bytes from the server reach the client one round trip
 * (2 x d) later than the other chunks, as after a handshake over a real
 * link (the client's connect() returns at once, but it waits for the
 * greeting as long as it would in all).
 *
 * Bounded: at most -n (default 200) relayed connections at a time
 * (more wait in the listen queue), queued data per direction at most
 * 4 MB (reading pauses above that), and the whole program exits after
 * -T seconds (default 600).  -r writes the listening port and a newline
 * once ready.  Single process, poll(2) driven, non-blocking I/O.
 *
 * Trust: a test program; not installed.
 */
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "msg.h"
#include "sock.h"

#define CHUNK		65536
#define QUEUE_LIMIT	(4L * 1024 * 1024)

struct chunk {
    long long due_ms;			/* when to write it */
    size_t  len;			/* 0: end of input marker */
    size_t  off;			/* written so far */
    struct chunk *next;
    char    data[];
};

struct dir {				/* one direction: from -> to */
    int     from;
    int     to;
    struct chunk *head;
    struct chunk *tail;
    long    queued;
    int     eof_read;			/* saw end of input on from */
    int     done;			/* end passed on */
    int     extra;			/* ms added to the first chunk */
};

struct conn {
    struct dir up;			/* client -> server */
    struct dir down;			/* server -> client */
    int     dead;
};

static long long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void dir_push(struct dir *d, const char *p, size_t n, long long due)
{
    struct chunk *c = xmalloc(sizeof(*c) + n);

    c->due_ms = due;
    c->len = n;
    c->off = 0;
    c->next = NULL;
    if (n)
        memcpy(c->data, p, n);
    if (d->tail)
        d->tail->next = c;
    else
        d->head = c;
    d->tail = c;
    d->queued += (long) n;
}

static void dir_free(struct dir *d)
{
    struct chunk *c;

    while ((c = d->head) != NULL) {
        d->head = c->next;
        free(c);
    }
    d->tail = NULL;
}

/* dir_read - read what is there; -1 on error */

static int dir_read(struct dir *d, int delay)
{
    char    buf[CHUNK];
    ssize_t n = read(d->from, buf, sizeof(buf));

    if (n < 0)
        return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
    if (n == 0)
        d->eof_read = 1;
    dir_push(d, buf, (size_t) n, now_ms() + delay + d->extra);
    d->extra = 0;
    return 0;
}

/* dir_write - write what is due; -1 on error */

static int dir_write(struct dir *d, long long now)
{
    struct chunk *c;
    ssize_t n;

    while ((c = d->head) != NULL && c->due_ms <= now) {
        if (c->len == 0) {
            (void) shutdown(d->to, SHUT_WR);
            d->done = 1;
        } else {
            n = write(d->to, c->data + c->off, c->len - c->off);
            if (n < 0)
                return (errno == EAGAIN || errno == EINTR) ? 0 : -1;
            c->off += (size_t) n;
            if (c->off < c->len)
                return 0;
            d->queued -= (long) c->len;
        }
        d->head = c->next;
        if (d->head == NULL)
            d->tail = NULL;
        free(c);
    }
    return 0;
}

static void usage(void)
{
    msg_fatal("usage: delay_proxy -l addr:port -c addr:port [-d ms] [-H] "
              "[-T seconds] [-r ready_file] [-n max_conns]");
}

int     main(int argc, char **argv)
{
    const char *listen_at = NULL;
    const char *connect_to = NULL;
    const char *ready = NULL;
    int     delay = 10;
    int     total = 600;
    int     maxc = 200;
    int     handshake = 0;
    struct sockaddr_storage ss;
    socklen_t sslen;
    char   *host;
    char   *port;
    struct conn **conns;
    struct pollfd *pfd;
    int     nconn = 0;
    int     lfd;
    int     ch;
    long long deadline;
    FILE   *fp;

    msg_init("delay_proxy");
    while ((ch = getopt(argc, argv, "l:c:d:HT:r:n:")) != -1) {
        switch (ch) {
        case 'l': listen_at = optarg; break;
        case 'c': connect_to = optarg; break;
        case 'd': delay = atoi(optarg); break;
        case 'H': handshake = 1; break;
        case 'T': total = atoi(optarg); break;
        case 'r': ready = optarg; break;
        case 'n': maxc = atoi(optarg); break;
        default: usage();
        }
    }
    if (!listen_at || !connect_to || delay < 0 || delay > 10000
        || total < 1 || maxc < 1 || maxc > 10000)
        usage();
    if (host_port_split(connect_to, &host, &port, "25") < 0
        || sockaddr_parse(host, port, &ss, &sslen) < 0)
        msg_fatal("bad -c address: %s", connect_to);
    free(host);
    free(port);
    if ((lfd = inet_listen(listen_at, 128, 0)) < 0)
        msg_fatal("listen %s: %m", listen_at);
    if (ready) {
        if ((fp = fopen(ready, "w")) == NULL)
            msg_fatal("open %s: %m", ready);
        {
            struct sockaddr_storage la;
            socklen_t lal = sizeof(la);

            if (getsockname(lfd, (struct sockaddr *) &la, &lal) < 0)
                msg_fatal("getsockname: %m");
            fprintf(fp, "%d\n", sockaddr_port((struct sockaddr *) &la));
        }
        fclose(fp);
    }
    conns = xcalloc((size_t) maxc, sizeof(*conns));
    pfd = xcalloc((size_t) maxc * 2 + 1, sizeof(*pfd));
    deadline = now_ms() + (long long) total * 1000;

    for (;;) {
        long long now = now_ms();
        long long next = deadline;
        int     np = 0;
        int     i;
        int     timeout;

        if (now >= deadline)
            break;
        /* Poll set: the listener (when there is room), each side. */
        pfd[np].fd = nconn < maxc ? lfd : -1;
        pfd[np++].events = POLLIN;
        for (i = 0; i < nconn; i++) {
            struct conn *c = conns[i];
            struct dir *d[2] = {&c->up, &c->down};
            int     k;

            /* Entry k is d[k]->from, which is also d[1 - k]->to. */
            for (k = 0; k < 2; k++) {
                struct dir *w = d[1 - k];

                pfd[np].fd = d[k]->from;
                pfd[np].events = 0;
                if (!d[k]->eof_read && d[k]->queued < QUEUE_LIMIT)
                    pfd[np].events |= POLLIN;
                if (w->head && w->head->due_ms <= now)
                    pfd[np].events |= POLLOUT;
                else if (w->head && w->head->due_ms < next)
                    next = w->head->due_ms;
                np++;
            }
        }
        timeout = next > now ? (int) (next - now) : 0;
        if (poll(pfd, (nfds_t) np, timeout) < 0 && errno != EINTR)
            msg_fatal("poll: %m");
        now = now_ms();

        /* New connections. */
        if (pfd[0].fd >= 0 && (pfd[0].revents & POLLIN)) {
            int     cfd = accept(lfd, NULL, NULL);
            int     sfd;

            if (cfd >= 0) {
                sfd = sock_connect_sa((struct sockaddr *) &ss, sslen, NULL, 0,
                                      5000);
                if (sfd < 0) {
                    msg_warn("connect %s: %m", connect_to);
                    close(cfd);
                } else {
                    struct conn *c = xcalloc(1, sizeof(*c));

                    (void) sock_set_nonblock(cfd, 1);
                    (void) sock_set_nonblock(sfd, 1);
                    (void) sock_set_nodelay(cfd, 1);
                    (void) sock_set_nodelay(sfd, 1);
                    c->up.from = cfd;
                    c->up.to = sfd;
                    c->down.from = sfd;
                    c->down.extra = handshake ? 2 * delay : 0;
                    c->down.to = cfd;
                    conns[nconn++] = c;
                }
            }
        }

        /* Reads, then due writes; then reap finished pairs. */
        for (i = 0; i < nconn; i++) {
            struct conn *c = conns[i];
            short   ru = pfd[1 + 2 * i].revents;
            short   rd = pfd[2 + 2 * i].revents;

            if (1 + 2 * i >= np)
                break;				/* accepted in this round */
            if ((ru & (POLLIN | POLLHUP | POLLERR)) && !c->up.eof_read
                && dir_read(&c->up, delay) < 0)
                c->dead = 1;
            if ((rd & (POLLIN | POLLHUP | POLLERR)) && !c->down.eof_read
                && dir_read(&c->down, delay) < 0)
                c->dead = 1;
        }
        for (i = 0; i < nconn; i++) {
            struct conn *c = conns[i];

            if (!c->dead && (dir_write(&c->up, now) < 0
                             || dir_write(&c->down, now) < 0))
                c->dead = 1;
            if (c->dead || (c->up.done && c->down.done)) {
                close(c->up.from);
                close(c->down.from);
                dir_free(&c->up);
                dir_free(&c->down);
                free(c);
                conns[i--] = conns[--nconn];
            }
        }
    }
    return 0;
}
