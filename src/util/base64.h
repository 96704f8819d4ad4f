/*
 * base64 - standard base64 (RFC 4648 alphabet, '=' padding, no breaks)
 *
 *	void	base64_encode(struct buf *out, const void *p, size_t n);
 *			appends to out
 *	int	base64_decode(struct buf *out, const char *s, size_t n);
 *			appends to out; -1 on malformed input (bad
 *			character, bad length, misplaced padding); out
 *			may then hold partial data
 */
#ifndef POSTERN_BASE64_H
#define POSTERN_BASE64_H

#include <stddef.h>
#include "buf.h"

void    base64_encode(struct buf *out, const void *p, size_t n);
int     base64_decode(struct buf *out, const char *s, size_t n);

#endif
