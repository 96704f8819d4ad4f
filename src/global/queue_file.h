/*
 * queue_file - a queue file's message content (agents); whole files (tests)
 *
 * Reading.  A delivery agent reads the content segment from the
 * request's data offset: 'N' records are lines without their newline,
 * 'L' records are pieces of a longer line continued by the next record
 * (an 'L' right before 'X' is a last line without a newline); 'p'
 * pointers are followed and 'w' padding skipped (rec_get).  The first
 * record that is not 'N' or 'L' must be 'X'; anything else, a read
 * error, end of file, or reading more bytes than the file holds (a
 * pointer loop) is corruption: logged once, and sticky.
 *
 *	struct qf_reader *qf_reader_open(struct stream *fp, long data_offset);
 *			seeks fp to data_offset (NULL if that fails, logged)
 *	void	qf_reader_free(struct qf_reader *r);	fp stays open
 *	int	qf_next_record(struct qf_reader *r, struct buf *text);
 *			QF_NORM ('N': text ends a line), QF_CONT ('L': the
 *			line goes on), QF_END ('X' seen), QF_CORRUPT
 *	int	qf_next_line(struct qf_reader *r, struct buf *line, size_t limit);
 *			'L' pieces joined to the line they start:
 *			QF_LINE (a whole line), QF_LAST (the message's last
 *			line, which has no newline), QF_PIECE (limit > 0 and
 *			the line is longer: at least limit bytes of it, the
 *			rest follows), QF_END, QF_CORRUPT
 *
 * Writing (test drivers and fuzz seeds): a complete file in cleanup's
 * layout (reference 4.4): C (six "%15ld" fields, rewritten at the end),
 * T, A create_time, [F], S, A records (rewrite_context, envelope_id,
 * ret_flags, trace_flags, then the caller's own), per recipient
 * [A notify_flags] [A dsn_orig_rcpt] O R, M, the content, X,
 * [A encoding], E.  Body lines end in "\n" (a "\r" before it is
 * dropped); a line longer than line_limit is written as 'L' records of
 * line_limit bytes and an 'N' with the rest; a body that does not end
 * in "\n" ends in an 'L'.  C field 5 (content length) counts the body
 * bytes so stored plus one per newline.
 *
 *	int	qf_write(struct stream *fp, const struct qf_message *m,
 *			struct qf_layout *out);	0, or -1 on a write error
 *			(logged); fp must be an empty file opened read/write
 *	void	qf_layout_free(struct qf_layout *l);
 *	int	qf_read_size(struct stream *fp, long fields[6]);
 *			parse the C record at offset 0: 0 ok, -1 (logged)
 */
#ifndef POSTERN_QUEUE_FILE_H
#define POSTERN_QUEUE_FILE_H

#include <stddef.h>
#include <sys/time.h>

#include "buf.h"
#include "stream.h"

#define QF_NORM		1
#define QF_CONT		2
#define QF_LINE		3
#define QF_LAST		4
#define QF_PIECE	5
#define QF_END		0
#define QF_CORRUPT	(-1)

#define QF_LINE_LIMIT	2048		/* cleanup's default line_length_limit */

struct qf_reader;

struct qf_rcpt {
    const char *address;		/* R */
    const char *orig;			/* O; NULL = address */
    const char *orcpt;			/* A dsn_orig_rcpt; NULL = none */
    int     notify;			/* A notify_flags; 0 = none */
};

struct qf_message {
    const char *sender;			/* S; "" = null sender */
    const char *fullname;		/* F; NULL = none */
    struct timeval arrival;		/* T */
    long    create_time;		/* A create_time; 0 = arrival */
    const char *rewrite_context;	/* NULL = "local" */
    const char *envelope_id;		/* NULL = none */
    int     ret_flags;			/* 0 = none */
    int     trace_flags;		/* 0 = none */
    const char *const *attrs;		/* more "name=value"; NULL-ended */
    const struct qf_rcpt *rcpt;
    size_t  nrcpt;
    const char *body;
    size_t  body_len;
    size_t  line_limit;			/* 0 = QF_LINE_LIMIT */
    const char *encoding;		/* A encoding; NULL = none */
    int     smtputf8;			/* C field 6 */
};

struct qf_layout {
    long    data_offset;		/* C field 2: after M */
    long    data_size;			/* C field 1: X offset - data_offset */
    long    content_len;		/* C field 5 */
    long    xtra_offset;		/* the X record */
    long   *rcpt_offset;		/* each R record (nrcpt of them) */
    size_t  nrcpt;
};

struct qf_reader *qf_reader_open(struct stream *fp, long data_offset);
void    qf_reader_free(struct qf_reader *r);
int     qf_next_record(struct qf_reader *r, struct buf *text);
int     qf_next_line(struct qf_reader *r, struct buf *line, size_t limit);

int     qf_write(struct stream *fp, const struct qf_message *m,
                 struct qf_layout *out);
void    qf_layout_free(struct qf_layout *l);
int     qf_read_size(struct stream *fp, long fields[6]);

#endif
