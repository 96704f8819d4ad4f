/*
 * msg - diagnostics to syslog, a plain log file and stderr
 *
 * Implements msg.h.  A message is formatted once: "%m" is expanded here
 * (so it works with any libc), the text is cut at MSG_TEXT_LIMIT bytes
 * (the severity prefix is not counted), and every byte outside
 * printable ASCII, NUL included, becomes '?'.  Each channel then gets
 * the line in a single write(), so lines from processes that share a
 * log file do not interleave.  The file channel stamps local time with
 * fixed English month names ("Jan 05 13:04:59"), whatever the locale.
 *
 * Subtleties:
 * - This file uses no other postern module and does not allocate on the
 *   normal path, so mem.c can call msg_fatal() when memory runs out.
 * - A message that arrives while another is being logged (from a
 *   signal handler, say) is dropped rather than written into
 *   half-used state; a nested msg_fatal() still exits.
 * - The cleanup hook runs at most once, even if it calls msg_fatal().
 * - msg_vprintf() only logs, at any level; exiting is the business of
 *   msg_fatal*() and msg_panic().
 * - errno is preserved across every call.
 * - msg_file_open(NULL, ...) stops logging to a file.  If a new file
 *   cannot be opened, the old one stays in use.
 * - Until a program opens a channel, messages go to stderr, so a
 *   problem found before logging is set up is never lost.
 * - The postlog channel sends each line, without its newline, as one
 *   datagram to a UNIX-domain datagram socket (Postfix's postlogd
 *   appends the newline).  The socket is non-blocking and unconnected
 *   (sendto each time), so a postlogd restart needs nothing from us.
 *   When the reader's queue is full a line waits for room, with
 *   backoff, for up to MSG_POSTLOG_WAIT_MS: a busy postlogd loses no
 *   line.  A line that still cannot go (no reader, a stuck one) is
 *   dropped, and until a send succeeds again later lines are dropped
 *   at once instead of waiting, so logging never stalls a daemon for
 *   long.
 * - The process ID in the file and postlog lines is asked for once
 *   and remembered; a fork handler (pthread_atfork, registered by
 *   msg_init) forgets it in the child, so a forked process logs its
 *   own.  Before msg_init, every line asks getpid().
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#include "msg.h"

#define MSG_NAME_MAX	255		/* tag and host name limit */
#define MSG_FMT_LOCAL	1024		/* %m-expanded format on the stack */

int     msg_verbose;

static char msg_tagbuf[MSG_NAME_MAX + 1] = "postern";
static char msg_host[MSG_NAME_MAX + 1];
static int msg_syslog_on;
static int msg_file_fd = -1;
#define MSG_POSTLOG_WAIT_MS 1000		/* wait for room, per line */

static int msg_postlog_fd = -1;
static struct sockaddr_un msg_postlog_addr;
static int msg_stderr_on;
static int msg_busy;
static void (*msg_cleanup_fn)(void);
static int msg_cleanup_done;

static pid_t msg_pid_cache;		/* 0: ask getpid() */
static int msg_atfork_done;

static const char *const msg_prefix[] = {
    "", "warning: ", "error: ", "fatal: ", "panic: ",
};

static const int msg_priority[] = {
    LOG_INFO, LOG_WARNING, LOG_ERR, LOG_CRIT, LOG_CRIT,
};

static void msg_copy_name(char *dst, const char *src)
{
    snprintf(dst, MSG_NAME_MAX + 1, "%s", src);
}

/* msg_forget_pid - fork handler, in the child */

static void msg_forget_pid(void)
{
    msg_pid_cache = 0;
}

void    msg_init(const char *tag)
{
    msg_copy_name(msg_tagbuf, tag ? tag : "postern");
    if (!msg_atfork_done && pthread_atfork(NULL, NULL, msg_forget_pid) == 0)
        msg_atfork_done = 1;
}

const char *msg_tag(void)
{
    return msg_tagbuf;
}

void    msg_syslog_open(int facility)
{
    if (msg_syslog_on)
        closelog();
    openlog(msg_tagbuf, LOG_PID | LOG_NDELAY, facility);
    msg_syslog_on = 1;
}

void    msg_syslog_close(void)
{
    if (msg_syslog_on)
        closelog();
    msg_syslog_on = 0;
}

/* msg_set_host - host name for the file and postlog channels */

static void msg_set_host(const char *host)
{
    if (host != NULL && *host != 0) {
        msg_copy_name(msg_host, host);
    } else if (gethostname(msg_host, sizeof(msg_host)) < 0) {
        msg_copy_name(msg_host, "localhost");
    }
    msg_host[MSG_NAME_MAX] = 0;
}

int     msg_file_open(const char *path, const char *host)
{
    int     fd;

    if (path == NULL) {
        if (msg_file_fd >= 0)
            close(msg_file_fd);
        msg_file_fd = -1;
        return 0;
    }
    fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_NOCTTY | O_CLOEXEC,
              0640);
    if (fd < 0)
        return -1;
    if (msg_file_fd >= 0)
        close(msg_file_fd);
    msg_file_fd = fd;
    msg_set_host(host);
    return 0;
}

int     msg_postlog_open(const char *socket_path, const char *host)
{
    int     fd;

    if (socket_path == NULL) {
        if (msg_postlog_fd >= 0)
            close(msg_postlog_fd);
        msg_postlog_fd = -1;
        return 0;
    }
    if (*socket_path == 0
        || strlen(socket_path) >= sizeof(msg_postlog_addr.sun_path)) {
        errno = ENAMETOOLONG;
        return -1;
    }
    fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    if (msg_postlog_fd >= 0)
        close(msg_postlog_fd);
    msg_postlog_fd = fd;
    memset(&msg_postlog_addr, 0, sizeof(msg_postlog_addr));
    msg_postlog_addr.sun_family = AF_UNIX;
    memcpy(msg_postlog_addr.sun_path, socket_path, strlen(socket_path) + 1);
    msg_set_host(host);
    return 0;
}

void    msg_stderr(int on)
{
    msg_stderr_on = on;
}

int     msg_facility_code(const char *name)
{
    static const struct {
        const char *name;
        int     code;
    } table[] = {
        {"auth", LOG_AUTH}, {"authpriv", LOG_AUTHPRIV},
        {"cron", LOG_CRON}, {"daemon", LOG_DAEMON},
        {"ftp", LOG_FTP}, {"kern", LOG_KERN},
        {"lpr", LOG_LPR}, {"mail", LOG_MAIL},
        {"news", LOG_NEWS}, {"syslog", LOG_SYSLOG},
        {"user", LOG_USER}, {"uucp", LOG_UUCP},
        {"local0", LOG_LOCAL0}, {"local1", LOG_LOCAL1},
        {"local2", LOG_LOCAL2}, {"local3", LOG_LOCAL3},
        {"local4", LOG_LOCAL4}, {"local5", LOG_LOCAL5},
        {"local6", LOG_LOCAL6}, {"local7", LOG_LOCAL7},
    };
    size_t  i;

    if (name == NULL)
        return -1;
    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcasecmp(name, table[i].name) == 0)
            return table[i].code;
    return -1;
}

void    msg_set_cleanup(void (*fn)(void))
{
    msg_cleanup_fn = fn;
}

/* msg_expand_m - copy fmt with %m replaced; returns bytes incl. NUL */

static size_t msg_expand_m(char *out, const char *fmt, const char *errtext)
{
    size_t  n = 0;
    const char *cp;
    const char *ep;

#define PUT(c) do { if (out) out[n] = (c); n++; } while (0)

    for (cp = fmt; *cp; cp++) {
        if (cp[0] == '%' && cp[1] == 'm') {
            for (ep = errtext; *ep; ep++) {
                if (*ep == '%')
                    PUT('%');
                PUT(*ep);
            }
            cp++;
        } else if (cp[0] == '%' && cp[1] == '%') {
            PUT('%');
            PUT('%');
            cp++;
        } else {
            PUT(*cp);
        }
    }
    PUT(0);
#undef PUT
    return n;
}

/* msg_write - write all of a line, ignoring errors */

static void msg_write(int fd, const char *p, size_t len)
{
    ssize_t n;

    while (len > 0) {
        n = write(fd, p, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        p += n;
        len -= (size_t) n;
    }
}

/* msg_pid - this process's ID, without a system call per line */

static pid_t msg_pid(void)
{
    if (!msg_atfork_done)
        return (getpid());		/* cannot know about forks */
    if (msg_pid_cache == 0)
        msg_pid_cache = getpid();
    return (msg_pid_cache);
}

/* msg_stamp_line - "Mon DD HH:MM:SS HOST TAG[PID]: PREFIXTEXT\n"; length */

static size_t msg_stamp_line(char *line, size_t size, const char *prefix,
                             const char *text)
{
    static const char *const months[] = {
        "Jan", "Feb", "Mar", "Apr", "May", "Jun",
        "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    };
    time_t  now = time(NULL);
    struct tm tm;
    int     n;

    if (localtime_r(&now, &tm) == NULL)
        memset(&tm, 0, sizeof(tm));
    n = snprintf(line, size, "%s %02d %02d:%02d:%02d %s %s[%ld]: %s%s\n",
                 months[tm.tm_mon % 12], tm.tm_mday, tm.tm_hour, tm.tm_min,
                 tm.tm_sec, msg_host, msg_tagbuf, (long) msg_pid(),
                 prefix, text);
    if (n <= 0)
        return 0;
    if ((size_t) n >= size) {			/* keep the newline */
        n = (int) size - 1;
        line[n - 1] = '\n';
        line[n] = 0;
    }
    return (size_t) n;
}

#define MSG_LINE_SIZE	(3 * MSG_NAME_MAX + MSG_TEXT_LIMIT)

static void msg_to_file(const char *line, size_t len)
{
    msg_write(msg_file_fd, line, len);
}

/* postlog_send - one attempt; 1 sent, 0 reader's queue full, -1 error */

static int postlog_send(const char *line, size_t len)
{
    ssize_t n;

    do {
        n = sendto(msg_postlog_fd, line, len, MSG_DONTWAIT | MSG_NOSIGNAL,
                   (const struct sockaddr *) &msg_postlog_addr,
                   sizeof(msg_postlog_addr));
    } while (n < 0 && errno == EINTR);
    if (n >= 0)
        return 1;
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
}

static void msg_to_postlog(const char *line, size_t len)
{
    static int stalled;			/* the last line was dropped */
    long    waited = 0;
    long    step = 1;
    struct timespec ts;
    int     rc;

    if (len > 0 && line[len - 1] == '\n')
        len--;
    while ((rc = postlog_send(line, len)) == 0 && !stalled
           && waited < MSG_POSTLOG_WAIT_MS) {
        ts.tv_sec = 0;
        ts.tv_nsec = step * 1000000L;
        (void) nanosleep(&ts, NULL);
        waited += step;
        if (step < 64)
            step *= 2;
    }
    stalled = (rc <= 0);
}

static void msg_to_stderr(const char *prefix, const char *text)
{
    char    line[2 * MSG_NAME_MAX + MSG_TEXT_LIMIT];
    int     n;

    n = snprintf(line, sizeof(line), "%s: %s%s\n", msg_tagbuf, prefix, text);
    if (n > 0)
        msg_write(STDERR_FILENO, line, (size_t) n < sizeof(line) ?
                  (size_t) n : sizeof(line) - 1);
}

/* msg_format - format, truncate and sanitize into text[MSG_TEXT_LIMIT + 1] */

static void msg_format(char *text, const char *fmt, va_list ap,
                       int saved_errno)
{
    char    fmt_local[MSG_FMT_LOCAL];
    char   *fmt_heap = NULL;
    char   *expanded = NULL;
    const char *errtext;
    size_t  need;
    size_t  len;
    size_t  i;
    int     n;

    if (strstr(fmt, "%m") != NULL) {
        errtext = strerror(saved_errno);
        need = msg_expand_m(NULL, fmt, errtext);
        if (need <= sizeof(fmt_local))
            expanded = fmt_local;
        else
            expanded = fmt_heap = malloc(need);
        if (expanded != NULL)
            msg_expand_m(expanded, fmt, errtext);
    }
    /* Without memory, an unexpanded %m is left to the libc. */
    errno = saved_errno;
    n = vsnprintf(text, MSG_TEXT_LIMIT + 1, expanded ? expanded : fmt, ap);
    free(fmt_heap);
    if (n < 0) {
        snprintf(text, MSG_TEXT_LIMIT + 1, "%s", fmt);
        len = strlen(text);
    } else {
        len = (size_t) n < MSG_TEXT_LIMIT ? (size_t) n : MSG_TEXT_LIMIT;
    }
    for (i = 0; i < len; i++)
        if ((unsigned char) text[i] < 0x20 || (unsigned char) text[i] >= 0x7f)
            text[i] = '?';
    text[len] = 0;
}

void    msg_vprintf(int level, const char *fmt, va_list ap)
{
    int     saved_errno = errno;
    char    text[MSG_TEXT_LIMIT + 1];

    if (msg_busy)
        return;
    msg_busy = 1;
    if (level < MSG_INFO)
        level = MSG_INFO;
    if (level > MSG_PANIC)
        level = MSG_PANIC;

    msg_format(text, fmt, ap, saved_errno);
    if (msg_syslog_on)
        syslog(msg_priority[level], "%s%s", msg_prefix[level], text);
    if (msg_file_fd >= 0 || msg_postlog_fd >= 0) {
        char    line[MSG_LINE_SIZE];
        size_t  len = msg_stamp_line(line, sizeof(line), msg_prefix[level],
                                     text);

        if (msg_file_fd >= 0)
            msg_to_file(line, len);
        if (msg_postlog_fd >= 0)
            msg_to_postlog(line, len);
    }
    /* With no channel open yet, stderr keeps early problems visible. */
    if (msg_stderr_on
        || (!msg_syslog_on && msg_file_fd < 0 && msg_postlog_fd < 0))
        msg_to_stderr(msg_prefix[level], text);

    msg_busy = 0;
    errno = saved_errno;
}

void    msg_info(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_INFO, fmt, ap);
    va_end(ap);
}

void    msg_warn(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_WARN, fmt, ap);
    va_end(ap);
}

void    msg_error(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_ERROR, fmt, ap);
    va_end(ap);
}

/* msg_cleanup - run the cleanup hook, at most once per process */

static void msg_cleanup(void)
{
    void    (*fn)(void) = msg_cleanup_fn;

    if (fn != NULL && !msg_cleanup_done) {
        msg_cleanup_done = 1;
        fn();
    }
}

void    msg_fatal(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_FATAL, fmt, ap);
    va_end(ap);
    msg_cleanup();
    exit(1);
}

void    msg_fatal_status(int status, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_FATAL, fmt, ap);
    va_end(ap);
    msg_cleanup();
    exit(status);
}

void    msg_panic(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_PANIC, fmt, ap);
    va_end(ap);
    msg_cleanup();
    abort();
}
