/*
 * cleanup_extracted - records after 'X', the -t recipients, and 'E'
 *
 * Accepted from the client: O, o, n, R (recipients, as in the
 * envelope), A (dsn_orig_rcpt and notify_flags for the next R; others
 * copied), w padding; 'E' ends the message.  At 'E' the recipients
 * taken from the headers (-t) that are not already envelope recipients
 * are written, and a message without any recipient is refused
 * (CLEANUP_STAT_RCPT).
 */
#include <string.h>

#include "argv.h"
#include "buf.h"
#include "cleanup.h"
#include "cleanup_user.h"
#include "msg.h"
#include "record.h"

/* extracted_rcpts - the -t recipients not yet written */

static void extracted_rcpts(struct cleanup_state *st)
{
    size_t  i, j;

    for (i = 0; i < st->xrcpts->argc; i++) {
        for (j = 0; j < st->rcpts->argc; j++)
            if (strcmp(st->rcpts->argv[j], st->xrcpts->argv[i]) == 0)
                break;
        if (j == st->rcpts->argc)
            cleanup_out_recipient(st, st->xrcpts->argv[i],
                                  st->xrcpts->argv[i]);
    }
}

int     cleanup_extracted(struct cleanup_state *st, int type, struct buf *rec)
{
    switch (type) {
    case REC_TYPE_END:
        extracted_rcpts(st);
        if (CLEANUP_STATE_OK(st) && st->rcpts->argc == 0)
            cleanup_fail(st, CLEANUP_STAT_RCPT, "no recipients specified");
        cleanup_out_rec(st, REC_TYPE_END, "", 0);
        return 1;
    case REC_TYPE_RCPT:
    case REC_TYPE_ORCP:
    case REC_TYPE_DSN_ORCPT:
    case REC_TYPE_DSN_NOTIFY:
    case REC_TYPE_ATTR:
    case REC_TYPE_PAD:
        (void) cleanup_envelope(st, type, rec);
        return 0;
    default:
        cleanup_fail(st, CLEANUP_STAT_BAD, "unexpected extracted record"
                     " type %d", type);
        return 0;
    }
}
