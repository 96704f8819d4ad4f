/*
 * test_log_adhoc - unit tests for log_adhoc.c and quote_822_local.c
 *
 * log_adhoc_format_tv() is checked against the examples of reference
 * 7.2, boundaries, every resolution limit, and exhaustively (all
 * microsecond values for several second values and every limit)
 * against an independent decimal oracle.  The log line is built with
 * log_adhoc_format() and a fixed "now", and compared byte for byte;
 * log_adhoc() itself is checked through a maillog file.  Bad arguments
 * and a bad info_log_address_format run in check's forked child.
 */
#include <check.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "log_adhoc.h"
#include "mail_params.h"
#include "msg.h"
#include "quote_822_local.h"

static struct buf *out;

static void setup(void)
{
    setenv("MAIL_CONFIG", "/nonexistent/test_log_adhoc", 1);
    config_reset();
    param_load(mail_params_table);
    msg_init("postfix/test");
    msg_stderr(0);
    out = buf_new(100);
}

static void teardown(void)
{
    buf_free(out);
}

/* tv - format one value */

static const char *tv(long sec, long usec, int limit)
{
    buf_reset(out);
    log_adhoc_format_tv(out, sec, usec, limit);
    return buf_str(out);
}

#define TV(sec, usec, limit, expect) \
    ck_assert_str_eq(tv((sec), (usec), (limit)), (expect))

START_TEST(test_tv_reference_examples)
{
    TV(0, 4900, 2, "0");
    TV(0, 5000, 2, "0.01");
    TV(0, 123456, 2, "0.12");
    TV(0, 500000, 2, "0.5");
    TV(1, 260000, 2, "1.3");
    TV(9, 960000, 2, "10");
    TV(12, 600000, 2, "13");
}
END_TEST

START_TEST(test_tv_boundaries)
{
    TV(0, 0, 2, "0");
    TV(0, 4999, 2, "0");
    TV(0, 5000, 2, "0.01");
    TV(0, 94999, 2, "0.09");
    TV(0, 95000, 2, "0.1");
    TV(0, 99999, 2, "0.1");
    TV(0, 100000, 2, "0.1");
    TV(0, 994999, 2, "0.99");
    TV(0, 995000, 2, "1");
    TV(0, 1000000, 2, "1");
    TV(1, 0, 2, "1");
    TV(1, 49999, 2, "1");
    TV(1, 50000, 2, "1.1");
    TV(9, 949999, 2, "9.9");
    TV(9, 950000, 2, "10");
    TV(10, 0, 2, "10");
    TV(10, 499999, 2, "10");
    TV(10, 500000, 2, "11");
    TV(99, 500000, 2, "100");
    TV(123456, 0, 2, "123456");
    TV(0, 1000000, 0, "1");
    TV(1, 1000000, 2, "2");
}
END_TEST

START_TEST(test_tv_limits)
{
    static const char *const v0123456[] = {
        "0", "0.1", "0.12", "0.12", "0.12", "0.12", "0.12"};
    static const char *const v0000123[] = {
        "0", "0", "0", "0", "0.0001", "0.00012", "0.00012"};
    static const char *const v0000001[] = {
        "0", "0", "0", "0", "0", "0", "0.000001"};
    static const char *const v0000005[] = {
        "0", "0", "0", "0", "0", "0.00001", "0.000005"};
    static const char *const v0500000[] = {
        "1", "0.5", "0.5", "0.5", "0.5", "0.5", "0.5"};
    static const char *const v0499999[] = {
        "0", "0.5", "0.5", "0.5", "0.5", "0.5", "0.5"};
    static const char *const v0012345[] = {
        "0", "0", "0.01", "0.012", "0.012", "0.012", "0.012"};
    static const char *const v1260000[] = {
        "1", "1.3", "1.3", "1.3", "1.3", "1.3", "1.3"};
    static const char *const v1500000[] = {
        "2", "1.5", "1.5", "1.5", "1.5", "1.5", "1.5"};
    static const char *const v12600000[] = {
        "13", "13", "13", "13", "13", "13", "13"};
    int     lim;

    for (lim = 0; lim <= 6; lim++) {
        TV(0, 123456, lim, v0123456[lim]);
        TV(0, 123, lim, v0000123[lim]);
        TV(0, 1, lim, v0000001[lim]);
        TV(0, 5, lim, v0000005[lim]);
        TV(0, 500000, lim, v0500000[lim]);
        TV(0, 499999, lim, v0499999[lim]);
        TV(0, 12345, lim, v0012345[lim]);
        TV(1, 260000, lim, v1260000[lim]);
        TV(1, 500000, lim, v1500000[lim]);
        TV(12, 600000, lim, v12600000[lim]);
        TV(0, 0, lim, "0");
    }
}
END_TEST

/* oracle - the rule of reference 7.2, computed on decimal digits */

static void oracle(char *buf, size_t len, long sec, long usec, int lim)
{
    static const long p10[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
    char    digits[8];
    int     dec;
    long    step;
    long    units;
    char   *end;

    if (lim == 0 || sec >= 10) {
        dec = 0;
    } else if (sec >= 1) {
        dec = 1;
    } else {
        snprintf(digits, sizeof(digits), "%06ld", usec);
        dec = (int) strspn(digits, "0") + 2;
        dec = dec > lim ? lim : dec;
    }
    step = p10[6 - dec];
    units = (sec * 1000000 + usec + step / 2) / step;
    if (units % p10[dec] == 0) {
        snprintf(buf, len, "%ld", units / p10[dec]);
        return;
    }
    snprintf(buf, len, "%ld.%0*ld", units / p10[dec], dec, units % p10[dec]);
    for (end = buf + strlen(buf) - 1; *end == '0'; end--)
        *end = 0;
}

START_TEST(test_tv_exhaustive)
{
    static const long secs[] = {0, 1, 5, 9, 10, 99};
    char    want[64];
    size_t  i;
    long    usec;
    int     lim = _i;

    for (i = 0; i < sizeof(secs) / sizeof(secs[0]); i++) {
        for (usec = 0; usec < 1000000; usec++) {
            oracle(want, sizeof(want), secs[i], usec, lim);
            buf_reset(out);
            log_adhoc_format_tv(out, secs[i], usec, lim);
            if (strcmp(buf_str(out), want) != 0)
                ck_abort_msg("%ld.%06ld limit %d: got %s want %s",
                             secs[i], usec, lim, buf_str(out), want);
        }
    }
}
END_TEST

START_TEST(test_tv_bad_limit)
{
    tv(0, 0, 7);
}
END_TEST

START_TEST(test_tv_bad_time)
{
    tv(0, 1000001, 2);
}
END_TEST

START_TEST(test_tv_negative)
{
    tv(-1, 0, 2);
}
END_TEST

 /*
  * The log line.
  */
static struct msg_stats stats;
static struct recipient rcpt;
static struct dsn dsn;
static struct timeval now;

static void set_tv(struct timeval *t, long sec, long usec)
{
    t->tv_sec = sec;
    t->tv_usec = usec;
}

/* line_setup - a complete set of stamps and a plain recipient */

static void line_setup(void)
{
    msg_stats_init(&stats);
    set_tv(&stats.incoming_arrival, 1000, 0);
    set_tv(&stats.active_arrival, 1001, 500000);
    set_tv(&stats.agent_handoff, 1002, 0);
    set_tv(&stats.conn_setup_done, 1002, 250000);
    set_tv(&stats.deliver_done, 1003, 0);
    set_tv(&now, 2000, 0);
    rcpt.orig_addr = "";
    rcpt.address = "user@example.com";
    rcpt.offset = 100;
    rcpt.dsn_orcpt = "";
    rcpt.dsn_notify = 0;
    memset(&dsn, 0, sizeof(dsn));
    dsn.status = "2.0.0";
    dsn.action = "relayed";
    dsn.reason = "250 2.0.0 Ok: queued as XYZ";
}

static const char *line(const char *relay, const char *status)
{
    buf_reset(out);
    log_adhoc_format(out, "ABC123", &stats, &rcpt, relay, &dsn, status, &now);
    return buf_str(out);
}

#define RELAY "mx.example.com[192.0.2.1]:25"

START_TEST(test_line_basic)
{
    line_setup();
    ck_assert_str_eq(line(RELAY, "sent"),
                     "ABC123: to=<user@example.com>, "
                     "relay=mx.example.com[192.0.2.1]:25, delay=3, "
                     "delays=1.5/0.5/0.25/0.75, dsn=2.0.0, "
                     "status=sent (250 2.0.0 Ok: queued as XYZ)");
}
END_TEST

START_TEST(test_line_orig_to)
{
    line_setup();
    rcpt.orig_addr = "alias@example.com";
    ck_assert_str_eq(line(RELAY, "sent"),
                     "ABC123: to=<user@example.com>, "
                     "orig_to=<alias@example.com>, "
                     "relay=mx.example.com[192.0.2.1]:25, delay=3, "
                     "delays=1.5/0.5/0.25/0.75, dsn=2.0.0, "
                     "status=sent (250 2.0.0 Ok: queued as XYZ)");
    /* Same address in another case: no orig_to. */
    rcpt.orig_addr = "User@EXAMPLE.com";
    ck_assert_str_eq(line(RELAY, "sent"),
                     "ABC123: to=<user@example.com>, "
                     "relay=mx.example.com[192.0.2.1]:25, delay=3, "
                     "delays=1.5/0.5/0.25/0.75, dsn=2.0.0, "
                     "status=sent (250 2.0.0 Ok: queued as XYZ)");
    rcpt.orig_addr = NULL;
    ck_assert_str_eq(line(RELAY, "sent"),
                     "ABC123: to=<user@example.com>, "
                     "relay=mx.example.com[192.0.2.1]:25, delay=3, "
                     "delays=1.5/0.5/0.25/0.75, dsn=2.0.0, "
                     "status=sent (250 2.0.0 Ok: queued as XYZ)");
}
END_TEST

START_TEST(test_line_conn_use_relay_none)
{
    line_setup();
    stats.reuse_count = 2;
    dsn.status = "4.4.1";
    dsn.reason = "connect to x[1.2.3.4]:25: Connection refused";
    ck_assert_str_eq(line("none", "deferred"),
                     "ABC123: to=<user@example.com>, relay=none, "
                     "conn_use=3, delay=3, delays=1.5/0.5/0.25/0.75, "
                     "dsn=4.4.1, status=deferred (connect to "
                     "x[1.2.3.4]:25: Connection refused)");
    stats.reuse_count = 0;
    ck_assert_str_eq(line("none", "deferred"),
                     "ABC123: to=<user@example.com>, relay=none, "
                     "delay=3, delays=1.5/0.5/0.25/0.75, "
                     "dsn=4.4.1, status=deferred (connect to "
                     "x[1.2.3.4]:25: Connection refused)");
}
END_TEST

#define TAIL ", dsn=2.0.0, status=sent (250 2.0.0 Ok: queued as XYZ)"
#define HEAD "ABC123: to=<user@example.com>, relay=none, "

START_TEST(test_line_missing_stamps)
{
    line_setup();
    /* deliver_done unset: "now" is used. */
    set_tv(&stats.deliver_done, 0, 0);
    set_tv(&now, 1003, 500000);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=3.5, delays=1.5/0.5/0.25/1.3" TAIL);
    /* No connection: c = 0, d = now - agent_handoff. */
    set_tv(&stats.conn_setup_done, 0, 0);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=3.5, delays=1.5/0.5/0/1.5" TAIL);
    /* No agent: b = now - active_arrival, c = d = 0. */
    set_tv(&stats.agent_handoff, 0, 0);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=3.5, delays=1.5/2/0/0" TAIL);
    /* No qmgr: a = now - incoming_arrival, the rest 0. */
    set_tv(&stats.active_arrival, 0, 0);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=3.5, delays=3.5/0/0/0" TAIL);
    /* Only the usec of a stamp set: counts as unset, as in Postfix. */
    set_tv(&stats.active_arrival, 0, 5);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=3.5, delays=3.5/0/0/0" TAIL);
}
END_TEST

START_TEST(test_line_negative)
{
    line_setup();
    /* Every stamp earlier than the one before it. */
    set_tv(&stats.incoming_arrival, 5000, 0);
    set_tv(&stats.active_arrival, 4000, 0);
    set_tv(&stats.agent_handoff, 3000, 999999);
    set_tv(&stats.conn_setup_done, 2000, 0);
    set_tv(&stats.deliver_done, 1000, 0);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=0, delays=0/0/0/0" TAIL);
    /* A difference of less than a second with borrowing. */
    set_tv(&stats.incoming_arrival, 1000, 900000);
    set_tv(&stats.active_arrival, 1001, 100000);
    set_tv(&stats.agent_handoff, 1001, 99999);
    set_tv(&stats.conn_setup_done, 1002, 0);
    set_tv(&stats.deliver_done, 1002, 0);
    ck_assert_str_eq(line("none", "sent"),
                     HEAD "delay=1.1, delays=0.2/0/0.9/0" TAIL);
    /* Absurd stamps from the wire do not overflow. */
    set_tv(&stats.incoming_arrival, -9223372036854775807L - 1, -999999999);
    set_tv(&stats.deliver_done, 9223372036854775807L, 999999999);
    set_tv(&stats.active_arrival, 0, 0);
    buf_reset(out);
    log_adhoc_format(out, "ID", &stats, &rcpt, "none", &dsn, "sent", &now);
    ck_assert_str_eq(buf_str(out), "ID: to=<user@example.com>, relay=none, "
                     "delay=2305843009213693952, "
                     "delays=2305843009213693952/0/0/0" TAIL);
}
END_TEST

START_TEST(test_line_resolution)
{
    int     lim;
    static const char *const expect[] = {
        HEAD "delay=3, delays=0/0/0/3" TAIL,
        HEAD "delay=3.1, delays=0.1/0/0/3" TAIL,
        HEAD "delay=3.1, delays=0.12/0/0.01/3" TAIL,
        HEAD "delay=3.1, delays=0.12/0/0.012/3" TAIL,
        HEAD "delay=3.1, delays=0.12/0.0001/0.012/3" TAIL,
        HEAD "delay=3.1, delays=0.12/0.00012/0.012/3" TAIL,
        HEAD "delay=3.1, delays=0.12/0.00012/0.012/3" TAIL,
    };

    line_setup();
    set_tv(&stats.incoming_arrival, 1000, 0);
    set_tv(&stats.active_arrival, 1000, 123456);
    set_tv(&stats.agent_handoff, 1000, 123579);
    set_tv(&stats.conn_setup_done, 1000, 135924);
    set_tv(&stats.deliver_done, 1003, 135924);
    for (lim = 0; lim <= 6; lim++) {
        var_delay_max_res = lim;
        ck_assert_str_eq(line("none", "sent"), expect[lim]);
    }
}
END_TEST

START_TEST(test_line_quoting)
{
    line_setup();
    rcpt.address = "a b@example.com";
    rcpt.orig_addr = "x\"y@example.com";
    ck_assert_str_eq(line("none", "sent"),
                     "ABC123: to=<\"a b\"@example.com>, "
                     "orig_to=<\"x\\\"y\"@example.com>, relay=none, "
                     "delay=3, delays=1.5/0.5/0.25/0.75" TAIL);
    var_info_log_addr_form = "internal";
    ck_assert_str_eq(line("none", "sent"),
                     "ABC123: to=<a b@example.com>, "
                     "orig_to=<x\"y@example.com>, relay=none, "
                     "delay=3, delays=1.5/0.5/0.25/0.75" TAIL);
    var_info_log_addr_form = "External";
    rcpt.address = "";
    rcpt.orig_addr = "";
    ck_assert_str_eq(line("none", "sent"),
                     "ABC123: to=<>, relay=none, "
                     "delay=3, delays=1.5/0.5/0.25/0.75" TAIL);
}
END_TEST

START_TEST(test_line_bad_form)
{
    line_setup();
    var_info_log_addr_form = "fancy";
    line("none", "sent");
}
END_TEST

/* read_all - the whole file */

static char *read_all(const char *path)
{
    static char data[8192];
    int     fd = open(path, O_RDONLY);
    ssize_t n;

    ck_assert_int_ge(fd, 0);
    n = read(fd, data, sizeof(data) - 1);
    ck_assert_int_ge(n, 0);
    data[n] = 0;
    close(fd);
    return data;
}

START_TEST(test_log_adhoc_maillog)
{
    char    dir[] = "/tmp/test_log_adhoc.XXXXXX";
    char    path[64];
    char   *text;
    char   *body;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/maillog", dir);
    ck_assert_int_eq(msg_file_open(path, "host"), 0);
    line_setup();
    log_adhoc("ABC123", &stats, &rcpt, RELAY, &dsn, "sent");
    msg_file_open(NULL, NULL);
    text = read_all(path);
    unlink(path);
    rmdir(dir);
    body = strstr(text, " host postfix/test[");
    ck_assert_ptr_nonnull(body);
    body = strstr(body, "]: ");
    ck_assert_ptr_nonnull(body);
    ck_assert_str_eq(body + 3, "ABC123: to=<user@example.com>, "
                     "relay=mx.example.com[192.0.2.1]:25, delay=3, "
                     "delays=1.5/0.5/0.25/0.75, dsn=2.0.0, "
                     "status=sent (250 2.0.0 Ok: queued as XYZ)\n");
}
END_TEST

 /*
  * quote_822_local.
  */
static const char *quote(const char *addr)
{
    buf_reset(out);
    quote_822_local(out, addr);
    return buf_str(out);
}

START_TEST(test_quote)
{
    ck_assert_str_eq(quote("user@example.com"), "user@example.com");
    ck_assert_str_eq(quote("first.last@example.com"), "first.last@example.com");
    ck_assert_str_eq(quote("a+b=c/d!#$%&'*?^_`{|}~-@x"),
                     "a+b=c/d!#$%&'*?^_`{|}~-@x");
    ck_assert_str_eq(quote("a b@example.com"), "\"a b\"@example.com");
    ck_assert_str_eq(quote("a\"b@x"), "\"a\\\"b\"@x");
    ck_assert_str_eq(quote("a\\b@x"), "\"a\\\\b\"@x");
    ck_assert_str_eq(quote("a\rb@x"), "\"a\\\rb\"@x");
    ck_assert_str_eq(quote("a\tb@x"), "\"a\tb\"@x");
    ck_assert_str_eq(quote("a\177b@x"), "\"a\177b\"@x");
    ck_assert_str_eq(quote(".a@x"), "\".a\"@x");
    ck_assert_str_eq(quote("a.@x"), "\"a.\"@x");
    ck_assert_str_eq(quote("a..b@x"), "\"a..b\"@x");
    ck_assert_str_eq(quote("a@b@x"), "\"a@b\"@x");
    ck_assert_str_eq(quote("a(b)@x"), "\"a(b)\"@x");
    ck_assert_str_eq(quote("a<b>,;:[]@x"), "\"a<b>,;:[]\"@x");
    ck_assert_str_eq(quote("@x"), "\"\"@x");
    ck_assert_str_eq(quote("nodomain"), "nodomain");
    ck_assert_str_eq(quote("no domain"), "\"no domain\"");
    ck_assert_str_eq(quote("@r1,@r2:a b@x"), "@r1,@r2:\"a b\"@x");
    ck_assert_str_eq(quote("@r1:a@x"), "@r1:a@x");
    ck_assert_str_eq(quote("\303\274ber@x"), "\303\274ber@x");
    ck_assert_str_eq(quote(""), "");
    /* Appends. */
    buf_set(out, "to=<");
    quote_822_local(out, "a b@x");
    ck_assert_str_eq(buf_str(out), "to=<\"a b\"@x");
}
END_TEST

static Suite *log_adhoc_suite(void)
{
    Suite  *s = suite_create("log_adhoc");
    TCase  *tc = tcase_create("format_tv");
    TCase  *tl = tcase_create("line");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_tv_reference_examples);
    tcase_add_test(tc, test_tv_boundaries);
    tcase_add_test(tc, test_tv_limits);
    tcase_add_loop_test(tc, test_tv_exhaustive, 0, 7);
    tcase_add_test_raise_signal(tc, test_tv_bad_limit, SIGABRT);
    tcase_add_test_raise_signal(tc, test_tv_bad_time, SIGABRT);
    tcase_add_test_raise_signal(tc, test_tv_negative, SIGABRT);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(tl, setup, teardown);
    tcase_add_test(tl, test_line_basic);
    tcase_add_test(tl, test_line_orig_to);
    tcase_add_test(tl, test_line_conn_use_relay_none);
    tcase_add_test(tl, test_line_missing_stamps);
    tcase_add_test(tl, test_line_negative);
    tcase_add_test(tl, test_line_resolution);
    tcase_add_test(tl, test_line_quoting);
    tcase_add_exit_test(tl, test_line_bad_form, 1);
    tcase_add_test(tl, test_log_adhoc_maillog);
    tcase_add_test(tl, test_quote);
    suite_add_tcase(s, tl);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(log_adhoc_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
