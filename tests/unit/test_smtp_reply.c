/*
 * test_smtp_reply - unit tests for src/smtp/smtp_reply.c (reply parser)
 *
 * The parser is pure, so it is compiled into this program directly.
 */
#include <check.h>
#include <string.h>

#include "../../src/smtp/smtp_reply.c"

static struct smtp_resp r;

static void setup(void) { smtp_resp_init(&r); }
static void teardown(void) { smtp_resp_free(&r); }

static int feed(const char *data)
{
    size_t  used = 0;
    int     st = smtp_resp_parse(&r, data, strlen(data), &used);

    return st;
}

START_TEST(test_single_line)
{
    ck_assert_int_eq(feed("250 2.1.0 Ok\r\n"), SMTP_RESP_DONE);
    ck_assert_int_eq(r.code, 250);
    ck_assert_str_eq(r.dsn, "2.1.0");
    ck_assert_int_eq(r.dsn_given, 1);
    ck_assert_str_eq(buf_str(r.text), "250 2.1.0 Ok");
    ck_assert_int_eq(r.nlines, 1);
}
END_TEST

START_TEST(test_derived_dsn)
{
    ck_assert_int_eq(feed("550 no such user\r\n"), SMTP_RESP_DONE);
    ck_assert_int_eq(r.code, 550);
    ck_assert_str_eq(r.dsn, "5.0.0");
    ck_assert_int_eq(r.dsn_given, 0);
    smtp_resp_reset(&r);
    ck_assert_int_eq(feed("421 bye\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "4.0.0");
    smtp_resp_reset(&r);
    ck_assert_int_eq(feed("220\r\n"), SMTP_RESP_DONE);
    ck_assert_int_eq(r.code, 220);
    ck_assert_str_eq(r.dsn, "2.0.0");
    ck_assert_str_eq(buf_str(r.text), "220");
    smtp_resp_reset(&r);
    ck_assert_int_eq(feed("354 go ahead\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "");
}
END_TEST

START_TEST(test_dsn_class_mismatch)
{
    /* A status whose class differs from the code is not taken. */
    ck_assert_int_eq(feed("550 4.1.1 mixed up\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "5.0.0");
    ck_assert_int_eq(r.dsn_given, 0);
    smtp_resp_reset(&r);
    /* Not followed by a blank: not a status. */
    ck_assert_int_eq(feed("550 5.1.1x\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "5.0.0");
    smtp_resp_reset(&r);
    /* Too many digits. */
    ck_assert_int_eq(feed("550 5.1234.1 x\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "5.0.0");
    smtp_resp_reset(&r);
    ck_assert_int_eq(feed("452 4.5.3 Too many recipients\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "4.5.3");
    smtp_resp_reset(&r);
    ck_assert_int_eq(feed("550 5.999.999\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "5.999.999");
}
END_TEST

START_TEST(test_multi_line)
{
    ck_assert_int_eq(feed("550-5.7.1 first\r\n"), SMTP_RESP_MORE);
    ck_assert_int_eq(feed("550-second\r\n"), SMTP_RESP_MORE);
    ck_assert_int_eq(feed("550 5.7.2 last\r\n"), SMTP_RESP_DONE);
    ck_assert_int_eq(r.code, 550);
    ck_assert_str_eq(r.dsn, "5.7.2");
    ck_assert_int_eq(r.nlines, 3);
    ck_assert_str_eq(buf_str(r.text),
                     "550-5.7.1 first\n550-second\n550 5.7.2 last");
}
END_TEST

START_TEST(test_multi_line_first_dsn)
{
    /* No status on the last line: the first line's is used. */
    ck_assert_int_eq(feed("250-2.0.0 hello\r\n250 world\r\n"), SMTP_RESP_DONE);
    ck_assert_str_eq(r.dsn, "2.0.0");
    ck_assert_int_eq(r.dsn_given, 1);
}
END_TEST

START_TEST(test_partial_input)
{
    size_t  used;

    ck_assert_int_eq(smtp_resp_parse(&r, "250-a\r\n250 b", 12, &used),
                     SMTP_RESP_MORE);
    ck_assert_uint_eq(used, 7);
    ck_assert_int_eq(smtp_resp_parse(&r, "250 b\r\nextra", 12, &used),
                     SMTP_RESP_DONE);
    ck_assert_uint_eq(used, 7);
    ck_assert_str_eq(buf_str(r.text), "250-a\n250 b");
}
END_TEST

START_TEST(test_malformed)
{
    const char *bad[] = {
        "25\r\n", "abc def\r\n", "2x0 ok\r\n", "650 out of range\r\n",
        "160 low\r\n", "260 second digit\r\n", "250x ok\r\n", "\r\n",
        " 250 lead\r\n", "250_ok\r\n", NULL,
    };

    for (int i = 0; bad[i]; i++) {
        smtp_resp_reset(&r);
        ck_assert_msg(feed(bad[i]) == SMTP_RESP_ERROR, "accepted: %s", bad[i]);
        ck_assert_ptr_nonnull(r.error);
    }
}
END_TEST

START_TEST(test_code_change)
{
    ck_assert_int_eq(feed("250-one\r\n"), SMTP_RESP_MORE);
    ck_assert_int_eq(feed("251 two\r\n"), SMTP_RESP_ERROR);
    ck_assert_str_eq(r.error, "reply code changes within a reply");
    /* Feeding after an error keeps failing. */
    ck_assert_int_eq(smtp_resp_line(&r, "250 ok", 6), SMTP_RESP_ERROR);
}
END_TEST

START_TEST(test_after_done)
{
    ck_assert_int_eq(feed("250 ok\r\n"), SMTP_RESP_DONE);
    ck_assert_int_eq(smtp_resp_line(&r, "250 again", 9), SMTP_RESP_ERROR);
}
END_TEST

START_TEST(test_line_limit)
{
    struct buf *b = buf_new(SMTP_REPLY_LINE_LIMIT + 10);

    buf_puts(b, "250 ");
    while (buf_len(b) < SMTP_REPLY_LINE_LIMIT)
        buf_putc(b, 'x');
    ck_assert_int_eq(smtp_resp_line(&r, buf_str(b), buf_len(b)), SMTP_RESP_DONE);
    smtp_resp_reset(&r);
    buf_putc(b, 'y');
    ck_assert_int_eq(smtp_resp_line(&r, buf_str(b), buf_len(b)), SMTP_RESP_ERROR);
    ck_assert_str_eq(r.error, "reply line too long");
    /* An unterminated over-long line is rejected without waiting for LF. */
    smtp_resp_reset(&r);
    buf_puts(b, "zz");
    ck_assert_int_eq(smtp_resp_parse(&r, buf_str(b), buf_len(b), NULL),
                     SMTP_RESP_ERROR);
    buf_free(b);
}
END_TEST

START_TEST(test_lines_limit)
{
    int     i;

    for (i = 0; i < SMTP_REPLY_LINES_LIMIT; i++)
        ck_assert_int_eq(smtp_resp_line(&r, "250-x", 5), SMTP_RESP_MORE);
    ck_assert_int_eq(smtp_resp_line(&r, "250 x", 5), SMTP_RESP_ERROR);
    ck_assert_str_eq(r.error, "too many reply lines");
}
END_TEST

START_TEST(test_text_limit)
{
    struct buf *b = buf_new(2100);
    int     st = SMTP_RESP_MORE;
    int     n = 0;

    buf_puts(b, "250-");
    while (buf_len(b) < 2000)
        buf_putc(b, 'a');
    while (st == SMTP_RESP_MORE && n < 100) {
        st = smtp_resp_line(&r, buf_str(b), buf_len(b));
        n++;
    }
    ck_assert_int_eq(st, SMTP_RESP_ERROR);
    ck_assert_str_eq(r.error, "reply too long");
    ck_assert_int_le(buf_len(r.text), SMTP_REPLY_TEXT_LIMIT);
    buf_free(b);
}
END_TEST

START_TEST(test_control_bytes)
{
    ck_assert_int_eq(smtp_resp_line(&r, "250 a\0b\tc\x7f\x01\xc3\xa9", 13),
                     SMTP_RESP_DONE);
    ck_assert_uint_eq(buf_len(r.text), 13);
    ck_assert_str_eq(buf_str(r.text), "250 a?b\tc??\xc3\xa9");
}
END_TEST

START_TEST(test_fake)
{
    feed("250 ok\r\n");
    smtp_resp_fake(&r, "5.3.4");
    ck_assert_int_eq(r.code, 0);
    ck_assert_str_eq(r.dsn, "5.3.4");
    ck_assert_str_eq(buf_str(r.text), "");
}
END_TEST

START_TEST(test_dsn_syntax)
{
    size_t  n = 0;

    ck_assert_int_eq(smtp_dsn_syntax("5.1.1", &n), 1);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(smtp_dsn_syntax("4.4.2 lost", &n), 1);
    ck_assert_uint_eq(n, 5);
    ck_assert_int_eq(smtp_dsn_syntax("2.123.456\tx", &n), 1);
    ck_assert_uint_eq(n, 9);
    ck_assert_int_eq(smtp_dsn_syntax("3.1.1", &n), 0);
    ck_assert_int_eq(smtp_dsn_syntax("5.1", &n), 0);
    ck_assert_int_eq(smtp_dsn_syntax("5..1", &n), 0);
    ck_assert_int_eq(smtp_dsn_syntax("5.1.", &n), 0);
    ck_assert_int_eq(smtp_dsn_syntax("", &n), 0);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("smtp_reply");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_single_line);
    tcase_add_test(tc, test_derived_dsn);
    tcase_add_test(tc, test_dsn_class_mismatch);
    tcase_add_test(tc, test_multi_line);
    tcase_add_test(tc, test_multi_line_first_dsn);
    tcase_add_test(tc, test_partial_input);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_code_change);
    tcase_add_test(tc, test_after_done);
    tcase_add_test(tc, test_line_limit);
    tcase_add_test(tc, test_lines_limit);
    tcase_add_test(tc, test_text_limit);
    tcase_add_test(tc, test_control_bytes);
    tcase_add_test(tc, test_fake);
    tcase_add_test(tc, test_dsn_syntax);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
