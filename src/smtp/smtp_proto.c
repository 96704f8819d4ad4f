/*
 * smtp_proto - the SMTP/LMTP client protocol on one session
 *
 *	int	smtp_helo(struct smtp_state *state);
 *			greeting and EHLO/HELO/LHLO; 0 = ready for mail,
 *			-1 = the session failed (recipients already marked
 *			by the error policy; the stream may still be open)
 *	int	smtp_xfer(struct smtp_state *state);
 *			deliver every unmarked recipient over this session,
 *			in one or more transactions; 0 = the session is
 *			still usable (QUIT or cache it), -1 = it broke
 *	int	smtp_quit(struct smtp_state *state);
 *			QUIT (waiting for the reply unless
 *			smtp_skip_quit_response); errors do not matter then.
 *			When the server offers PIPELINING and the session
 *			is at its last use (no further transaction, not for
 *			the cache), QUIT already went out with the "."
 *			and only its reply is left to read.
 *	int	smtp_rset_probe(struct smtp_state *state);
 *			RSET on a session taken from the connection cache:
 *			0 the server answered 2XX; -1 it did not (lost,
 *			timed out, refused: RSET_REJECTED set).  Touches no
 *			recipient and reports nothing: a dead cached
 *			connection is normal, and the caller just makes a
 *			fresh one
 *
 * Greeting: a non-2XX greeting ends the session ("host H[A] refused to
 * talk to me: REPLY"); with smtp_skip_5xx_greeting a 5XX greeting
 * counts as a soft error, so the next server is tried.  SMTP sends
 * EHLO (smtp_always_send_ehlo, or when the greeting says ESMTP; never
 * with smtp_never_send_ehlo) and falls back to HELO when EHLO is
 * refused other than with 421; LMTP sends LHLO.  On port 25 a server
 * that gives our own hostname in its EHLO/HELO reply is a mail loop
 * (5.4.6 "mail for NEXTHOP loops back to myself" when it is a best MX,
 * else 4.4.6).  After the handshake: a message that needs SMTPUTF8 to
 * a server without it fails with 5.6.7, a message larger than the
 * server's SIZE with 5.3.4.
 *
 * A transaction: [XFORWARD name/address] [XFORWARD protocol/helo]
 * MAIL FROM (SIZE=, BODY=, ENVID=, RET=, SMTPUTF8 as the server
 * offers), RCPT TO per recipient (NOTIFY=, ORCPT= when it offers DSN),
 * DATA.  With PIPELINING they go out together (at most
 * SMTP_PIPE_WINDOW bytes of commands waiting for replies, so neither
 * side can block the other) and the replies are matched in order;
 * without it, one at a time, stopping at the first failure that makes
 * the rest pointless.  Then the content (smtp_body.c) and ".", and one
 * reply (SMTP) or one per accepted recipient in RCPT order (LMTP).
 * Address probes (MTA_VRFY/USR_VRFY) stop after the RCPT replies.
 *
 * More transactions on the same connection, each after RSET, carry the
 * recipients that did not fit: the server's LIMITS RCPTMAX (RFC 9422),
 * or a "too many recipients" reply to RCPT (452/552 with X.5.3 or that
 * text) after at least one RCPT of the transaction, which also lowers
 * the per-transaction count to what the server took.
 *
 * Every stage has its time limit (smtp_helo_timeout, ..._mail_,
 * _rcpt_, _data_init_, _data_xfer_, _data_done_, _rset_, _quit_;
 * LMTP: lmtp_lhlo_timeout); a failure to talk goes to
 * smtp_stream_except() with the stage ("sending RCPT TO"), a refused
 * command to the error policy with "host H[A] said: REPLY (in reply to
 * COMMAND)".
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "deliver_request.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"
#include "msg_stats.h"
#include "quote_822_local.h"
#include "smtp.h"

#define SMTP_PIPE_WINDOW	8192	/* command bytes awaiting replies */

enum smtp_cmd_type {
    SMTP_CMD_XFWD1, SMTP_CMD_XFWD2, SMTP_CMD_MAIL, SMTP_CMD_RCPT,
    SMTP_CMD_DATA, SMTP_CMD_DOT, SMTP_CMD_RSET, SMTP_CMD_QUIT,
};

/* Per stage: what we were doing, and what the reply answered. */
static const struct smtp_stage {
    const char *sending;
    const char *request;
} smtp_stages[] = {
    [SMTP_CMD_XFWD1] = {"sending XFORWARD name/address",
                        "XFORWARD name/address command"},
    [SMTP_CMD_XFWD2] = {"sending XFORWARD protocol/helo_name",
                        "XFORWARD helo/protocol command"},
    [SMTP_CMD_MAIL] = {"sending MAIL FROM", "MAIL FROM command"},
    [SMTP_CMD_RCPT] = {"sending RCPT TO", "RCPT TO command"},
    [SMTP_CMD_DATA] = {"sending DATA command", "DATA command"},
    [SMTP_CMD_DOT] = {"sending end of data -- message may be sent more "
                      "than once", "end of DATA command"},
    [SMTP_CMD_RSET] = {"sending RSET", "RSET command"},
    [SMTP_CMD_QUIT] = {"sending QUIT", "QUIT command"},
};

static int stage_timeout(int type)
{
    switch (type) {
    case SMTP_CMD_XFWD1:
    case SMTP_CMD_XFWD2:
        return var_smtp_xfwd_tmout;
    case SMTP_CMD_MAIL:
        return var_smtp_mail_tmout;
    case SMTP_CMD_RCPT:
        return var_smtp_rcpt_tmout;
    case SMTP_CMD_DATA:
        return var_smtp_data0_tmout;
    case SMTP_CMD_DOT:
        return var_smtp_data2_tmout;
    case SMTP_CMD_RSET:
        return var_smtp_rset_tmout;
    case SMTP_CMD_QUIT:
    default:
        return var_smtp_quit_tmout;
    }
}

/* reply_text - a reply as it goes into reasons: line breaks as blanks */

static const char *reply_text(struct smtp_state *state,
                              const struct smtp_resp *resp)
{
    smtp_translit(state->scratch2, buf_str(resp->text));
    return buf_str(state->scratch2);
}

 /*
  * The handshake.
  */

/* helo_fail - "host H[A] refused to talk to me: REPLY" */

static int helo_fail(struct smtp_state *state, struct smtp_resp *resp)
{
    struct smtp_session *session = state->session;

    return smtp_site_fail(state, session->host, resp,
                          "host %s refused to talk to me: %s",
                          session->namaddr, reply_text(state, resp));
}

/* helo_loop_check - a server that calls itself by our name */

static int helo_loop_check(struct smtp_state *state, const char *name)
{
    struct smtp_session *session = state->session;
    struct smtp_resp fake;
    int     ret;

    if ((state->misc_flags & SMTP_MISC_FLAG_LOOP_DETECT) == 0
        || strcasecmp(name, var_myhostname) != 0)
        return 0;
    msg_warn("host %s replied to HELO/EHLO with my own hostname %s",
             session->namaddrport, var_myhostname);
    smtp_resp_init(&fake);
    if (session->features & SMTP_FEATURE_BEST_MX) {
        smtp_resp_fake(&fake, "5.4.6");
        ret = smtp_site_fail(state, NULL, &fake,
                             "mail for %s loops back to myself",
                             state->request->nexthop);
    } else {
        smtp_resp_fake(&fake, "4.4.6");
        ret = smtp_site_fail(state, NULL, &fake,
                             "host %s greeted me with my own hostname %s",
                             session->namaddrport, var_myhostname);
    }
    smtp_resp_free(&fake);
    return ret;
}

/* local_mesg_fail - a message-level failure we found ourselves */

static int local_mesg_fail(struct smtp_state *state, const char *dsn,
                           const char *reason)
{
    struct smtp_resp fake;
    char   *text = xstrdup(reason);	/* reason may be state->scratch */
    int     ret;

    smtp_resp_init(&fake);
    smtp_resp_fake(&fake, dsn);
    ret = smtp_mesg_fail(state, NULL, &fake, "%s", text);
    smtp_resp_free(&fake);
    free(text);
    return ret;
}

/* message_checks - what the message needs that this server cannot do */

static int message_checks(struct smtp_state *state)
{
    struct smtp_session *session = state->session;
    struct deliver_request *request = state->request;

    if (var_smtputf8_enable
        && (request->sendopts & SMTPUTF8_FLAG_REQUESTED)
        && (request->sendopts & (SMTPUTF8_FLAG_HEADER | SMTPUTF8_FLAG_SENDER
                                 | SMTPUTF8_FLAG_RECIPIENT))
        && (session->features & SMTP_FEATURE_SMTPUTF8) == 0) {
        buf_reset(state->scratch);
        buf_printf(state->scratch, "SMTPUTF8 is required, but was not "
                   "offered by host %s", session->namaddr);
        return local_mesg_fail(state, "5.6.7", buf_str(state->scratch));
    }
    if ((session->features & SMTP_FEATURE_SIZE) && session->size_limit > 0
        && request->data_size > session->size_limit) {
        buf_reset(state->scratch);
        buf_printf(state->scratch, "message size %ld exceeds size limit "
                   "%ld of server %s", request->data_size,
                   session->size_limit, session->namaddr);
        return local_mesg_fail(state, "5.3.4", buf_str(state->scratch));
    }
    return 0;
}

int     smtp_helo(struct smtp_state *state)
{
    struct smtp_session *session = state->session;
    struct smtp_resp *resp;
    struct smtp_ehlo ehlo;
    const char *hello = smtp_mode ? "EHLO" : "LHLO";
    int     esmtp;

    /* The greeting. */
    smtp_timeout_setup(session, smtp_helo_tmout);
    if ((resp = smtp_chat_resp(session)) == NULL)
        return smtp_stream_except(state, session->err,
                                  "receiving the initial server greeting");
    if (resp->code / 100 != 2) {
        if (var_smtp_skip_5xx_greeting && resp->dsn[0] == '5')
            resp->dsn[0] = '4';
        return helo_fail(state, resp);
    }

    /* EHLO, HELO or LHLO. */
    if (!smtp_mode)
        esmtp = 1;
    else if (var_smtp_never_ehlo)
        esmtp = 0;
    else if (var_smtp_always_ehlo)
        esmtp = 1;
    else
        esmtp = (strcasestr(buf_str(resp->text), "ESMTP") != NULL);

    if (esmtp) {
        smtp_timeout_setup(session, smtp_helo_tmout);
        smtp_chat_cmd(session, "%s %s", hello, smtp_helo_name);
        if ((resp = smtp_chat_resp(session)) == NULL)
            return smtp_stream_except(state, session->err, smtp_mode ?
                                      "performing the EHLO handshake" :
                                      "performing the LHLO handshake");
        if (resp->code / 100 != 2) {
            if (!smtp_mode || resp->code == 421)
                return helo_fail(state, resp);
            esmtp = 0;
        }
    }
    if (!esmtp) {
        smtp_timeout_setup(session, smtp_helo_tmout);
        smtp_chat_cmd(session, "HELO %s", smtp_helo_name);
        if ((resp = smtp_chat_resp(session)) == NULL)
            return smtp_stream_except(state, session->err,
                                      "performing the HELO handshake");
        if (resp->code / 100 != 2)
            return helo_fail(state, resp);
    }
    smtp_ehlo_parse(&ehlo, buf_str(resp->text), buf_len(resp->text),
                    esmtp ? smtp_ehlo_discard : 0);
    if (esmtp) {
        if (ehlo.discarded[0])
            msg_info("discarding %s keywords: %s", smtp_mode ? "EHLO" : "LHLO",
                     ehlo.discarded);
        session->features |= ehlo.features | SMTP_FEATURE_ESMTP;
        session->size_limit = ehlo.size_limit;
        session->rcptmax = ehlo.rcptmax;
        session->mailmax = ehlo.mailmax;
    }
    if (helo_loop_check(state, ehlo.server_name) != 0)
        return -1;
    return message_checks(state);
}

 /*
  * Commands of a transaction.
  */
struct txn_cmd {
    int     type;			/* SMTP_CMD_* */
    size_t  rcpt;			/* SMTP_CMD_RCPT: list index */
    size_t  len;			/* bytes sent */
};

struct txn {
    struct txn_cmd *cmds;
    size_t  ncmds;
    int     trace_only;			/* probe: no DATA */
    int     aborted;			/* MAIL/XFORWARD failed */
    int     got354;			/* DATA was accepted */
    int     nrcpt;			/* recipients accepted */
    int     nrcpt_replies;		/* RCPT replies seen */
    int     too_many_at;		/* RCPT position of the first
					 * "too many recipients", or -1 */
};

static void add_cmd(struct txn *t, int type, size_t rcpt)
{
    t->cmds[t->ncmds].type = type;
    t->cmds[t->ncmds].rcpt = rcpt;
    t->cmds[t->ncmds].len = 0;
    t->ncmds++;
}

/* xforward_value - append " NAME=value" ("[UNAVAILABLE]" if empty) */

static void xforward_value(struct buf *b, const char *name, const char *value)
{
    buf_printf(b, " %s=", name);
    if (value == NULL || *value == 0)
        buf_puts(b, "[UNAVAILABLE]");
    else
        smtp_xtext(b, value);
}

static void send_xforward(struct smtp_state *state, int type)
{
    struct smtp_session *s = state->session;
    struct deliver_request *r = state->request;
    struct buf *b = state->scratch;

    buf_set(b, "XFORWARD");
    if (type == SMTP_CMD_XFWD1) {
        if (s->features & SMTP_FEATURE_XFORWARD_NAME)
            xforward_value(b, "NAME", r->client_name);
        if (s->features & SMTP_FEATURE_XFORWARD_ADDR) {
            if (strchr(r->client_addr, ':') != NULL) {
                buf_puts(b, " ADDR=IPV6:");
                smtp_xtext(b, r->client_addr);
            } else {
                xforward_value(b, "ADDR", r->client_addr);
            }
        }
        if (s->features & SMTP_FEATURE_XFORWARD_PORT)
            xforward_value(b, "PORT", r->client_port);
    } else {
        if (s->features & SMTP_FEATURE_XFORWARD_PROTO)
            xforward_value(b, "PROTO", r->client_proto);
        if (s->features & SMTP_FEATURE_XFORWARD_HELO)
            xforward_value(b, "HELO", r->client_helo);
        if (s->features & SMTP_FEATURE_XFORWARD_IDENT)
            xforward_value(b, "IDENT", r->log_ident);
        if (s->features & SMTP_FEATURE_XFORWARD_DOMAIN)
            xforward_value(b, "SOURCE",
                           strcmp(r->rewrite_context, "local") == 0 ?
                           "LOCAL" : "REMOTE");
    }
    smtp_chat_cmd(s, "%s", buf_str(b));
}

static void send_mail(struct smtp_state *state)
{
    struct smtp_session *s = state->session;
    struct deliver_request *r = state->request;
    struct buf *b = state->scratch;

    buf_set(b, "MAIL FROM:<");
    smtp_quote_addr(b, r->sender);
    buf_putc(b, '>');
    if (s->features & SMTP_FEATURE_SIZE)
        buf_printf(b, " SIZE=%ld", r->data_size);
    if (s->features & SMTP_FEATURE_8BITMIME) {
        if (strcmp(r->encoding, "8bit") == 0)
            buf_puts(b, " BODY=8BITMIME");
        else if (strcmp(r->encoding, "7bit") == 0)
            buf_puts(b, " BODY=7BIT");
        else if (r->encoding[0] != 0)
            msg_warn("%s: unknown content encoding: %s", r->queue_id,
                     r->encoding);
    }
    if (s->features & SMTP_FEATURE_DSN) {
        if (r->dsn_envid[0]) {
            buf_puts(b, " ENVID=");
            smtp_xtext(b, r->dsn_envid);
        }
        if (r->dsn_ret == DSN_RET_FULL)
            buf_puts(b, " RET=FULL");
        else if (r->dsn_ret == DSN_RET_HDRS)
            buf_puts(b, " RET=HDRS");
    }
    if (var_smtputf8_enable && (s->features & SMTP_FEATURE_SMTPUTF8)
        && (r->sendopts & SMTPUTF8_FLAG_REQUESTED))
        buf_puts(b, " SMTPUTF8");
    smtp_chat_cmd(s, "%s", buf_str(b));
}

static void send_rcpt(struct smtp_state *state, const struct recipient *rcpt)
{
    struct smtp_session *s = state->session;
    struct buf *b = state->scratch;
    const char *sep = "";

    buf_set(b, "RCPT TO:<");
    smtp_quote_addr(b, rcpt->address);
    buf_putc(b, '>');
    if (s->features & SMTP_FEATURE_DSN) {
        if (rcpt->dsn_notify) {
            buf_puts(b, " NOTIFY=");
            if (rcpt->dsn_notify & DSN_NOTIFY_NEVER) {
                buf_puts(b, "NEVER");
            } else {
                if (rcpt->dsn_notify & DSN_NOTIFY_SUCCESS) {
                    buf_puts(b, "SUCCESS");
                    sep = ",";
                }
                if (rcpt->dsn_notify & DSN_NOTIFY_FAILURE) {
                    buf_printf(b, "%sFAILURE", sep);
                    sep = ",";
                }
                if (rcpt->dsn_notify & DSN_NOTIFY_DELAY)
                    buf_printf(b, "%sDELAY", sep);
            }
        }
        if (rcpt->dsn_orcpt[0]) {
            buf_puts(b, " ORCPT=");
            smtp_xtext(b, rcpt->dsn_orcpt);
        } else if (rcpt->orig_addr[0]) {
            buf_reset(state->scratch2);
            buf_puts(state->scratch2, "rfc822;");
            quote_822_local(state->scratch2, rcpt->orig_addr);
            buf_puts(b, " ORCPT=");
            smtp_xtext(b, buf_str(state->scratch2));
        }
    }
    smtp_chat_cmd(s, "%s", buf_str(b));
}

static void send_cmd(struct smtp_state *state, struct txn_cmd *cmd)
{
    switch (cmd->type) {
    case SMTP_CMD_XFWD1:
    case SMTP_CMD_XFWD2:
        send_xforward(state, cmd->type);
        break;
    case SMTP_CMD_MAIL:
        send_mail(state);
        break;
    case SMTP_CMD_RCPT:
        send_rcpt(state, state->request->rcpt_list.info + cmd->rcpt);
        break;
    case SMTP_CMD_DATA:
        smtp_chat_cmd(state->session, "DATA");
        break;
    }
    cmd->len = buf_len(state->session->cmd);
}

/* too_many_rcpts - RFC 5321 4.5.3.1.10: the server's recipient limit */

static int too_many_rcpts(const struct smtp_resp *resp)
{
    if (resp->code != 452 && resp->code != 552)
        return 0;
    return strcmp(resp->dsn + 1, ".5.3") == 0
        || strcasestr(buf_str(resp->text), "too many recipients") != NULL;
}

/* said_fail_args - "host %s said: %s (in reply to %s)" */
#define SAID_FMT	"host %s said: %s (in reply to %s)"

static void handle_reply(struct smtp_state *state, struct txn *t,
                         const struct txn_cmd *cmd, struct smtp_resp *resp)
{
    struct smtp_session *s = state->session;
    struct recipient *rcpt;
    int     pos;

    switch (cmd->type) {
    case SMTP_CMD_XFWD1:
    case SMTP_CMD_XFWD2:
    case SMTP_CMD_MAIL:
        if (t->aborted || resp->code / 100 == 2)
            break;
        (void) smtp_mesg_fail(state, s->host, resp, SAID_FMT, s->namaddr,
                              reply_text(state, resp),
                              smtp_stages[cmd->type].request);
        t->aborted = 1;
        break;
    case SMTP_CMD_RCPT:
        rcpt = state->request->rcpt_list.info + cmd->rcpt;
        pos = t->nrcpt_replies++;
        if (t->aborted || SMTP_RCPT_ISMARKED(rcpt))
            break;
        if (resp->code / 100 == 2) {
            if (t->trace_only) {
                smtp_rcpt_done(state, resp, rcpt);
            } else {
                rcpt->status |= SMTP_RCPT_ACCEPTED;
                t->nrcpt++;
            }
        } else if (too_many_rcpts(resp) && pos > 0) {
            rcpt->status &= ~SMTP_RCPT_IN_TXN;
            rcpt->status |= SMTP_RCPT_LATER;
            if (t->too_many_at < 0)
                t->too_many_at = pos;
            if (msg_verbose)
                msg_info("%s: %s: recipient limit reached, <%s> goes in "
                         "another transaction", state->request->queue_id,
                         s->namaddr, rcpt->address);
        } else {
            smtp_rcpt_fail(state, rcpt, s->host, resp, SAID_FMT, s->namaddr,
                           reply_text(state, resp),
                           smtp_stages[SMTP_CMD_RCPT].request);
        }
        break;
    case SMTP_CMD_DATA:
        if (resp->code / 100 == 3) {
            t->got354 = 1;
            break;
        }
        if (t->aborted || t->nrcpt == 0)
            break;
        (void) smtp_txn_fail(state, s->host, resp, SAID_FMT, s->namaddr,
                             reply_text(state, resp),
                             smtp_stages[SMTP_CMD_DATA].request);
        t->aborted = 1;
        break;
    }
}

/*
 * last_use - may QUIT follow the "." in the same write?  Only for an
 * SMTP server with PIPELINING (RFC 2920 lets QUIT end a group), when
 * the session will not go to the connection cache, and when no
 * recipient waits for a further transaction: after the RCPT replies,
 * every recipient still unmarked is one the "." reply will settle.
 */
static int last_use(struct smtp_state *state)
{
    struct smtp_session *s = state->session;
    struct recipient *rcpt;
    size_t  n;

    if (!smtp_mode || (s->features & SMTP_FEATURE_PIPELINING) == 0
        || (state->misc_flags & SMTP_MISC_FLAG_CONN_STORE))
        return 0;
    for (n = 0; n < state->rcpt_left; n++) {
        rcpt = state->request->rcpt_list.info + n;
        if (!SMTP_RCPT_ISMARKED(rcpt)
            && (rcpt->status & SMTP_RCPT_ACCEPTED) == 0)
            return 0;
    }
    return 1;
}

/* end_of_data - send ".", read one reply (SMTP) or one per recipient */

static int end_of_data(struct smtp_state *state, struct txn *t)
{
    struct smtp_session *s = state->session;
    struct deliver_request *request = state->request;
    const char *what = smtp_stages[SMTP_CMD_DOT].sending;
    struct smtp_resp *resp;
    struct recipient *rcpt;
    size_t  i;

    smtp_timeout_setup(s, var_smtp_data2_tmout);
    smtp_chat_cmd(s, ".");
    if (last_use(state)) {
        /* One segment instead of two; the server's 221 is not awaited. */
        smtp_chat_cmd(s, "QUIT");
        s->quit_sent = 1;
        s->dont_cache = 1;
    }
    if (smtp_mode || t->nrcpt == 0) {
        if ((resp = smtp_chat_resp(s)) == NULL)
            return smtp_stream_except(state, s->err, what);
        msg_stats_now(&request->msg_stats.deliver_done);
        if (t->nrcpt == 0 || t->aborted)
            return 0;
        if (resp->code / 100 != 2) {
            (void) smtp_txn_fail(state, s->host, resp, SAID_FMT, s->namaddr,
                                 reply_text(state, resp),
                                 smtp_stages[SMTP_CMD_DOT].request);
            return 0;
        }
        for (i = 0; i < t->ncmds; i++) {
            if (t->cmds[i].type != SMTP_CMD_RCPT)
                continue;
            rcpt = request->rcpt_list.info + t->cmds[i].rcpt;
            if ((rcpt->status & SMTP_RCPT_ACCEPTED) && !SMTP_RCPT_ISMARKED(rcpt))
                smtp_rcpt_done(state, resp, rcpt);
        }
        return 0;
    }
    /* LMTP: a reply for each accepted recipient, in RCPT order. */
    for (i = 0; i < t->ncmds; i++) {
        if (t->cmds[i].type != SMTP_CMD_RCPT)
            continue;
        rcpt = request->rcpt_list.info + t->cmds[i].rcpt;
        if ((rcpt->status & SMTP_RCPT_ACCEPTED) == 0)
            continue;
        smtp_timeout_setup(s, var_smtp_data2_tmout);
        if ((resp = smtp_chat_resp(s)) == NULL)
            return smtp_stream_except(state, s->err, what);
        msg_stats_now(&request->msg_stats.deliver_done);
        if (SMTP_RCPT_ISMARKED(rcpt))
            continue;
        if (resp->code / 100 == 2)
            smtp_rcpt_done(state, resp, rcpt);
        else
            smtp_rcpt_fail(state, rcpt, s->host, resp, SAID_FMT, s->namaddr,
                           reply_text(state, resp),
                           smtp_stages[SMTP_CMD_DOT].request);
    }
    return 0;
}

/* transaction - one MAIL .. end of data; -1 when the session broke */

static int transaction(struct smtp_state *state, int limit, int trace_only,
                       int downgrade, int *learned_limit)
{
    struct smtp_session *s = state->session;
    struct deliver_request *request = state->request;
    struct recipient *rcpt;
    struct smtp_resp *resp;
    struct txn t;
    size_t  next_send = 0;
    size_t  next_recv = 0;
    long    pending = 0;
    int     pipelining = (s->features & SMTP_FEATURE_PIPELINING) != 0;
    int     count = 0;
    int     ret = 0;
    size_t  n;

    memset(&t, 0, sizeof(t));
    t.trace_only = trace_only;
    t.too_many_at = -1;
    t.cmds = xcalloc(state->rcpt_left + 4, sizeof(*t.cmds));

    if (var_smtp_send_xforward) {
        if (s->features & (SMTP_FEATURE_XFORWARD_NAME
                           | SMTP_FEATURE_XFORWARD_ADDR
                           | SMTP_FEATURE_XFORWARD_PORT))
            add_cmd(&t, SMTP_CMD_XFWD1, 0);
        if (s->features & (SMTP_FEATURE_XFORWARD_PROTO
                           | SMTP_FEATURE_XFORWARD_HELO
                           | SMTP_FEATURE_XFORWARD_IDENT
                           | SMTP_FEATURE_XFORWARD_DOMAIN))
            add_cmd(&t, SMTP_CMD_XFWD2, 0);
    }
    add_cmd(&t, SMTP_CMD_MAIL, 0);
    s->mail_count++;
    for (n = 0; n < state->rcpt_left; n++) {
        rcpt = request->rcpt_list.info + n;
        if (SMTP_RCPT_ISMARKED(rcpt))
            continue;
        if (limit > 0 && count >= limit)
            break;
        rcpt->status |= SMTP_RCPT_IN_TXN;
        add_cmd(&t, SMTP_CMD_RCPT, n);
        count++;
    }
    if (!trace_only)
        add_cmd(&t, SMTP_CMD_DATA, 0);
    state->misc_flags |= SMTP_MISC_FLAG_IN_TXN;

    while (next_recv < t.ncmds) {
        /* Send what may go now. */
        while (next_send < t.ncmds
               && (next_send == next_recv
                   || (pipelining && pending < SMTP_PIPE_WINDOW))) {
            if (!pipelining && t.aborted)
                break;
            if (!pipelining && t.cmds[next_send].type == SMTP_CMD_DATA
                && t.nrcpt == 0)
                break;
            send_cmd(state, t.cmds + next_send);
            pending += (long) t.cmds[next_send].len;
            next_send++;
        }
        if (next_send == next_recv)
            break;
        /* Then the next reply. */
        smtp_timeout_setup(s, stage_timeout(t.cmds[next_recv].type));
        if ((resp = smtp_chat_resp(s)) == NULL) {
            ret = smtp_stream_except(state, s->err,
                             smtp_stages[t.cmds[next_recv].type].sending);
            goto done;
        }
        pending -= (long) t.cmds[next_recv].len;
        handle_reply(state, &t, t.cmds + next_recv, resp);
        next_recv++;
    }

    /* The content, or just an end to a DATA nobody needs. */
    if (t.got354) {
        if (t.nrcpt > 0 && !t.aborted) {
            if (smtp_body_send(state, downgrade) < 0) {
                if (s->err == SMTP_ERR_DATA)
                    state->misc_flags |= SMTP_MISC_FLAG_FINAL_SERVER;
                ret = smtp_stream_except(state, s->err, "sending message body");
                goto done;
            }
        }
        if (end_of_data(state, &t) < 0) {
            ret = -1;
            goto done;
        }
    }
    if (t.too_many_at > 0)
        *learned_limit = t.too_many_at;

done:
    state->misc_flags &= ~SMTP_MISC_FLAG_IN_TXN;
    /* Whatever was not finished or kept goes in the next transaction. */
    for (n = 0; n < state->rcpt_left; n++) {
        rcpt = request->rcpt_list.info + n;
        if (!SMTP_RCPT_ISMARKED(rcpt))
            rcpt->status = 0;
    }
    free(t.cmds);
    return ret < 0 ? -1 : 0;
}

/* rset - between transactions; -1 when the session is no longer usable */

static int rset(struct smtp_state *state)
{
    struct smtp_session *s = state->session;
    struct smtp_resp *resp;

    smtp_timeout_setup(s, var_smtp_rset_tmout);
    smtp_chat_cmd(s, "RSET");
    if ((resp = smtp_chat_resp(s)) == NULL) {
        (void) smtp_stream_except(state, s->err,
                                  smtp_stages[SMTP_CMD_RSET].sending);
        return -1;
    }
    if (resp->code / 100 != 2) {
        s->features |= SMTP_FEATURE_RSET_REJECTED;
        s->dont_cache = 1;
        if (resp->dsn[0] == '5')
            resp->dsn[0] = '4';
        (void) smtp_site_fail(state, s->host, resp, SAID_FMT, s->namaddr,
                              reply_text(state, resp),
                              smtp_stages[SMTP_CMD_RSET].request);
        return 1;
    }
    return 0;
}

static size_t unmarked_count(struct smtp_state *state)
{
    size_t  n;
    size_t  count = 0;

    for (n = 0; n < state->rcpt_left; n++)
        if (!SMTP_RCPT_ISMARKED(state->request->rcpt_list.info + n))
            count++;
    return count;
}

int     smtp_xfer(struct smtp_state *state)
{
    struct smtp_session *s = state->session;
    struct deliver_request *request = state->request;
    int     trace_only = DEL_REQ_TRACE_ONLY(request->flags) != 0;
    int     downgrade;
    int     limit = s->rcptmax;
    int     learned = 0;
    size_t  left;
    size_t  prev_left = 0;
    int     ntxn;
    int     rc;

    downgrade = (s->features & SMTP_FEATURE_8BITMIME) == 0
        && strcmp(request->encoding, "8bit") == 0
        && !var_disable_mime_oconv;
    if (request->msg_stats.conn_setup_done.tv_sec == 0)
        msg_stats_now(&request->msg_stats.conn_setup_done);
    request->msg_stats.reuse_count = s->reuse_count;
    /* A cached session skipped smtp_helo(): the same checks here. */
    if ((s->features & SMTP_FEATURE_FROM_CACHE) && message_checks(state) != 0)
        return 0;

    for (ntxn = 0; (left = unmarked_count(state)) > 0; ntxn++) {
        /* Every transaction must finish someone; never loop. */
        if (ntxn > 0 && left >= prev_left) {
            msg_warn("%s: %s: no progress in transaction %d; giving up "
                     "on this session", request->queue_id, s->namaddr, ntxn);
            break;
        }
        prev_left = left;
        if (ntxn > 0 && (rc = rset(state)) != 0)
            return rc < 0 ? -1 : 0;
        if (learned > 0 && (limit == 0 || learned < limit))
            limit = learned;
        learned = 0;
        if (transaction(state, limit, trace_only, downgrade, &learned) < 0)
            return -1;
    }
    return 0;
}

int     smtp_rset_probe(struct smtp_state *state)
{
    struct smtp_session *s = state->session;
    struct smtp_resp *resp;

    smtp_timeout_setup(s, var_smtp_rset_tmout);
    smtp_chat_cmd(s, "RSET");
    if ((resp = smtp_chat_resp(s)) == NULL)
        return -1;
    if (resp->code / 100 != 2) {
        s->features |= SMTP_FEATURE_RSET_REJECTED;
        return -1;
    }
    return 0;
}

int     smtp_quit(struct smtp_state *state)
{
    struct smtp_session *s = state->session;

    if (s == NULL || s->stream == NULL || s->err != SMTP_ERR_NONE)
        return 0;
    s->dont_cache = 1;				/* it is going away */
    smtp_timeout_setup(s, var_smtp_quit_tmout);
    if (s->quit_sent) {
        /* Sent with the "."; read its reply only if asked to. */
        if (!var_smtp_skip_quit_resp)
            (void) smtp_chat_resp(s);
        return 0;
    }
    smtp_chat_cmd(s, "QUIT");
    if (var_smtp_skip_quit_resp)
        (void) smtp_chat_flush(s);
    else
        (void) smtp_chat_resp(s);
    return 0;
}
