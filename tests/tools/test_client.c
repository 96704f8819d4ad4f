/*
 * test_client - client for test_single / test_multi (and test_trigger)
 *
 * Usage: test_client [-n count] [-p parallel] [-d delay_ms] [-r request]
 *		[-t timeout_s] [-m] [-w] SOCKET_PATH
 *
 * Default: `count` (1) connections, at most `parallel` (1) at a time
 * (one worker process per parallel slot, each running its share one
 * after another).  Per connection: expect the announcement
 * {protocol=postern_test_protocol}, send {request (default "hello"),
 * delay_ms (default 0)}, read {status=0, pid, count}, close.
 *
 * -m (multi-server): one process opens `parallel` connections and
 * keeps them all open; then `count` requests in total go out round-
 * robin, in rounds: a request on every connection, then every reply.
 *
 * -w (trigger): per connection write the request text raw (no
 * attributes, no announcement) and close; nothing is printed.
 *
 * Each reply prints one line "pid=N count=C" on stdout.  Every I/O
 * step is bounded by timeout_s (default 10).  Exit 0 only if every
 * request got a valid reply; else 1, with the reason on stderr.
 *
 * Trust: a test program; not installed.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "mem.h"
#include "msg.h"
#include "sock.h"
#include "stream.h"

#define TEST_PROTOCOL	"postern_test_protocol"

struct opts {
    int     count;
    int     parallel;
    int     delay_ms;
    int     timeout_s;
    int     many;			/* -m */
    int     raw;			/* -w */
    const char *request;
    const char *path;
};

static _Noreturn void usage(void)
{
    msg_fatal("usage: test_client [-n count] [-p parallel] [-d delay_ms] "
              "[-r request] [-t timeout_s] [-m] [-w] SOCKET_PATH");
}

static int number(const char *arg, int min)
{
    char   *end;
    long    n = strtol(arg, &end, 10);

    if (end == arg || *end != 0 || n < min || n > 1000000)
        usage();
    return ((int) n);
}

/* conn_open - connect, expect the announcement (unless -w) */

static struct stream *conn_open(const struct opts *o)
{
    struct stream *s;
    int     fd;

    if ((fd = unix_connect(o->path, 1, o->timeout_s * 1000)) < 0) {
        msg_warn("connect %s: %m", o->path);
        return (NULL);
    }
    s = stream_open(fd);
    stream_set_timeout(s, o->timeout_s * 1000);
    stream_set_name(s, o->path);
    if (!o->raw && attr_expect_protocol(s, ATTR_ENC_0, TEST_PROTOCOL) < 0) {
        msg_warn("%s: no protocol announcement", o->path);
        (void) stream_close(s);
        return (NULL);
    }
    return (s);
}

static int conn_send(struct stream *s, const struct opts *o)
{
    if (o->raw)
        return (stream_puts(s, o->request) < 0 || stream_flush(s) < 0 ? -1 : 0);
    if (attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                   SEND_STR("request", o->request),
                   SEND_INT("delay_ms", o->delay_ms), ATTR_END) < 0) {
        msg_warn("%s: send request failed", o->path);
        return (-1);
    }
    return (0);
}

/* conn_reply - read and print one reply */

static int conn_reply(struct stream *s, const struct opts *o)
{
    int     status = -1;
    int     pid = 0;
    int     count = 0;
    struct buf *line;
    ssize_t n;

    if (o->raw)
        return (0);
    if (attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT, RECV_INT("status", &status),
                  RECV_INT("pid", &pid), RECV_INT("count", &count),
                  ATTR_END) != 3 || status != 0) {
        msg_warn("%s: no valid reply", o->path);
        return (-1);
    }
    line = buf_new(64);
    buf_printf(line, "pid=%d count=%d\n", pid, count);
    n = write(STDOUT_FILENO, buf_str(line), buf_len(line));
    buf_free(line);
    return (n < 0 ? -1 : 0);
}

/* one_shot - connection, request, reply, close */

static int one_shot(const struct opts *o)
{
    struct stream *s;
    int     ret;

    if ((s = conn_open(o)) == NULL)
        return (-1);
    ret = (conn_send(s, o) < 0 || conn_reply(s, o) < 0) ? -1 : 0;
    if (stream_close(s) < 0 && ret == 0 && o->raw) {
        msg_warn("%s: close: %m", o->path);
        ret = -1;
    }
    return (ret);
}

/* run_workers - `parallel` processes share `count` connections */

static int run_workers(const struct opts *o)
{
    int     failed = 0;
    int     status;
    int     w;
    int     i;
    pid_t   pid;

    for (w = 0; w < o->parallel; w++) {
        if ((pid = fork()) < 0)
            msg_fatal("fork: %m");
        if (pid == 0) {
            for (i = w; i < o->count; i += o->parallel)
                if (one_shot(o) < 0)
                    _exit(1);
            _exit(0);
        }
    }
    while ((pid = wait(&status)) > 0)
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
            failed = 1;
    return (failed ? -1 : 0);
}

/* run_many - -m: parallel persistent connections, count requests */

static int run_many(const struct opts *o)
{
    struct stream **conns = xcalloc(o->parallel, sizeof(*conns));
    int     ret = 0;
    int     done;
    int     i;

    for (i = 0; i < o->parallel && ret == 0; i++)
        if ((conns[i] = conn_open(o)) == NULL)
            ret = -1;
    for (done = 0; ret == 0 && done < o->count; done += o->parallel) {
        for (i = 0; ret == 0 && i < o->parallel && done + i < o->count; i++)
            ret = conn_send(conns[i], o);
        for (i = 0; ret == 0 && i < o->parallel && done + i < o->count; i++)
            ret = conn_reply(conns[i], o);
    }
    for (i = 0; i < o->parallel; i++)
        if (conns[i])
            (void) stream_close(conns[i]);
    free(conns);
    return (ret);
}

int     main(int argc, char **argv)
{
    struct opts o = {1, 1, 0, 10, 0, 0, "hello", NULL};
    int     c;

    msg_init("test_client");
    msg_stderr(1);
    while ((c = getopt(argc, argv, "n:p:d:r:t:mw")) != -1) {
        switch (c) {
        case 'n': o.count = number(optarg, 1); break;
        case 'p': o.parallel = number(optarg, 1); break;
        case 'd': o.delay_ms = number(optarg, 0); break;
        case 'r': o.request = optarg; break;
        case 't': o.timeout_s = number(optarg, 1); break;
        case 'm': o.many = 1; break;
        case 'w': o.raw = 1; break;
        default: usage();
        }
    }
    if (argc != optind + 1)
        usage();
    o.path = argv[optind];
    if (!o.many && o.parallel > o.count)
        o.parallel = o.count;
    if ((o.many ? run_many(&o) : run_workers(&o)) < 0)
        msg_fatal("not every request got a valid reply");
    return (0);
}
