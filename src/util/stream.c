/*
 * stream - buffered I/O over a file descriptor, with time limits
 *
 * See stream.h for the interface.  Implementation notes:
 *
 * - All I/O goes through s->io (default stream_io_plain).  The stream
 *   keeps one read buffer and one write buffer of STREAM_BUFSIZE bytes.
 *
 * - Time limits.  timeout_ms <= 0 means no limit.  Otherwise each
 *   transport call gets the time left: the full timeout per operation,
 *   or in deadline mode what remains of the budget started by
 *   stream_deadline_start() (stream_set_deadline(s, 1) also starts it).
 *   Once the budget is spent, operations that need I/O fail with a
 *   timeout without touching the fd; data already buffered can still
 *   be read.
 *
 * - Sticky flags.  A timeout sets TIMEOUT, any other I/O error sets
 *   ERR, end of input sets EOF.  While ERR or TIMEOUT is set every
 *   operation that needs I/O fails at once; while EOF is set reads
 *   return end of input without asking the transport again.
 *   stream_clear_error() resets all three.  Output that could not be
 *   written when an error happened is discarded.
 *
 * - Line limits.  stream_get_until() reads at most `limit` bytes, the
 *   delimiter included.  A line of limit-1 bytes plus its delimiter is
 *   STREAM_OK; when `limit` bytes arrive without the delimiter the
 *   result is STREAM_TOOLONG, those bytes stay consumed (they are in
 *   `out`), and the rest of the line is left for the next call.  A
 *   zero limit is a programming error (panic).
 *
 * - stream_buffered() counts the stream's unread bytes plus what the
 *   transport's pending() reports.  stream_peek_eof() returns 1 for end
 *   of input or a failed stream, 0 when input is there or arrives, or
 *   when the time limit passes (which is not recorded as a timeout).
 *
 * - stream_free() flushes pending output like stream_close() and calls
 *   the transport's close(), but leaves the fd open.  stream_set_io()
 *   does not close the transport it replaces; NULL restores the plain
 *   one.  Input buffered before the switch stays buffered: a STARTTLS
 *   caller must check stream_buffered() first.
 *
 * - The plain transport writes with send(MSG_NOSIGNAL) so a closed
 *   socket peer gives EPIPE rather than SIGPIPE; on a non-socket fd
 *   (ENOTSOCK) it falls back to write(2), where daemons rely on SIGPIPE
 *   being ignored.  With a time limit it passes MSG_DONTWAIT and tries
 *   the send first: a socket with room (the usual case) costs one
 *   system call, and only EAGAIN waits with poll(2) for the time left.
 *   A non-socket fd with a time limit is polled before its write(2),
 *   as a blocking pipe cannot be written without waiting.  Reads with
 *   a time limit poll first: request/reply traffic mostly finds
 *   nothing there yet, and a read that would block must not.  EINTR
 *   is retried everywhere.
 *
 * - A write that fills the buffer and goes on flushes the full buffer
 *   with MSG_MORE (plain transport only): TCP then sends a message
 *   larger than the buffer in full segments together with its end,
 *   instead of one short burst per buffer, each of which costs a
 *   transmission (and on loopback the receiver's TCP input) of its own.
 *   The flush that ends a write sequence (stream_flush, a read, close)
 *   sends without it and so pushes everything out.
 *
 * - The file transport (stream_open_file) is for regular files, which
 *   never make a reader or writer wait: plain read(2)/write(2), no
 *   poll, no send() attempt, time limits ignored.
 *
 * - stream_getc() takes a byte straight from the read buffer when it
 *   has one; record readers call it for every type and length byte.
 *
 * - Memory.  A stream holds two STREAM_BUFSIZE buffers, and a delivery
 *   agent opens three streams per request; freeing and allocating
 *   blocks of that size each time makes malloc consolidate its free
 *   lists.  So up to STREAM_KEEP released streams are kept for the
 *   next stream_open(), except in sanitizer builds, where a use after
 *   release must stay visible to ASan.
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"
#include "msg.h"
#include "stream.h"

#define S_ERR		(1<<0)
#define S_TIMEOUT	(1<<1)
#define S_EOF		(1<<2)

#if defined(__SANITIZE_ADDRESS__)
#define STREAM_KEEP	0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STREAM_KEEP	0
#endif
#endif
#ifndef STREAM_KEEP
#define STREAM_KEEP	4			/* released streams kept */
#endif

struct stream {
    int     fd;
    int     flags;			/* S_* */
    int     timeout_ms;			/* <= 0: no limit */
    int     deadline;			/* timeout is a budget */
    long    deadline_end;		/* monotonic ms */
    const struct stream_io *io;
    void   *io_ctx;
    char   *name;			/* NULL: default_name */
    char    default_name[32];
    size_t  rpos;			/* next unread byte */
    size_t  rlen;			/* bytes in rbuf */
    size_t  wlen;			/* bytes in wbuf */
    char    rbuf[STREAM_BUFSIZE];
    char    wbuf[STREAM_BUFSIZE];
};

/* mono_ms - monotonic clock in milliseconds */

static long mono_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

/* time_left - what an end time leaves; -1 when there is no limit */

static int time_left(long end, int limited)
{
    long    left;

    if (!limited)
        return (-1);
    left = end - mono_ms();
    return (left > 0 ? (int) left : 0);
}

/* io_wait - wait until fd is readable or writable */

int     io_wait(int fd, int for_write, int timeout_ms)
{
    struct pollfd pfd;
    long    end = mono_ms() + timeout_ms;
    int     n;

    if (fd < 0) {
        errno = EBADF;
        return (-1);
    }
    for (;;) {
        pfd.fd = fd;
        pfd.events = for_write ? POLLOUT : POLLIN;
        pfd.revents = 0;
        n = poll(&pfd, 1, timeout_ms);
        if (n < 0 && errno == EINTR) {
            if (timeout_ms >= 0)
                timeout_ms = time_left(end, 1);
            continue;
        }
        if (n <= 0)
            return (n);
        if (pfd.revents & POLLNVAL) {
            errno = EBADF;
            return (-1);
        }
        return (1);				/* ready, error or hangup */
    }
}

/* plain_wait - wait on behalf of the plain transport */

static int plain_wait(int fd, int for_write, long end, int timeout_ms)
{
    switch (io_wait(fd, for_write, time_left(end, timeout_ms >= 0))) {
    case 1:
        return (0);
    case 0:
        errno = ETIMEDOUT;
        return (-1);
    default:
        return (-1);
    }
}

/* plain_read - read(2) with time limit */

static ssize_t plain_read(void *ctx, int fd, void *p, size_t n, int timeout_ms)
{
    long    end = mono_ms() + timeout_ms;
    int     need_wait = (timeout_ms >= 0);
    ssize_t got;

    (void) ctx;
    for (;;) {
        if (need_wait && plain_wait(fd, 0, end, timeout_ms) < 0)
            return (-1);
        if ((got = read(fd, p, n)) >= 0)
            return (got);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return (-1);
        need_wait = 1;
    }
}

/* plain_send - one send(2), or for a non-socket a wait and write(2) */

static ssize_t plain_send(int fd, const void *p, size_t n, long end,
                          int timeout_ms, int more)
{
    int     flags = MSG_NOSIGNAL;
    ssize_t put;

    if (timeout_ms >= 0)
        flags |= MSG_DONTWAIT;
    if (more)
        flags |= MSG_MORE;
    put = send(fd, p, n, flags);
    if (put < 0 && errno == ENOTSOCK) {
        if (timeout_ms >= 0 && plain_wait(fd, 1, end, timeout_ms) < 0)
            return (-1);
        put = write(fd, p, n);
    }
    return (put);
}

/*
 * plain_write_more - write some bytes with time limit; send first, poll
 * on EAGAIN.  more: the caller has more to send at once (MSG_MORE).
 */
static ssize_t plain_write_more(int fd, const void *p, size_t n,
                                int timeout_ms, int more)
{
    long    end = mono_ms() + timeout_ms;
    ssize_t put;

    for (;;) {
        if ((put = plain_send(fd, p, n, end, timeout_ms, more)) >= 0)
            return (put);
        if (errno == EINTR)
            continue;
        if (errno != EAGAIN && errno != EWOULDBLOCK)
            return (-1);
        if (plain_wait(fd, 1, end, timeout_ms) < 0)
            return (-1);
    }
}

static ssize_t plain_write(void *ctx, int fd, const void *p, size_t n,
                           int timeout_ms)
{
    (void) ctx;
    return (plain_write_more(fd, p, n, timeout_ms, 0));
}

const struct stream_io stream_io_plain = {
    plain_read, plain_write, NULL, NULL,
};

/* file_read, file_write - regular files never wait: no poll, no limit */

static ssize_t file_read(void *ctx, int fd, void *p, size_t n, int timeout_ms)
{
    ssize_t got;

    (void) ctx;
    (void) timeout_ms;
    do {
        got = read(fd, p, n);
    } while (got < 0 && errno == EINTR);
    return (got);
}

static ssize_t file_write(void *ctx, int fd, const void *p, size_t n,
                          int timeout_ms)
{
    ssize_t put;

    (void) ctx;
    (void) timeout_ms;
    do {
        put = write(fd, p, n);
    } while (put < 0 && errno == EINTR);
    return (put);
}

static const struct stream_io stream_io_file = {
    file_read, file_write, NULL, NULL,
};

#if STREAM_KEEP > 0
static struct stream *stream_kept[STREAM_KEEP];
static int stream_nkept;
#endif

/* stream_alloc - memory for a stream, a kept one if there is one */

static struct stream *stream_alloc(void)
{
#if STREAM_KEEP > 0
    if (stream_nkept > 0)
        return (stream_kept[--stream_nkept]);
#endif
    return (xmalloc(sizeof(struct stream)));
}

/* stream_dealloc - keep the memory for the next stream, or free it */

static void stream_dealloc(struct stream *s)
{
#if STREAM_KEEP > 0
    if (stream_nkept < STREAM_KEEP) {
        stream_kept[stream_nkept++] = s;
        return;
    }
#endif
    free(s);
}

/* stream_open - wrap a descriptor */

struct stream *stream_open(int fd)
{
    struct stream *s = stream_alloc();

    s->fd = fd;
    s->flags = 0;
    s->timeout_ms = 0;
    s->deadline = 0;
    s->deadline_end = 0;
    s->io = &stream_io_plain;
    s->io_ctx = NULL;
    s->name = NULL;
    snprintf(s->default_name, sizeof(s->default_name), "fd %d", fd);
    s->rpos = s->rlen = s->wlen = 0;
    return (s);
}

/* stream_open_file - wrap a regular file's descriptor */

struct stream *stream_open_file(int fd)
{
    struct stream *s = stream_open(fd);

    s->io = &stream_io_file;
    return (s);
}

/* stream_release - flush, release transport and memory; 0 or -1 */

static int stream_release(struct stream *s)
{
    int     ret = 0;

    if (s->wlen > 0 && stream_flush(s) < 0)
        ret = -1;
    if (s->io->close)
        s->io->close(s->io_ctx);
    free(s->name);
    stream_dealloc(s);
    return (ret);
}

/* stream_close - flush, close transport and fd */

int     stream_close(struct stream *s)
{
    int     fd = s->fd;
    int     ret = stream_release(s);

    if (close(fd) < 0)
        ret = -1;
    return (ret);
}

/* stream_free - as stream_close, but leave the fd open */

void    stream_free(struct stream *s)
{
    (void) stream_release(s);
}

int     stream_fd(struct stream *s)
{
    return (s->fd);
}

void    stream_set_timeout(struct stream *s, int ms)
{
    s->timeout_ms = ms;
}

int     stream_timeout(struct stream *s)
{
    return (s->timeout_ms);
}

void    stream_set_deadline(struct stream *s, int on)
{
    s->deadline = on;
    if (on)
        stream_deadline_start(s);
}

void    stream_deadline_start(struct stream *s)
{
    s->deadline_end = mono_ms() + (s->timeout_ms > 0 ? s->timeout_ms : 0);
}

/* stream_set_io - install a transport (NULL: plain); old ctx is not freed */

void    stream_set_io(struct stream *s, const struct stream_io *io, void *ctx)
{
    s->io = io ? io : &stream_io_plain;
    s->io_ctx = io ? ctx : NULL;
}

void   *stream_io_ctx(struct stream *s)
{
    return (s->io_ctx);
}

void    stream_set_name(struct stream *s, const char *name)
{
    free(s->name);
    s->name = name ? xstrdup(name) : NULL;
}

const char *stream_name(struct stream *s)
{
    return (s->name ? s->name : s->default_name);
}

/* op_timeout - the time limit for the next transport call; 0 = spent */

static int op_timeout(struct stream *s)
{
    if (s->timeout_ms <= 0)
        return (-1);
    if (!s->deadline)
        return (s->timeout_ms);
    return (time_left(s->deadline_end, 1));
}

/* io_failed - record why a transport call failed */

static void io_failed(struct stream *s)
{
    s->flags |= (errno == ETIMEDOUT ? S_TIMEOUT : S_ERR);
}

/*
 * stream_write_out - write all buffered output.  more: a full buffer in
 * the middle of a write, so the plain transport tells the kernel that
 * more follows (MSG_MORE): TCP sends a large message in full segments
 * with its end instead of one small burst per buffer.
 */
static int stream_write_out(struct stream *s, int more)
{
    size_t  done = 0;
    ssize_t put;
    int     timeout;
    int     ret;

    if (s->flags & (S_ERR | S_TIMEOUT)) {
        s->wlen = 0;
        return (-1);
    }
    while (done < s->wlen) {
        if ((timeout = op_timeout(s)) == 0) {
            s->flags |= S_TIMEOUT;
            break;
        }
        if (more && s->io == &stream_io_plain)
            put = plain_write_more(s->fd, s->wbuf + done, s->wlen - done,
                                   timeout, 1);
        else
            put = s->io->write(s->io_ctx, s->fd, s->wbuf + done,
                               s->wlen - done, timeout);
        if (put <= 0) {
            if (put == 0)
                errno = EIO;
            io_failed(s);
            break;
        }
        done += put;
    }
    ret = (done < s->wlen ? -1 : 0);
    s->wlen = 0;
    return (ret);
}

/* stream_flush - write all buffered output */

int     stream_flush(struct stream *s)
{
    return (stream_write_out(s, 0));
}

/* stream_fill - refill the read buffer; bytes read, 0 EOF, -1 error */

static ssize_t stream_fill(struct stream *s)
{
    ssize_t got;
    int     timeout;

    if (s->wlen > 0 && stream_flush(s) < 0)
        return (-1);
    if (s->flags & (S_ERR | S_TIMEOUT))
        return (-1);
    if (s->flags & S_EOF)
        return (0);
    if ((timeout = op_timeout(s)) == 0) {
        s->flags |= S_TIMEOUT;
        return (-1);
    }
    got = s->io->read(s->io_ctx, s->fd, s->rbuf, sizeof(s->rbuf), timeout);
    if (got < 0) {
        io_failed(s);
        return (-1);
    }
    if (got == 0)
        s->flags |= S_EOF;
    s->rpos = 0;
    s->rlen = got;
    return (got);
}

/* stream_read - up to n bytes; 0 EOF, -1 error */

ssize_t stream_read(struct stream *s, void *p, size_t n)
{
    size_t  avail;
    ssize_t got;

    if (n == 0)
        return (0);
    if (s->rpos == s->rlen && (got = stream_fill(s)) <= 0)
        return (got);
    avail = s->rlen - s->rpos;
    if (n > avail)
        n = avail;
    memcpy(p, s->rbuf + s->rpos, n);
    s->rpos += n;
    return (n);
}

/* stream_read_full - exactly n bytes; 0 or -1 */

int     stream_read_full(struct stream *s, void *p, size_t n)
{
    char   *cp = p;
    ssize_t got;

    while (n > 0) {
        if ((got = stream_read(s, cp, n)) <= 0)
            return (-1);
        cp += got;
        n -= got;
    }
    return (0);
}

int     stream_getc(struct stream *s)
{
    unsigned char ch;

    if (s->rpos < s->rlen)
        return ((unsigned char) s->rbuf[s->rpos++]);
    return (stream_read(s, &ch, 1) == 1 ? ch : STREAM_EOF);
}

/* stream_seek - reposition a file stream; output is flushed, input dropped */

off_t   stream_seek(struct stream *s, off_t offset, int whence)
{
    off_t   pos;

    if (stream_flush(s) < 0)
        return (-1);
    if (whence == SEEK_CUR)
        offset -= (off_t) (s->rlen - s->rpos);
    if ((pos = lseek(s->fd, offset, whence)) < 0)
        return (-1);
    s->rpos = s->rlen = 0;
    s->flags &= ~S_EOF;
    return (pos);
}

/* stream_tell - the logical position: file offset less unread input,
 * plus unwritten output */

off_t   stream_tell(struct stream *s)
{
    off_t   pos;

    if ((pos = lseek(s->fd, 0, SEEK_CUR)) < 0)
        return (-1);
    return (pos - (off_t) (s->rlen - s->rpos) + (off_t) s->wlen);
}

/* stream_ungetc - push back the byte just read; 0, or -1 if impossible */

int     stream_ungetc(struct stream *s, int c)
{
    if (c < 0 || c > 255 || s->rpos == 0)
        return (-1);
    s->rbuf[--s->rpos] = (char) c;
    return (0);
}

/* stream_get_until - read through delim, at most limit bytes in all */

int     stream_get_until(struct stream *s, int delim, struct buf *out,
                         size_t limit)
{
    size_t  got = 0;
    size_t  chunk;
    ssize_t filled;
    char   *start;
    char   *end;

    if (limit == 0)
        msg_panic("stream_get_until: zero limit");
    buf_reset(out);
    for (;;) {
        if (s->rpos == s->rlen) {
            if ((filled = stream_fill(s)) < 0)
                return (STREAM_ERR);
            if (filled == 0)
                return (got > 0 ? STREAM_PARTIAL : STREAM_EOF);
        }
        start = s->rbuf + s->rpos;
        chunk = s->rlen - s->rpos;
        if (chunk > limit - got)
            chunk = limit - got;
        if ((end = memchr(start, delim, chunk)) != NULL) {
            buf_append(out, start, end - start);
            s->rpos += end - start + 1;
            return (STREAM_OK);
        }
        buf_append(out, start, chunk);
        s->rpos += chunk;
        if ((got += chunk) == limit)
            return (STREAM_TOOLONG);
    }
}

/* stream_get_line - read a line, strip "\n" and a "\r" before it */

int     stream_get_line(struct stream *s, struct buf *line, size_t limit)
{
    int     ret = stream_get_until(s, '\n', line, limit);
    size_t  len = buf_len(line);

    if (ret == STREAM_OK && len > 0 && buf_str(line)[len - 1] == '\r')
        buf_truncate(line, len - 1);
    return (ret);
}

/* stream_buffered - unread input held by the stream or its transport */

size_t  stream_buffered(struct stream *s)
{
    size_t  n = s->rlen - s->rpos;

    if (s->io->pending)
        n += s->io->pending(s->io_ctx);
    return (n);
}

/*
 * stream_peek_eof - has the peer closed?  1 for end of input (or an
 * error: the connection is unusable), 0 when input is buffered or
 * arrives, or when the time limit passes (not an error here).
 */
int     stream_peek_eof(struct stream *s)
{
    int     saved;

    if (stream_buffered(s) > 0)
        return (0);
    if (stream_flush(s) < 0)
        return (1);
    saved = s->flags;
    if (stream_fill(s) > 0)
        return (0);
    if ((s->flags & S_TIMEOUT) && !(saved & S_TIMEOUT)) {
        s->flags &= ~S_TIMEOUT;
        return (0);
    }
    return (1);
}

/* stream_write - buffer output, flushing when the buffer fills */

int     stream_write(struct stream *s, const void *p, size_t n)
{
    const char *cp = p;
    size_t  chunk;

    if (s->flags & (S_ERR | S_TIMEOUT))
        return (-1);
    while (n > 0) {
        if (s->wlen == sizeof(s->wbuf) && stream_write_out(s, 1) < 0)
            return (-1);
        chunk = sizeof(s->wbuf) - s->wlen;
        if (chunk > n)
            chunk = n;
        memcpy(s->wbuf + s->wlen, cp, chunk);
        s->wlen += chunk;
        cp += chunk;
        n -= chunk;
    }
    return (0);
}

int     stream_puts(struct stream *s, const char *str)
{
    return (stream_write(s, str, strlen(str)));
}

int     stream_putc(struct stream *s, int c)
{
    unsigned char ch = c;

    return (stream_write(s, &ch, 1));
}

int     stream_printf(struct stream *s, const char *fmt, ...)
{
    char    small[512];
    char   *text = small;
    va_list ap;
    int     len;
    int     ret;

    va_start(ap, fmt);
    len = vsnprintf(small, sizeof(small), fmt, ap);
    va_end(ap);
    if (len < 0)
        return (-1);
    if ((size_t) len >= sizeof(small)) {
        text = xmalloc((size_t) len + 1);
        va_start(ap, fmt);
        vsnprintf(text, (size_t) len + 1, fmt, ap);
        va_end(ap);
    }
    ret = stream_write(s, text, len);
    if (text != small)
        free(text);
    return (ret);
}

int     stream_failed(struct stream *s)
{
    return ((s->flags & (S_ERR | S_TIMEOUT)) != 0);
}

int     stream_timed_out(struct stream *s)
{
    return ((s->flags & S_TIMEOUT) != 0);
}

int     stream_at_eof(struct stream *s)
{
    return ((s->flags & S_EOF) != 0);
}

void    stream_clear_error(struct stream *s)
{
    s->flags = 0;
}
