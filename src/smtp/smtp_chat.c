/*
 * smtp_chat - send SMTP commands and read replies, with time limits
 *
 * The only code that touches a session's stream for the dialogue.
 * Commands are buffered (so a pipelined group goes out in one write
 * when the first reply is read); replies are read line by line through
 * the bounded parser of smtp_reply.c.  Failures are not reported here:
 * a call that fails sets session->err (SMTP_ERR_EOF, _TIME or _PROTO)
 * and the caller hands that to smtp_stream_except() with the stage it
 * was in.  A transcript of the dialogue (the "history", at most
 * SMTP_HISTORY_LINES lines of at most SMTP_HISTORY_WIDTH bytes) is
 * kept for postmaster notices.
 *
 *	void	smtp_timeout_setup(struct smtp_session *s, int seconds);
 *			the time limit of the next stage: per read or write,
 *			or (smtp_per_request_deadline) for the whole
 *			command and its reply
 *	void	smtp_chat_cmd(struct smtp_session *s, const char *fmt, ...);
 *			queue one command line (CRLF added)
 *	int	smtp_chat_flush(struct smtp_session *s);  0 or -1 (err set)
 *	struct smtp_resp *smtp_chat_resp(struct smtp_session *s);
 *			the next complete reply, or NULL (err set)
 *	void	smtp_chat_reset(struct smtp_session *s);  forget the history
 *	void	smtp_chat_note(struct smtp_session *s, const char *text);
 *			add a line of our own to the history
 *
 * Verbose logging (-v) shows each line as "> host[addr]:port: EHLO x"
 * and "< host[addr]:port: 250 ...".
 */
#include <stdarg.h>
#include <string.h>

#include "buf.h"
#include "msg.h"
#include "smtp.h"

#define SMTP_HISTORY_LINES	200
#define SMTP_HISTORY_WIDTH	300

static void history_add(struct smtp_session *s, const char *prefix,
                        const char *text, size_t len)
{
    if (s->history_lines > SMTP_HISTORY_LINES)
        return;
    if (s->history_lines++ == SMTP_HISTORY_LINES) {
        buf_puts(s->history, "(transcript truncated)\n");
        return;
    }
    buf_puts(s->history, prefix);
    buf_append(s->history, text, len > SMTP_HISTORY_WIDTH ?
               SMTP_HISTORY_WIDTH : len);
    buf_putc(s->history, '\n');
}

void    smtp_chat_note(struct smtp_session *s, const char *text)
{
    history_add(s, "* ", text, strlen(text));
}

void    smtp_chat_reset(struct smtp_session *s)
{
    buf_reset(s->history);
    s->history_lines = 0;
}

void    smtp_timeout_setup(struct smtp_session *s, int seconds)
{
    long    ms = (long) seconds * 1000;

    if (s->stream == NULL)
        return;
    stream_set_timeout(s->stream, ms > 0x7fffffffL ? 0x7fffffff : (int) ms);
    stream_set_deadline(s->stream, var_smtp_req_deadline ? 1 : 0);
}

void    smtp_chat_cmd(struct smtp_session *s, const char *fmt, ...)
{
    va_list ap;

    buf_reset(s->cmd);
    va_start(ap, fmt);
    buf_vprintf(s->cmd, fmt, ap);
    va_end(ap);
    if (msg_verbose)
        msg_info("> %s: %s", s->namaddrport, buf_str(s->cmd));
    history_add(s, "> ", buf_str(s->cmd), buf_len(s->cmd));
    if (s->stream == NULL)
        return;
    buf_puts(s->cmd, "\r\n");
    if (stream_write(s->stream, buf_str(s->cmd), buf_len(s->cmd)) < 0)
        s->err = stream_timed_out(s->stream) ? SMTP_ERR_TIME : SMTP_ERR_EOF;
}

/* chat_stream_err - classify a failed stream operation */

static int chat_stream_err(struct smtp_session *s)
{
    return stream_timed_out(s->stream) ? SMTP_ERR_TIME : SMTP_ERR_EOF;
}

int     smtp_chat_flush(struct smtp_session *s)
{
    if (s->stream == NULL) {
        s->err = SMTP_ERR_EOF;
        return -1;
    }
    if (stream_flush(s->stream) < 0) {
        s->err = chat_stream_err(s);
        return -1;
    }
    return 0;
}

struct smtp_resp *smtp_chat_resp(struct smtp_session *s)
{
    struct smtp_resp *r = &s->resp;
    int     st;
    int     rc;

    smtp_resp_reset(r);
    if (s->stream == NULL || s->err != SMTP_ERR_NONE) {
        if (s->err == SMTP_ERR_NONE)
            s->err = SMTP_ERR_EOF;
        return NULL;
    }
    for (;;) {
        rc = stream_get_line(s->stream, s->line, SMTP_REPLY_LINE_LIMIT + 2);
        switch (rc) {
        case STREAM_OK:
            break;
        case STREAM_TOOLONG:
            smtp_chat_note(s, "reply line too long");
            s->err = SMTP_ERR_PROTO;
            r->error = "reply line too long";
            return NULL;
        case STREAM_ERR:
            s->err = chat_stream_err(s);
            return NULL;
        case STREAM_PARTIAL:
        case STREAM_EOF:
        default:
            s->err = SMTP_ERR_EOF;
            return NULL;
        }
        if (msg_verbose)
            msg_info("< %s: %s", s->namaddrport, buf_str(s->line));
        history_add(s, "< ", buf_str(s->line), buf_len(s->line));
        st = smtp_resp_line(r, buf_str(s->line), buf_len(s->line));
        if (st == SMTP_RESP_DONE)
            return r;
        if (st == SMTP_RESP_ERROR) {
            smtp_chat_note(s, r->error);
            s->err = SMTP_ERR_PROTO;
            return NULL;
        }
    }
}
