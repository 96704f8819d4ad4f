/*
 * test_msg_stats - unit tests for msg_stats.c and recipient.c
 *
 * The "time" blob layout on LP64 (88 bytes: five struct timeval, the
 * reuse count, zero padding), decoding of qmgr's base64 blob and the
 * size mismatch warning, mark/now, and the recipient list.
 */
#include <check.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base64.h"
#include "buf.h"
#include "msg.h"
#include "msg_stats.h"
#include "recipient.h"

START_TEST(test_layout)
{
#if defined(__LP64__)
    ck_assert_uint_eq(sizeof(struct msg_stats), 88);
    ck_assert_uint_eq(offsetof(struct msg_stats, incoming_arrival), 0);
    ck_assert_uint_eq(offsetof(struct msg_stats, active_arrival), 16);
    ck_assert_uint_eq(offsetof(struct msg_stats, agent_handoff), 32);
    ck_assert_uint_eq(offsetof(struct msg_stats, conn_setup_done), 48);
    ck_assert_uint_eq(offsetof(struct msg_stats, deliver_done), 64);
    ck_assert_uint_eq(offsetof(struct msg_stats, reuse_count), 80);
#endif
    ck_assert_uint_eq(sizeof(struct msg_stats), MSG_STATS_WIRE_SIZE);
}
END_TEST

/* A blob as qmgr builds it: arrival 1700000000.123456, active +1s. */
START_TEST(test_decode)
{
    unsigned char raw[88];
    struct buf *b64 = buf_new(0);
    struct buf *bin = buf_new(0);
    struct msg_stats st;
    long    v;

    memset(raw, 0, sizeof(raw));
    v = 1700000000;
    memcpy(raw + 0, &v, 8);
    v = 123456;
    memcpy(raw + 8, &v, 8);
    v = 1700000001;
    memcpy(raw + 16, &v, 8);
    base64_encode(b64, raw, sizeof(raw));
    ck_assert_uint_eq(buf_len(b64), 120);
    ck_assert_str_eq(buf_str(b64) + 118, "==");
    ck_assert_int_eq(base64_decode(bin, buf_str(b64), buf_len(b64)), 0);
    msg_stats_init(&st);
    st.reuse_count = 7;
    ck_assert_int_eq(msg_stats_decode(&st, buf_str(bin), buf_len(bin)), 0);
    ck_assert_int_eq(st.incoming_arrival.tv_sec, 1700000000);
    ck_assert_int_eq(st.incoming_arrival.tv_usec, 123456);
    ck_assert_int_eq(st.active_arrival.tv_sec, 1700000001);
    ck_assert_int_eq(st.active_arrival.tv_usec, 0);
    ck_assert_int_eq(st.agent_handoff.tv_sec, 0);
    ck_assert_int_eq(st.reuse_count, 0);
    buf_free(b64);
    buf_free(bin);
}
END_TEST

START_TEST(test_size_mismatch)
{
    char    path[] = "/tmp/test_msg_stats.XXXXXX";
    char    text[1024];
    unsigned char raw[96] = {0};
    struct msg_stats st;
    FILE   *fp;
    size_t  n;
    int     fd = mkstemp(path);

    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(msg_file_open(path, "testhost"), 0);
    msg_stats_init(&st);
    st.reuse_count = 3;
    ck_assert_int_eq(msg_stats_decode(&st, raw, 80), -1);
    ck_assert_int_eq(msg_stats_decode(&st, raw, 96), -1);
    ck_assert_int_eq(st.reuse_count, 3);
    msg_file_open(NULL, NULL);
    fp = fopen(path, "r");
    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof(text) - 1, fp);
    text[n] = 0;
    fclose(fp);
    unlink(path);
    ck_assert_ptr_nonnull(strstr(text,
                          "warning: msg_stats_scan: size mis-match: 80 != 88"));
    ck_assert_ptr_nonnull(strstr(text, "size mis-match: 96 != 88"));
}
END_TEST

START_TEST(test_mark)
{
    struct timeval tv = {0, 0};
    struct timeval before;

    gettimeofday(&before, NULL);
    msg_stats_mark(&tv);
    ck_assert_int_ge(tv.tv_sec, before.tv_sec);
    tv.tv_sec = 5;
    tv.tv_usec = 6;
    msg_stats_mark(&tv);
    ck_assert_int_eq(tv.tv_sec, 5);
    ck_assert_int_eq(tv.tv_usec, 6);
    tv.tv_sec = 0;			/* usec alone counts as set */
    msg_stats_mark(&tv);
    ck_assert_int_eq(tv.tv_sec, 0);
    msg_stats_now(&tv);
    ck_assert_int_ge(tv.tv_sec, before.tv_sec);
}
END_TEST

START_TEST(test_rcpt_list)
{
    struct rcpt_list l;
    char    addr[32];
    int     i;

    rcpt_list_init(&l);
    ck_assert_uint_eq(l.len, 0);
    for (i = 0; i < 100; i++) {
        snprintf(addr, sizeof(addr), "u%d@example.com", i);
        rcpt_list_add(&l, i % 2 ? NULL : "orig@example.com", addr, 100 + i,
                      i % 3 ? "" : "rfc822;x@example.com", i & 15);
    }
    ck_assert_uint_eq(l.len, 100);
    ck_assert_uint_ge(l.avail, 100);
    ck_assert_str_eq(l.info[0].orig_addr, "orig@example.com");
    ck_assert_str_eq(l.info[1].orig_addr, "");
    ck_assert_str_eq(l.info[99].address, "u99@example.com");
    ck_assert_int_eq(l.info[99].offset, 199);
    ck_assert_str_eq(l.info[3].dsn_orcpt, "rfc822;x@example.com");
    ck_assert_int_eq(l.info[13].dsn_notify, 13);
    ck_assert_int_eq(l.info[13].status, 0);
    rcpt_list_free(&l);
    ck_assert_uint_eq(l.len, 0);
    ck_assert_ptr_null(l.info);
}
END_TEST

static Suite *msg_stats_suite(void)
{
    Suite  *su = suite_create("msg_stats");
    TCase  *tc = tcase_create("core");

    tcase_add_test(tc, test_layout);
    tcase_add_test(tc, test_decode);
    tcase_add_test(tc, test_size_mismatch);
    tcase_add_test(tc, test_mark);
    tcase_add_test(tc, test_rcpt_list);
    suite_add_tcase(su, tc);
    return su;
}

int     main(void)
{
    SRunner *sr = srunner_create(msg_stats_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
