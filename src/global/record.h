/*
 * record - queue file records (reference section 4)
 *
 * A record is a type byte, a length as a base-128 varint (low 7 bits
 * first, bit 7 = more), and that many payload bytes.
 *
 *	int	rec_put(struct stream *s, int type, const void *p, size_t n);
 *			type or REC_TYPE_ERROR
 *	int	rec_fputs(struct stream *s, int type, const char *str);
 *	int	rec_fprintf(struct stream *s, int type, const char *fmt, ...);
 *	int	rec_get_raw(struct stream *s, struct buf *out, size_t limit, int flags);
 *			returns the type (payload in out), REC_TYPE_EOF at a
 *			clean end of file, REC_TYPE_ERROR on a truncated or
 *			malformed record or a length above limit (0 = no
 *			limit); at most 5 length bytes.
 *	int	rec_get(struct stream *s, struct buf *out, size_t limit);
 *			the delivery agents' reader: follows 'p' pointer
 *			records (seeking to the offset; 0 = no-op),
 *			skips 'w' padding; after 'E' seeks to end of file.
 *			Pointer loops are an error (bounded hop count).
 *	long	rec_goto(struct stream *s, const char *payload);  parse "%15ld"
 *			and seek there: the offset, 0 for a dummy pointer
 *			(no seek), REC_TYPE_ERROR if malformed or the seek
 *			failed (logged)
 *
 * rec_get_raw's flags select what rec_get does (rec_get is
 * rec_get_raw(s, out, limit, REC_FLAG_DEFAULT)); REC_FLAG_NONE reads
 * every record as it is.
 *
 * The stream must be seekable (a queue file) for rec_get's pointers:
 * stream_seek() in stream.h.
 */
#ifndef POSTERN_RECORD_H
#define POSTERN_RECORD_H

#include <stddef.h>

#include "buf.h"
#include "stream.h"

#define REC_TYPE_EOF	(-1)
#define REC_TYPE_ERROR	(-2)

#define REC_TYPE_SIZE	'C'
#define REC_TYPE_TIME	'T'
#define REC_TYPE_CTIME	'c'
#define REC_TYPE_FULL	'F'
#define REC_TYPE_INSP	'I'
#define REC_TYPE_FILT	'L'
#define REC_TYPE_FROM	'S'
#define REC_TYPE_DONE	'D'
#define REC_TYPE_RCPT	'R'
#define REC_TYPE_ORCP	'O'
#define REC_TYPE_DRCP	'/'
#define REC_TYPE_WARN	'W'
#define REC_TYPE_ATTR	'A'
#define REC_TYPE_KILL	'K'
#define REC_TYPE_RDR	'>'
#define REC_TYPE_FLGS	'f'
#define REC_TYPE_DELAY	'd'
#define REC_TYPE_MESG	'M'
#define REC_TYPE_NORM	'N'
#define REC_TYPE_CONT	'L'
#define REC_TYPE_PAD	'w'
#define REC_TYPE_XTRA	'X'
#define REC_TYPE_RRTO	'r'
#define REC_TYPE_ERTO	'e'
#define REC_TYPE_PRIO	'P'
#define REC_TYPE_PTR	'p'
#define REC_TYPE_VERP	'V'
#define REC_TYPE_DSN_RET '<'
#define REC_TYPE_DSN_ENVID 'i'
#define REC_TYPE_DSN_ORCPT 'o'
#define REC_TYPE_DSN_NOTIFY 'n'
#define REC_TYPE_MILT_COUNT 'm'
#define REC_TYPE_END	'E'

#define REC_FLAG_NONE		0
#define REC_FLAG_FOLLOW_PTR	(1<<0)	/* follow 'p' records */
#define REC_FLAG_SKIP_PAD	(1<<1)	/* skip 'w' records */
#define REC_FLAG_SEEK_END	(1<<2)	/* seek to EOF after 'E' */
#define REC_FLAG_DEFAULT \
    (REC_FLAG_FOLLOW_PTR | REC_FLAG_SKIP_PAD | REC_FLAG_SEEK_END)

#define REC_TYPE_SIZE_FORMAT "%15ld %15ld %15ld %15ld %15ld %15ld"
#define REC_TYPE_PTR_FORMAT "%15ld"

int     rec_put(struct stream *s, int type, const void *p, size_t n);
int     rec_fputs(struct stream *s, int type, const char *str);
int     rec_fprintf(struct stream *s, int type, const char *fmt, ...)
            __attribute__((format(printf, 3, 4)));
int     rec_get_raw(struct stream *s, struct buf *out, size_t limit, int flags);
int     rec_get(struct stream *s, struct buf *out, size_t limit);
long    rec_goto(struct stream *s, const char *payload);

#endif
