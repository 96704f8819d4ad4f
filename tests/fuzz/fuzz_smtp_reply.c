/*
 * fuzz_smtp_reply - libFuzzer target for the SMTP reply parser
 *
 * The input is what a server sent: it is split into replies exactly as
 * smtp_chat.c does (smtp_resp_parse until DONE or ERROR, then a fresh
 * reply).  Each finished reply must satisfy the parser's promises: a
 * code of 200..599, a status that is empty or well-formed and of the
 * code's class, text within the limits and free of control bytes.
 * Must never crash, overread, hang or leak.  smtp_reply.c is pure, so
 * it is compiled in here (the fuzz build does not link src/smtp).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/smtp/smtp_reply.c"

static void check_reply(struct smtp_resp *r)
{
    const unsigned char *t = (const unsigned char *) buf_str(r->text);
    size_t  i;
    size_t  n;

    if (r->code < 200 || r->code > 599)
        abort();
    if (buf_len(r->text) > SMTP_REPLY_TEXT_LIMIT || r->nlines < 1
        || r->nlines > SMTP_REPLY_LINES_LIMIT)
        abort();
    for (i = 0; i < buf_len(r->text); i++)
        if ((t[i] < 0x20 && t[i] != '\t' && t[i] != '\n') || t[i] == 0x7f)
            abort();
    if (r->dsn[0]) {
        if (!smtp_dsn_syntax(r->dsn, &n) || n != strlen(r->dsn)
            || r->dsn[0] != '0' + r->code / 100)
            abort();
    } else if (r->code / 100 != 3) {
        abort();
    }
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct smtp_resp r;
    const char *p = (const char *) data;
    size_t  used;
    int     st;

    smtp_resp_init(&r);
    while (size > 0) {
        st = smtp_resp_parse(&r, p, size, &used);
        if (used > size)
            abort();
        if (st == SMTP_RESP_DONE)
            check_reply(&r);
        else if (st == SMTP_RESP_ERROR && r.error == NULL)
            abort();
        if (st == SMTP_RESP_MORE && used == size)
            break;
        if (used == 0 && st == SMTP_RESP_MORE)
            break;
        p += used;
        size -= used;
        smtp_resp_reset(&r);
        if (st == SMTP_RESP_ERROR && used == 0)
            break;
    }
    smtp_resp_free(&r);
    return 0;
}
