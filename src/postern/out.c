/*
 * out - the command's standard output
 *
 * A buffered stream on file descriptor 1.  A write error (a closed
 * pipe, a full disk) is fatal, so "postern conf > file" never reports
 * success with a truncated file.
 *
 *	void	out_puts(const char *s);
 *	void	out_write(const char *s, size_t len);
 *	void	out_printf(const char *fmt, ...);
 *	void	out_flush(void);	call before exiting
 */
#include <stdarg.h>

#include "buf.h"
#include "msg.h"
#include "postern.h"
#include "stream.h"

static struct stream *out_stream;

static struct stream *out_get(void)
{
    if (out_stream == NULL) {
        out_stream = stream_open(1);
        stream_set_name(out_stream, "standard output");
    }
    return out_stream;
}

void    out_write(const char *s, size_t len)
{
    if (stream_write(out_get(), s, len) < 0)
        msg_fatal("write standard output: %m");
}

void    out_puts(const char *s)
{
    if (stream_puts(out_get(), s) < 0)
        msg_fatal("write standard output: %m");
}

void    out_printf(const char *fmt, ...)
{
    static struct buf *b;		/* static: reachable at fatal exit */
    va_list ap;

    if (b == NULL)
        b = buf_new(100);
    buf_reset(b);
    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    out_write(buf_str(b), buf_len(b));
}

void    out_flush(void)
{
    if (out_stream != NULL && stream_flush(out_stream) < 0)
        msg_fatal("write standard output: %m");
}
