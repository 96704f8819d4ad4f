/*
 * attr_print - send an attribute list ("0" or "plain" encoding)
 *
 * Writes one list of named values in Postfix's wire format (see attr.h
 * and the protocol reference, section 1):
 *
 *   ATTR_ENC_0      name NUL value NUL, HASH as "{" NUL pairs "}" NUL,
 *                   end marker a lone NUL
 *   ATTR_ENC_PLAIN  name=value LF, HASH as "{" NUL LF pairs "}" NUL LF,
 *                   end marker an empty line
 *
 * INT goes out as %u of the value converted to unsigned (so -1 is
 * 4294967295), LONG as %lu, DATA as base64.  HASH pairs are printed in
 * the table's walk order (insertion order with our htable).  A FUNC
 * item calls back into the caller, which prints more items with
 * ATTR_FLAG_MORE; there is no framing around them.
 *
 * The list is assembled in memory and handed to the stream in one
 * piece (FUNC items force out what was assembled before them), so a
 * list that cannot be represented produces no output: a name that is
 * empty, "{" or "}", a plain-encoded name with '=' or LF, a plain value
 * with LF, or a NULL string.  Such a list is a caller bug; it is logged
 * and attr_print returns -1.  Without ATTR_FLAG_MORE the end marker is
 * written and the stream flushed.
 *
 *	int	attr_print(struct stream *s, int enc, int flags, ...);
 *	int	attr_announce(struct stream *s, int enc, const char *protocol);
 *			0 ok, -1 stream error or unrepresentable list
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attr.h"
#include "base64.h"
#include "msg.h"

/* Per-call state, also handed to the HASH walk callback. */
struct print_state {
    struct stream *s;
    int     enc;
    struct buf *out;			/* the list so far */
    struct buf *tmp;			/* number text, base64 */
    int     bad;			/* unrepresentable item seen */
};

/* name_ok - can this name be sent in this encoding? */

static int name_ok(struct print_state *ps, const char *name, const char *what)
{
    const char *why = NULL;

    if (name == NULL)
        why = "null";
    else if (*name == 0)
        why = "empty";
    else if (strcmp(name, "{") == 0 || strcmp(name, "}") == 0)
        why = "reserved";
    else if (ps->enc == ATTR_ENC_PLAIN && strpbrk(name, "=\n") != NULL)
        why = "'=' or newline in";
    if (why == NULL)
        return 1;
    msg_warn("attr_print: %s %s name %.100s for %s", why, what,
             name ? name : "(null)", stream_name(ps->s));
    ps->bad = 1;
    return 0;
}

/* value_ok - can this value be sent in this encoding? */

static int value_ok(struct print_state *ps, const char *name,
                    const char *value, size_t len)
{
    if (value == NULL) {
        msg_warn("attr_print: null value for attribute %.100s for %s",
                 name, stream_name(ps->s));
        ps->bad = 1;
        return 0;
    }
    if (ps->enc == ATTR_ENC_PLAIN && memchr(value, '\n', len) != NULL) {
        msg_warn("attr_print: newline in value of attribute %.100s for %s",
                 name, stream_name(ps->s));
        ps->bad = 1;
        return 0;
    }
    return 1;
}

/* put_pair - append one name/value pair in the chosen encoding */

static void put_pair(struct print_state *ps, const char *name,
                     const char *value, size_t len)
{
    buf_puts(ps->out, name);
    buf_putc(ps->out, ps->enc == ATTR_ENC_0 ? '\0' : '=');
    buf_append(ps->out, value, len);
    buf_putc(ps->out, ps->enc == ATTR_ENC_0 ? '\0' : '\n');
}

/* put_brace - append a HASH group delimiter line */

static void put_brace(struct print_state *ps, int brace)
{
    buf_putc(ps->out, brace);
    buf_putc(ps->out, '\0');
    if (ps->enc == ATTR_ENC_PLAIN)
        buf_putc(ps->out, '\n');
}

/* put_hash_entry - htable_walk callback for SEND_HASH */

static void put_hash_entry(const char *key, void *value, void *ctx)
{
    struct print_state *ps = ctx;
    const char *str = value;

    if (ps->bad)
        return;
    if (!name_ok(ps, key, "hash key")
        || !value_ok(ps, key, str, str ? strlen(str) : 0))
        return;
    put_pair(ps, key, str, strlen(str));
}

/* drain - hand the assembled bytes to the stream */

static int drain(struct print_state *ps)
{
    int     ret = 0;

    if (buf_len(ps->out) > 0)
        ret = stream_write(ps->s, buf_str(ps->out), buf_len(ps->out));
    buf_reset(ps->out);
    return ret;
}

int     attr_vprint(struct stream *s, int enc, int flags, va_list ap)
{
    struct print_state ps;
    const char *name;
    const char *str;
    const void *data;
    size_t  len;
    const struct htable *table;
    attr_print_fn fn;
    void   *ctx;
    int     type;
    int     ret = 0;

    if (enc != ATTR_ENC_0 && enc != ATTR_ENC_PLAIN)
        msg_panic("attr_print: bad encoding %d", enc);
    ps.s = s;
    ps.enc = enc;
    ps.out = buf_new(256);
    ps.tmp = buf_new(64);
    ps.bad = 0;

    while (!ps.bad && (type = va_arg(ap, int)) != ATTR_TYPE_END) {
        switch (type) {
        case ATTR_TYPE_INT:
            name = va_arg(ap, const char *);
            buf_reset(ps.tmp);
            buf_printf(ps.tmp, "%u", (unsigned) va_arg(ap, int));
            if (name_ok(&ps, name, "attribute"))
                put_pair(&ps, name, buf_str(ps.tmp), buf_len(ps.tmp));
            break;
        case ATTR_TYPE_LONG:
            name = va_arg(ap, const char *);
            buf_reset(ps.tmp);
            buf_printf(ps.tmp, "%lu", (unsigned long) va_arg(ap, long));
            if (name_ok(&ps, name, "attribute"))
                put_pair(&ps, name, buf_str(ps.tmp), buf_len(ps.tmp));
            break;
        case ATTR_TYPE_STR:
            name = va_arg(ap, const char *);
            str = va_arg(ap, const char *);
            if (name_ok(&ps, name, "attribute")
                && value_ok(&ps, name, str, str ? strlen(str) : 0))
                put_pair(&ps, name, str, strlen(str));
            break;
        case ATTR_TYPE_DATA:
            name = va_arg(ap, const char *);
            len = va_arg(ap, size_t);
            data = va_arg(ap, const void *);
            if (data == NULL && len > 0) {
                msg_warn("attr_print: null data for attribute %.100s for %s",
                         name ? name : "(null)", stream_name(s));
                ps.bad = 1;
                break;
            }
            buf_reset(ps.tmp);
            base64_encode(ps.tmp, data, len);
            if (name_ok(&ps, name, "attribute"))
                put_pair(&ps, name, buf_str(ps.tmp), buf_len(ps.tmp));
            break;
        case ATTR_TYPE_HASH:
            table = va_arg(ap, const struct htable *);
            put_brace(&ps, '{');
            if (table != NULL)
                htable_walk(table, put_hash_entry, &ps);
            put_brace(&ps, '}');
            break;
        case ATTR_TYPE_FUNC:
            fn = va_arg(ap, attr_print_fn);
            ctx = va_arg(ap, void *);
            if (drain(&ps) < 0 || fn(s, enc, ctx) < 0)
                ret = -1;
            break;
        default:
            msg_panic("attr_print: unknown type code %d", type);
        }
        if (ret < 0)
            break;
    }
    if (ps.bad)
        ret = -1;
    if (ret == 0) {
        if ((flags & ATTR_FLAG_MORE) == 0)
            buf_putc(ps.out, enc == ATTR_ENC_0 ? '\0' : '\n');
        if (drain(&ps) < 0)
            ret = -1;
        if ((flags & ATTR_FLAG_MORE) == 0 && stream_flush(s) < 0)
            ret = -1;
        if (stream_failed(s))
            ret = -1;
    }
    buf_free(ps.out);
    buf_free(ps.tmp);
    return ret;
}

int attr_print(struct stream *s, int enc, int flags, ...)
{
    va_list ap;
    int     ret;

    va_start(ap, flags);
    ret = attr_vprint(s, enc, flags, ap);
    va_end(ap);
    return ret;
}

int attr_announce(struct stream *s, int enc, const char *protocol)
{
    return attr_print(s, enc, ATTR_FLAG_NONE,
                      SEND_STR("protocol", protocol), ATTR_END);
}
