/*
 * cleanup_message - content records: the header block, then the body
 *
 * 'N' ends a line, 'L' is a piece of a longer one ('w' padding is
 * skipped); 'X' ends the content.  Header lines are collected
 * (cleanup_header.c, at most header_size_limit bytes) until the first
 * line that is not a header; then the processed block goes out
 * (Received: first, Bcc: dropped, addresses qualified, missing
 * Message-Id:, Date:, From: added), followed by an empty line when the
 * body did not start with one.  A message with more Received: and
 * Delivered-To: headers than hopcount_limit is refused
 * (CLEANUP_STAT_HOPS).  Body lines are copied; lines longer than
 * line_length_limit become 'L' pieces.
 */
#include <string.h>
#include <time.h>

#include "argv.h"
#include "buf.h"
#include "cleanup.h"
#include "cleanup_header.h"
#include "cleanup_params.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "msg.h"
#include "record.h"

/* headers_done - write the processed header block; start the body */

static void headers_done(struct cleanup_state *st)
{
    struct argv *out = argv_new(32);
    struct hdr_ctx ctx = {
        .myhostname = var_myhostname,
        .origin = var_myorigin,
        .mail_name = var_mail_name,
        .queue_id = st->queue_id,
        .sender = st->sender ? st->sender : "",
        .fullname = st->fullname,
        .now = time((time_t *) 0),
        .uid = st->uid,
        .received = 1,
        .extract = (st->flags & CLEANUP_XFLAG_EXTRACT) != 0,
    };
    size_t  i;

    st->hops = hdr_block_finish(st->hdr, &ctx, out, st->xrcpts);
    hdr_block_free(st->hdr);
    st->hdr = NULL;
    if (st->hops > var_hopcount_limit)
        cleanup_fail(st, CLEANUP_STAT_HOPS, "too many hops (%d)", st->hops);
    for (i = 0; i < out->argc; i++)
        cleanup_out_text(st, REC_TYPE_NORM, out->argv[i],
                         strlen(out->argv[i]));
    argv_free(out);
}

/* header_line - one complete line while the header block is open */

static void header_line(struct cleanup_state *st, const char *p, size_t n)
{
    int     r = hdr_block_add(st->hdr, p, n);

    if (r == HDR_MORE)
        return;
    headers_done(st);
    if (r == HDR_END && n == 0) {
        cleanup_out_rec(st, REC_TYPE_NORM, "", 0);
    } else {
        cleanup_out_rec(st, REC_TYPE_NORM, "", 0);
        cleanup_out_text(st, REC_TYPE_NORM, p, n);
    }
}

/* header_piece - an 'L' or 'N' record while the header block is open */

static void header_piece(struct cleanup_state *st, int type,
                         struct buf *rec)
{
    buf_append(st->line, buf_str(rec), buf_len(rec));
    if (buf_len(st->line) > (size_t) var_header_limit) {
        /* Too long for a header: the block ends, the line is body. */
        headers_done(st);
        cleanup_out_rec(st, REC_TYPE_NORM, "", 0);
        cleanup_out_text(st, type, buf_str(st->line), buf_len(st->line));
        buf_reset(st->line);
        return;
    }
    if (type == REC_TYPE_NORM) {
        header_line(st, buf_str(st->line), buf_len(st->line));
        buf_reset(st->line);
    }
}

int     cleanup_message(struct cleanup_state *st, int type, struct buf *rec)
{
    switch (type) {
    case REC_TYPE_NORM:
    case REC_TYPE_CONT:
        if (st->hdr)
            header_piece(st, type, rec);
        else
            cleanup_out_text(st, type, buf_str(rec), buf_len(rec));
        return 0;
    case REC_TYPE_PAD:
        return 0;
    case REC_TYPE_XTRA:
        if (st->hdr) {
            if (buf_len(st->line) > 0) {
                /* A last header line without a newline. */
                header_line(st, buf_str(st->line), buf_len(st->line));
                buf_reset(st->line);
            }
            if (st->hdr)
                headers_done(st);
        }
        st->xtra_offset = CLEANUP_STATE_OK(st) ? cleanup_out_tell(st) : 0;
        cleanup_out_rec(st, REC_TYPE_XTRA, "", 0);
        if (st->encoding)
            cleanup_out_recf(st, REC_TYPE_ATTR, "encoding=%s", st->encoding);
        return 1;
    default:
        cleanup_fail(st, CLEANUP_STAT_BAD, "unexpected content record"
                     " type %d", type);
        return 0;
    }
}
