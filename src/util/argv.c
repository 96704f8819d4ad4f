/*
 * argv - growable NULL-terminated string arrays, and splitting
 *
 * Implements argv.h.  Notes on argv_split_braced(): only a '{' at the
 * start of a field is special; braces inside an ordinary field (as in
 * "${name?{value}}") are plain text, while a field that starts with '}'
 * is an unbalanced brace.  "{ }" gives an empty field.  "Whitespace"
 * inside braces is isspace(), so a logical line joined with newlines
 * loses those too.  str_trim() moves the text to the start of s and
 * returns s.
 */
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "mem.h"
#include "msg.h"

#define ARGV_MIN_CAP	8
#define ARGV_MAX_CAP	(SIZE_MAX / sizeof(char *) / 2 - 1)

struct argv *argv_new(size_t hint)
{
    struct argv *a;

    if (hint > ARGV_MAX_CAP)
        msg_fatal("argv_new: too many elements (%zu)", hint);
    a = xmalloc(sizeof(*a));
    a->cap = hint < ARGV_MIN_CAP ? ARGV_MIN_CAP : hint;
    a->argv = xcalloc(a->cap + 1, sizeof(char *));
    a->argc = 0;
    return a;
}

void    argv_free(struct argv *a)
{
    size_t  i;

    if (a == NULL)
        return;
    for (i = 0; i < a->argc; i++)
        free(a->argv[i]);
    free(a->argv);
    free(a);
}

/* argv_push - append a string that a now owns */

static void argv_push(struct argv *a, char *s)
{
    if (a->argc >= a->cap) {
        if (a->cap > ARGV_MAX_CAP / 2)
            msg_fatal("argv: too many elements");
        a->cap *= 2;
        a->argv = xrealloc(a->argv, (a->cap + 1) * sizeof(char *));
    }
    a->argv[a->argc++] = s;
    a->argv[a->argc] = NULL;
}

void    argv_add(struct argv *a, const char *s)
{
    argv_push(a, xstrdup(s));
}

void    argv_addn(struct argv *a, const char *s, size_t n)
{
    argv_push(a, xstrndup(s, n));
}

void    argv_truncate(struct argv *a, size_t n)
{
    while (a->argc > n)
        free(a->argv[--a->argc]);
    a->argv[a->argc] = NULL;
}

struct argv *argv_split(const char *s, const char *delims)
{
    struct argv *a = argv_new(0);
    size_t  n;

    for (;;) {
        s += strspn(s, delims);
        if (*s == 0)
            break;
        n = strcspn(s, delims);
        argv_addn(a, s, n);
        s += n;
    }
    return a;
}

/* brace_close - find the '}' that matches the '{' at s, or NULL */

static const char *brace_close(const char *s)
{
    int     depth = 0;

    for (; *s; s++) {
        if (*s == '{')
            depth++;
        else if (*s == '}' && --depth == 0)
            return s;
    }
    return NULL;
}

int     argv_split_braced(const char *s, const char *delims, struct argv **out)
{
    struct argv *a = argv_new(0);
    const char *start;
    const char *end;
    size_t  n;

    *out = NULL;
    for (;;) {
        s += strspn(s, delims);
        if (*s == 0)
            break;
        if (*s == '}')
            goto bad;
        if (*s != '{') {
            n = strcspn(s, delims);
            argv_addn(a, s, n);
            s += n;
            continue;
        }
        if ((end = brace_close(s)) == NULL)
            goto bad;
        start = s + 1;
        s = end + 1;
        if (*s != 0 && strchr(delims, *s) == NULL)
            goto bad;
        while (start < end && isspace((unsigned char) *start))
            start++;
        while (end > start && isspace((unsigned char) end[-1]))
            end--;
        argv_addn(a, start, (size_t) (end - start));
    }
    *out = a;
    return 0;

bad:
    argv_free(a);
    return -1;
}

char   *str_token(char **cp, const char *delims)
{
    char   *start;
    char   *end;

    if (*cp == NULL)
        return NULL;
    start = *cp + strspn(*cp, delims);
    if (*start == 0) {
        *cp = start;
        return NULL;
    }
    end = start + strcspn(start, delims);
    if (*end != 0)
        *end++ = 0;
    *cp = end;
    return start;
}

char   *str_trim(char *s)
{
    char   *start = s;
    size_t  len;

    while (isspace((unsigned char) *start))
        start++;
    len = strlen(start);
    while (len > 0 && isspace((unsigned char) start[len - 1]))
        len--;
    memmove(s, start, len);
    s[len] = 0;
    return s;
}
