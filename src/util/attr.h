/*
 * attr - Postfix's attribute protocol, "0" and "plain" encodings
 *
 * A message is an ordered list of named values and an end marker.
 * Encodings (wire formats are in Postfix 3.7's reference, section 1):
 *   ATTR_ENC_0      name NUL value NUL ...; end = a lone NUL.
 *                   HASH = "{" NUL (key NUL value NUL)* "}" NUL
 *   ATTR_ENC_PLAIN  name=value LF ...; end = an empty line.
 *                   HASH = "{" NUL LF (key=value LF)* "}" NUL LF
 * Numbers go out as unsigned decimal: INT as %u of the 32-bit value
 * (so -1 is 4294967295), LONG as %lu.  DATA is base64.
 *
 * Print and scan take a variable list of typed items built with the
 * macros below, ended by ATTR_END:
 *
 *   attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
 *              SEND_STR("queue_id", id), SEND_INT("status", -1), ATTR_END);
 *   n = attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
 *              RECV_STR("queue_id", idbuf), RECV_INT("status", &st), ATTR_END);
 *
 * attr_vprint is attr_print with a va_list (for wrappers that pass an
 * item list through).  attr_print returns 0, or -1 if the stream failed or the list cannot
 * be encoded (an empty or "{"/"}" name, a NULL string, '=' in a plain
 * name, LF in a plain value; logged, nothing written); it flushes unless
 * ATTR_FLAG_MORE.  attr_scan returns the number of items converted
 * (STREQ does not count, a FUNC or HASH counts as one), 0 at EOF before the
 * first byte, -1 on I/O error, malformed number or base64, an over-long
 * name or value, or a STREQ mismatch.  Problems are logged with
 * msg_warn naming the attribute and the peer (stream_name).
 *
 * Scan flags:
 *   ATTR_FLAG_MISSING  warn when the end marker comes before a wanted item
 *   ATTR_FLAG_EXTRA    an unexpected name is an error: warn and stop
 *                      (without it, unknown attributes are skipped)
 *   ATTR_FLAG_STRICT   MISSING|EXTRA
 *   ATTR_FLAG_MORE     stop after the wanted items without reading the
 *                      end marker (print: do not write it)
 *   ATTR_FLAG_PRINTABLE  replace non-printable bytes in strings by '?'
 *   ATTR_FLAG_QUIET    fail silently: no warning for any -1 (for a
 *                      caller that reports trouble itself, once)
 *
 * Names are compared in order: the next wanted item must match the next
 * name on the wire (as Postfix does).  A HASH receives into a struct
 * htable of xstrdup'ed strings; if the next name is "{" it reads that
 * group, otherwise all remaining pairs up to the end marker (at most
 * ATTR_HASH_LIMIT entries).  Strings and names longer than
 * ATTR_STRING_LIMIT bytes are a protocol error.
 *
 *	int	attr_scan_more(struct stream *s, int enc);
 *			1 more attributes follow, 0 end marker (consumed),
 *			-1 EOF/error.  struct stream cannot unread, so on 1
 *			the peeked byte is held inside attr_scan.c for the
 *			next attr_scan/attr_scan_more on s: read the list next.
 *	(the peer named in warnings is stream_name(s))
 *
 * Convenience for the announcement every server sends on accept:
 *	int	attr_announce(struct stream *s, int enc, const char *protocol);
 *	int	attr_expect_protocol(struct stream *s, int enc, const char *protocol);
 *			0 ok, -1 (logged)
 *
 * FUNC items: SEND_FUNC(fn, ctx) calls fn(s, enc, ctx), which prints
 * further attributes with ATTR_FLAG_MORE; RECV_FUNC(fn, ctx) calls
 * fn(s, enc, ctx) which scans with ATTR_FLAG_MORE and returns >= 0 ok.
 */
#ifndef POSTERN_ATTR_H
#define POSTERN_ATTR_H

#include <stdarg.h>
#include <stddef.h>

#include "buf.h"
#include "htable.h"
#include "stream.h"

#define ATTR_ENC_0	0
#define ATTR_ENC_PLAIN	1

#define ATTR_FLAG_NONE		0
#define ATTR_FLAG_MISSING	(1<<0)
#define ATTR_FLAG_EXTRA		(1<<1)
#define ATTR_FLAG_MORE		(1<<2)
#define ATTR_FLAG_PRINTABLE	(1<<3)
#define ATTR_FLAG_QUIET		(1<<4)	/* attr_scan: fail without warnings */
#define ATTR_FLAG_STRICT	(ATTR_FLAG_MISSING | ATTR_FLAG_EXTRA)

#define ATTR_STRING_LIMIT	(1024 * 1024)
#define ATTR_HASH_LIMIT		1024

/* Item type codes (never on the wire). */
#define ATTR_TYPE_END	0
#define ATTR_TYPE_INT	1
#define ATTR_TYPE_STR	2
#define ATTR_TYPE_HASH	3
#define ATTR_TYPE_LONG	4
#define ATTR_TYPE_DATA	5
#define ATTR_TYPE_FUNC	6
#define ATTR_TYPE_STREQ	7

#define ATTR_END	ATTR_TYPE_END

typedef int (*attr_print_fn)(struct stream *s, int enc, void *ctx);
typedef int (*attr_scan_fn)(struct stream *s, int enc, void *ctx);

#define SEND_INT(name, v)	ATTR_TYPE_INT, (const char *)(name), (int)(v)
#define SEND_STR(name, v)	ATTR_TYPE_STR, (const char *)(name), (const char *)(v)
#define SEND_LONG(name, v)	ATTR_TYPE_LONG, (const char *)(name), (long)(v)
#define SEND_DATA(name, n, p)	ATTR_TYPE_DATA, (const char *)(name), (size_t)(n), (const void *)(p)
#define SEND_HASH(t)		ATTR_TYPE_HASH, (const struct htable *)(t)
#define SEND_FUNC(fn, ctx)	ATTR_TYPE_FUNC, (attr_print_fn)(fn), (void *)(ctx)

#define RECV_INT(name, p)	ATTR_TYPE_INT, (const char *)(name), (int *)(p)
#define RECV_STR(name, b)	ATTR_TYPE_STR, (const char *)(name), (struct buf *)(b)
#define RECV_LONG(name, p)	ATTR_TYPE_LONG, (const char *)(name), (long *)(p)
#define RECV_DATA(name, b)	ATTR_TYPE_DATA, (const char *)(name), (struct buf *)(b)
#define RECV_HASH(t)		ATTR_TYPE_HASH, (struct htable *)(t)
#define RECV_STREQ(name, v)	ATTR_TYPE_STREQ, (const char *)(name), (const char *)(v)
#define RECV_FUNC(fn, ctx)	ATTR_TYPE_FUNC, (attr_scan_fn)(fn), (void *)(ctx)

int     attr_print(struct stream *s, int enc, int flags, ...);
int     attr_vprint(struct stream *s, int enc, int flags, va_list ap);
int     attr_scan(struct stream *s, int enc, int flags, ...);
int     attr_scan_more(struct stream *s, int enc);
int     attr_announce(struct stream *s, int enc, const char *protocol);
int     attr_expect_protocol(struct stream *s, int enc, const char *protocol);

#endif
