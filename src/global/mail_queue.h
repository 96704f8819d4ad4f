/*
 * mail_queue - queue names, queue IDs and their paths
 *
 * Paths are relative to queue_directory (every daemon's current
 * directory).  A queue listed in hash_queue_names gets
 * hash_queue_depth single-character subdirectories taken from the
 * queue ID: for a short ID its first characters; for a long ID
 * (enable_long_queue_ids) the %05X of the microseconds it encodes.
 * An ID shorter than the depth pads with '_'.
 *
 *	int	mail_queue_name_ok(const char *name);	non-empty, <= 100, alnum
 *	int	mail_queue_id_ok(const char *id);	non-empty, <= 255, alnum or _
 *	const char *mail_queue_dir(struct buf *out, const char *queue,
 *			const char *id);	"deferred/A/" (with trailing /)
 *	const char *mail_queue_path(struct buf *out, const char *queue,
 *			const char *id);	"deferred/A/A1B2C3D4E5"
 *	int	mail_queue_hashed(const char *queue);	listed in hash_queue_names
 *	void	mail_queue_hash(struct buf *out, const char *id, int depth);
 *			"A/1/" for depth 2 (the characters + '/')
 *
 * Queue names used by postern (same as Postfix's).
 */
#ifndef POSTERN_MAIL_QUEUE_H
#define POSTERN_MAIL_QUEUE_H

#include "buf.h"

#define MAIL_QUEUE_MAILDROP	"maildrop"
#define MAIL_QUEUE_HOLD		"hold"
#define MAIL_QUEUE_INCOMING	"incoming"
#define MAIL_QUEUE_ACTIVE	"active"
#define MAIL_QUEUE_DEFERRED	"deferred"
#define MAIL_QUEUE_TRACE	"trace"
#define MAIL_QUEUE_DEFER	"defer"
#define MAIL_QUEUE_BOUNCE	"bounce"
#define MAIL_QUEUE_CORRUPT	"corrupt"
#define MAIL_QUEUE_FLUSH	"flush"
#define MAIL_QUEUE_SAVED	"saved"

#define MAIL_CLASS_PRIVATE	"private"
#define MAIL_CLASS_PUBLIC	"public"

int     mail_queue_name_ok(const char *name);
int     mail_queue_id_ok(const char *id);
const char *mail_queue_dir(struct buf *out, const char *queue, const char *id);
const char *mail_queue_path(struct buf *out, const char *queue, const char *id);
int     mail_queue_hashed(const char *queue);
void    mail_queue_hash(struct buf *out, const char *id, int depth);

#endif
