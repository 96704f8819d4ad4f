/*
 * buf - growable byte buffer that is also a C string
 *
 * A struct buf holds len bytes of data followed by a NUL that is not
 * counted, so buf_str() is always a valid C string (data may contain
 * NULs of its own; use buf_len() then).  Growth is geometric; running
 * out of memory is fatal (msg_fatal), so callers never check.
 *
 * Interface:
 *	struct buf *buf_new(size_t hint);
 *	void	buf_free(struct buf *b);		(NULL is a no-op)
 *	void	buf_reset(struct buf *b);		length 0, keep storage
 *	void	buf_truncate(struct buf *b, size_t len);	len <= buf_len
 *	void	buf_append(struct buf *b, const void *p, size_t n);
 *	void	buf_puts(struct buf *b, const char *s);
 *	void	buf_putc(struct buf *b, int c);
 *	void	buf_printf(struct buf *b, const char *fmt, ...);	appends
 *	void	buf_vprintf(struct buf *b, const char *fmt, va_list ap);
 *	void	buf_set(struct buf *b, const char *s);	reset + puts
 *	void	buf_setn(struct buf *b, const void *p, size_t n);
 *	char   *buf_str(struct buf *b);
 *	size_t	buf_len(const struct buf *b);
 *	char   *buf_steal(struct buf *b);		returns data, frees b
 */
#ifndef POSTERN_BUF_H
#define POSTERN_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
    char   *data;			/* len bytes + NUL */
    size_t  len;
    size_t  cap;			/* allocated, > len */
};

struct buf *buf_new(size_t hint);
void    buf_free(struct buf *b);
void    buf_reset(struct buf *b);
void    buf_truncate(struct buf *b, size_t len);
void    buf_append(struct buf *b, const void *p, size_t n);
void    buf_puts(struct buf *b, const char *s);
void    buf_putc(struct buf *b, int c);
void    buf_printf(struct buf *b, const char *fmt, ...)
            __attribute__((format(printf, 2, 3)));
void    buf_vprintf(struct buf *b, const char *fmt, va_list ap)
            __attribute__((format(printf, 2, 0)));
void    buf_set(struct buf *b, const char *s);
void    buf_setn(struct buf *b, const void *p, size_t n);
char   *buf_steal(struct buf *b);

static inline char *buf_str(struct buf *b) { return b->data; }
static inline size_t buf_len(const struct buf *b) { return b->len; }

#endif
