/*
 * buf - growable byte buffer that is also a C string
 *
 * Implements buf.h.  Notes:
 *
 * - buf_append() and buf_setn() accept data that lies inside the buffer
 *   itself (e.g. buf_set(b, buf_str(b) + 3)); growing may move the data,
 *   so the source is located by offset, not by pointer.  buf_printf()
 *   arguments must not point into the same buffer.
 * - buf_truncate() with a length not below buf_len() changes nothing,
 *   so "buf_truncate(b, limit)" caps a buffer at a limit.
 * - Capacity doubles; arithmetic overflow is a fatal error.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mem.h"
#include "msg.h"

#define BUF_MIN_CAP	16

/* buf_space - make room for n more bytes plus the NUL */

static void buf_space(struct buf *b, size_t n)
{
    size_t  need;
    size_t  cap;

    if (n > SIZE_MAX - 1 - b->len)
        msg_fatal("buf: size overflow (%zu + %zu bytes)", b->len, n);
    need = b->len + n + 1;
    if (need <= b->cap)
        return;
    for (cap = b->cap; cap < need; cap *= 2) {
        if (cap > SIZE_MAX / 2) {
            cap = need;
            break;
        }
    }
    b->data = xrealloc(b->data, cap);
    b->cap = cap;
}

/* buf_inside - does p point into the storage of b? */

static int buf_inside(const struct buf *b, const void *p)
{
    uintptr_t u = (uintptr_t) p;
    uintptr_t start = (uintptr_t) b->data;

    return (u >= start && u < start + b->cap);
}

struct buf *buf_new(size_t hint)
{
    struct buf *b = xmalloc(sizeof(*b));

    b->cap = hint < BUF_MIN_CAP ? BUF_MIN_CAP : hint;
    if (b->cap < SIZE_MAX)
        b->cap += 1;
    b->data = xmalloc(b->cap);
    b->data[0] = 0;
    b->len = 0;
    return b;
}

void    buf_free(struct buf *b)
{
    if (b == NULL)
        return;
    free(b->data);
    free(b);
}

void    buf_reset(struct buf *b)
{
    b->len = 0;
    b->data[0] = 0;
}

void    buf_truncate(struct buf *b, size_t len)
{
    if (len < b->len) {
        b->len = len;
        b->data[len] = 0;
    }
}

void    buf_append(struct buf *b, const void *p, size_t n)
{
    const char *src = p;
    size_t  off;

    if (n == 0)
        return;
    if (buf_inside(b, src)) {
        off = (size_t) (src - b->data);
        buf_space(b, n);
        src = b->data + off;
    } else {
        buf_space(b, n);
    }
    memmove(b->data + b->len, src, n);
    b->len += n;
    b->data[b->len] = 0;
}

void    buf_puts(struct buf *b, const char *s)
{
    buf_append(b, s, strlen(s));
}

void    buf_putc(struct buf *b, int c)
{
    if (b->cap - b->len < 2)			/* the byte and the NUL */
        buf_space(b, 1);
    b->data[b->len++] = (char) c;
    b->data[b->len] = 0;
}

void    buf_printf(struct buf *b, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
}

void    buf_vprintf(struct buf *b, const char *fmt, va_list ap)
{
    va_list ap2;
    int     n;

    va_copy(ap2, ap);
    n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
    va_end(ap2);
    if (n < 0)
        msg_panic("buf_vprintf: cannot format \"%s\"", fmt);
    if ((size_t) n >= b->cap - b->len) {
        buf_space(b, (size_t) n);
        va_copy(ap2, ap);
        n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap2);
        va_end(ap2);
        if (n < 0)
            msg_panic("buf_vprintf: cannot format \"%s\"", fmt);
    }
    b->len += (size_t) n;
}

void    buf_set(struct buf *b, const char *s)
{
    buf_setn(b, s, strlen(s));
}

void    buf_setn(struct buf *b, const void *p, size_t n)
{
    const char *src = p;

    if (n > 0 && buf_inside(b, src)) {
        memmove(b->data, src, n);
        b->len = n;
        b->data[n] = 0;
    } else {
        buf_reset(b);
        buf_append(b, p, n);
    }
}

char   *buf_steal(struct buf *b)
{
    char   *data = b->data;

    free(b);
    return data;
}
