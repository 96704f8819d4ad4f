/*
 * mem - allocation that never returns NULL
 *
 * Implements mem.h.  A zero-byte request is served as one byte, so a
 * NULL result always means "out of memory" (and xrealloc(p, 0) never
 * frees p behind the caller's back).  xmemdup() adds a terminating NUL
 * that is not counted in n, so copied text can be used as a string.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "msg.h"

void   *xmalloc(size_t n)
{
    void   *p;

    if ((p = malloc(n ? n : 1)) == NULL)
        msg_fatal("xmalloc: out of memory (%zu bytes)", n);
    return p;
}

void   *xcalloc(size_t n, size_t size)
{
    void   *p;

    if (size != 0 && n > SIZE_MAX / size)
        msg_fatal("xcalloc: size overflow (%zu * %zu)", n, size);
    if (n == 0 || size == 0)
        n = size = 1;
    if ((p = calloc(n, size)) == NULL)
        msg_fatal("xcalloc: out of memory (%zu * %zu bytes)", n, size);
    return p;
}

void   *xrealloc(void *p, size_t n)
{
    void   *np;

    if ((np = realloc(p, n ? n : 1)) == NULL)
        msg_fatal("xrealloc: out of memory (%zu bytes)", n);
    return np;
}

char   *xstrdup(const char *s)
{
    return xmemdup(s, strlen(s));
}

char   *xstrndup(const char *s, size_t n)
{
    return xmemdup(s, strnlen(s, n));
}

void   *xmemdup(const void *p, size_t n)
{
    char   *cp;

    if (n == SIZE_MAX)
        msg_fatal("xmemdup: size overflow");
    cp = xmalloc(n + 1);
    if (n > 0)
        memcpy(cp, p, n);
    cp[n] = 0;
    return cp;
}

char   *xconcat(const char *s, ...)
{
    va_list ap;
    const char *part;
    size_t  len = 0;
    size_t  n;
    char   *result;
    char   *cp;

    va_start(ap, s);
    for (part = s; part != NULL; part = va_arg(ap, const char *)) {
        n = strlen(part);
        if (len > SIZE_MAX - 1 - n)
            msg_fatal("xconcat: size overflow");
        len += n;
    }
    va_end(ap);

    cp = result = xmalloc(len + 1);
    va_start(ap, s);
    for (part = s; part != NULL; part = va_arg(ap, const char *)) {
        n = strlen(part);
        memcpy(cp, part, n);
        cp += n;
    }
    va_end(ap);
    *cp = 0;
    return result;
}
