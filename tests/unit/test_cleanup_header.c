/*
 * test_cleanup_header - unit tests for src/cleanup/cleanup_header.c
 *
 * The header block of a submission: which lines are headers, the size
 * limit, the exact output (Received: first, Bcc:/Resent-Bcc: dropped,
 * bare addresses qualified, Message-Id:, Date:, From: added only when
 * missing), -t recipient extraction (plain and Resent-), hop counting,
 * and the address-list parser on groups, comments and quoted strings.
 * The module is pure, so it is compiled into this program directly.
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "argv.h"
#include "buf.h"
#include "../../src/cleanup/cleanup_header.c"

#define NOW	1700000000L		/* Tue, 14 Nov 2023 22:13:20 UTC */

static struct hdr_ctx ctx = {
    .myhostname = "mta.example.test",
    .origin = "example.test",
    .mail_name = "postern",
    .queue_id = "4F1A2B3C",
    .sender = "alice@example.test",
    .fullname = NULL,
    .now = NOW,
    .uid = 1000,
    .received = 1,
    .extract = 0,
};

/* run - feed lines (NULL-ended) until the block ends; the output lines */

static struct argv *run(const char *const *lines, const struct hdr_ctx *c,
                        struct argv *rcpts, int *hops)
{
    struct hdr_block *hb = hdr_block_new(102400);
    struct argv *out = argv_new(8);
    int     h;

    for (; *lines; lines++)
        if (hdr_block_add(hb, *lines, strlen(*lines)) != HDR_MORE)
            break;
    h = hdr_block_finish(hb, c, out, rcpts);
    if (hops)
        *hops = h;
    hdr_block_free(hb);
    return out;
}

static void setup(void)
{
    setenv("TZ", "UTC", 1);
    tzset();
}

START_TEST(test_is_header)
{
    ck_assert_uint_eq(hdr_is_header("Subject: x", 10), 7);
    ck_assert_uint_eq(hdr_is_header("X-Odd :y", 8), 5);
    ck_assert_uint_eq(hdr_is_header("Subject", 7), 0);
    ck_assert_uint_eq(hdr_is_header(" Subject: x", 11), 0);
    ck_assert_uint_eq(hdr_is_header(":x", 2), 0);
    ck_assert_uint_eq(hdr_is_header("two words: x", 12), 0);
    ck_assert_uint_eq(hdr_is_header("", 0), 0);
}
END_TEST

START_TEST(test_missing_added)
{
    static const char *const in[] = { "Subject: hello", "", 0 };
    struct argv *out = run(in, &ctx, NULL, NULL);

    ck_assert_uint_eq(out->argc, 6);
    ck_assert_str_eq(out->argv[0], "Received: by mta.example.test (postern,"
                     " from userid 1000)");
    ck_assert_str_eq(out->argv[1], "\tid 4F1A2B3C; Tue, 14 Nov 2023"
                     " 22:13:20 +0000 (UTC)");
    ck_assert_str_eq(out->argv[2], "Subject: hello");
    ck_assert_str_eq(out->argv[3], "Message-Id: <20231114221320.4F1A2B3C"
                     "@mta.example.test>");
    ck_assert_str_eq(out->argv[4], "Date: Tue, 14 Nov 2023 22:13:20 +0000"
                     " (UTC)");
    ck_assert_str_eq(out->argv[5], "From: alice@example.test");
    argv_free(out);
}
END_TEST

START_TEST(test_present_kept)
{
    static const char *const in[] = {
        "From: Bob <bob@example.org>", "Date: Mon, 1 Jan 2024 00:00:00 +0100",
        "message-id: <x@y>", "", 0,
    };
    struct hdr_ctx c = ctx;
    struct argv *out;

    c.received = 0;
    out = run(in, &c, NULL, NULL);
    ck_assert_uint_eq(out->argc, 3);
    ck_assert_str_eq(out->argv[0], "From: Bob <bob@example.org>");
    ck_assert_str_eq(out->argv[1], "Date: Mon, 1 Jan 2024 00:00:00 +0100");
    ck_assert_str_eq(out->argv[2], "message-id: <x@y>");
    argv_free(out);
}
END_TEST

START_TEST(test_from_fullname_and_null_sender)
{
    static const char *const in[] = { "", 0 };
    struct hdr_ctx c = ctx;
    struct argv *out;

    c.received = 0;
    c.fullname = "Alice Q. Example";
    out = run(in, &c, NULL, NULL);
    ck_assert_str_eq(out->argv[2], "From: \"Alice Q. Example\""
                     " <alice@example.test>");
    argv_free(out);
    c.fullname = "Alice Example";
    out = run(in, &c, NULL, NULL);
    ck_assert_str_eq(out->argv[2], "From: Alice Example <alice@example.test>");
    argv_free(out);
    c.fullname = NULL;
    c.sender = "";
    out = run(in, &c, NULL, NULL);
    ck_assert_str_eq(out->argv[2], "From: MAILER-DAEMON@mta.example.test");
    argv_free(out);
}
END_TEST

START_TEST(test_bcc_dropped_and_folding)
{
    static const char *const in[] = {
        "To: a@x.test,", "\tb@x.test", "Bcc: hidden@x.test", "Resent-Bcc: h2",
        "bcc: third", "Subject: s", "", 0,
    };
    struct hdr_ctx c = ctx;
    struct argv *out;

    c.received = 0;
    out = run(in, &c, NULL, NULL);
    ck_assert_uint_eq(out->argc, 6);
    ck_assert_str_eq(out->argv[0], "To: a@x.test,");
    ck_assert_str_eq(out->argv[1], "\tb@x.test");
    ck_assert_str_eq(out->argv[2], "Subject: s");
    argv_free(out);
}
END_TEST

START_TEST(test_qualify_headers)
{
    static const char *const in[] = {
        "To: bob, Carol <carol>, \"Dan, D\" <dan@x.test>, (c) eve (c2)",
        "Cc: team: frank, gina@x.test;, undisclosed:;",
        "Subject: bob, carol", "", 0,
    };
    struct hdr_ctx c = ctx;
    struct argv *out;

    c.received = 0;
    out = run(in, &c, NULL, NULL);
    ck_assert_str_eq(out->argv[0], "To: bob@example.test, Carol"
                     " <carol@example.test>, \"Dan, D\" <dan@x.test>,"
                     " (c) eve@example.test (c2)");
    ck_assert_str_eq(out->argv[1], "Cc: team: frank@example.test,"
                     " gina@x.test;, undisclosed:;");
    ck_assert_str_eq(out->argv[2], "Subject: bob, carol");
    argv_free(out);
}
END_TEST

START_TEST(test_qualify_address)
{
    struct buf *b = buf_new(10);

    hdr_qualify(b, "bob", "example.test");
    ck_assert_str_eq(buf_str(b), "bob@example.test");
    hdr_qualify(b, "bob@x.test", "example.test");
    ck_assert_str_eq(buf_str(b), "bob@x.test");
    hdr_qualify(b, "", "example.test");
    ck_assert_str_eq(buf_str(b), "");
    buf_free(b);
}
END_TEST

START_TEST(test_extract)
{
    static const char *const in[] = {
        "To: a@x.test, B <b>", "Cc: grp: c@x.test, a@x.test;",
        "Bcc: d@x.test", "Reply-To: nobody@x.test", "", 0,
    };
    struct argv *rcpts = argv_new(4);
    struct hdr_ctx c = ctx;
    struct argv *out;

    c.extract = 1;
    out = run(in, &c, rcpts, NULL);
    ck_assert_uint_eq(rcpts->argc, 4);
    ck_assert_str_eq(rcpts->argv[0], "a@x.test");
    ck_assert_str_eq(rcpts->argv[1], "b@example.test");
    ck_assert_str_eq(rcpts->argv[2], "c@x.test");
    ck_assert_str_eq(rcpts->argv[3], "d@x.test");
    argv_free(out);
    argv_free(rcpts);
}
END_TEST

START_TEST(test_extract_resent)
{
    static const char *const in[] = {
        "To: old@x.test", "Resent-To: new@x.test", "Resent-Bcc: hid@x.test",
        "", 0,
    };
    struct argv *rcpts = argv_new(4);
    struct hdr_ctx c = ctx;
    struct argv *out;

    c.extract = 1;
    out = run(in, &c, rcpts, NULL);
    ck_assert_uint_eq(rcpts->argc, 2);
    ck_assert_str_eq(rcpts->argv[0], "new@x.test");
    ck_assert_str_eq(rcpts->argv[1], "hid@x.test");
    argv_free(out);
    argv_free(rcpts);
}
END_TEST

START_TEST(test_no_extract_without_flag)
{
    static const char *const in[] = { "To: a@x.test", "", 0 };
    struct argv *rcpts = argv_new(4);
    struct argv *out = run(in, &ctx, rcpts, NULL);

    ck_assert_uint_eq(rcpts->argc, 0);
    argv_free(out);
    argv_free(rcpts);
}
END_TEST

START_TEST(test_hops)
{
    static const char *const in[] = {
        "Received: from a", "Received: from b", "Delivered-To: x@y",
        "X-Received: no", "", 0,
    };
    int     hops = -1;
    struct argv *out = run(in, &ctx, NULL, &hops);

    ck_assert_int_eq(hops, 3);
    argv_free(out);
}
END_TEST

START_TEST(test_block_end_and_limit)
{
    struct hdr_block *hb = hdr_block_new(30);

    ck_assert_int_eq(hdr_block_add(hb, "Subject: 0123456789", 19), HDR_MORE);
    ck_assert_int_eq(hdr_block_add(hb, " more", 5), HDR_MORE);
    /* 20 + 6 = 26 kept; 5 more bytes would pass 30 */
    ck_assert_int_eq(hdr_block_add(hb, "X: ab", 5), HDR_FULL);
    ck_assert_int_eq(hdr_block_add(hb, "X:", 2), HDR_MORE);
    ck_assert_int_eq(hdr_block_add(hb, "body text", 9), HDR_END);
    ck_assert_int_eq(hdr_block_add(hb, "", 0), HDR_END);
    hdr_block_free(hb);
    hb = hdr_block_new(100);
    /* A continuation line with nothing before it is body. */
    ck_assert_int_eq(hdr_block_add(hb, " lead", 5), HDR_END);
    hdr_block_free(hb);
}
END_TEST

START_TEST(test_addr_list_odd)
{
    struct argv *a = argv_new(4);
    struct buf *b = buf_new(10);

    hdr_addr_list(" \"unterminated, x", "o.test", b, a);
    ck_assert_str_eq(buf_str(b), " \"unterminated, x");
    hdr_addr_list("<>, (only comment), <x", "o.test", b, a);
    ck_assert_str_eq(buf_str(b), "<>, (only comment), <x@o.test");
    ck_assert_uint_eq(a->argc, 2);
    ck_assert_str_eq(a->argv[0], "\"unterminated, x");
    ck_assert_str_eq(a->argv[1], "x@o.test");
    argv_free(a);
    buf_free(b);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("cleanup_header");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_unchecked_fixture(tc, setup, NULL);
    tcase_add_test(tc, test_is_header);
    tcase_add_test(tc, test_missing_added);
    tcase_add_test(tc, test_present_kept);
    tcase_add_test(tc, test_from_fullname_and_null_sender);
    tcase_add_test(tc, test_bcc_dropped_and_folding);
    tcase_add_test(tc, test_qualify_headers);
    tcase_add_test(tc, test_qualify_address);
    tcase_add_test(tc, test_extract);
    tcase_add_test(tc, test_extract_resent);
    tcase_add_test(tc, test_no_extract_without_flag);
    tcase_add_test(tc, test_hops);
    tcase_add_test(tc, test_block_end_and_limit);
    tcase_add_test(tc, test_addr_list_odd);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
