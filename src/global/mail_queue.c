/*
 * mail_queue - queue names, queue IDs and their paths
 *
 * Implements mail_queue.h (layout as Postfix 3.7, reference 4.7).
 * Whether an ID is long is decided by its shape, as Postfix does, not
 * by enable_long_queue_ids: a long ID has its last 'z' at index 10 or
 * later, and the four characters before that 'z' are the microseconds
 * in base 52 (alphabet below).  Its hash directories are the first
 * characters of "%05X" of those microseconds.  Any other ID (including
 * one whose four characters are not in the alphabet) hashes by its own
 * first characters.  Missing characters become '_'.
 *
 * mail_queue_hash() resets out; mail_queue_dir() and mail_queue_path()
 * reset out and return its text.  A bad queue name or ID is a
 * programming error (panic): callers validate outside input with
 * mail_queue_name_ok() and mail_queue_id_ok() first.
 */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "msg.h"

#define MQ_NAME_MAX	100
#define MQ_ID_MAX	255
#define MQ_LONG_TIME	10		/* seconds (6) + microseconds (4) */
#define MQ_LONG_USEC	4
#define MQ_LONG_SEP	'z'
#define MQ_DEF_HASH	"deferred, defer"
#define MQ_SEPS		", \t\r\n"

static const char mq_base52[] =
    "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";

int     mail_queue_name_ok(const char *name)
{
    const char *cp;

    if (*name == 0 || strlen(name) > MQ_NAME_MAX)
        return 0;
    for (cp = name; *cp; cp++)
        if (!isalnum((unsigned char) *cp))
            return 0;
    return 1;
}

int     mail_queue_id_ok(const char *id)
{
    const char *cp;

    if (*id == 0 || strlen(id) > MQ_ID_MAX)
        return 0;
    for (cp = id; *cp; cp++)
        if (!isalnum((unsigned char) *cp) && *cp != '_')
            return 0;
    return 1;
}

int     mail_queue_hashed(const char *queue)
{
    const char *names = var_hash_queue_names ? var_hash_queue_names :
        MQ_DEF_HASH;
    const char *cp = names;
    size_t  len = strlen(queue);
    size_t  n;

    while (*(cp += strspn(cp, MQ_SEPS)) != 0) {
        n = strcspn(cp, MQ_SEPS);
        if (n == len && strncasecmp(cp, queue, n) == 0)
            return 1;
        cp += n;
    }
    return 0;
}

/* mq_long_usec - "%05X" of the microseconds of a long ID; 0 if not long */

static int mq_long_usec(const char *id, char *hex, size_t size)
{
    const char *sep = strrchr(id, MQ_LONG_SEP);
    const char *cp;
    const char *pos;
    unsigned long usec = 0;

    if (sep == NULL || sep - id < MQ_LONG_TIME)
        return 0;
    for (cp = sep - MQ_LONG_USEC; cp < sep; cp++) {
        if ((pos = strchr(mq_base52, *cp)) == NULL)
            return 0;
        usec = usec * 52 + (unsigned long) (pos - mq_base52);
    }
    snprintf(hex, size, "%05lX", usec);
    return 1;
}

/* mq_hash_append - depth characters of text, each plus '/' */

static void mq_hash_append(struct buf *out, const char *text, int depth)
{
    int     i;

    for (i = 0; i < depth; i++) {
        buf_putc(out, *text ? *text : '_');
        buf_putc(out, '/');
        if (*text)
            text++;
    }
}

void    mail_queue_hash(struct buf *out, const char *id, int depth)
{
    char    hex[32];

    buf_reset(out);
    if (mq_long_usec(id, hex, sizeof(hex)))
        mq_hash_append(out, hex, depth);
    else
        mq_hash_append(out, id, depth);
}

const char *mail_queue_dir(struct buf *out, const char *queue, const char *id)
{
    struct buf *hash;

    if (!mail_queue_name_ok(queue))
        msg_panic("bad mail queue name: %s", queue);
    buf_reset(out);
    buf_puts(out, queue);
    buf_putc(out, '/');
    if (id != NULL && mail_queue_hashed(queue)) {
        if (!mail_queue_id_ok(id))
            msg_panic("bad mail queue ID: %s", id);
        hash = buf_new(32);
        mail_queue_hash(hash, id, var_hash_queue_depth > 0 ?
                        var_hash_queue_depth : 1);
        buf_append(out, buf_str(hash), buf_len(hash));
        buf_free(hash);
    }
    return buf_str(out);
}

const char *mail_queue_path(struct buf *out, const char *queue, const char *id)
{
    if (!mail_queue_id_ok(id))
        msg_panic("bad mail queue ID: %s", id);
    mail_queue_dir(out, queue, id);
    buf_puts(out, id);
    return buf_str(out);
}
