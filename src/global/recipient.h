/*
 * recipient - one recipient of a delivery request, and lists of them
 *
 * The fields are what qmgr sends per recipient (reference 3.3) and what
 * the bounce family receives: original address, address, the queue
 * file offset of its R record (to mark it done), DSN ORCPT and NOTIFY.
 * "status" is free for the agent's own bookkeeping (e.g. smtp's
 * keep/drop marks); the list code never reads it.
 *
 *	void	rcpt_list_init(struct rcpt_list *l);
 *	void	rcpt_list_add(struct rcpt_list *l, const char *orig,
 *			const char *addr, long offset, const char *orcpt,
 *			int notify);			copies the strings
 *	void	rcpt_list_free(struct rcpt_list *l);	the strings too
 */
#ifndef POSTERN_RECIPIENT_H
#define POSTERN_RECIPIENT_H

#include <stddef.h>

/* DSN NOTIFY bits (wire values). */
#define DSN_NOTIFY_NEVER	(1<<0)
#define DSN_NOTIFY_SUCCESS	(1<<1)
#define DSN_NOTIFY_FAILURE	(1<<2)
#define DSN_NOTIFY_DELAY	(1<<3)

/* DSN RET values. */
#define DSN_RET_NONE		0
#define DSN_RET_FULL		1
#define DSN_RET_HDRS		2

struct recipient {
    char   *orig_addr;			/* original recipient or "" */
    char   *address;			/* envelope recipient */
    long    offset;			/* R record offset in the queue file */
    char   *dsn_orcpt;			/* "type;address" or "" */
    int     dsn_notify;			/* DSN_NOTIFY_* or 0 */
    int     status;			/* agent's own use */
};

struct rcpt_list {
    struct recipient *info;
    size_t  len;
    size_t  avail;
};

void    rcpt_list_init(struct rcpt_list *l);
void    rcpt_list_add(struct rcpt_list *l, const char *orig, const char *addr,
                      long offset, const char *orcpt, int notify);
void    rcpt_list_free(struct rcpt_list *l);

#endif
