/*
 * fuzz_mime - libFuzzer target for mime_state (MIME parser, 8-bit to
 * 7-bit downgrade) and the quoted-printable encoder
 *
 * Input: byte 0 picks the nesting limit (0-7, or 100) and the boundary
 * limit (1-64, or 2048); byte 1 picks the chunk size (0 = whole lines)
 * and whether a line's pieces end with an empty final chunk; the rest
 * is the message, split into lines at '\n'.
 *
 * Each input is run as: a detection pass (MIME_OPT_DETECT) that makes
 * a plan; a downgrade pass with that plan fed whole lines; the same
 * fed in chunks; a pass-through pass in chunks; a downgrade pass whose
 * output callback fails part-way.  Checks (abort on violation):
 *	- chunked and whole-line downgrade give the same output and flags;
 *	- without MIME_ERR_NOT_7BIT flags, the downgrade output has no
 *	  8-bit byte at all;
 *	- pass-through output is the input, line for line;
 *	- after a failed output call, update and finish return -1 and
 *	  the callback is not called again.
 * Must never crash, overread, hang or leak.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mime_downgrade.h"
#include "mime_state.h"

struct sink {
    struct buf *b;
    int     calls;
    int     fail_at;			/* -1: never */
    int     after_fail;			/* calls after the failure */
};

static int sink_out(void *ctx, int type, const char *p, size_t n)
{
    struct sink *s = ctx;

    if (s->fail_at >= 0 && s->calls >= s->fail_at) {
        if (s->calls++ > s->fail_at)
            s->after_fail = 1;
        return -1;
    }
    s->calls++;
    buf_append(s->b, p, n);
    if (type == MIME_REC_FULL)
        buf_putc(s->b, '\n');
    return 0;
}

static int feed_line(struct mime_state *st, const uint8_t *p, size_t n,
                     size_t chunk, int tail)
{
    int     rc = 0;
    size_t  k;

    if (chunk == 0)
        return mime_state_update(st, MIME_REC_FULL, (const char *) p, n);
    while (n > chunk || (tail && n > 0)) {
        k = n < chunk ? n : chunk;
        rc |= mime_state_update(st, MIME_REC_PART, (const char *) p, k);
        p += k;
        n -= k;
    }
    return rc | mime_state_update(st, MIME_REC_FULL, (const char *) p, n);
}

/* feed_lines - every line of the message; the or of the results */

static int feed_lines(struct mime_state *st, const uint8_t *p, size_t n,
                      size_t chunk, int tail)
{
    const uint8_t *end = p + n, *nl;
    int     rc = 0;

    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == 0)
            nl = end;
        rc |= feed_line(st, p, (size_t) (nl - p), chunk, tail);
        p = nl + 1;
    }
    return rc;
}

static int feed(struct mime_state *st, const uint8_t *p, size_t n,
                size_t chunk, int tail)
{
    int     rc = feed_lines(st, p, n, chunk, tail);

    return rc | mime_state_finish(st);
}

struct opts {
    int     nest, blim;
    size_t  chunk;
    int     tail;
};

struct result {
    struct buf *out;
    int     errors, info, rc;
};

static struct result run(int flags, const struct opts *o, size_t chunk,
                         const struct mime_state *plan, const uint8_t *p,
                         size_t n)
{
    struct sink s = {buf_new(0), 0, -1, 0};
    struct mime_state *st = mime_state_create(flags, o->nest, o->blim,
                                              sink_out, &s);
    struct result r;

    if (plan && mime_state_use_plan(st, plan) != 0)
        abort();
    r.rc = feed(st, p, n, chunk, o->tail);
    r.errors = mime_state_errors(st);
    r.info = mime_state_info(st);
    r.out = s.b;
    mime_state_free(st);
    return r;
}

/* check_passthrough - output equals input, each line '\n'-terminated */

static void check_passthrough(const struct result *r, const uint8_t *p,
                              size_t n)
{
    size_t  len = buf_len(r->out);

    if (r->rc != 0)
        abort();
    if (n == 0) {
        if (len != 0)
            abort();
        return;
    }
    if (p[n - 1] == '\n') {
        if (len != n || memcmp(buf_str(r->out), p, n) != 0)
            abort();
        return;
    }
    if (len != n + 1 || memcmp(buf_str(r->out), p, n) != 0
        || buf_str(r->out)[n] != '\n')
        abort();
}

/* check_failure - an output error stops everything */

static void check_failure(const struct opts *o, const uint8_t *p, size_t n,
                          int fail_at)
{
    struct sink s = {buf_new(0), 0, fail_at, 0};
    struct mime_state *st = mime_state_create(MIME_OPT_DOWNGRADE, o->nest,
                                              o->blim, sink_out, &s);
    int     rc = feed_lines(st, p, n, o->chunk, o->tail);

    if (s.calls > fail_at
        && (rc != -1 || mime_state_update(st, MIME_REC_FULL, "", 0) != -1))
        abort();
    rc = mime_state_finish(st);
    if (s.after_fail || (s.calls > fail_at) != (rc == -1))
        abort();
    mime_state_free(st);
    buf_free(s.b);
}

static void parse_opts(struct opts *o, uint8_t b0, uint8_t b1)
{
    o->nest = (b0 & 7) == 7 ? 100 : b0 & 7;
    o->blim = (b0 >> 3) == 31 ? 2048 : 1 + ((b0 >> 3) * 2);
    o->chunk = b1 & 63;
    o->tail = (b1 >> 6) & 1;
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct opts o;
    struct mime_state *det;
    struct result whole, part, pass;

    if (size < 2)
        return 0;
    parse_opts(&o, data[0], data[1]);
    data += 2;
    size -= 2;

    det = mime_state_create(MIME_OPT_DETECT, o.nest, o.blim, 0, 0);
    (void) feed(det, data, size, o.chunk, o.tail);
    whole = run(MIME_OPT_DOWNGRADE, &o, 0, det, data, size);
    part = run(MIME_OPT_DOWNGRADE, &o, o.chunk, det, data, size);
    if (buf_len(whole.out) != buf_len(part.out)
        || memcmp(buf_str(whole.out), buf_str(part.out),
                  buf_len(whole.out)) != 0
        || whole.errors != part.errors || whole.info != part.info
        || whole.rc != 0 || part.rc != 0)
        abort();
    if ((whole.errors & MIME_ERR_NOT_7BIT) == 0
        && mime_has_8bit(buf_str(whole.out), buf_len(whole.out)))
        abort();
    pass = run(MIME_OPT_NONE, &o, o.chunk, 0, data, size);
    check_passthrough(&pass, data, size);
    check_failure(&o, data, size, (int) (size % 7));

    buf_free(whole.out);
    buf_free(part.out);
    buf_free(pass.out);
    mime_state_free(det);
    return 0;
}
