/*
 * test_stream - unit tests for stream.c
 *
 * Every test runs a stream over one end of a socketpair and plays the
 * peer on the other end by hand.  Time limits are 50-200 ms.  SIGPIPE
 * is left at its default so a missing MSG_NOSIGNAL kills the test.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "stream.h"

static int peer;			/* the test's end */
static int sfd;				/* the stream's end */
static struct stream *s;
static struct buf *line;

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ((long) ts.tv_sec * 1000 + ts.tv_nsec / 1000000);
}

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    nanosleep(&ts, NULL);
}

static void setup(void)
{
    int     sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    sfd = sv[0];
    peer = sv[1];
    s = stream_open(sfd);
    line = buf_new(16);
}

static void teardown(void)
{
    if (s)
        stream_close(s);
    s = NULL;
    if (peer >= 0)
        close(peer);
    peer = -1;
    buf_free(line);
}

static void peer_send(const char *text)
{
    size_t  len = strlen(text);

    ck_assert_int_eq(write(peer, text, len), (ssize_t) len);
}

static void peer_shut(void)
{
    ck_assert_int_eq(shutdown(peer, SHUT_WR), 0);
}

/* peer_recv - what the peer can read right now, as a string */

static char *peer_recv(char *out, size_t size)
{
    ssize_t n = recv(peer, out, size - 1, MSG_DONTWAIT);

    out[n > 0 ? n : 0] = 0;
    return (out);
}

START_TEST(test_seek_tell)
{
    char    path[] = "/tmp/stream-seek-XXXXXX";
    int     fd = mkstemp(path);
    struct stream *f;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    f = stream_open(fd);
    ck_assert_int_eq(stream_puts(f, "abc\ndef\n"), 0);
    ck_assert_int_eq(stream_tell(f), 8);		/* unwritten output counts */
    ck_assert_int_eq(stream_seek(f, 4, SEEK_SET), 4);
    ck_assert_int_eq(stream_get_line(f, line, 16), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "def");
    ck_assert_int_eq(stream_tell(f), 8);
    ck_assert_int_eq(stream_getc(f), STREAM_EOF);
    ck_assert_int_eq(stream_seek(f, 0, SEEK_SET), 0);	/* clears EOF */
    ck_assert_int_eq(stream_getc(f), 'a');
    ck_assert_int_eq(stream_tell(f), 1);
    ck_assert_int_eq(stream_seek(f, 1, SEEK_CUR), 2);	/* relative to logical pos */
    ck_assert_int_eq(stream_getc(f), 'c');
    stream_close(f);
}
END_TEST

START_TEST(test_ungetc)
{
    ck_assert_int_eq(stream_ungetc(s, 'x'), -1);	/* nothing read yet */
    peer_send("ab\n");
    ck_assert_int_eq(stream_getc(s), 'a');
    ck_assert_int_eq(stream_ungetc(s, 'a'), 0);
    ck_assert_uint_eq(stream_buffered(s), 3);
    ck_assert_int_eq(stream_get_line(s, line, 16), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "ab");
}
END_TEST

START_TEST(test_lines_crlf_partial)
{
    peer_send("hello\r\nworld\n\r\nbare\rcr\nlast");
    peer_shut();
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "hello");
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "world");
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "");
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "bare\rcr");
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_PARTIAL);
    ck_assert_str_eq(buf_str(line), "last");
    ck_assert(stream_at_eof(s));
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_EOF);
    ck_assert_uint_eq(buf_len(line), 0);
    ck_assert(!stream_failed(s));
}
END_TEST

START_TEST(test_partial_cr_kept)
{
    peer_send("abc\r");
    peer_shut();
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_PARTIAL);
    ck_assert_str_eq(buf_str(line), "abc\r");
}
END_TEST

/* The limit counts the newline: limit-1 text bytes + "\n" fit. */
START_TEST(test_toolong_boundary)
{
    peer_send("abcd\n" "ab\r\n" "abcde\n" "abcdef\n" "xy\n");
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "abcd");
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "ab");
    /* exactly limit bytes without newline: consumed, newline is not */
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_TOOLONG);
    ck_assert_str_eq(buf_str(line), "abcde");
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "");
    /* one over */
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_TOOLONG);
    ck_assert_str_eq(buf_str(line), "abcde");
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "f");
    ck_assert_int_eq(stream_get_line(s, line, 5), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "xy");
    ck_assert(!stream_failed(s));
}
END_TEST

/* A line longer than the stream buffer, arriving in pieces. */
START_TEST(test_long_line_across_fills)
{
    char   *big = malloc(20001);
    size_t  i;

    for (i = 0; i < 20000; i++)
        big[i] = 'a' + i % 26;
    big[20000] = 0;
    ck_assert_int_eq(write(peer, big, 7000), 7000);
    ck_assert_int_eq(write(peer, big + 7000, 13000), 13000);
    peer_send("\n");
    ck_assert_int_eq(stream_get_line(s, line, 20001), STREAM_OK);
    ck_assert_uint_eq(buf_len(line), 20000);
    ck_assert(memcmp(buf_str(line), big, 20000) == 0);
    peer_send(big);
    peer_send("\n");
    ck_assert_int_eq(stream_get_line(s, line, 10000), STREAM_TOOLONG);
    ck_assert_uint_eq(buf_len(line), 10000);
    ck_assert(memcmp(buf_str(line), big, 10000) == 0);
    ck_assert_int_eq(stream_get_line(s, line, 20001), STREAM_OK);
    ck_assert_uint_eq(buf_len(line), 10000);
    ck_assert(memcmp(buf_str(line), big + 10000, 10000) == 0);
    free(big);
}
END_TEST

START_TEST(test_get_until_nul)
{
    ck_assert_int_eq(write(peer, "name\0value\0\0tail", 16), 16);
    peer_shut();
    ck_assert_int_eq(stream_get_until(s, 0, line, 64), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "name");
    ck_assert_int_eq(stream_get_until(s, 0, line, 64), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "value");
    ck_assert_int_eq(stream_get_until(s, 0, line, 64), STREAM_OK);
    ck_assert_uint_eq(buf_len(line), 0);
    ck_assert_int_eq(stream_get_until(s, 0, line, 3), STREAM_TOOLONG);
    ck_assert_str_eq(buf_str(line), "tai");
    ck_assert_int_eq(stream_get_until(s, 0, line, 3), STREAM_PARTIAL);
    ck_assert_str_eq(buf_str(line), "l");
    ck_assert_int_eq(stream_get_until(s, 0, line, 3), STREAM_EOF);
}
END_TEST

START_TEST(test_get_until_no_cr_strip)
{
    peer_send("a\r;b\r\n;");
    ck_assert_int_eq(stream_get_until(s, ';', line, 64), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "a\r");
    ck_assert_int_eq(stream_get_until(s, ';', line, 64), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "b\r\n");
}
END_TEST

START_TEST(test_read_getc_full)
{
    char    data[8];

    peer_send("xyz0123456789");
    peer_shut();
    ck_assert_int_eq(stream_getc(s), 'x');
    ck_assert_int_eq(stream_read(s, data, 2), 2);
    ck_assert(memcmp(data, "yz", 2) == 0);
    ck_assert_int_eq(stream_read_full(s, data, 8), 0);
    ck_assert(memcmp(data, "01234567", 8) == 0);
    ck_assert_int_eq(stream_read_full(s, data, 3), -1);	/* only 2 left */
    ck_assert(stream_at_eof(s));
    ck_assert(!stream_failed(s));
    ck_assert_int_eq(stream_getc(s), STREAM_EOF);
    ck_assert_int_eq(stream_read(s, data, 1), 0);
}
END_TEST

START_TEST(test_timeout_sticky)
{
    long    start;

    stream_set_timeout(s, 100);
    start = now_ms();
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_ERR);
    ck_assert_int_ge(now_ms() - start, 90);
    ck_assert_int_lt(now_ms() - start, 1000);
    ck_assert(stream_failed(s));
    ck_assert(stream_timed_out(s));
    ck_assert(!stream_at_eof(s));
    /* sticky: fails at once even when input is there */
    peer_send("late\n");
    start = now_ms();
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_ERR);
    ck_assert_int_eq(stream_getc(s), STREAM_EOF);
    ck_assert_int_eq(stream_write(s, "x", 1), -1);
    ck_assert_int_eq(stream_flush(s), -1);
    ck_assert_int_lt(now_ms() - start, 50);
    stream_clear_error(s);
    ck_assert(!stream_failed(s));
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "late");
}
END_TEST

/* Per-operation mode: each read gets the full timeout again. */
START_TEST(test_timeout_per_operation)
{
    stream_set_timeout(s, 150);
    peer_send("a\n");
    sleep_ms(200);
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "a");
    ck_assert(!stream_failed(s));
}
END_TEST

START_TEST(test_deadline_budget)
{
    long    start;

    stream_set_timeout(s, 200);
    stream_set_deadline(s, 1);
    stream_deadline_start(s);
    sleep_ms(120);
    peer_send("one\n");
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "one");
    /* about 80 ms of the 200 ms budget are left */
    start = now_ms();
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_ERR);
    ck_assert(stream_timed_out(s));
    ck_assert_int_lt(now_ms() - start, 150);
    ck_assert_int_ge(now_ms() - start, 40);

    /* a new budget */
    stream_clear_error(s);
    stream_deadline_start(s);
    peer_send("two\n");
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "two");
}
END_TEST

/* A spent budget fails I/O at once; buffered input stays readable. */
START_TEST(test_deadline_spent)
{
    long    start;

    stream_set_timeout(s, 50);
    stream_set_deadline(s, 1);
    peer_send("a\nb\n");
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    sleep_ms(80);
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "b");
    peer_send("c\n");
    start = now_ms();
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_ERR);
    ck_assert(stream_timed_out(s));
    ck_assert_int_lt(now_ms() - start, 30);
    /* turning deadline mode off restores per-operation limits */
    stream_clear_error(s);
    stream_set_deadline(s, 0);
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "c");
}
END_TEST

START_TEST(test_write_flush)
{
    char    got[64];

    ck_assert_int_eq(stream_puts(s, "EHLO "), 0);
    ck_assert_int_eq(stream_printf(s, "%s %d", "host", 42), 0);
    ck_assert_int_eq(stream_putc(s, '\r'), 0);
    ck_assert_int_eq(stream_write(s, "\n", 1), 0);
    ck_assert_str_eq(peer_recv(got, sizeof(got)), "");
    ck_assert_int_eq(stream_flush(s), 0);
    ck_assert_str_eq(peer_recv(got, sizeof(got)), "EHLO host 42\r\n");
    ck_assert_int_eq(stream_flush(s), 0);
}
END_TEST

START_TEST(test_read_flushes_output)
{
    char    got[64];

    peer_send("250 ok\n");
    ck_assert_int_eq(stream_puts(s, "QUIT\r\n"), 0);
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "250 ok");
    ck_assert_str_eq(peer_recv(got, sizeof(got)), "QUIT\r\n");
}
END_TEST

START_TEST(test_big_write_and_printf)
{
    char   *big = malloc(30000);
    char   *got = malloc(30000);
    char    fmtbuf[1500];
    size_t  i;

    for (i = 0; i < 30000; i++)
        big[i] = (char) (i * 7);
    ck_assert_int_eq(stream_write(s, big, 30000), 0);
    ck_assert_int_eq(stream_flush(s), 0);
    ck_assert_int_eq(recv(peer, got, 30000, MSG_WAITALL), 30000);
    ck_assert(memcmp(got, big, 30000) == 0);

    memset(fmtbuf, 'q', sizeof(fmtbuf) - 1);
    fmtbuf[sizeof(fmtbuf) - 1] = 0;
    ck_assert_int_eq(stream_printf(s, "<%s>", fmtbuf), 0);
    ck_assert_int_eq(stream_flush(s), 0);
    ck_assert_int_eq(recv(peer, got, 1501, MSG_WAITALL), 1501);
    ck_assert_int_eq(got[0], '<');
    ck_assert_int_eq(got[1], 'q');
    ck_assert_int_eq(got[1499], 'q');
    ck_assert_int_eq(got[1500], '>');
    free(big);
    free(got);
}
END_TEST

/* Nobody reads: the socket buffer fills and the flush times out. */
START_TEST(test_write_timeout)
{
    char   *chunk = calloc(1, 65536);
    long    start = now_ms();
    int     i;
    int     ret = 0;

    stream_set_timeout(s, 100);
    for (i = 0; i < 1000 && ret == 0; i++)
        ret = stream_write(s, chunk, 65536);
    if (ret == 0)
        ret = stream_flush(s);
    ck_assert_int_eq(ret, -1);
    ck_assert(stream_timed_out(s));
    ck_assert_int_lt(now_ms() - start, 2000);
    free(chunk);
}
END_TEST

START_TEST(test_write_peer_closed)
{
    close(peer);
    peer = -1;
    ck_assert_int_eq(stream_puts(s, "data\n"), 0);
    ck_assert_int_eq(stream_flush(s), -1);
    ck_assert(stream_failed(s));
    ck_assert(!stream_timed_out(s));
}
END_TEST

START_TEST(test_nonblocking_fd)
{
    char    got[16];

    ck_assert_int_eq(fcntl(sfd, F_SETFL, fcntl(sfd, F_GETFL) | O_NONBLOCK), 0);
    stream_set_timeout(s, 100);
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_ERR);
    ck_assert(stream_timed_out(s));
    stream_clear_error(s);
    stream_set_timeout(s, 0);
    peer_send("nb\n");
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "nb");
    ck_assert_int_eq(stream_puts(s, "out"), 0);
    ck_assert_int_eq(stream_flush(s), 0);
    ck_assert_str_eq(peer_recv(got, sizeof(got)), "out");
}
END_TEST

START_TEST(test_buffered)
{
    ck_assert_uint_eq(stream_buffered(s), 0);
    peer_send("a\nbc\n");
    ck_assert_uint_eq(stream_buffered(s), 0);	/* still in the kernel */
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_uint_eq(stream_buffered(s), 3);
    ck_assert_int_eq(stream_getc(s), 'b');
    ck_assert_uint_eq(stream_buffered(s), 2);
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_uint_eq(stream_buffered(s), 0);
}
END_TEST

START_TEST(test_peek_eof)
{
    stream_set_timeout(s, 50);
    /* idle peer: time limit passes, not EOF, not an error */
    ck_assert_int_eq(stream_peek_eof(s), 0);
    ck_assert(!stream_failed(s));
    /* data arrives: not EOF, and it stays readable */
    peer_send("x\n");
    ck_assert_int_eq(stream_peek_eof(s), 0);
    ck_assert_uint_eq(stream_buffered(s), 2);
    ck_assert_int_eq(stream_peek_eof(s), 0);
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "x");
    peer_shut();
    ck_assert_int_eq(stream_peek_eof(s), 1);
    ck_assert(stream_at_eof(s));
}
END_TEST

START_TEST(test_names)
{
    char    want[32];

    snprintf(want, sizeof(want), "fd %d", sfd);
    ck_assert_str_eq(stream_name(s), want);
    stream_set_name(s, "smtp client");
    ck_assert_str_eq(stream_name(s), "smtp client");
    stream_set_name(s, "other");
    ck_assert_str_eq(stream_name(s), "other");
    ck_assert_int_eq(stream_fd(s), sfd);
}
END_TEST

START_TEST(test_close_and_free)
{
    char    got[16];

    ck_assert_int_eq(stream_puts(s, "bye"), 0);
    ck_assert_int_eq(stream_close(s), 0);
    s = NULL;
    ck_assert_int_eq(fcntl(sfd, F_GETFD), -1);
    ck_assert_int_eq(errno, EBADF);
    ck_assert_str_eq(peer_recv(got, sizeof(got)), "bye");

    /* stream_free flushes but leaves the fd open */
    s = stream_open(peer);
    ck_assert_int_eq(stream_puts(s, "z"), 0);
    stream_free(s);
    s = NULL;
    ck_assert_int_ne(fcntl(peer, F_GETFD), -1);
}
END_TEST

/*
 * A toy transport: XOR every byte with a key, on top of the plain one.
 * It reports a fake "pending" count, and close() records the call.
 */
struct xor_ctx {
    unsigned char key;
    size_t  pending;
    int     closed;
};

static ssize_t xor_read(void *ctx, int fd, void *p, size_t n, int timeout)
{
    struct xor_ctx *x = ctx;
    unsigned char *cp = p;
    ssize_t got = stream_io_plain.read(NULL, fd, p, n, timeout);
    ssize_t i;

    for (i = 0; i < got; i++)
        cp[i] ^= x->key;
    return (got);
}

static ssize_t xor_write(void *ctx, int fd, const void *p, size_t n,
                         int timeout)
{
    struct xor_ctx *x = ctx;
    unsigned char tmp[256];
    size_t  i;

    if (n > sizeof(tmp))
        n = sizeof(tmp);			/* partial writes are allowed */
    for (i = 0; i < n; i++)
        tmp[i] = ((const unsigned char *) p)[i] ^ x->key;
    return (stream_io_plain.write(NULL, fd, tmp, n, timeout));
}

static size_t xor_pending(void *ctx)
{
    return (((struct xor_ctx *) ctx)->pending);
}

static void xor_close(void *ctx)
{
    ((struct xor_ctx *) ctx)->closed = 1;
}

static const struct stream_io xor_io = {
    xor_read, xor_write, xor_pending, xor_close,
};

START_TEST(test_custom_transport)
{
    struct xor_ctx x = {0x5a, 0, 0};
    unsigned char raw[1000];
    unsigned char wire[1000];
    size_t  i;

    peer_send("plain\n");
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    stream_set_io(s, &xor_io, &x);
    ck_assert_ptr_eq(stream_io_ctx(s), &x);

    /* input: the peer sends XORed bytes, the stream sees clear text */
    for (i = 0; i < 6; i++)
        wire[i] = "hello\n"[i] ^ 0x5a;
    ck_assert_int_eq(write(peer, wire, 6), 6);
    ck_assert_int_eq(stream_get_line(s, line, 100), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "hello");

    /* output longer than one transport write */
    for (i = 0; i < sizeof(raw); i++)
        raw[i] = (unsigned char) i;
    ck_assert_int_eq(stream_write(s, raw, sizeof(raw)), 0);
    ck_assert_int_eq(stream_flush(s), 0);
    ck_assert_int_eq(recv(peer, wire, sizeof(wire), MSG_WAITALL),
                     (ssize_t) sizeof(wire));
    for (i = 0; i < sizeof(raw); i++)
        ck_assert_int_eq(wire[i], raw[i] ^ 0x5a);

    /* pending transport data counts as buffered */
    x.pending = 7;
    ck_assert_uint_eq(stream_buffered(s), 7);
    x.pending = 0;

    ck_assert_int_eq(stream_close(s), 0);
    s = NULL;
    ck_assert_int_eq(x.closed, 1);
}
END_TEST

START_TEST(test_set_io_null_restores_plain)
{
    struct xor_ctx x = {0x01, 0, 0};

    stream_set_io(s, &xor_io, &x);
    stream_set_io(s, NULL, NULL);
    ck_assert_ptr_eq(stream_io_ctx(s), NULL);
    peer_send("ok\n");
    ck_assert_int_eq(stream_get_line(s, line, 10), STREAM_OK);
    ck_assert_str_eq(buf_str(line), "ok");
    stream_close(s);
    s = NULL;
    ck_assert_int_eq(x.closed, 0);
}
END_TEST

START_TEST(test_io_wait)
{
    long    start = now_ms();
    int     fd;

    ck_assert_int_eq(io_wait(sfd, 0, 50), 0);
    ck_assert_int_ge(now_ms() - start, 40);
    ck_assert_int_eq(io_wait(sfd, 1, 50), 1);
    peer_send("x");
    ck_assert_int_eq(io_wait(sfd, 0, 50), 1);
    ck_assert_int_eq(io_wait(-1, 0, 50), -1);
    ck_assert_int_eq(errno, EBADF);
    fd = dup(sfd);
    close(fd);
    ck_assert_int_eq(io_wait(fd, 0, 50), -1);
    ck_assert_int_eq(errno, EBADF);
}
END_TEST

static Suite *stream_suite(void)
{
    Suite  *su = suite_create("stream");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 10);
    tcase_add_test(tc, test_lines_crlf_partial);
    tcase_add_test(tc, test_ungetc);
    tcase_add_test(tc, test_seek_tell);
    tcase_add_test(tc, test_partial_cr_kept);
    tcase_add_test(tc, test_toolong_boundary);
    tcase_add_test(tc, test_long_line_across_fills);
    tcase_add_test(tc, test_get_until_nul);
    tcase_add_test(tc, test_get_until_no_cr_strip);
    tcase_add_test(tc, test_read_getc_full);
    tcase_add_test(tc, test_timeout_sticky);
    tcase_add_test(tc, test_timeout_per_operation);
    tcase_add_test(tc, test_deadline_budget);
    tcase_add_test(tc, test_deadline_spent);
    tcase_add_test(tc, test_write_flush);
    tcase_add_test(tc, test_read_flushes_output);
    tcase_add_test(tc, test_big_write_and_printf);
    tcase_add_test(tc, test_write_timeout);
    tcase_add_test(tc, test_write_peer_closed);
    tcase_add_test(tc, test_nonblocking_fd);
    tcase_add_test(tc, test_buffered);
    tcase_add_test(tc, test_peek_eof);
    tcase_add_test(tc, test_names);
    tcase_add_test(tc, test_close_and_free);
    tcase_add_test(tc, test_custom_transport);
    tcase_add_test(tc, test_set_io_null_restores_plain);
    tcase_add_test(tc, test_io_wait);
    suite_add_tcase(su, tc);
    return (su);
}

int     main(void)
{
    SRunner *sr = srunner_create(stream_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return (failed ? EXIT_FAILURE : EXIT_SUCCESS);
}
