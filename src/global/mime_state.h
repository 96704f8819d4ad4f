/*
 * mime_state - streaming MIME parser with 8-bit to 7-bit downgrade
 *
 * Reads a message one line at a time (as the queue file holds it),
 * follows its MIME structure and writes it out again, unchanged or,
 * with MIME_OPT_DOWNGRADE, converted to 7-bit for a server that does
 * not announce 8BITMIME.  Memory is bounded by the limits below, never
 * by the size of the message.
 *
 *	struct mime_state *mime_state_create(int flags, int nesting_limit,
 *			int boundary_limit, mime_out_fn out, void *ctx);
 *			nesting_limit >= 0 (mime_nesting_limit), boundary_limit
 *			>= 1 (mime_boundary_length_limit); out may be NULL
 *	int	mime_state_update(struct mime_state *st, int rec_type,
 *			const char *text, size_t len);
 *			one input chunk: MIME_REC_PART = the line continues in
 *			the next chunk, MIME_REC_FULL = this chunk ends the
 *			line (text without its newline).  0, or -1 once out
 *			has failed (no more output is made).
 *	int	mime_state_finish(struct mime_state *st);
 *			end of input (a line left open counts as complete);
 *			0 or -1 as above.  No update after finish.
 *	void	mime_state_free(struct mime_state *st);	NULL is a no-op
 *	int	mime_state_errors(const struct mime_state *st);  MIME_ERR_*
 *	int	mime_state_info(const struct mime_state *st);	 MIME_INFO_*
 *	const char *mime_state_error_text(int errors);
 *			text for logging: the most significant error set
 *	int	mime_state_use_plan(struct mime_state *st,
 *			const struct mime_state *detector);
 *			before the first update: take from a finished earlier
 *			pass over the same content (same limits) the list of
 *			parts that carry 8-bit data without declaring it, so
 *			that this pass converts them too.  0, or -1 if the
 *			limits differ or input has already been given.
 *
 * Output: out(ctx, rec_type, text, len) receives the output as the
 * same kind of chunks (MIME_REC_FULL ends a line); it returns 0, or
 * non-zero to stop.  The caller adds CRLF and dot-stuffing.  Output
 * lines equal input lines except where the conversion changes them;
 * only the chunking may differ, never the joined line content.
 *
 * Flags:
 *	MIME_OPT_DOWNGRADE	convert; without it the output is the input
 *	MIME_OPT_DETECT		no output at all (out is not called); only
 *				the MIME_INFO_* bits and the plan are made
 *
 * What is converted (with MIME_OPT_DOWNGRADE):
 *	A leaf part with Content-Transfer-Encoding 8bit gets its CTE
 *	header replaced by "Content-Transfer-Encoding: quoted-printable"
 *	and its body encoded as quoted-printable (mime_downgrade.h).  The
 *	original CTE header is held back while the part's header is read
 *	and the new one is written at the end of that header, just before
 *	the empty line.  A leaf part without CTE (or with 7bit) whose body
 *	has 8-bit bytes is converted the same way only when a plan says so
 *	(a streaming pass cannot know it before the body).  A converted
 *	leaf without Content-Type also gets "Content-Type: text/plain;
 *	charset=unknown-8bit", and one that heads a message (top level or
 *	message/rfc822) without MIME-Version gets "MIME-Version: 1.0", so
 *	that readers decode it.
 *	Multipart parts and message/rfc822 with CTE 8bit are relabelled 7bit
 *	(their content is converted part by part).  message/rfc822 content
 *	is parsed as a message; message/partial and message/external-body
 *	are left alone; other message subtypes (global, delivery-status...)
 *	are leaves.  Headers are never changed: 8-bit bytes in headers are
 *	left as they are and flagged (as Postfix does).  Binary CTE is left
 *	as it is and flagged.
 *
 * Structure: boundaries are matched as line prefixes ("--" boundary,
 * closing "--" boundary "--"), innermost open multipart first; a match
 * of an outer boundary ends every inner level.  A multipart or
 * message/rfc822 part deeper than nesting_limit is passed through as
 * an opaque leaf.  A boundary longer than boundary_limit is truncated
 * (as Postfix does, boundaries are then told apart by that prefix; the
 * closing "--" is still looked for after the whole length).  A
 * header (with its continuation lines) longer than MIME_HEADER_LIMIT
 * bytes is passed through uninterpreted.  A line in a header block that
 * is neither a header nor a continuation ends the header block and
 * belongs to the body (an empty line is added before it when headers
 * were added).  A part whose CTE headers disagree, or are too big to
 * hold back, is not converted.  When a converted part turns out to
 * contain content that cannot be converted, the relabelling of its
 * containers stays: the error flags say so.
 *
 * Use by the smtp client: MIME_INFO_8BIT_BODY or MIME_INFO_8BIT_CTE
 * (from a detection pass, or the queue file's 8-bit flag) without
 * 8BITMIME means downgrade; a detection pass over the queue file before
 * the downgrade pass also yields the plan.  MIME_INFO_8BIT_HEADER
 * feeds the SMTPUTF8 decision.  Any MIME_ERR_NOT_7BIT bit after the
 * downgrade pass means the output was not 7-bit clean.
 */
#ifndef POSTERN_MIME_STATE_H
#define POSTERN_MIME_STATE_H

#include <stddef.h>

/* Chunk types; equal to REC_TYPE_NORM and REC_TYPE_CONT of queue files. */
#define MIME_REC_FULL	'N'
#define MIME_REC_PART	'L'

#define MIME_OPT_NONE		0
#define MIME_OPT_DOWNGRADE	(1 << 0)
#define MIME_OPT_DETECT		(1 << 1)

/* Structural problems (any mode). */
#define MIME_ERR_NESTING	(1 << 0)	/* nesting_limit exceeded */
#define MIME_ERR_BOUNDARY_LEN	(1 << 1)	/* boundary truncated */
#define MIME_ERR_HEADER_LEN	(1 << 2)	/* header not interpreted */
#define MIME_ERR_UNTERMINATED	(1 << 3)	/* no closing boundary */
/* Downgrade problems: output is not 7-bit clean (MIME_OPT_DOWNGRADE). */
#define MIME_ERR_8BIT_HEADER	(1 << 4)	/* left as is */
#define MIME_ERR_BINARY		(1 << 5)	/* binary CTE, left as is */
#define MIME_ERR_8BIT_IN_7BIT	(1 << 6)	/* undeclared 8-bit, no plan */
#define MIME_ERR_8BIT_DOMAIN	(1 << 7)	/* 8-bit in encoded or opaque
						 * content, preamble, epilogue
						 * or boundary line */
#define MIME_ERR_NOT_7BIT	(MIME_ERR_8BIT_HEADER | MIME_ERR_BINARY \
				 | MIME_ERR_8BIT_IN_7BIT | MIME_ERR_8BIT_DOMAIN)

/* Facts about the content (any mode). */
#define MIME_INFO_8BIT_HEADER	(1 << 0)	/* for the SMTPUTF8 decision */
#define MIME_INFO_8BIT_BODY	(1 << 1)	/* 8-bit byte after a header */
#define MIME_INFO_8BIT_CTE	(1 << 2)	/* some part declares 8bit */
#define MIME_INFO_BINARY_CTE	(1 << 3)	/* some part declares binary */
#define MIME_INFO_CONVERTED	(1 << 4)	/* output differs from input */

#define MIME_HEADER_LIMIT	102400		/* one header, all its lines */
#define MIME_PLAN_LIMIT		100000		/* parts remembered per plan */

typedef int (*mime_out_fn)(void *ctx, int rec_type, const char *text,
                           size_t len);

struct mime_state;

struct mime_state *mime_state_create(int flags, int nesting_limit,
                                     int boundary_limit, mime_out_fn out,
                                     void *ctx);
int     mime_state_update(struct mime_state *st, int rec_type,
                          const char *text, size_t len);
int     mime_state_finish(struct mime_state *st);
void    mime_state_free(struct mime_state *st);
int     mime_state_errors(const struct mime_state *st);
int     mime_state_info(const struct mime_state *st);
const char *mime_state_error_text(int errors);
int     mime_state_use_plan(struct mime_state *st,
                            const struct mime_state *detector);

#endif
