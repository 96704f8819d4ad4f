/*
 * quote_822_local - external (quoted) form of an internal address
 *
 * Implements quote_822_local.h.  The local part is the text between an
 * optional source route ("@...:") and the last '@'.
 */
#include <string.h>

#include "quote_822_local.h"

/* special_char - does ch keep a local part from being a dot-string? */

static int special_char(int ch)
{
    if (ch < 32 || ch == 127 || ch == ' ')
        return 1;
    return strchr("()<>@,;:\\\"[]", ch) != NULL;
}

/* is_dot_string - atoms separated by single dots */

static int is_dot_string(const char *start, const char *end)
{
    const char *cp;

    if (start == end || *start == '.' || end[-1] == '.')
        return 0;
    for (cp = start; cp < end; cp++) {
        if (special_char(*(const unsigned char *) cp))
            return 0;
        if (*cp == '.' && cp + 1 < end && cp[1] == '.')
            return 0;
    }
    return 1;
}

/* append_quoted - the local part as a quoted string */

static void append_quoted(struct buf *out, const char *start, const char *end)
{
    const char *cp;

    buf_putc(out, '"');
    for (cp = start; cp < end; cp++) {
        if (*cp == '"' || *cp == '\\' || *cp == '\r')
            buf_putc(out, '\\');
        buf_putc(out, *cp);
    }
    buf_putc(out, '"');
}

void    quote_822_local(struct buf *out, const char *addr)
{
    const char *start = addr;
    const char *colon;
    const char *end;

    if (addr[0] == '@' && (colon = strchr(addr, ':')) != NULL)
        start = colon + 1;
    if ((end = strrchr(start, '@')) == NULL)
        end = start + strlen(start);
    if (*addr == 0 || is_dot_string(start, end)) {
        buf_puts(out, addr);
        return;
    }
    buf_append(out, addr, start - addr);
    append_quoted(out, start, end);
    buf_puts(out, end);
}
