/*
 * test_params - unit tests for params.c (the parameter registry)
 *
 * Conversions are tested through param_convert() with a local struct
 * param_info; loading through small tables whose names begin with "t"
 * so they never clash with real parameters.  Fatal paths run in a
 * forked child whose stderr goes to a temporary file; the test checks
 * the exit status and that stderr holds exactly one line ending in the
 * expected message.  MAIL_CONFIG points at a directory that does not
 * exist, which is fine because nothing here reads main.cf.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "params.h"

#define TEST_DIR	"/nonexistent/test_params"

static void setup(void)
{
    setenv("MAIL_CONFIG", TEST_DIR, 1);
    config_reset();
}

 /*
  * param_convert() through a throw-away definition.
  */
static struct buf *conv_err;

static int conv(enum param_type type, const char *defval, long min,
                long max, const char *value, long *out)
{
    struct param_info p = {"tconv", type, defval, min, max};
    int     ival = -12345;
    long    lval = -12345;
    int     rc;

    if (conv_err == NULL)
        conv_err = buf_new(0);
    buf_reset(conv_err);
    if (type == PARAM_LONG || type == PARAM_SIZE) {
        rc = param_convert(&p, value, &lval, conv_err);
        *out = lval;
    } else {
        rc = param_convert(&p, value, &ival, conv_err);
        *out = ival;
    }
    return rc;
}

#define CONV_OK(type, def, min, max, value, expect) do { \
        long out_; \
        ck_assert_msg(conv(type, def, min, max, value, &out_) == 0, \
                      "%s: %s", value, buf_str(conv_err)); \
        ck_assert_int_eq(out_, expect); \
    } while (0)

#define CONV_BAD(type, def, min, max, value, msg) do { \
        long out_; \
        ck_assert_msg(conv(type, def, min, max, value, &out_) == -1, \
                      "%s accepted", value); \
        ck_assert_str_eq(buf_str(conv_err), msg); \
    } while (0)

START_TEST(test_time_units)
{
    CONV_OK(PARAM_TIME, "100s", 0, 0, "5", 5);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "0", 0);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "5s", 5);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "2m", 120);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "3h", 10800);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "1d", 86400);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "1w", 604800);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "2147483647", 2147483647);
    CONV_OK(PARAM_TIME, "100s", 0, 0, "3550w", 3550L * 604800);
    /* A bare number takes the unit of the default. */
    CONV_OK(PARAM_TIME, "1h", 0, 0, "2", 7200);
    CONV_OK(PARAM_TIME, "10d", 0, 0, "1", 86400);
    CONV_OK(PARAM_TIME, "2w", 0, 0, "1", 604800);
    CONV_OK(PARAM_TIME, "5m", 0, 0, "1s", 1);
    CONV_OK(PARAM_TIME, "0", 0, 0, "7", 7);
}
END_TEST

START_TEST(test_time_bad)
{
    static const char *const bad[] = {
        "5x", "x", "", "s", "5ss", "5sx", "-5", "+5", " 5", "5 ", "1.5h",
        "2147483648", "3551w", "99999999999999999999",
    };
    char    msg[64];
    size_t  i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        snprintf(msg, sizeof(msg), "bad time value \"%s\"", bad[i]);
        CONV_BAD(PARAM_TIME, "100s", 0, 0, bad[i], msg);
    }
}
END_TEST

START_TEST(test_bounds)
{
    CONV_OK(PARAM_TIME, "5s", 1, 10, "10", 10);
    CONV_OK(PARAM_TIME, "5s", 1, 10, "1", 1);
    CONV_BAD(PARAM_TIME, "5s", 1, 10, "11",
             "value \"11\" out of range (1s..10s)");
    CONV_BAD(PARAM_TIME, "5s", 1, 10, "1m",
             "value \"1m\" out of range (1s..10s)");
    CONV_BAD(PARAM_TIME, "5s", 1, 0, "0", "value \"0\" out of range (1s..)");
    CONV_OK(PARAM_INT, "5", 1, 0, "1000000", 1000000);
    CONV_BAD(PARAM_INT, "5", 1, 0, "0", "value \"0\" out of range (1..)");
    CONV_BAD(PARAM_INT, "5", 1, 10, "11", "value \"11\" out of range (1..10)");
    CONV_BAD(PARAM_INT, "5", -1, 10, "-2",
             "value \"-2\" out of range (-1..10)");
    CONV_OK(PARAM_INT, "5", -1, 10, "-1", -1);
    CONV_BAD(PARAM_LONG, "5", 100, 200, "99",
             "value \"99\" out of range (100..200)");
    CONV_BAD(PARAM_SIZE, "5", 1024, 2048, "3k",
             "value \"3k\" out of range (1024..2048)");
    CONV_OK(PARAM_SIZE, "5", 1024, 2048, "2k", 2048);
}
END_TEST

START_TEST(test_numbers)
{
    CONV_OK(PARAM_INT, "5", 0, 0, "12", 12);
    CONV_OK(PARAM_INT, "5", 0, 0, "0", 0);
    CONV_OK(PARAM_INT, "5", 0, 0, "-5", -5);
    CONV_OK(PARAM_INT, "5", 0, 0, "007", 7);
    CONV_OK(PARAM_INT, "5", 0, 0, "2147483647", 2147483647);
    CONV_OK(PARAM_INT, "5", 0, 0, "-2147483648", -2147483647L - 1);
    CONV_BAD(PARAM_INT, "5", 0, 0, "2147483648",
             "bad numerical value \"2147483648\"");
    CONV_BAD(PARAM_INT, "5", 0, 0, "12x", "bad numerical value \"12x\"");
    CONV_BAD(PARAM_INT, "5", 0, 0, "", "bad numerical value \"\"");
    CONV_BAD(PARAM_INT, "5", 0, 0, "+1", "bad numerical value \"+1\"");
    CONV_BAD(PARAM_INT, "5", 0, 0, " 1", "bad numerical value \" 1\"");
    CONV_BAD(PARAM_INT, "5", 0, 0, "-", "bad numerical value \"-\"");
    CONV_BAD(PARAM_INT, "5", 0, 0, "10k", "bad numerical value \"10k\"");
    CONV_OK(PARAM_LONG, "5", 0, 0, "2147483648", 2147483648L);
    CONV_OK(PARAM_LONG, "5", 0, 0, "9223372036854775807", 9223372036854775807L);
    CONV_BAD(PARAM_LONG, "5", 0, 0, "9223372036854775808",
             "bad numerical value \"9223372036854775808\"");
}
END_TEST

START_TEST(test_sizes)
{
    CONV_OK(PARAM_SIZE, "5", 0, 0, "10", 10);
    CONV_OK(PARAM_SIZE, "5", 0, 0, "10k", 10240);
    CONV_OK(PARAM_SIZE, "5", 0, 0, "10K", 10240);
    CONV_OK(PARAM_SIZE, "5", 0, 0, "2m", 2097152);
    CONV_OK(PARAM_SIZE, "5", 0, 0, "2M", 2097152);
    CONV_OK(PARAM_SIZE, "5", 0, 0, "1g", 1073741824L);
    CONV_BAD(PARAM_SIZE, "5", 0, 0, "10kb", "bad numerical value \"10kb\"");
    CONV_BAD(PARAM_SIZE, "5", 0, 0, "k", "bad numerical value \"k\"");
    CONV_BAD(PARAM_SIZE, "5", 0, 0, "10x", "bad numerical value \"10x\"");
    CONV_BAD(PARAM_SIZE, "5", 0, 0, "-1", "bad numerical value \"-1\"");
    CONV_BAD(PARAM_SIZE, "5", 0, 0, "9223372036854775807k",
             "bad numerical value \"9223372036854775807k\"");
}
END_TEST

START_TEST(test_booleans)
{
    CONV_OK(PARAM_BOOL, "no", 0, 0, "yes", 1);
    CONV_OK(PARAM_BOOL, "no", 0, 0, "YES", 1);
    CONV_OK(PARAM_BOOL, "no", 0, 0, "Yes", 1);
    CONV_OK(PARAM_BOOL, "no", 0, 0, "no", 0);
    CONV_OK(PARAM_BOOL, "no", 0, 0, "NO", 0);
    CONV_BAD(PARAM_BOOL, "no", 0, 0, "true", "bad boolean value \"true\"");
    CONV_BAD(PARAM_BOOL, "no", 0, 0, "y", "bad boolean value \"y\"");
    CONV_BAD(PARAM_BOOL, "no", 0, 0, "", "bad boolean value \"\"");
    CONV_BAD(PARAM_BOOL, "no", 0, 0, "yess", "bad boolean value \"yess\"");
    CONV_BAD(PARAM_BOOL, "no", 0, 0, "1", "bad boolean value \"1\"");
}
END_TEST

START_TEST(test_strings)
{
    struct param_info p = {"tstr", PARAM_STR, "", 1, 3};
    struct buf *err = buf_new(0);
    char   *out = NULL;

    ck_assert_int_eq(param_convert(&p, "abc", &out, err), 0);
    ck_assert_str_eq(out, "abc");
    free(out);
    ck_assert_int_eq(param_convert(&p, "", &out, err), -1);
    ck_assert_str_eq(buf_str(err), "value \"\" length out of range (1..3)");
    ck_assert_int_eq(param_convert(&p, "abcd", &out, err), -1);
    ck_assert_str_eq(buf_str(err), "value \"abcd\" length out of range (1..3)");
    p.max = 0;
    ck_assert_int_eq(param_convert(&p, "", &out, err), -1);
    ck_assert_str_eq(buf_str(err), "value \"\" length out of range (1..)");
    p.min = 0;
    ck_assert_int_eq(param_convert(&p, "", &out, err), 0);
    ck_assert_str_eq(out, "");
    free(out);
    /* Validation only. */
    p.type = PARAM_TIME;
    p.defval = "1s";
    ck_assert_int_eq(param_convert(&p, "5m", NULL, err), 0);
    ck_assert_int_eq(param_convert(&p, "5q", NULL, err), -1);
    buf_free(err);
}
END_TEST

 /*
  * Loading.
  */
static int t_time, t_int, t_bool, t_ref;
static long t_long, t_size;
static char *t_str, *t_raw, *t_expanded;

static const struct param_def load_table[] = {
    {"tload_time", PARAM_TIME, "1h", &t_time, 0, 0, 0, 0},
    {"tload_int", PARAM_INT, "10", &t_int, 1, 100, 0, 0},
    {"tload_bool", PARAM_BOOL, "no", &t_bool, 0, 0, 0, 0},
    {"tload_long", PARAM_LONG, "123", &t_long, 0, 0, 0, 0},
    {"tload_size", PARAM_SIZE, "1k", &t_size, 0, 0, 0, 0},
    {"tload_str", PARAM_STR, "a-$tload_int-$tload_undefined-z", &t_str,
        0, 0, 0, 0},
    {"tload_raw", PARAM_RAW, "$tload_int", &t_raw, 0, 0, 0, 0},
    {"tload_expanded", PARAM_STR, "${tload_bool?{on}:{off}}", &t_expanded,
        0, 0, 0, 0},
    {"tload_ref", PARAM_TIME, "$tload_time", &t_ref, 0, 0, 0, 0},
    PARAM_TABLE_END,
};

START_TEST(test_load_defaults)
{
    param_load(load_table);
    ck_assert_int_eq(t_time, 3600);
    ck_assert_int_eq(t_int, 10);
    ck_assert_int_eq(t_bool, 0);
    ck_assert_int_eq(t_long, 123);
    ck_assert_int_eq(t_size, 1024);
    ck_assert_str_eq(t_str, "a-10--z");
    ck_assert_str_eq(t_raw, "$tload_int");
    ck_assert_str_eq(t_expanded, "on");	/* raw "no" is non-empty */
    ck_assert_int_eq(t_ref, 3600);
    ck_assert_str_eq(param_lookup("tload_str")->defval,
                     "a-$tload_int-$tload_undefined-z");
    ck_assert_int_eq(param_lookup("tload_int")->min, 1);
    ck_assert_int_eq(param_lookup("tload_int")->max, 100);
    ck_assert_int_eq(param_lookup("tload_int")->type, PARAM_INT);
    ck_assert_ptr_null(param_lookup("tload_nonexistent"));
}
END_TEST

START_TEST(test_load_values)
{
    config_set("tload_time", "2");		/* unit of "1h" */
    config_set("tload_int", "$tload_other");
    config_set("tload_other", "42");
    config_set("tload_bool", "YES");
    config_set("tload_size", "2m");
    config_set("tload_raw", "${x}");
    config_set("tload_ref", "3");		/* default expands to "2": s */
    param_load(load_table);
    ck_assert_int_eq(t_time, 7200);
    ck_assert_int_eq(t_int, 42);
    ck_assert_int_eq(t_bool, 1);
    ck_assert_int_eq(t_size, 2097152);
    ck_assert_str_eq(t_str, "a-42--z");
    ck_assert_str_eq(t_raw, "${x}");
    ck_assert_int_eq(t_ref, 3);
    config_set("tload_time", "2h");
    param_load(load_table);
    ck_assert_int_eq(t_ref, 3 * 3600);
    /* Loading again replaces (and frees) the strings. */
    config_set("tload_str", "second");
    param_load(load_table);
    ck_assert_str_eq(t_str, "second");
    config_set("tload_str", "third");
    param_load(load_table);
    ck_assert_str_eq(t_str, "third");
}
END_TEST

 /*
  * Fatal errors, in a child.
  */
struct child {
    int     status;
    char    err[4096];
};

static const char *child_name, *child_value;
static const struct param_def *child_table;

static void child_load(void)
{
    config_set(child_name, child_value);
    param_load(child_table);
}

static void run_child(void (*fn)(void), struct child *c)
{
    char    path[] = "/tmp/test_params.XXXXXX";
    int     fd = mkstemp(path);
    ssize_t n;
    pid_t   pid;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    if ((pid = fork()) == 0) {
        dup2(fd, 2);
        fn();
        exit(0);
    }
    ck_assert_int_gt(pid, 0);
    ck_assert_int_eq(waitpid(pid, &c->status, 0), pid);
    n = pread(fd, c->err, sizeof(c->err) - 1, 0);
    c->err[n > 0 ? n : 0] = 0;
    close(fd);
}

/* expect_fatal - one line of stderr ending in "fatal: " + text */

static void expect_fatal(const char *name, const char *value,
                         const char *text)
{
    struct child c;
    char    expect[512];
    size_t  elen, len;

    child_name = name;
    child_value = value;
    child_table = load_table;
    run_child(child_load, &c);
    ck_assert(WIFEXITED(c.status));
    ck_assert_int_eq(WEXITSTATUS(c.status), 1);
    snprintf(expect, sizeof(expect), "fatal: %s/main.cf: parameter %s: %s\n",
             TEST_DIR, name, text);
    elen = strlen(expect);
    len = strlen(c.err);
    ck_assert_msg(len >= elen && strcmp(c.err + len - elen, expect) == 0,
                  "got \"%s\", want \"%s\"", c.err, expect);
    ck_assert_ptr_eq(strchr(c.err, '\n'), c.err + len - 1);
}

START_TEST(test_fatal_messages)
{
    expect_fatal("tload_time", "10x", "bad time value \"10x\"");
    expect_fatal("tload_time", "10sx", "bad time value \"10sx\"");
    expect_fatal("tload_int", "101", "value \"101\" out of range (1..100)");
    expect_fatal("tload_int", "0", "value \"0\" out of range (1..100)");
    expect_fatal("tload_int", "1x", "bad numerical value \"1x\"");
    expect_fatal("tload_long", "", "bad numerical value \"\"");
    expect_fatal("tload_bool", "maybe", "bad boolean value \"maybe\"");
    expect_fatal("tload_size", "1t", "bad numerical value \"1t\"");
    /* The value shown is the expanded one. */
    expect_fatal("tload_int", "${tload_bool}9", "bad numerical value \"no9\"");
    expect_fatal("tload_str", "$tload_str",
                 "unreasonable macro call nesting: \"$tload_str\"");
    expect_fatal("tload_str", "${oops", "truncated macro reference: "
                 "\"${oops\"");
}
END_TEST

START_TEST(test_fatal_ok_child)
{
    struct child c;

    child_name = "tload_int";
    child_value = "100";
    child_table = load_table;
    run_child(child_load, &c);
    ck_assert(WIFEXITED(c.status));
    ck_assert_int_eq(WEXITSTATUS(c.status), 0);
    ck_assert_str_eq(c.err, "");
}
END_TEST

 /*
  * Mirrored smtp_/lmtp_ tables.
  */
static int m_timeout, m_shared;
static char *m_helo, *m_key;

static const struct param_def mirror_table[] = {
    {"tsmtp_timeout", PARAM_TIME, "30s", &m_timeout, 0, 0, "0s", 0},
    {"tsmtp_helo", PARAM_STR, "$tmirror_host", &m_helo, 0, 0, 0, 0},
    {"tsmtp_key", PARAM_STR, "$tsmtp_helo", &m_key, 0, 0,
        "$tlmtp_helo.key", 0},
    {"tshared_flag", PARAM_BOOL, "yes", &m_shared, 0, 0, 0, 0},
    PARAM_TABLE_END,
};

START_TEST(test_mirror_load)
{
    config_set("tmirror_host", "h.example");
    param_load_prefix(mirror_table, "tsmtp_", "tlmtp_");
    ck_assert_int_eq(m_timeout, 0);
    ck_assert_str_eq(m_helo, "h.example");
    ck_assert_str_eq(m_key, "h.example.key");
    ck_assert_int_eq(m_shared, 1);
    ck_assert_str_eq(param_lookup("tlmtp_timeout")->defval, "0s");
    ck_assert_str_eq(param_lookup("tlmtp_key")->defval, "$tlmtp_helo.key");
    ck_assert_ptr_nonnull(param_lookup("tshared_flag"));
    ck_assert_ptr_null(param_lookup("tsmtp_timeout"));

    /* Only the lmtp_ names count for the lmtp personality. */
    config_set("tsmtp_timeout", "9");
    config_set("tlmtp_timeout", "5m");
    config_set("tlmtp_helo", "lmtp.example");
    config_set("tshared_flag", "no");
    param_load_prefix(mirror_table, "tsmtp_", "tlmtp_");
    ck_assert_int_eq(m_timeout, 300);
    ck_assert_str_eq(m_helo, "lmtp.example");
    ck_assert_str_eq(m_key, "lmtp.example.key");
    ck_assert_int_eq(m_shared, 0);

    /* The smtp personality. */
    param_load(mirror_table);
    ck_assert_int_eq(m_timeout, 9);
    ck_assert_str_eq(m_helo, "h.example");
    ck_assert_str_eq(m_key, "h.example");
    ck_assert_str_eq(param_lookup("tsmtp_timeout")->defval, "30s");
}
END_TEST

START_TEST(test_mirror_register)
{
    static const char *const want[] = {
        "tlmtp_helo", "tlmtp_key", "tlmtp_timeout", "tshared_flag",
        "tsmtp_helo", "tsmtp_key", "tsmtp_timeout",
    };
    const char **names;
    size_t  i, j;

    param_register(mirror_table);
    param_register_mirror(mirror_table, "tsmtp_", "tlmtp_");
    names = param_names();
    for (i = 0; names[i] != NULL; i++)
        if (i > 0)
            ck_assert_int_lt(strcmp(names[i - 1], names[i]), 0);
    for (j = 0; j < sizeof(want) / sizeof(want[0]); j++) {
        for (i = 0; names[i] != NULL; i++)
            if (strcmp(names[i], want[j]) == 0)
                break;
        ck_assert_msg(names[i] != NULL, "%s not registered", want[j]);
    }
    free(names);
    ck_assert_str_eq(param_lookup("tsmtp_timeout")->defval, "30s");
    ck_assert_str_eq(param_lookup("tlmtp_timeout")->defval, "0s");
}
END_TEST

 /*
  * Dynamic defaults, repeated registration.
  */
static int dyn_calls;
static char *d_name;

static const char *dyn_fn(void)
{
    dyn_calls++;
    return "dynamic.example";
}

static const struct param_def dyn_table[] = {
    {"tdyn_name", PARAM_STR, 0, &d_name, 1, 0, 0, dyn_fn},
    PARAM_TABLE_END,
};

START_TEST(test_dynamic_default)
{
    dyn_calls = 0;
    param_register(dyn_table);
    param_register(dyn_table);
    param_load(dyn_table);
    ck_assert_int_eq(dyn_calls, 1);
    ck_assert_str_eq(param_lookup("tdyn_name")->defval, "dynamic.example");
    ck_assert_str_eq(d_name, "dynamic.example");
    config_set("tdyn_name", "set.example");
    param_load(dyn_table);
    ck_assert_str_eq(d_name, "set.example");
    ck_assert_int_eq(dyn_calls, 1);
}
END_TEST

static int dup_var;

static const struct param_def dup_table1[] = {
    {"tdup_x", PARAM_INT, "1", &dup_var, 0, 0, 0, 0},
    PARAM_TABLE_END,
};

static const struct param_def dup_table2[] = {
    {"tdup_x", PARAM_INT, "2", &dup_var, 0, 0, 0, 0},
    PARAM_TABLE_END,
};

static void child_dup_same(void)
{
    param_register(dup_table1);
    param_register(dup_table1);
    param_load(dup_table1);
    if (dup_var != 1)
        exit(2);
}

static void child_dup_different(void)
{
    param_register(dup_table1);
    param_register(dup_table2);
    if (strcmp(param_lookup("tdup_x")->defval, "1") != 0)
        exit(2);
}

START_TEST(test_register_twice)
{
    struct child c;

    run_child(child_dup_same, &c);
    ck_assert(WIFEXITED(c.status));
    ck_assert_int_eq(WEXITSTATUS(c.status), 0);
    ck_assert_str_eq(c.err, "");

    run_child(child_dup_different, &c);
    ck_assert(WIFEXITED(c.status));
    ck_assert_int_eq(WEXITSTATUS(c.status), 0);
    ck_assert_ptr_nonnull(strstr(c.err, "warning: parameter tdup_x: "
                                 "registered again with a different type "
                                 "or default \"2\"; keeping \"1\"\n"));
}
END_TEST

static void teardown(void)
{
    buf_free(conv_err);
    conv_err = NULL;
    config_reset();
}

static Suite *params_suite(void)
{
    Suite  *s = suite_create("params");
    TCase  *tc = tcase_create("convert");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_time_units);
    tcase_add_test(tc, test_time_bad);
    tcase_add_test(tc, test_bounds);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_sizes);
    tcase_add_test(tc, test_booleans);
    tcase_add_test(tc, test_strings);
    suite_add_tcase(s, tc);
    tc = tcase_create("load");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_load_defaults);
    tcase_add_test(tc, test_load_values);
    tcase_add_test(tc, test_fatal_messages);
    tcase_add_test(tc, test_fatal_ok_child);
    tcase_add_test(tc, test_mirror_load);
    tcase_add_test(tc, test_mirror_register);
    tcase_add_test(tc, test_dynamic_default);
    tcase_add_test(tc, test_register_twice);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(params_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
