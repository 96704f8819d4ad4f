/*
 * test_record - unit tests for record.c: queue file records
 *
 * Exact bytes of the varint length (0, 95, 127, 128, 200, 16383, 16384,
 * 2^21 and more; reference 4.1), round trips through rec_get_raw, the
 * rec_get conveniences (pointer records incl. dummy ones and loops,
 * padding, seek to EOF after 'E'), and every error: truncation in the
 * type, length and payload, too many length bytes, lengths above 2^31-1
 * and above the caller's limit (skipped), malformed pointers.
 *
 * Streams are memfds; warnings are captured with msg_file_open().
 */
#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "record.h"
#include "stream.h"

#define LIT(s) (s), (sizeof(s) - 1)

static char log_path[64];

static void log_setup(void)
{
    int     fd;

    strcpy(log_path, "/tmp/test_record_log.XXXXXX");
    fd = mkstemp(log_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(msg_file_open(log_path, "testhost"), 0);
}

static void log_teardown(void)
{
    msg_file_open(NULL, NULL);
    unlink(log_path);
}

static int log_has(const char *s)
{
    static char text[65536];
    FILE   *fp = fopen(log_path, "r");
    size_t  n;

    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof(text) - 1, fp);
    text[n] = 0;
    fclose(fp);
    return strstr(text, s) != NULL;
}

/* mem_stream - a memfd holding p[0..n), positioned at 0 */

static struct stream *mem_stream(const void *p, size_t n)
{
    int     fd = memfd_create("test_record", 0);
    struct stream *s;

    ck_assert_int_ge(fd, 0);
    if (n > 0)
        ck_assert_int_eq(pwrite(fd, p, n, 0), (ssize_t) n);
    s = stream_open(fd);
    stream_set_name(s, "memfile");
    return s;
}

/* contents - the file's bytes (after a flush) into b */

static void contents(struct stream *s, struct buf *b)
{
    char    chunk[4096];
    off_t   off = 0;
    ssize_t n;

    ck_assert_int_eq(stream_flush(s), 0);
    buf_reset(b);
    while ((n = pread(stream_fd(s), chunk, sizeof(chunk), off)) > 0) {
        buf_append(b, chunk, (size_t) n);
        off += n;
    }
}

/* header_of - the bytes rec_put writes for a payload of n bytes */

static void check_header(size_t n, const unsigned char *want, size_t wlen)
{
    struct stream *s = mem_stream("", 0);
    struct buf *b = buf_new(0);
    char   *payload = calloc(1, n + 1);
    struct buf *got = buf_new(0);

    memset(payload, 'x', n);
    ck_assert_int_eq(rec_put(s, 'N', payload, n), 'N');
    contents(s, b);
    ck_assert_uint_eq(buf_len(b), 1 + wlen + n);
    ck_assert_int_eq(buf_str(b)[0], 'N');
    ck_assert_mem_eq(buf_str(b) + 1, want, wlen);
    /* and it reads back */
    ck_assert_int_eq(stream_seek(s, 0, SEEK_SET), 0);
    ck_assert_int_eq(rec_get(s, got, 0), 'N');
    ck_assert_uint_eq(buf_len(got), n);
    ck_assert_mem_eq(buf_str(got), payload, n);
    ck_assert_int_eq(rec_get(s, got, 0), REC_TYPE_EOF);
    free(payload);
    buf_free(b);
    buf_free(got);
    stream_close(s);
}

START_TEST(test_varint_lengths)
{
    check_header(0, (const unsigned char *) "\x00", 1);
    check_header(95, (const unsigned char *) "\x5f", 1);
    check_header(127, (const unsigned char *) "\x7f", 1);
    check_header(128, (const unsigned char *) "\x80\x01", 2);
    check_header(200, (const unsigned char *) "\xc8\x01", 2);
    check_header(16383, (const unsigned char *) "\xff\x7f", 2);
    check_header(16384, (const unsigned char *) "\x80\x80\x01", 3);
    check_header(2097151, (const unsigned char *) "\xff\xff\x7f", 3);
    check_header(2097152, (const unsigned char *) "\x80\x80\x80\x01", 4);
    check_header(2097152 + 5, (const unsigned char *) "\x85\x80\x80\x01", 4);
}
END_TEST

START_TEST(test_exact_records)
{
    struct stream *s = mem_stream("", 0);
    struct buf *b = buf_new(0);
    static const char want[] =
        "S\x12sender@example.org"
        "A\x15rewrite_context=local"
        "M\x00"
        "N\x05hello"
        "p\x0f" "            123"
        "C\x5f" "              0             312               1"
        "               0            1024               0";

    ck_assert_int_eq(rec_fputs(s, 'S', "sender@example.org"), 'S');
    ck_assert_int_eq(rec_fprintf(s, 'A', "%s=%s", "rewrite_context", "local"),
                     'A');
    ck_assert_int_eq(rec_put(s, REC_TYPE_MESG, "", 0), 'M');
    ck_assert_int_eq(rec_put(s, REC_TYPE_NORM, "hello", 5), 'N');
    ck_assert_int_eq(rec_fprintf(s, REC_TYPE_PTR, REC_TYPE_PTR_FORMAT, 123L),
                     'p');
    ck_assert_int_eq(rec_fprintf(s, REC_TYPE_SIZE, REC_TYPE_SIZE_FORMAT,
                                 0L, 312L, 1L, 0L, 1024L, 0L), 'C');
    contents(s, b);
    ck_assert_uint_eq(buf_len(b), sizeof(want) - 1);
    ck_assert_mem_eq(buf_str(b), want, sizeof(want) - 1);
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_raw_round_trip)
{
    static const char in[] = "T\x03" "1 2" "w\x02" "xx" "N\x00" "E\x00";
    struct stream *s = mem_stream(LIT(in));
    struct buf *b = buf_new(0);

    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'T');
    ck_assert_str_eq(buf_str(b), "1 2");
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'w');
    ck_assert_str_eq(buf_str(b), "xx");
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'N');
    ck_assert_uint_eq(buf_len(b), 0);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'E');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), REC_TYPE_EOF);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), REC_TYPE_EOF);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* Payload with NUL bytes and every byte value survives. */
START_TEST(test_binary_payload)
{
    struct stream *s = mem_stream("", 0);
    struct buf *b = buf_new(0);
    unsigned char all[256];
    int     i;

    for (i = 0; i < 256; i++)
        all[i] = (unsigned char) i;
    ck_assert_int_eq(rec_put(s, 0xff, all, sizeof(all)), 0xff);
    ck_assert_int_eq(rec_put(s, 0, "", 0), 0);
    ck_assert_int_eq(stream_seek(s, 0, SEEK_SET), 0);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 0xff);
    ck_assert_uint_eq(buf_len(b), 256);
    ck_assert_mem_eq(buf_str(b), all, 256);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 0);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), REC_TYPE_EOF);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* Non-minimal lengths (5 bytes for 5) are accepted, as Postfix does. */
START_TEST(test_five_length_bytes)
{
    static const char in[] = "N\x85\x80\x80\x80\x00" "abcde" "X\x00";
    struct stream *s = mem_stream(LIT(in));
    struct buf *b = buf_new(0);

    ck_assert_int_eq(rec_get(s, b, 0), 'N');
    ck_assert_str_eq(buf_str(b), "abcde");
    ck_assert_int_eq(rec_get(s, b, 0), 'X');
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_six_length_bytes)
{
    static const char in[] = "N\x85\x80\x80\x80\x80\x00" "abcde";
    struct stream *s = mem_stream(LIT(in));
    struct buf *b = buf_new(0);

    log_setup();
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    ck_assert(log_has("warning: memfile: too many length bytes, "
                      "record type 78"));
    log_teardown();
    buf_free(b);
    stream_close(s);
}
END_TEST

/* 2^32 - 1 in five bytes is more than 2^31 - 1: refused, no allocation. */
START_TEST(test_length_above_int)
{
    static const char in[] = "N\xff\xff\xff\xff\x0f" "abc";
    static const char in2[] = "N\xff\xff\xff\xff\x07" "abc";
    struct stream *s = mem_stream(LIT(in));
    struct buf *b = buf_new(0);

    log_setup();
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    ck_assert(log_has("illegal length 4294967295, record type 78"));
    stream_close(s);
    /* 2^31 - 1: allowed length, but the file is short: truncated */
    s = mem_stream(LIT(in2));
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    ck_assert(log_has("unexpected EOF in data, record type 78"));
    ck_assert_uint_le(buf_len(b), 3);
    log_teardown();
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_truncation)
{
    static const char cases[][8] = {"N", "N\x80", "N\x85\x80", "N\003ab"};
    static const size_t lens[] = {1, 2, 3, 4};
    struct buf *b = buf_new(0);
    struct stream *s;
    size_t  i;

    log_setup();
    for (i = 0; i < 4; i++) {
        s = mem_stream(cases[i], lens[i]);
        ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
        stream_close(s);
    }
    ck_assert(log_has("unexpected EOF in length, record type 78"));
    ck_assert(log_has("unexpected EOF in data, record type 78"));
    /* an empty file is a clean end */
    s = mem_stream("", 0);
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_EOF);
    stream_close(s);
    log_teardown();
    buf_free(b);
}
END_TEST

/* Over the limit: error, and the payload is skipped. */
START_TEST(test_limit)
{
    static const char in[] = "N\x0a" "0123456789" "N\x05" "01234" "X\x00";
    struct stream *s = mem_stream(LIT(in));
    struct buf *b = buf_new(0);

    log_setup();
    ck_assert_int_eq(rec_get_raw(s, b, 5, REC_FLAG_NONE), REC_TYPE_ERROR);
    ck_assert(log_has("warning: memfile: illegal length 10 (limit 5), "
                      "record type 78"));
    ck_assert_int_eq(rec_get_raw(s, b, 5, REC_FLAG_NONE), 'N');
    ck_assert_str_eq(buf_str(b), "01234");
    ck_assert_int_eq(rec_get_raw(s, b, 5, REC_FLAG_NONE), 'X');
    log_teardown();
    buf_free(b);
    stream_close(s);
}
END_TEST

/* ptr - append a 'p' record to b */

static void ptr(struct buf *b, long off)
{
    char    text[32];

    snprintf(text, sizeof(text), "%15ld", off);
    buf_putc(b, 'p');
    buf_putc(b, 15);
    buf_append(b, text, 15);
}

static void rec(struct buf *b, int type, const char *text)
{
    buf_putc(b, type);
    buf_putc(b, (int) strlen(text));
    buf_puts(b, text);
}

/*
 * Layout:  0 N one | 5 p ->A | 22 N skipped | A: N two | p 0 (dummy)
 *          | w pad | E | N after-end
 */
START_TEST(test_pointers)
{
    struct buf *f = buf_new(0);
    struct buf *b = buf_new(0);
    struct stream *s;
    long    target;

    rec(f, 'N', "one");
    target = 5 + 17 + 9;
    ptr(f, target);
    rec(f, 'N', "skipped");
    ck_assert_uint_eq(buf_len(f), (size_t) target);
    rec(f, 'N', "two");
    ptr(f, 0);
    rec(f, 'w', "padding");
    rec(f, 'E', "");
    rec(f, 'N', "after-end");
    s = mem_stream(buf_str(f), buf_len(f));

    ck_assert_int_eq(rec_get(s, b, 0), 'N');
    ck_assert_str_eq(buf_str(b), "one");
    ck_assert_int_eq(rec_get(s, b, 0), 'N');
    ck_assert_str_eq(buf_str(b), "two");
    ck_assert_int_eq(rec_get(s, b, 0), 'E');
    ck_assert_int_eq(stream_tell(s), (off_t) buf_len(f));
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_EOF);

    /* raw: everything as it is */
    ck_assert_int_eq(stream_seek(s, 0, SEEK_SET), 0);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'N');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'p');
    ck_assert_int_eq(rec_goto(s, buf_str(b)), target);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'N');
    ck_assert_str_eq(buf_str(b), "two");
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'p');
    ck_assert_int_eq(rec_goto(s, buf_str(b)), 0);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'w');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'E');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'N');
    ck_assert_str_eq(buf_str(b), "after-end");

    /* follow pointers but keep padding and stay after E */
    ck_assert_int_eq(stream_seek(s, 0, SEEK_SET), 0);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_FOLLOW_PTR), 'N');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_FOLLOW_PTR), 'N');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_FOLLOW_PTR), 'w');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_FOLLOW_PTR), 'E');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_FOLLOW_PTR), 'N');
    buf_free(f);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* A pointer to itself, and a two-pointer cycle: errors, not hangs. */
START_TEST(test_pointer_loops)
{
    struct buf *f = buf_new(0);
    struct buf *b = buf_new(0);
    struct stream *s;

    log_setup();
    rec(f, 'N', "x");			/* 0..2 */
    ptr(f, 3);				/* 3: points to itself */
    s = mem_stream(buf_str(f), buf_len(f));
    ck_assert_int_eq(rec_get(s, b, 0), 'N');
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    ck_assert(log_has("more than 1000 pointer records in a row"));
    stream_close(s);

    buf_reset(f);
    ptr(f, 17);				/* 0 -> 17 */
    ptr(f, 0);				/* 17: dummy, falls through to 34 */
    ptr(f, 17);				/* 34 -> 17: cycle through a dummy */
    s = mem_stream(buf_str(f), buf_len(f));
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    stream_close(s);
    log_teardown();
    buf_free(f);
    buf_free(b);
}
END_TEST

/* Dummy pointers, many in a row, are no-ops (no hop is counted). */
START_TEST(test_dummy_pointers)
{
    struct buf *f = buf_new(0);
    struct buf *b = buf_new(0);
    struct stream *s;
    int     i;

    for (i = 0; i < 2000; i++)
        ptr(f, 0);
    rec(f, 'X', "");
    s = mem_stream(buf_str(f), buf_len(f));
    ck_assert_int_eq(rec_get(s, b, 0), 'X');
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_EOF);
    buf_free(f);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* A pointer past the end gives EOF; a pointer chain of 1000 is fine. */
START_TEST(test_pointer_chain)
{
    struct buf *f = buf_new(0);
    struct buf *b = buf_new(0);
    struct stream *s;
    int     i;

    for (i = 0; i < 1000; i++)
        ptr(f, (long) (i + 1) * 17);
    rec(f, 'N', "end");
    ptr(f, 1000000);
    s = mem_stream(buf_str(f), buf_len(f));
    ck_assert_int_eq(rec_get(s, b, 0), 'N');
    ck_assert_str_eq(buf_str(b), "end");
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_EOF);
    stream_close(s);

    buf_reset(f);
    for (i = 0; i < 1001; i++)
        ptr(f, (long) (i + 1) * 17);
    rec(f, 'N', "end");
    s = mem_stream(buf_str(f), buf_len(f));
    log_setup();
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    log_teardown();
    buf_free(f);
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_bad_pointers)
{
    static const char *const bad[] = {"", "   ", "12x", "-5", " 1 2",
        "99999999999999999999999", NULL};
    struct stream *s = mem_stream("", 0);
    struct buf *b = buf_new(0);
    struct buf *f = buf_new(0);
    int     i;

    log_setup();
    for (i = 0; bad[i]; i++)
        ck_assert_int_eq(rec_goto(s, bad[i]), REC_TYPE_ERROR);
    ck_assert(log_has("warning: memfile: malformed pointer record value: 12x"));
    ck_assert_int_eq(rec_goto(s, "              0"), 0);
    ck_assert_int_eq(rec_goto(s, "7"), 7);
    ck_assert_int_eq(stream_tell(s), 7);
    stream_close(s);

    /* a NUL inside a pointer payload */
    buf_putc(f, 'p');
    buf_putc(f, 3);
    buf_append(f, "1\0002", 3);
    s = mem_stream(buf_str(f), buf_len(f));
    ck_assert_int_eq(rec_get(s, b, 0), REC_TYPE_ERROR);
    log_teardown();
    buf_free(b);
    buf_free(f);
    stream_close(s);
}
END_TEST

/* Writes to a failed stream are errors. */
START_TEST(test_put_error)
{
    int     fds[2];
    struct stream *s;
    char    big[STREAM_BUFSIZE * 2];

    ck_assert_int_eq(pipe(fds), 0);
    close(fds[0]);
    s = stream_open(fds[1]);
    memset(big, 'x', sizeof(big));
    log_setup();
    /* more than the buffer: the write reaches the closed pipe */
    signal(SIGPIPE, SIG_IGN);
    ck_assert_int_eq(rec_put(s, 'N', big, sizeof(big)), REC_TYPE_ERROR);
    ck_assert_int_eq(rec_put(s, 'N', "x", 1), REC_TYPE_ERROR);
    log_teardown();
    stream_close(s);
}
END_TEST

static Suite *record_suite(void)
{
    Suite  *su = suite_create("record");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_varint_lengths);
    tcase_add_test(tc, test_exact_records);
    tcase_add_test(tc, test_raw_round_trip);
    tcase_add_test(tc, test_binary_payload);
    tcase_add_test(tc, test_five_length_bytes);
    tcase_add_test(tc, test_six_length_bytes);
    tcase_add_test(tc, test_length_above_int);
    tcase_add_test(tc, test_truncation);
    tcase_add_test(tc, test_limit);
    tcase_add_test(tc, test_pointers);
    tcase_add_test(tc, test_pointer_loops);
    tcase_add_test(tc, test_dummy_pointers);
    tcase_add_test(tc, test_pointer_chain);
    tcase_add_test(tc, test_bad_pointers);
    tcase_add_test(tc, test_put_error);
    suite_add_tcase(su, tc);
    return su;
}

int     main(void)
{
    SRunner *sr = srunner_create(record_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
