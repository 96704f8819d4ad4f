/*
 * smtp_body - send the message content after DATA
 *
 *	int	smtp_body_send(struct smtp_state *state, int downgrade);
 *			0: the content went out (without the final "."),
 *			-1: session->err says why: SMTP_ERR_EOF/_TIME (the
 *			connection) or SMTP_ERR_DATA (the queue file is
 *			unreadable or corrupt; it has been marked corrupt).
 *			Either way the caller must not send "." on this
 *			connection, so a server never takes a truncated
 *			message.
 *
 * The content comes from the queue file through the queue_file reader,
 * record by record ('N' ends a line, 'L' is a piece of a longer line),
 * so memory use does not depend on the message size.  On the way out:
 *   - with downgrade set (the server lacks 8BITMIME, the message is
 *     8-bit and disable_mime_output_conversion = no) the records pass
 *     through mime_state, which rewrites 8-bit parts as quoted-printable;
 *     otherwise they go out as they are;
 *   - a line that starts with "." gets another "." (RFC 5321 4.5.2);
 *   - a line longer than smtp_line_length_limit is broken by inserting
 *     CRLF SPACE (Postfix's rule, kind to MIME); 0 = no limit;
 *   - each line ends in CRLF, including a last line that had no
 *     newline in the queue file.
 * The time limit is smtp_data_xfer_timeout per write; with
 * smtp_per_request_deadline it is a deadline for the whole content
 * that grows by one second per smtp_min_data_rate bytes written, but
 * never beyond smtp_data_xfer_timeout from now.
 */
#include <errno.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "deliver_request.h"
#include "mime_state.h"
#include "msg.h"
#include "queue_file.h"
#include "smtp.h"

#define BODY_CHECKPOINT	4096		/* deadline bookkeeping interval */

struct body_out {
    struct smtp_session *session;
    size_t  col;			/* bytes on the current output line */
    int     at_bol;			/* next byte starts a line */
    long    since_check;		/* bytes since the last checkpoint */
    long    deadline_ms;		/* monotonic end, deadline mode */
    int     failed;
    int     timed_out;			/* our own deadline passed */
};

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* checkpoint - flush, then move the deadline by the bytes written */

static int checkpoint(struct body_out *b)
{
    struct stream *s = b->session->stream;
    long    now;
    long    cap;
    long    left;

    if (stream_flush(s) < 0)
        return -1;
    now = now_ms();
    cap = now + (long) var_smtp_data1_tmout * 1000;
    b->deadline_ms += b->since_check * 1000 / var_smtp_min_data_rate;
    if (b->deadline_ms > cap)
        b->deadline_ms = cap;
    b->since_check = 0;
    left = b->deadline_ms - now;
    if (left <= 0) {
        b->timed_out = 1;
        errno = ETIMEDOUT;
        return -1;
    }
    stream_set_timeout(s, (int) left);
    stream_deadline_start(s);
    return 0;
}

static int put(struct body_out *b, const char *p, size_t n)
{
    if (stream_write(b->session->stream, p, n) < 0)
        return -1;
    if (var_smtp_req_deadline) {
        b->since_check += (long) n;
        if (b->since_check >= BODY_CHECKPOINT && checkpoint(b) < 0)
            return -1;
    }
    return 0;
}

/* body_chunk - one output chunk (mime_out_fn); FULL ends the line */

static int body_chunk(void *ctx, int rec_type, const char *text, size_t len)
{
    struct body_out *b = ctx;
    size_t  room;
    size_t  n;

    if (b->failed)
        return -1;
    if (b->at_bol && len > 0 && text[0] == '.' && put(b, ".", 1) < 0)
        goto fail;
    if (len > 0)
        b->at_bol = 0;
    while (len > 0) {
        n = len;
        if (var_smtp_line_limit > 0) {
            room = (size_t) var_smtp_line_limit - b->col;
            if (b->col >= (size_t) var_smtp_line_limit) {
                if (put(b, "\r\n ", 3) < 0)
                    goto fail;
                b->col = 1;
                continue;
            }
            if (n > room)
                n = room;
        }
        if (put(b, text, n) < 0)
            goto fail;
        b->col += n;
        text += n;
        len -= n;
    }
    if (rec_type == MIME_REC_FULL) {
        if (put(b, "\r\n", 2) < 0)
            goto fail;
        b->col = 0;
        b->at_bol = 1;
    }
    return 0;

fail:
    b->failed = 1;
    return -1;
}

int     smtp_body_send(struct smtp_state *state, int downgrade)
{
    struct deliver_request *request = state->request;
    struct smtp_session *session = state->session;
    struct body_out out;
    struct qf_reader *reader;
    struct mime_state *mime = NULL;
    struct buf *text = buf_new(QF_LINE_LIMIT + 1);
    int     type;
    int     rec_type;
    int     ret = 0;

    memset(&out, 0, sizeof(out));
    out.session = session;
    out.at_bol = 1;
    smtp_timeout_setup(session, var_smtp_data1_tmout);
    out.deadline_ms = now_ms() + (long) var_smtp_data1_tmout * 1000;

    if ((reader = qf_reader_open(request->fp, request->data_offset)) == NULL) {
        session->err = SMTP_ERR_DATA;
        deliver_request_mark_corrupt(request);
        buf_free(text);
        return -1;
    }
    if (downgrade)
        mime = mime_state_create(MIME_OPT_DOWNGRADE, var_mime_maxdepth,
                                 var_mime_bound_len, body_chunk, &out);
    for (;;) {
        type = qf_next_record(reader, text);
        if (type == QF_END || type == QF_CORRUPT)
            break;
        rec_type = (type == QF_NORM) ? MIME_REC_FULL : MIME_REC_PART;
        if (mime)
            (void) mime_state_update(mime, rec_type, buf_str(text),
                                     buf_len(text));
        else
            (void) body_chunk(&out, rec_type, buf_str(text), buf_len(text));
        if (out.failed)
            break;
    }
    if (mime && !out.failed && type == QF_END) {
        (void) mime_state_finish(mime);
        if (mime_state_errors(mime) & MIME_ERR_NOT_7BIT)
            msg_info("%s: 8-bit to 7-bit conversion for %s incomplete: %s",
                     request->queue_id, session->namaddr,
                     mime_state_error_text(mime_state_errors(mime)));
    }
    mime_state_free(mime);
    qf_reader_free(reader);
    buf_free(text);

    if (out.failed) {
        session->err = (out.timed_out || stream_timed_out(session->stream)) ?
            SMTP_ERR_TIME : SMTP_ERR_EOF;
        ret = -1;
    } else if (type == QF_CORRUPT) {
        deliver_request_mark_corrupt(request);
        session->err = SMTP_ERR_DATA;
        ret = -1;
    } else if (!out.at_bol && body_chunk(&out, MIME_REC_FULL, "", 0) < 0) {
        /* The last line had no newline: end it. */
        session->err = stream_timed_out(session->stream) ?
            SMTP_ERR_TIME : SMTP_ERR_EOF;
        ret = -1;
    }
    return ret;
}
