/*
 * post_mail - a client of the cleanup service: post one message
 *
 * Used by "postern send" (sendmail) and by the bounce daemon for DSNs.
 * One session posts one message: open (connect, read the announcement
 * and queue ID, send the flags), records (envelope, then content after
 * 'M', then 'X', extracted records, 'E' is sent by post_mail_finish),
 * finish (read status and reason).  Every write and read is bounded by
 * the timeout given to post_mail_open.  Failures are logged with
 * msg_warn and make later calls fail; post_mail_finish then reports
 * CLEANUP_STAT_WRITE so the caller can retry later.
 *
 *	void	post_mail_path(struct buf *out);
 *			"$queue_directory/public/$cleanup_service_name"
 *	struct post_mail *post_mail_open(const char *path, int flags,
 *			int timeout_ms);	NULL if the service cannot be
 *			reached or misbehaves (logged)
 *	const char *post_mail_queue_id(struct post_mail *pm);
 *	int	post_mail_rec(struct post_mail *pm, int type,
 *			const void *p, size_t n);	0 or -1
 *	int	post_mail_recf(struct post_mail *pm, int type,
 *			const char *fmt, ...);		0 or -1
 *	int	post_mail_text(struct post_mail *pm, const char *line,
 *			size_t len);	one content line without its newline:
 *			'L' records of POST_MAIL_LINE_PIECE bytes and a final
 *			'N'; 0 or -1
 *	int	post_mail_finish(struct post_mail *pm, struct buf *reason);
 *			sends 'E', reads the reply, closes and frees pm;
 *			returns the CLEANUP_STAT_* status (0 = queued) and
 *			the server's reason (or our own text) in reason
 *	void	post_mail_abort(struct post_mail *pm);
 *			disconnect without 'E' (cleanup discards the file)
 */
#ifndef POSTERN_POST_MAIL_H
#define POSTERN_POST_MAIL_H

#include <stddef.h>

#include "buf.h"

#define POST_MAIL_LINE_PIECE	2048

struct post_mail;

void    post_mail_path(struct buf *out);
struct post_mail *post_mail_open(const char *path, int flags, int timeout_ms);
const char *post_mail_queue_id(struct post_mail *pm);
int     post_mail_rec(struct post_mail *pm, int type, const void *p, size_t n);
int     post_mail_recf(struct post_mail *pm, int type, const char *fmt, ...)
            __attribute__((format(printf, 3, 4)));
int     post_mail_text(struct post_mail *pm, const char *line, size_t len);
int     post_mail_finish(struct post_mail *pm, struct buf *reason);
void    post_mail_abort(struct post_mail *pm);

#endif
