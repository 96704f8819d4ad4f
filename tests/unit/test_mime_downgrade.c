/*
 * test_mime_downgrade - unit tests for mime_downgrade.c (8-bit test,
 * quoted-printable encoder) and mime_state.c (MIME structure, 8-bit to
 * 7-bit downgrade, detection, plans, limits)
 *
 * Messages are written as C strings with '\n' line ends; the harness
 * feeds each line as one MIME_REC_FULL record, or split into
 * MIME_REC_PART pieces, and joins the output lines with '\n' again.
 * Expected outputs are exact.  A strict quoted-printable decoder
 * checks that encoded bodies decode to the original bytes.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "mime_downgrade.h"
#include "mime_state.h"

#define CHUNK_TAIL	((size_t) 1 << 30)	/* pieces, then empty FULL */
#define DG		MIME_OPT_DOWNGRADE
#define NEST		100
#define BLIM		2048
#define S(lit)		lit, sizeof(lit) - 1	/* a literal and its length */

/* ---- harness ---- */

struct run {
    char   *out;
    size_t  len;
    int     errors;
    int     info;
    int     rc;				/* update/finish results, or'ed */
};

struct collector {
    struct buf *b;
    int     calls;
    int     fail_at;			/* failing call number, -1 never */
};

static int collect(void *ctx, int type, const char *p, size_t n)
{
    struct collector *c = ctx;

    if (c->fail_at >= 0 && c->calls >= c->fail_at)
        return -1;
    c->calls++;
    buf_append(c->b, p, n);
    if (type == MIME_REC_FULL)
        buf_putc(c->b, '\n');
    return 0;
}

static int feed_line(struct mime_state *st, const char *p, size_t n,
                     size_t chunk)
{
    int     tail = (chunk & CHUNK_TAIL) != 0, rc = 0;
    size_t  k;

    chunk &= ~CHUNK_TAIL;
    if (chunk == 0)
        return mime_state_update(st, MIME_REC_FULL, p, n);
    while (n > chunk || (tail && n > 0)) {
        k = n < chunk ? n : chunk;
        rc |= mime_state_update(st, MIME_REC_PART, p, k);
        p += k;
        n -= k;
    }
    return rc | mime_state_update(st, MIME_REC_FULL, p, n);
}

/* feed_text - lines end in '\n'; a last line without one counts too */

static int feed_text(struct mime_state *st, const char *in, size_t len,
                     size_t chunk)
{
    const char *p = in, *end = in + len, *nl;
    int     rc = 0;

    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == 0)
            nl = end;
        rc |= feed_line(st, p, (size_t) (nl - p), chunk);
        p = nl + 1;
    }
    return rc;
}

static struct run run_full(int flags, int nest, int blim, const char *in,
                           size_t len, size_t chunk,
                           const struct mime_state *plan)
{
    struct collector c = {buf_new(0), 0, -1};
    struct mime_state *st = mime_state_create(flags, nest, blim, collect, &c);
    struct run r;

    if (plan)
        ck_assert_int_eq(mime_state_use_plan(st, plan), 0);
    r.rc = feed_text(st, in, len, chunk);
    r.rc |= mime_state_finish(st);
    r.errors = mime_state_errors(st);
    r.info = mime_state_info(st);
    mime_state_free(st);
    r.len = buf_len(c.b);
    r.out = buf_steal(c.b);
    return r;
}

static void run_free(struct run *r)
{
    free(r->out);
}

static struct run run_str(int flags, const char *in)
{
    return run_full(flags, NEST, BLIM, in, strlen(in), 0, 0);
}

#define CHECK_OUT(r, want) do { \
        const char *w_ = (want); \
        ck_assert_msg((r).len == strlen(w_) \
                      && memcmp((r).out, w_, (r).len) == 0, \
                      "output:\n%s\nwanted:\n%s", (r).out, w_); \
        ck_assert_int_eq((r).rc, 0); \
    } while (0)

/* rep - n copies of c, in one of a few static buffers */

static const char *rep(int c, size_t n)
{
    static char bufs[8][1024];
    static int next;
    char   *b = bufs[next++ % 8];

    ck_assert_uint_lt(n, sizeof(bufs[0]));
    memset(b, c, n);
    b[n] = 0;
    return b;
}

/* ---- strict quoted-printable decoder ---- */

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* qp_line - one encoded line; -1 if RFC 2045 does not allow it */

static int qp_line(const char *p, size_t n, struct buf *out)
{
    int     soft = n > 0 && p[n - 1] == '=';
    size_t  i;
    unsigned char c;

    if (n > MIME_QP_LINE_MAX)
        return -1;
    if (soft)
        n--;
    else if (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
        return -1;
    for (i = 0; i < n; i++) {
        c = (unsigned char) p[i];
        if (c == '=') {
            if (i + 2 >= n || hexval(p[i + 1]) < 0 || hexval(p[i + 2]) < 0)
                return -1;
            buf_putc(out, hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else if (c == ' ' || c == '\t' || (c >= 33 && c <= 126)) {
            buf_putc(out, c);
        } else {
            return -1;
        }
    }
    if (!soft)
        buf_putc(out, '\n');
    return 0;
}

/* qp_decode - lines joined with '\n', each ending in '\n' */

static int qp_decode(const char *in, size_t len, struct buf *out)
{
    const char *p = in, *end = in + len, *nl;

    while (p < end) {
        nl = memchr(p, '\n', (size_t) (end - p));
        if (nl == 0 || qp_line(p, (size_t) (nl - p), out) != 0)
            return -1;
        p = nl + 1;
    }
    return 0;
}

/* ---- mime_has_8bit and the encoder ---- */

START_TEST(test_has_8bit)
{
    char    b[64];
    size_t  pos, n;

    ck_assert_int_eq(mime_has_8bit(0, 0), 0);
    ck_assert_int_eq(mime_has_8bit("", 0), 0);
    memset(b, 0x7f, sizeof(b));
    ck_assert_int_eq(mime_has_8bit(b, sizeof(b)), 0);
    for (n = 1; n <= sizeof(b); n++) {
        for (pos = 0; pos < n; pos++) {
            b[pos] = (char) 0x80;
            ck_assert_int_eq(mime_has_8bit(b, n), 1);
            ck_assert_int_eq(mime_has_8bit(b, pos), 0);
            b[pos] = 0x7f;
        }
    }
    ck_assert_int_eq(mime_has_8bit("\xff", 1), 1);
    ck_assert_int_eq(mime_has_8bit("abc\0def", 7), 0);
}
END_TEST

static int qp_collect(void *ctx, const char *p, size_t n)
{
    struct buf *b = ctx;

    buf_append(b, p, n);
    buf_putc(b, '\n');
    return 0;
}

START_TEST(test_qp_encoder_pieces)
{
    static const char line[] = "a=b\tc\xe9 d-e\rf        g =";
    struct buf *in = buf_new(0), *whole = buf_new(0), *split = buf_new(0);
    struct mime_qp q;
    size_t  i, k, n;

    for (i = 0; i < 3; i++)
        buf_puts(in, line);
    mime_qp_init(&q, qp_collect, whole);
    ck_assert_int_eq(mime_qp_put(&q, buf_str(in), buf_len(in)), 0);
    ck_assert_int_eq(mime_qp_end(&q), 0);
    ck_assert_str_eq(buf_str(whole),
                     "a=3Db\tc=E9 d-e=0Df        g =3Da=3Db\tc=E9 d-e=0Df   "
                     "     g =3Da=3Db\tc=E9 d-=\ne=0Df        g =3D\n");
    for (k = 1; k < 9; k++) {
        buf_reset(split);
        mime_qp_init(&q, qp_collect, split);
        for (i = 0; i < buf_len(in); i += n) {
            n = buf_len(in) - i < k ? buf_len(in) - i : k;
            ck_assert_int_eq(mime_qp_put(&q, "", 0), 0);
            ck_assert_int_eq(mime_qp_put(&q, buf_str(in) + i, n), 0);
        }
        ck_assert_int_eq(mime_qp_end(&q), 0);
        ck_assert_str_eq(buf_str(split), buf_str(whole));
    }
    buf_free(in);
    buf_free(whole);
    buf_free(split);
}
END_TEST

static int qp_fail(void *ctx, const char *p, size_t n)
{
    int    *calls = ctx;

    (void) p;
    (void) n;
    return ++*calls >= 2 ? -1 : 0;
}

START_TEST(test_qp_encoder_failure)
{
    struct mime_qp q;
    int     calls = 0;

    mime_qp_init(&q, qp_fail, &calls);
    ck_assert_int_eq(mime_qp_end(&q), 0);
    ck_assert_int_eq(mime_qp_put(&q, rep('x', 200), 200), -1);
    ck_assert_int_eq(mime_qp_end(&q), -1);
    ck_assert_int_eq(calls, 2);
}
END_TEST

/* ---- single part ---- */

START_TEST(test_single_8bit)
{
    struct run r = run_str(DG,
        "From: a@example.com\n"
        "Subject: test\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "caf\xc3\xa9 cr\xc3\xa8me\n"
        "plain line\n");

    CHECK_OUT(r,
        "From: a@example.com\n"
        "Subject: test\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "caf=C3=A9 cr=C3=A8me\n"
        "plain line\n");
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(r.info, MIME_INFO_8BIT_BODY | MIME_INFO_8BIT_CTE
                     | MIME_INFO_CONVERTED);
    run_free(&r);
}
END_TEST

/* The new CTE header goes at the end of the header block. */
START_TEST(test_cte_moved)
{
    struct run r = run_str(DG,
        "MIME-Version: 1.0\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Content-Type: text/plain; charset=iso-8859-1\n"
        "Subject: x\n"
        "\n"
        "\xe9\n");

    CHECK_OUT(r,
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=iso-8859-1\n"
        "Subject: x\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E9\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

#define HEAD_8BIT \
    "MIME-Version: 1.0\n" \
    "Content-Type: text/plain; charset=iso-8859-1\n" \
    "Content-Transfer-Encoding: 8bit\n" \
    "\n"
#define HEAD_QP \
    "MIME-Version: 1.0\n" \
    "Content-Type: text/plain; charset=iso-8859-1\n" \
    "Content-Transfer-Encoding: quoted-printable\n" \
    "\n"

START_TEST(test_soft_breaks)
{
    struct buf *in = buf_new(0), *want = buf_new(0);
    struct run r;

    buf_printf(in, "%s%s\n%s\n%s\n", HEAD_8BIT, rep('a', 76), rep('a', 77),
               rep('a', 200));
    buf_printf(in, "%s\xe9" "b\n%s\xe9\n%s\xe9\n", rep('a', 73),
               rep('a', 73), rep('a', 74));
    buf_printf(want, "%s%s\n", HEAD_QP, rep('a', 76));
    buf_printf(want, "%s=\naa\n", rep('a', 75));
    buf_printf(want, "%s=\n%s=\n%s\n", rep('a', 75), rep('a', 75),
               rep('a', 50));
    buf_printf(want, "%s=\n=E9b\n", rep('a', 73));
    buf_printf(want, "%s=E9\n", rep('a', 73));
    buf_printf(want, "%s=\n=E9\n", rep('a', 74));
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    CHECK_OUT(r, buf_str(want));
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    buf_free(in);
    buf_free(want);
}
END_TEST

START_TEST(test_qp_specials)
{
    struct buf *in = buf_new(0), *want = buf_new(0);
    struct run r;

    buf_printf(in, "%sa=b \ntab\t\n \nx  y\n\n", HEAD_8BIT);
    buf_printf(in, "%s bbbbb\n%s-x\n-start\ntrailing=\n\r\n.\n",
               rep('a', 74), rep('a', 75));
    buf_printf(want, "%sa=3Db=20\ntab=09\n=20\nx  y\n\n", HEAD_QP);
    buf_printf(want, "%s =\nbbbbb\n%s=\n=2Dx\n-start\ntrailing=3D\n=0D\n.\n",
               rep('a', 74), rep('a', 75));
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    CHECK_OUT(r, buf_str(want));
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(r.info, MIME_INFO_8BIT_CTE | MIME_INFO_CONVERTED);
    run_free(&r);
    buf_free(in);
    buf_free(want);
}
END_TEST

/* ---- messages that stay as they are ---- */

static const char seven_bit[] =
    "Received: from x by y\n"
    "\tfor <z@example.net>; Mon, 1 Jan 2024 00:00:00 +0000\n"
    "MIME-Version: 1.0\n"
    "Content-Transfer-Encoding: 7bit\n"
    "Content-Type: multipart/mixed;\n"
    "    boundary=\"----=_Part_0\"\n"
    "Subject: seven bit\n"
    "\n"
    "This is a multi-part message in MIME format.\n"
    "------=_Part_0\n"
    "Content-Type: text/plain; charset=us-ascii\n"
    "\n"
    "a line with trailing space \n"
    "a=b\n"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "0123456789012345678901234567890123456789\n"
    "\n"
    "------=_Part_0\n"
    "Content-Type: text/plain; charset=utf-8\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "caf=C3=A9 soft=\n"
    "break\n"
    "------=_Part_0\n"
    "Content-Type: application/octet-stream\n"
    "Content-Transfer-Encoding: base64\n"
    "\n"
    "AAECAwQFBgcICQ==\n"
    "------=_Part_0--\n"
    "epilogue\n";

START_TEST(test_7bit_unchanged)
{
    struct run r = run_str(DG, seven_bit);

    CHECK_OUT(r, seven_bit);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(r.info, 0);
    run_free(&r);
}
END_TEST

/* ---- multipart ---- */

START_TEST(test_multipart_mixed)
{
    struct run r = run_str(DG,
        "From: a@example.org\n"
        "Subject: mixed\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"=_b1\"\n"
        "\n"
        "This is a MIME message.\n"
        "--=_b1\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "Gr\xc3\xbc\xc3\x9f" "e\n"
        "--=_b1\n"
        "Content-Type: application/octet-stream\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "AAECAwQFBgcICQ==\n"
        "--=_b1--\n");

    CHECK_OUT(r,
        "From: a@example.org\n"
        "Subject: mixed\n"
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"=_b1\"\n"
        "\n"
        "This is a MIME message.\n"
        "--=_b1\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "Gr=C3=BC=C3=9Fe\n"
        "--=_b1\n"
        "Content-Type: application/octet-stream\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "AAECAwQFBgcICQ==\n"
        "--=_b1--\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

static const char nested_in[] =
    "From: a@example.com\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "preamble\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "Subject: inner\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=inner\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "h\xe9llo\n"
    "--inner\n"
    "Content-Type: text/html\n"
    "\n"
    "<p>hi</p>\n"
    "--inner--\n"
    "--outer\n"
    "Content-Type: text/plain\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "x=y\n"
    "--outer--\n"
    "epilogue\n";

static const char nested_out[] =
    "From: a@example.com\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=\"outer\"\n"
    "Content-Transfer-Encoding: 7bit\n"
    "\n"
    "preamble\n"
    "--outer\n"
    "Content-Type: message/rfc822\n"
    "Content-Transfer-Encoding: 7bit\n"
    "\n"
    "Subject: inner\n"
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/alternative; boundary=inner\n"
    "\n"
    "--inner\n"
    "Content-Type: text/plain; charset=iso-8859-1\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "h=E9llo\n"
    "--inner\n"
    "Content-Type: text/html\n"
    "\n"
    "<p>hi</p>\n"
    "--inner--\n"
    "--outer\n"
    "Content-Type: text/plain\n"
    "Content-Transfer-Encoding: quoted-printable\n"
    "\n"
    "x=3Dy\n"
    "--outer--\n"
    "epilogue\n";

START_TEST(test_nested)
{
    struct run r = run_str(DG, nested_in);

    CHECK_OUT(r, nested_out);
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    /* Without MIME_OPT_DOWNGRADE the output is the input. */
    r = run_str(MIME_OPT_NONE, nested_in);
    CHECK_OUT(r, nested_in);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(r.info, MIME_INFO_8BIT_BODY | MIME_INFO_8BIT_CTE);
    run_free(&r);
}
END_TEST

static const char boundaries[] =
    "MIME-Version: 1.0\n"
    "Content-Type: multipart/mixed; boundary=xyz\n"
    "\n"
    "preamble\n"
    "--xy is not the boundary\n"
    "--xyz   \n"
    "Content-Type: text/plain\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "\xe0 la\n"
    " --xyz is not at the start\n"
    "--xyz--\n"
    "epilogue\n"
    "--xyz\n"
    "after close\n";

START_TEST(test_boundaries)
{
    struct run r = run_str(DG, boundaries);

    CHECK_OUT(r,
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=xyz\n"
        "\n"
        "preamble\n"
        "--xy is not the boundary\n"
        "--xyz   \n"
        "Content-Type: text/plain\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E0 la\n"
        " --xyz is not at the start\n"
        "--xyz--\n"
        "epilogue\n"
        "--xyz\n"
        "after close\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

/* A boundary right after the header, no empty line; 8-bit preamble. */
START_TEST(test_boundary_no_blank)
{
    static const char in[] =
        "Content-Type: multipart/mixed; boundary=q\n"
        "--q\n"
        "Content-Transfer-Encoding: 8bit\n"
        "Content-Type: text/plain\n"
        "\n"
        "\xe9\n"
        "--q--\n";
    static const char in2[] =
        "Content-Type: multipart/mixed; boundary=q\n"
        "\n"
        "pre\xe9mble\n"
        "--q--\n"
        "epi\xe9logue\n";
    struct run r = run_str(DG, in);

    CHECK_OUT(r,
        "Content-Type: multipart/mixed; boundary=q\n"
        "--q\n"
        "Content-Type: text/plain\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E9\n"
        "--q--\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    r = run_str(DG, in2);
    CHECK_OUT(r, in2);
    ck_assert_int_eq(r.errors, MIME_ERR_8BIT_DOMAIN);
    run_free(&r);
}
END_TEST

static const char too_deep[] =
    "Content-Type: multipart/mixed; boundary=a\n"
    "\n"
    "--a\n"
    "Content-Type: multipart/alternative; boundary=b\n"
    "\n"
    "--b\n"
    "Content-Type: text/plain\n"
    "Content-Transfer-Encoding: 8bit\n"
    "\n"
    "\xe9t\xe9\n"
    "--b--\n"
    "--a--\n";

START_TEST(test_nesting_limit)
{
    struct run r = run_full(DG, 1, BLIM, S(too_deep), 0, 0);

    CHECK_OUT(r, too_deep);
    ck_assert_int_eq(r.errors, MIME_ERR_NESTING | MIME_ERR_8BIT_DOMAIN);
    run_free(&r);
    r = run_full(DG, 0, BLIM, S(too_deep), 0, 0);
    CHECK_OUT(r, too_deep);
    ck_assert_int_eq(r.errors, MIME_ERR_NESTING | MIME_ERR_8BIT_DOMAIN);
    run_free(&r);
    r = run_full(DG, 2, BLIM, S(too_deep), 0, 0);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_ptr_nonnull(strstr(r.out, "\n=E9t=E9\n--b--\n--a--\n"));
    run_free(&r);
}
END_TEST

START_TEST(test_boundary_too_long)
{
    static const char in[] =
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"0123456789abcdef\"\n"
        "\n"
        "--0123456789abcdef\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "\xff\n"
        "--0123456789abcdef--\n";
    struct run r = run_full(DG, NEST, 10, S(in), 0, 0);

    CHECK_OUT(r,
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=\"0123456789abcdef\"\n"
        "\n"
        "--0123456789abcdef\n"
        "Content-Type: text/plain; charset=unknown-8bit\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=FF\n"
        "--0123456789abcdef--\n");
    ck_assert_int_eq(r.errors, MIME_ERR_BOUNDARY_LEN);
    run_free(&r);
    r = run_full(DG, NEST, 16, S(in), 0, 0);
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

START_TEST(test_missing_final_boundary)
{
    struct run r = run_str(DG,
        "Content-Type: multipart/mixed; boundary=b\n"
        "\n"
        "--b\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "\xc3\xa9\n");

    CHECK_OUT(r,
        "Content-Type: multipart/mixed; boundary=b\n"
        "\n"
        "--b\n"
        "Content-Type: text/plain; charset=utf-8\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=C3=A9\n");
    ck_assert_int_eq(r.errors, MIME_ERR_UNTERMINATED);
    run_free(&r);
    /* An inner multipart ended by the outer boundary. */
    r = run_str(DG,
        "Content-Type: multipart/mixed; boundary=o\n"
        "\n"
        "--o\n"
        "Content-Type: multipart/mixed; boundary=i\n"
        "\n"
        "--i\n"
        "\n"
        "x\n"
        "--o--\n");
    ck_assert_int_eq(r.errors, MIME_ERR_UNTERMINATED);
    run_free(&r);
}
END_TEST

/* ---- Content-Transfer-Encoding syntax ---- */

static const char *cte_8bit[] = {
    "Content-Transfer-Encoding: 8BIT\n",
    "content-transfer-encoding:8bit\n",
    "CONTENT-Transfer-Encoding :  8Bit  \n",
    "Content-Transfer-Encoding: (comment) 8bit (more (nested) \\) text)\n",
    "Content-Transfer-Encoding:\n\t8bit\n",
    "Content-Transfer-Encoding: (a\n (folded comment)) \n  8bit\n",
    "Content-Transfer-Encoding:\t8bit; x=y\n",
};

#define NCTE8 (sizeof(cte_8bit) / sizeof(cte_8bit[0]))

START_TEST(test_cte_syntax)
{
    struct buf *in = buf_new(0);
    struct run r;

    buf_printf(in, "Mime-Version: 1.0 (x)\n"
               "Content-Type: text/plain; charset=koi8-r\n%s\n\xe9\n",
               cte_8bit[_i]);
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    CHECK_OUT(r,
        "Mime-Version: 1.0 (x)\n"
        "Content-Type: text/plain; charset=koi8-r\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E9\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    buf_free(in);
}
END_TEST

static const char *cte_other[] = {
    "Content-Transfer-Encoding: x-uuencode\n",
    "Content-Transfer-Encoding: 8bit-ish\n",
    "Content-Transfer-Encoding: \"8bit\"\n",
    "Content-Transfer-Encoding:\n",
    "Content-Transfer-Encoding: (unterminated 8bit\n",
    "Content-Transfer-Encoding: 8bit\nContent-Transfer-Encoding: base64\n",
    "Content-Transfer-Encoding: base64\nContent-Transfer-Encoding: 8bit\n",
};

#define NCTEO (sizeof(cte_other) / sizeof(cte_other[0]))

/* Unknown or conflicting CTE: left alone (headers may move), flagged. */
START_TEST(test_cte_unusable)
{
    struct buf *in = buf_new(0), *want = buf_new(0);
    struct run r;

    buf_printf(in, "%sX: y\n\n\xe9\n", cte_other[_i]);
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    if (_i >= 5)			/* the 8bit one is held back */
        buf_set(want, "Content-Transfer-Encoding: base64\nX: y\n"
                "Content-Transfer-Encoding: 8bit\n\n\xe9\n");
    else
        buf_set(want, buf_str(in));
    CHECK_OUT(r, buf_str(want));
    ck_assert_int_eq(r.errors, MIME_ERR_8BIT_DOMAIN);
    run_free(&r);
    buf_free(in);
    buf_free(want);
}
END_TEST

START_TEST(test_binary)
{
    static const char in[] =
        "Content-Type: application/octet-stream\n"
        "Content-Transfer-Encoding: binary\n"
        "\n"
        "\x01\xff\xfe\r\n";
    struct run r = run_full(DG, NEST, BLIM, S(in), 0, 0);

    CHECK_OUT(r, in);
    ck_assert_int_eq(r.errors, MIME_ERR_BINARY);
    ck_assert_int_eq(r.info, MIME_INFO_8BIT_BODY | MIME_INFO_BINARY_CTE);
    run_free(&r);
    /* Binary is a fact, not an error, when not converting. */
    r = run_full(MIME_OPT_NONE, NEST, BLIM, S(in), 0, 0);
    CHECK_OUT(r, in);
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

/* ---- other structure ---- */

START_TEST(test_digest_and_opaque)
{
    struct run r = run_str(DG,
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/digest; boundary=d\n"
        "\n"
        "--d\n"
        "\n"
        "Subject: one\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "\xe9\n"
        "--d--\n");

    CHECK_OUT(r,
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/digest; boundary=d\n"
        "\n"
        "--d\n"
        "\n"
        "Subject: one\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=unknown-8bit\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E9\n"
        "--d--\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    /* Multipart without boundary, message/rfc822 in base64: opaque. */
    r = run_str(DG,
        "Content-Type: multipart/mixed\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "--\n"
        "\xe9\n");
    CHECK_OUT(r,
        "Content-Type: multipart/mixed\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "--\n"
        "\xe9\n");
    ck_assert_int_eq(r.errors, MIME_ERR_8BIT_DOMAIN);
    run_free(&r);
    r = run_str(DG,
        "Content-Type: message/rfc822\n"
        "Content-Transfer-Encoding: base64\n"
        "\n"
        "U3ViamVjdDogeA==\n");
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(r.info, 0);
    run_free(&r);
}
END_TEST

/* A non-header line ends the header; an empty line is inserted if needed. */
START_TEST(test_header_without_blank)
{
    struct run r = run_str(DG,
        "Content-Type: text/plain\n"
        "Content-Transfer-Encoding: 8bit\n"
        "caf\xe9\n");

    /* Not MIME without MIME-Version: the conversion adds it. */
    CHECK_OUT(r,
        "Content-Type: text/plain\n"
        "MIME-Version: 1.0\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "caf=E9\n");
    run_free(&r);
    r = run_str(DG, "Subject: x\nnot a header\n more\n");
    CHECK_OUT(r, "Subject: x\nnot a header\n more\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

/* Quoted boundary with a quoted pair; garbage parameters; first wins. */
START_TEST(test_content_type_garbage)
{
    struct run r = run_str(DG,
        "Content-Type: multipart/mixed; foo; =bar; ;;boundary=\"a\\\"b\"\n"
        " (comment) ; boundary=ignored\n"
        "\n"
        "--ignored\n"
        "--a\"b\n"
        "Content-Type: TEXT/Plain\n"
        "Content-Transfer-Encoding: 8bit\n"
        "\n"
        "\xe9\n"
        "--a\"b--\n");

    CHECK_OUT(r,
        "Content-Type: multipart/mixed; foo; =bar; ;;boundary=\"a\\\"b\"\n"
        " (comment) ; boundary=ignored\n"
        "\n"
        "--ignored\n"
        "--a\"b\n"
        "Content-Type: TEXT/Plain\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E9\n"
        "--a\"b--\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
}
END_TEST

/* ---- headers ---- */

START_TEST(test_8bit_header)
{
    static const char in[] =
        "Subject: caf\xc3\xa9\n"
        "\n"
        "body\n";
    struct run r = run_full(DG, NEST, BLIM, S(in), 0, 0);

    CHECK_OUT(r, in);
    ck_assert_int_eq(r.errors, MIME_ERR_8BIT_HEADER);
    ck_assert_int_eq(r.info, MIME_INFO_8BIT_HEADER);
    run_free(&r);
    r = run_full(MIME_OPT_DETECT, NEST, BLIM, S(in), 0, 0);
    ck_assert_uint_eq(r.len, 0);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(r.info, MIME_INFO_8BIT_HEADER);
    run_free(&r);
}
END_TEST

START_TEST(test_header_too_long)
{
    struct buf *in = buf_new(0);
    struct run r;
    int     i;

    /* One physical line over the limit, in pieces or whole. */
    buf_puts(in, "X-Long: ");
    for (i = 0; i < 150; i++)
        buf_puts(in, rep('x', 1000));
    buf_puts(in, "\nContent-Type: text/plain\n"
             "Content-Transfer-Encoding: 8bit\n\n\xe9\n");
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    ck_assert_int_eq(r.errors, MIME_ERR_HEADER_LEN);
    ck_assert_ptr_nonnull(strstr(r.out, "\nContent-Transfer-Encoding: "
                                 "quoted-printable\n\n=E9\n"));
    run_free(&r);
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 4000, 0);
    ck_assert_int_eq(r.errors, MIME_ERR_HEADER_LEN);
    run_free(&r);
    /* A CTE header folded past the limit is not interpreted. */
    buf_set(in, "Content-Transfer-Encoding: 8bit\n");
    for (i = 0; i < 120; i++)
        buf_printf(in, " %s\n", rep(' ', 999));
    buf_puts(in, "\n\xe9\n");
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    ck_assert_uint_eq(r.len, buf_len(in));
    ck_assert_int_eq(memcmp(r.out, buf_str(in), r.len), 0);
    ck_assert_int_eq(r.errors, MIME_ERR_HEADER_LEN | MIME_ERR_8BIT_IN_7BIT);
    run_free(&r);
    /* CTE headers too big to hold back together: no conversion. */
    buf_reset(in);
    for (i = 0; i < 120; i++)
        buf_printf(in, "%s %s\n", i % 60 ? "" :
                   "Content-Transfer-Encoding: 8bit\n", rep(' ', 999));
    buf_puts(in, "\n\xe9\n");
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    ck_assert_uint_eq(r.len, buf_len(in));
    ck_assert_ptr_null(strstr(r.out, "quoted-printable"));
    ck_assert_int_eq(r.errors, MIME_ERR_8BIT_DOMAIN);
    run_free(&r);
    buf_free(in);
}
END_TEST

/* ---- undeclared 8-bit: detection pass and plan ---- */

START_TEST(test_plan)
{
    static const char legacy[] =
        "From: a@example.org\n"
        "Subject: legacy\n"
        "\n"
        "caf\xe9\n";
    static const char multi[] =
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=b\n"
        "\n"
        "--b\n"
        "Content-Type: text/plain\n"
        "\n"
        "plain\n"
        "--b\n"
        "Content-Type: text/plain; charset=latin1\n"
        "Content-Transfer-Encoding: 7bit\n"
        "X-After: 1\n"
        "\n"
        "\xe9t\xe9\n"
        "--b--\n";
    struct mime_state *det = mime_state_create(MIME_OPT_DETECT, NEST, BLIM,
                                               0, 0);
    struct run r;

    feed_text(det, S(legacy), 0);
    ck_assert_int_eq(mime_state_finish(det), 0);
    ck_assert_int_eq(mime_state_info(det), MIME_INFO_8BIT_BODY);
    r = run_full(DG, NEST, BLIM, S(legacy), 0, 0);
    CHECK_OUT(r, legacy);
    ck_assert_int_eq(r.errors, MIME_ERR_8BIT_IN_7BIT);
    run_free(&r);
    r = run_full(DG, NEST, BLIM, S(legacy), 3, det);
    CHECK_OUT(r,
        "From: a@example.org\n"
        "Subject: legacy\n"
        "MIME-Version: 1.0\n"
        "Content-Type: text/plain; charset=unknown-8bit\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "caf=E9\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    mime_state_free(det);

    det = mime_state_create(MIME_OPT_DETECT, NEST, BLIM, 0, 0);
    feed_text(det, S(multi), 0);
    mime_state_finish(det);
    r = run_full(DG, NEST, BLIM, S(multi), 0, det);
    CHECK_OUT(r,
        "MIME-Version: 1.0\n"
        "Content-Type: multipart/mixed; boundary=b\n"
        "\n"
        "--b\n"
        "Content-Type: text/plain\n"
        "\n"
        "plain\n"
        "--b\n"
        "Content-Type: text/plain; charset=latin1\n"
        "X-After: 1\n"
        "Content-Transfer-Encoding: quoted-printable\n"
        "\n"
        "=E9t=E9\n"
        "--b--\n");
    ck_assert_int_eq(r.errors, 0);
    run_free(&r);
    mime_state_free(det);
}
END_TEST

START_TEST(test_plan_refused)
{
    struct mime_state *det = mime_state_create(MIME_OPT_DETECT, NEST, BLIM,
                                               0, 0);
    struct mime_state *st = mime_state_create(DG, NEST, 100, 0, 0);

    mime_state_finish(det);
    ck_assert_int_eq(mime_state_use_plan(st, det), -1);
    mime_state_free(st);
    st = mime_state_create(DG, NEST, BLIM, 0, 0);
    ck_assert_int_eq(mime_state_use_plan(st, det), 0);
    ck_assert_int_eq(mime_state_update(st, MIME_REC_FULL, "a: b", 4), 0);
    ck_assert_int_eq(mime_state_use_plan(st, det), -1);
    mime_state_free(st);
    mime_state_free(det);
}
END_TEST

/* ---- interface details ---- */

START_TEST(test_output_failure)
{
    struct collector c = {buf_new(0), 0, 2};
    struct mime_state *st = mime_state_create(DG, NEST, BLIM, collect, &c);

    ck_assert_int_eq(mime_state_update(st, MIME_REC_FULL, "A: 1", 4), 0);
    ck_assert_int_eq(mime_state_update(st, MIME_REC_FULL, "B: 2", 4), 0);
    ck_assert_int_eq(mime_state_update(st, MIME_REC_FULL, "C: 3", 4), 0);
    ck_assert_int_eq(mime_state_update(st, MIME_REC_FULL, "", 0), -1);
    ck_assert_int_eq(mime_state_update(st, MIME_REC_FULL, "x", 1), -1);
    ck_assert_int_eq(mime_state_finish(st), -1);
    ck_assert_int_eq(c.calls, 2);
    ck_assert_str_eq(buf_str(c.b), "A: 1\nB: 2\n");
    mime_state_free(st);
    buf_free(c.b);
}
END_TEST

START_TEST(test_open_line_at_finish)
{
    struct collector c = {buf_new(0), 0, -1};
    struct mime_state *st = mime_state_create(DG, NEST, BLIM, collect, &c);

    mime_state_update(st, MIME_REC_FULL, "", 0);
    mime_state_update(st, MIME_REC_PART, "ab", 2);
    mime_state_update(st, MIME_REC_PART, 0, 0);
    mime_state_update(st, MIME_REC_PART, "c", 1);
    ck_assert_int_eq(mime_state_finish(st), 0);
    ck_assert_int_eq(mime_state_finish(st), 0);
    ck_assert_str_eq(buf_str(c.b), "\nabc\n");
    mime_state_free(st);
    mime_state_free(0);
    buf_free(c.b);
}
END_TEST

START_TEST(test_error_text)
{
    ck_assert_str_eq(mime_state_error_text(0), "no MIME error");
    ck_assert_str_eq(mime_state_error_text(MIME_ERR_NESTING),
                     "MIME nesting exceeds mime_nesting_limit");
    ck_assert_str_eq(mime_state_error_text(MIME_ERR_UNTERMINATED
                                           | MIME_ERR_BINARY),
                     "binary content cannot be converted to 7-bit");
    ck_assert_str_eq(mime_state_error_text(MIME_ERR_BOUNDARY_LEN),
                     "MIME boundary exceeds mime_boundary_length_limit");
}
END_TEST

/* ---- chunking ---- */

static const char *samples[] = {
    nested_in, boundaries, too_deep, seven_bit,
    "Content-Type: text/plain\nContent-Transfer-Encoding: 8bit\n\n"
    "0123456789012345678901234567890123456789012345678901234567890123456789"
    "01234567\xe9 \n\n x\t\n",
    "Content-Type: multipart/mixed; boundary=\"0123456789abcdefghij\"\n\n"
    "--0123456789abcdefghij\nContent-Transfer-Encoding: 8bit\n\n\xe9\n"
    "--0123456789abcdefghi\n--0123456789abcdefghij--\n",
};
static const size_t chunks[] = {
    1, 2, 3, 5, 8, 13, 21, 77, 1000,
    1 | CHUNK_TAIL, 7 | CHUNK_TAIL, 64 | CHUNK_TAIL,
};

#define NSAMPLES (sizeof(samples) / sizeof(samples[0]))
#define NCHUNKS (sizeof(chunks) / sizeof(chunks[0]))

START_TEST(test_chunk_equivalence)
{
    const char *in = samples[_i];
    int     limits[][2] = {{NEST, BLIM}, {1, 12}, {0, 1}};
    size_t  k, l;
    struct run whole, part;

    for (l = 0; l < 3; l++) {
        whole = run_full(DG, limits[l][0], limits[l][1], in, strlen(in), 0, 0);
        for (k = 0; k < NCHUNKS; k++) {
            part = run_full(DG, limits[l][0], limits[l][1], in, strlen(in),
                            chunks[k], 0);
            ck_assert_uint_eq(part.len, whole.len);
            ck_assert_int_eq(memcmp(part.out, whole.out, whole.len), 0);
            ck_assert_int_eq(part.errors, whole.errors);
            ck_assert_int_eq(part.info, whole.info);
            run_free(&part);
        }
        run_free(&whole);
    }
}
END_TEST

/* ---- round trip ---- */

static unsigned long rng_state;

static unsigned rng(unsigned n)
{
    rng_state = rng_state * 6364136223846793005UL + 1442695040888963407UL;
    return (unsigned) ((rng_state >> 33) % n);
}

static int random_byte(void)
{
    static const char specials[] = " \t=-.\r";

    switch (rng(4)) {
    case 0:
        return 128 + rng(128);
    case 1:
        return specials[rng(sizeof(specials) - 1)];
    default:
        return 32 + rng(95);
    }
}

/* random_body - lines of 0..299 bytes, no '\n' */

static void random_body(struct buf *b, int lines)
{
    int     i;
    unsigned j, n;

    for (i = 0; i < lines; i++) {
        n = rng(300);
        for (j = 0; j < n; j++)
            buf_putc(b, random_byte());
        buf_putc(b, '\n');
    }
}

START_TEST(test_roundtrip)
{
    struct buf *body = buf_new(0), *in = buf_new(0), *dec = buf_new(0);
    struct run r;
    const char *sep;

    rng_state = 12345 + (unsigned long) _i;
    random_body(body, 40);
    buf_set(in, HEAD_8BIT);
    buf_append(in, buf_str(body), buf_len(body));
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in),
                 (size_t) _i % 5 * 17, 0);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(mime_has_8bit(r.out, r.len), 0);
    ck_assert_int_eq(strncmp(r.out, HEAD_QP, strlen(HEAD_QP)), 0);
    sep = r.out + strlen(HEAD_QP);
    ck_assert_int_eq(qp_decode(sep, r.len - (size_t) (sep - r.out), dec), 0);
    ck_assert_uint_eq(buf_len(dec), buf_len(body));
    ck_assert_int_eq(memcmp(buf_str(dec), buf_str(body), buf_len(body)), 0);
    run_free(&r);
    buf_free(body);
    buf_free(in);
    buf_free(dec);
}
END_TEST

/* Both converted parts of a multipart decode to their bodies. */
START_TEST(test_roundtrip_multipart)
{
    struct buf *b1 = buf_new(0), *b2 = buf_new(0), *in = buf_new(0);
    struct buf *want = buf_new(0), *dec = buf_new(0);
    struct run r;
    const char *p1, *e1, *p2, *e2;

    rng_state = 777;
    random_body(b1, 20);
    random_body(b2, 20);
    buf_printf(in, "Content-Type: multipart/mixed; boundary=\"=_x\"\n\n"
               "--=_x\n%s%s--=_x\n%s%s--=_x--\n", HEAD_8BIT, buf_str(b1),
               HEAD_8BIT, buf_str(b2));
    r = run_full(DG, NEST, BLIM, buf_str(in), buf_len(in), 0, 0);
    ck_assert_int_eq(r.errors, 0);
    ck_assert_int_eq(mime_has_8bit(r.out, r.len), 0);
    p1 = strstr(r.out, HEAD_QP);
    ck_assert_ptr_nonnull(p1);
    p1 += strlen(HEAD_QP);
    e1 = strstr(p1, "--=_x\n");
    p2 = strstr(e1, HEAD_QP) + strlen(HEAD_QP);
    e2 = strstr(p2, "--=_x--\n");
    ck_assert_ptr_nonnull(e2);
    ck_assert_int_eq(qp_decode(p1, (size_t) (e1 - p1), dec), 0);
    ck_assert_int_eq(qp_decode(p2, (size_t) (e2 - p2), dec), 0);
    buf_printf(want, "%s%s", buf_str(b1), buf_str(b2));
    ck_assert_str_eq(buf_str(dec), buf_str(want));
    run_free(&r);
    buf_free(b1);
    buf_free(b2);
    buf_free(in);
    buf_free(want);
    buf_free(dec);
}
END_TEST

static Suite *mime_suite(void)
{
    Suite  *s = suite_create("mime_downgrade");
    TCase  *tc = tcase_create("encoder");

    tcase_add_test(tc, test_has_8bit);
    tcase_add_test(tc, test_qp_encoder_pieces);
    tcase_add_test(tc, test_qp_encoder_failure);
    suite_add_tcase(s, tc);

    tc = tcase_create("convert");
    tcase_add_test(tc, test_single_8bit);
    tcase_add_test(tc, test_cte_moved);
    tcase_add_test(tc, test_soft_breaks);
    tcase_add_test(tc, test_qp_specials);
    tcase_add_test(tc, test_7bit_unchanged);
    tcase_add_test(tc, test_multipart_mixed);
    tcase_add_test(tc, test_nested);
    tcase_add_test(tc, test_boundaries);
    tcase_add_test(tc, test_boundary_no_blank);
    tcase_add_test(tc, test_nesting_limit);
    tcase_add_test(tc, test_boundary_too_long);
    tcase_add_test(tc, test_missing_final_boundary);
    tcase_add_loop_test(tc, test_cte_syntax, 0, NCTE8);
    tcase_add_loop_test(tc, test_cte_unusable, 0, NCTEO);
    tcase_add_test(tc, test_binary);
    tcase_add_test(tc, test_digest_and_opaque);
    tcase_add_test(tc, test_header_without_blank);
    tcase_add_test(tc, test_content_type_garbage);
    tcase_add_test(tc, test_8bit_header);
    tcase_add_test(tc, test_header_too_long);
    suite_add_tcase(s, tc);

    tc = tcase_create("interface");
    tcase_add_test(tc, test_plan);
    tcase_add_test(tc, test_plan_refused);
    tcase_add_test(tc, test_output_failure);
    tcase_add_test(tc, test_open_line_at_finish);
    tcase_add_test(tc, test_error_text);
    tcase_add_loop_test(tc, test_chunk_equivalence, 0, NSAMPLES);
    tcase_add_loop_test(tc, test_roundtrip, 0, 20);
    tcase_add_test(tc, test_roundtrip_multipart);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(mime_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
