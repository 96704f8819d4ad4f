/*
 * stream - buffered I/O over a file descriptor, with time limits
 *
 * A stream reads and writes through a small "transport" (struct
 * stream_io): the plain one does read(2)/write(2) on the fd; a TLS layer
 * later pushes its own with stream_set_io(), and no code above the
 * stream changes.  Every blocking operation waits with poll(2) for at
 * most the stream's timeout; in deadline mode the timeout is a budget
 * for the whole sequence of operations since stream_deadline_start()
 * (smtp_per_record_deadline).  A timeout or I/O error sets a sticky
 * flag and makes the operation fail; callers test stream_failed().
 *
 * Reading is bounded everywhere: stream_get_line() and
 * stream_get_until() take a limit, and input beyond it is a distinct
 * result (STREAM_TOOLONG), never an overread or unbounded allocation.
 *
 * Interface:
 *	struct stream *stream_open(int fd);	timeout 0 = wait forever
 *	struct stream *stream_open_file(int fd);  a regular file: plain
 *			read(2)/write(2), never a wait or a time limit
 *	int	stream_close(struct stream *s);	flush, io close, close fd
 *	void	stream_free(struct stream *s);	release without closing fd
 *	int	stream_fd(struct stream *s);
 *	void	stream_set_timeout(struct stream *s, int ms);
 *	int	stream_timeout(struct stream *s);	the value set
 *	void	stream_set_deadline(struct stream *s, int on);
 *	void	stream_deadline_start(struct stream *s);
 *	void	stream_set_io(struct stream *s, const struct stream_io *io, void *ctx);
 *	void   *stream_io_ctx(struct stream *s);
 *	void	stream_set_name(struct stream *s, const char *name);  for logs
 *	const char *stream_name(struct stream *s);	default "fd N"
 *
 *	ssize_t	stream_read(struct stream *s, void *p, size_t n);
 *			up to n bytes (at least 1 unless EOF/error); 0 EOF, -1 error
 *	int	stream_read_full(struct stream *s, void *p, size_t n);
 *			exactly n bytes; 0 ok, -1 EOF/error
 *	int	stream_getc(struct stream *s);	byte, or STREAM_EOF (-1)
 *	int	stream_ungetc(struct stream *s, int c);
 *			push back the byte the last stream_getc returned
 *			(one byte; it lands in the read buffer, so
 *			stream_buffered counts it).  0 ok, -1 impossible
 *	int	stream_get_line(struct stream *s, struct buf *line, size_t limit);
 *			reads through '\n'; line gets the text without
 *			"\n" and without a "\r" before it.  Returns
 *			STREAM_OK, STREAM_EOF (nothing read, or a last line
 *			without "\n" returned as STREAM_PARTIAL),
 *			STREAM_TOOLONG (limit bytes read without '\n'; the
 *			bytes stay consumed, the rest of the line is not),
 *			STREAM_ERR (timeout or I/O error; see below)
 *	int	stream_get_until(struct stream *s, int delim, struct buf *out, size_t limit);
 *			as get_line but for any delimiter, no "\r" handling
 *	size_t	stream_buffered(struct stream *s);  unread bytes in the buffer
 *	off_t	stream_seek(struct stream *s, off_t offset, int whence);
 *			files only: flushes output, drops buffered input,
 *			clears EOF; returns the new offset or -1 (errno)
 *	off_t	stream_tell(struct stream *s);	logical offset, or -1
 *	int	stream_peek_eof(struct stream *s);	1 if the peer has closed
 *			and nothing is buffered (waits up to the timeout)
 *
 *	int	stream_write(struct stream *s, const void *p, size_t n);  0 / -1
 *	int	stream_puts(struct stream *s, const char *str);
 *	int	stream_putc(struct stream *s, int c);
 *	int	stream_printf(struct stream *s, const char *fmt, ...);
 *	int	stream_flush(struct stream *s);	0 ok, -1 error
 *
 *	int	stream_failed(struct stream *s);	error or timeout seen
 *	int	stream_timed_out(struct stream *s);
 *	int	stream_at_eof(struct stream *s);
 *	void	stream_clear_error(struct stream *s);
 *
 * Output is buffered until stream_flush(), a full buffer, or a read
 * (a read flushes pending output first, so request/reply code needs no
 * explicit flush).
 */
#ifndef POSTERN_STREAM_H
#define POSTERN_STREAM_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

#define STREAM_OK	0
#define STREAM_EOF	(-1)
#define STREAM_ERR	(-2)
#define STREAM_TOOLONG	(-3)
#define STREAM_PARTIAL	(-4)

#define STREAM_BUFSIZE	8192

/*
 * A transport.  read/write wait at most timeout_ms (< 0: forever) and
 * return bytes moved, 0 for EOF (read), or -1 with errno set (ETIMEDOUT
 * for a timeout).  pending() reports bytes the transport holds that
 * poll(2) on the fd cannot see (TLS records already decrypted); it may
 * be NULL.  close() releases ctx; it does not close the fd.
 */
struct stream_io {
    ssize_t (*read)(void *ctx, int fd, void *p, size_t n, int timeout_ms);
    ssize_t (*write)(void *ctx, int fd, const void *p, size_t n, int timeout_ms);
    size_t  (*pending)(void *ctx);
    void    (*close)(void *ctx);
};

struct stream;

struct stream *stream_open(int fd);
struct stream *stream_open_file(int fd);
int     stream_close(struct stream *s);
void    stream_free(struct stream *s);
int     stream_fd(struct stream *s);
void    stream_set_timeout(struct stream *s, int ms);
int     stream_timeout(struct stream *s);
void    stream_set_deadline(struct stream *s, int on);
void    stream_deadline_start(struct stream *s);
void    stream_set_io(struct stream *s, const struct stream_io *io, void *ctx);
void   *stream_io_ctx(struct stream *s);
void    stream_set_name(struct stream *s, const char *name);
const char *stream_name(struct stream *s);

ssize_t stream_read(struct stream *s, void *p, size_t n);
int     stream_read_full(struct stream *s, void *p, size_t n);
int     stream_getc(struct stream *s);
int     stream_ungetc(struct stream *s, int c);
int     stream_get_line(struct stream *s, struct buf *line, size_t limit);
int     stream_get_until(struct stream *s, int delim, struct buf *out, size_t limit);
size_t  stream_buffered(struct stream *s);
int     stream_peek_eof(struct stream *s);
off_t   stream_seek(struct stream *s, off_t offset, int whence);
off_t   stream_tell(struct stream *s);

int     stream_write(struct stream *s, const void *p, size_t n);
int     stream_puts(struct stream *s, const char *str);
int     stream_putc(struct stream *s, int c);
int     stream_printf(struct stream *s, const char *fmt, ...)
            __attribute__((format(printf, 2, 3)));
int     stream_flush(struct stream *s);

int     stream_failed(struct stream *s);
int     stream_timed_out(struct stream *s);
int     stream_at_eof(struct stream *s);
void    stream_clear_error(struct stream *s);

/* The plain transport, and a helper both it and TLS use. */
extern const struct stream_io stream_io_plain;
int     io_wait(int fd, int for_write, int timeout_ms);	/* 1 ready, 0 timeout, -1 error */

#endif
