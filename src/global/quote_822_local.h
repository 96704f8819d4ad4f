/*
 * quote_822_local - external (quoted) form of an internal address
 *
 * quote_822_local() appends ADDR to OUT with its local part quoted
 * when it is not an RFC 5321/822 dot-string: a local part that is
 * empty, starts or ends with ".", contains "..", a space, a control
 * character or one of ()<>@,;:\"[] becomes a quoted string in which
 * '"', '\' and CR are escaped with a backslash.  The domain (after
 * the last '@') and a source route prefix ("@a,@b:") are copied as they
 * are; 8-bit bytes are ordinary text.  An empty address stays empty.
 *
 *	user.name@example.com -> user.name@example.com
 *	a b@example.com -> "a b"@example.com
 *	a"b@example.com -> "a\"b"@example.com
 *
 *	void	quote_822_local(struct buf *out, const char *addr);
 */
#ifndef POSTERN_QUOTE_822_LOCAL_H
#define POSTERN_QUOTE_822_LOCAL_H

#include "buf.h"

void    quote_822_local(struct buf *out, const char *addr);

#endif
