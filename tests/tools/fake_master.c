/*
 * fake_master - run a service with master's fd layout, without master
 *
 * Usage: fake_master [-f] [-g gen] [-n children] [-T timeout_s]
 *		-l PATH -- PROGRAM [ARGS...]
 *
 * Builds what Postfix's master hands a child (reference section 2.1):
 * fd 0 /dev/null, fd 1 and 2 this program's stderr, fds 3/4 a
 * non-blocking pipe (flow control), fd 5 one end of a socketpair (the
 * status channel; this program keeps and reads the other end), fd 6
 * the listener: a non-blocking UNIX stream socket bound to PATH, or
 * with -f a fifo at PATH opened read-write and non-blocking.  Each of
 * `children` (default 1) children gets GENERATION in the environment
 * as octal text: gen (octal, default 17), gen+1, ...  The child runs
 * execv(PROGRAM, [PROGRAM, ARGS...]), so argv[0] is PROGRAM.
 *
 * Output on stdout, one line each, flushed as it happens:
 *   child pid=N gen=G		after each fork (G octal)
 *   pid=N gen=G status=S	each 12-byte status record (G octal;
 *				S 0 = TAKEN, 1 = AVAIL)
 *   closed status channel	after SIGUSR1 (then children see EOF)
 *   exit pid=N status=S	a child exited (or: signal=S)
 *   timeout			timeout_s (default 30) passed: the
 *				remaining children are killed, exit 2
 * It exits 0 when all children have been reaped.
 *
 * Trust: a test program; not installed.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "master_proto.h"
#include "msg.h"
#include "sock.h"

#define MAX_CHILDREN	64
#define HIGH_FD		20		/* staging area above the targets */

static volatile sig_atomic_t got_usr1;
static int status_fd = -1;		/* our end of the status channel */
static int status_open = 1;		/* no EOF seen on it */
static pid_t children[MAX_CHILDREN];
static int nchildren;

static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
    char    line[256];
    va_list ap;
    int     n;

    va_start(ap, fmt);
    n = vsnprintf(line, sizeof(line), fmt, ap);
    va_end(ap);
    if (n > 0 && write(STDOUT_FILENO, line, (size_t) n) < 0)
        exit(2);
}

static void on_usr1(int sig)
{
    (void) sig;
    got_usr1 = 1;
}

/* high - move a descriptor out of the way of fds 0..6, close-on-exec */

static int high(int fd)
{
    int     nfd;

    if (fd < 0)
        msg_fatal("setup: %m");
    if ((nfd = fcntl(fd, F_DUPFD_CLOEXEC, HIGH_FD)) < 0)
        msg_fatal("fcntl F_DUPFD: %m");
    close(fd);
    return (nfd);
}

/* open_listener - UNIX socket or fifo at path */

static int open_listener(const char *path, int fifo)
{
    if (!fifo)
        return (high(unix_listen(path, 100, 0)));
    (void) unlink(path);
    if (mkfifo(path, 0622) < 0)
        msg_fatal("mkfifo %s: %m", path);
    return (high(open(path, O_RDWR | O_NONBLOCK)));
}

/* start_child - fork and exec with the master fd layout */

static pid_t start_child(char **argv, const int fds[4], unsigned gen)
{
    char    genbuf[32];
    pid_t   pid;
    int     null;

    if ((pid = fork()) != 0)
        return (pid);
    snprintf(genbuf, sizeof(genbuf), "%o", gen);
    if ((null = open("/dev/null", O_RDWR)) < 0
        || dup2(null, 0) < 0 || dup2(2, 1) < 0
        || dup2(fds[0], MASTER_FLOW_READ) < 0
        || dup2(fds[1], MASTER_FLOW_WRITE) < 0
        || dup2(fds[2], MASTER_STATUS_FD) < 0
        || dup2(fds[3], MASTER_LISTEN_FD) < 0
        || setenv(MASTER_GEN_NAME, genbuf, 1) < 0)
        _exit(127);
    if (null > MASTER_LISTEN_FD)
        close(null);
    execv(argv[0], argv);
    fprintf(stderr, "fake_master: execv %s: %s\n", argv[0], strerror(errno));
    _exit(127);
}

/* read_status - print complete records; 0 at EOF */

static int read_status(void)
{
    static char buf[sizeof(struct master_status) * 64];
    static size_t len;
    struct master_status st;
    ssize_t n;
    size_t  off = 0;

    if ((n = read(status_fd, buf + len, sizeof(buf) - len)) <= 0)
        return (n == 0 ? 0 : (errno == EINTR || errno == EAGAIN) ? 1 : 0);
    len += n;
    for (; len - off >= sizeof(st); off += sizeof(st)) {
        memcpy(&st, buf + off, sizeof(st));
        say("pid=%d gen=%o status=%d\n", st.pid, st.gen, st.avail);
    }
    memmove(buf, buf + off, len - off);
    len -= off;
    return (1);
}

/* drain - print every record that is already there */

static void drain(void)
{
    struct pollfd pfd;

    while (status_fd >= 0 && status_open) {
        pfd.fd = status_fd;
        pfd.events = POLLIN;
        if (poll(&pfd, 1, 0) <= 0)
            return;
        status_open = read_status();
    }
}

/* reap - report finished children; returns how many are left */

static int reap(void)
{
    int     status;
    int     left = 0;
    int     i;

    for (i = 0; i < nchildren; i++) {
        if (children[i] <= 0)
            continue;
        if (waitpid(children[i], &status, WNOHANG) != children[i]) {
            left++;
            continue;
        }
        drain();
        if (WIFEXITED(status))
            say("exit pid=%d status=%d\n", (int) children[i],
                WEXITSTATUS(status));
        else
            say("exit pid=%d signal=%d\n", (int) children[i],
                WTERMSIG(status));
        children[i] = 0;
    }
    return (left);
}

static void close_status(void)
{
    if (status_fd >= 0) {
        drain();
        close(status_fd);
        status_fd = -1;
        say("closed status channel\n");
    }
}

/* supervise - until every child is gone or time is up */

static int supervise(long timeout_ms)
{
    struct timespec t0, t1;
    struct pollfd pfd;

    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (got_usr1)
            close_status();
        if (status_fd >= 0 && status_open) {
            pfd.fd = status_fd;
            pfd.events = POLLIN;
            if (poll(&pfd, 1, 50) > 0)
                drain();
        } else {
            usleep(50000);
        }
        if (reap() == 0)
            return (0);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        if ((t1.tv_sec - t0.tv_sec) * 1000L
            + (t1.tv_nsec - t0.tv_nsec) / 1000000 > timeout_ms)
            return (-1);
    }
}

static void kill_all(void)
{
    int     i;

    for (i = 0; i < nchildren; i++)
        if (children[i] > 0)
            kill(children[i], SIGKILL);
    while (wait(NULL) > 0)
         /* void */ ;
}

int     main(int argc, char **argv)
{
    const char *path = NULL;
    unsigned gen = 017;
    int     fifo = 0;
    int     timeout_s = 30;
    int     pipefd[2], pair[2], fds[4];
    int     c, i;

    msg_init("fake_master");
    msg_stderr(1);
    while ((c = getopt(argc, argv, "fg:l:n:T:")) != -1) {
        switch (c) {
        case 'f': fifo = 1; break;
        case 'g': gen = (unsigned) strtoul(optarg, NULL, 8); break;
        case 'l': path = optarg; break;
        case 'n': nchildren = atoi(optarg); break;
        case 'T': timeout_s = atoi(optarg); break;
        default: msg_fatal("bad option; see the source");
        }
    }
    if (nchildren <= 0)
        nchildren = 1;
    if (path == NULL || optind >= argc || nchildren > MAX_CHILDREN)
        msg_fatal("usage: fake_master [-f] [-g gen] [-n children] "
                  "[-T timeout_s] -l PATH -- PROGRAM [ARGS...]");
    signal(SIGPIPE, SIG_IGN);
    signal(SIGUSR1, on_usr1);
    if (pipe2(pipefd, O_NONBLOCK) < 0
        || socketpair(AF_UNIX, SOCK_STREAM, 0, pair) < 0)
        msg_fatal("pipe/socketpair: %m");
    fds[0] = high(pipefd[0]);
    fds[1] = high(pipefd[1]);
    fds[2] = high(pair[1]);
    status_fd = high(pair[0]);
    fds[3] = open_listener(path, fifo);
    for (i = 0; i < nchildren; i++) {
        if ((children[i] = start_child(argv + optind, fds, gen + i)) < 0)
            msg_fatal("fork: %m");
        say("child pid=%d gen=%o\n", (int) children[i], gen + i);
    }
    close(fds[2]);
    if (supervise(timeout_s * 1000L) < 0) {
        say("timeout\n");
        kill_all();
        return (2);
    }
    (void) unlink(path);
    return (0);
}
