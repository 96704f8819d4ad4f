/*
 * test_config - unit tests for config.c (main.cf dictionary, overrides,
 * expansion) and for mail_params.c (the shared table and logging set-up)
 *
 * Each test writes main.cf into its own temporary directory and points
 * MAIL_CONFIG at it.  Warnings are caught by pointing fd 2 at a
 * temporary file; fatal paths run in a forked child.  The mail_params
 * cases rely on check's default fork mode: dynamic defaults
 * (myhostname, mydomain) are computed once per process, from the
 * main.cf of the first test that registers them.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "build_config.h"

#include "buf.h"
#include "config.h"
#include "mail_params.h"
#include "msg.h"
#include "params.h"

static char tmpdir[64];
static char maincf[128];

static void write_main_cf(const char *text)
{
    int     fd = open(maincf, O_WRONLY | O_CREAT | O_TRUNC, 0600);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int) strlen(text));
    close(fd);
}

static void setup(void)
{
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/test_config.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(tmpdir));
    snprintf(maincf, sizeof(maincf), "%s/main.cf", tmpdir);
    setenv("MAIL_CONFIG", tmpdir, 1);
    config_reset();
    msg_syslog_close();
    msg_file_open(NULL, NULL);
    msg_stderr(0);
}

static void teardown(void)
{
    char    path[192];

    unlink(maincf);
    snprintf(path, sizeof(path), "%s/maillog", tmpdir);
    unlink(path);
    rmdir(tmpdir);
    config_reset();
}

/* capture - run fn with fd 2 on a temporary file; return what it got */

static char captured[4096];

static const char *capture(void (*fn)(void))
{
    char    path[] = "/tmp/test_config.err.XXXXXX";
    int     fd = mkstemp(path);
    int     saved = dup(2);
    ssize_t n;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    dup2(fd, 2);
    fn();
    dup2(saved, 2);
    close(saved);
    n = pread(fd, captured, sizeof(captured) - 1, 0);
    captured[n > 0 ? n : 0] = 0;
    close(fd);
    return captured;
}

/* in_child - run fn in a child with stderr captured; exit status */

static int in_child(void (*fn)(void))
{
    char    path[] = "/tmp/test_config.err.XXXXXX";
    int     fd = mkstemp(path);
    int     status;
    ssize_t n;
    pid_t   pid;

    ck_assert_int_ge(fd, 0);
    unlink(path);
    if ((pid = fork()) == 0) {
        dup2(fd, 2);
        fn();
        exit(0);
    }
    ck_assert_int_eq(waitpid(pid, &status, 0), pid);
    n = pread(fd, captured, sizeof(captured) - 1, 0);
    captured[n > 0 ? n : 0] = 0;
    close(fd);
    ck_assert(WIFEXITED(status));
    return WEXITSTATUS(status);
}

/* ends_with_line - captured text is one line ending in want */

static void ends_with_line(const char *want)
{
    size_t  len = strlen(captured);
    size_t  wlen = strlen(want);

    ck_assert_msg(len >= wlen && strcmp(captured + len - wlen, want) == 0,
                  "got \"%s\", want \"...%s\"", captured, want);
    ck_assert_ptr_eq(strchr(captured, '\n'), captured + len - 1);
}

START_TEST(test_read_basic)
{
    const char **names;

    write_main_cf("# comment\n"
                  "a = 1\n"
                  "b = two words  \n"
                  "  continued\n"
                  "\n"
                  "empty =\n"
                  "c=$a$b\r\n");
    config_read();
    ck_assert_str_eq(config_raw("a"), "1");
    ck_assert_str_eq(config_raw("b"), "two words    continued");
    ck_assert_str_eq(config_raw("empty"), "");
    ck_assert_str_eq(config_raw("c"), "$a$b");
    ck_assert_int_eq(config_is_set("empty"), 1);
    ck_assert_int_eq(config_is_set("zzz"), 0);
    ck_assert_ptr_null(config_raw("zzz"));
    names = config_names();
    ck_assert_str_eq(names[0], "a");
    ck_assert_str_eq(names[1], "b");
    ck_assert_str_eq(names[2], "c");
    ck_assert_str_eq(names[3], "empty");
    ck_assert_ptr_null(names[4]);
    free(names);
    ck_assert_str_eq(config_dir(), tmpdir);
}
END_TEST

START_TEST(test_missing_main_cf)
{
    const char **names;

    config_read();
    names = config_names();
    ck_assert_ptr_null(names[0]);
    free(names);
}
END_TEST

static void read_config(void)
{
    config_read();
}

START_TEST(test_override_warning)
{
    char    want[256];

    write_main_cf("a = 1\nb = x\na = 2\na = 2\n");
    capture(read_config);
    snprintf(want, sizeof(want), "warning: %s, line 3: overriding earlier "
             "entry: a=1\n", maincf);
    ends_with_line(want);
    ck_assert_str_eq(config_raw("a"), "2");
    ck_assert_str_eq(config_raw("b"), "x");
}
END_TEST

START_TEST(test_malformed)
{
    char    want[256];
    struct buf *err = buf_new(0);

    write_main_cf("a = 1\n\njunk\n");
    ck_assert_int_eq(in_child(read_config), 1);
    snprintf(want, sizeof(want), "fatal: %s, line 3: missing '=' after "
             "attribute name: \"junk\"\n", maincf);
    ends_with_line(want);

    ck_assert_int_eq(config_read_file(maincf, err), -1);
    snprintf(want, sizeof(want), "%s, line 3: missing '=' after attribute "
             "name: \"junk\"", maincf);
    ck_assert_str_eq(buf_str(err), want);

    write_main_cf(" a = 1\n");
    ck_assert_int_eq(in_child(read_config), 1);
    snprintf(want, sizeof(want), "fatal: %s, line 1: logical line must not "
             "start with whitespace\n", maincf);
    ends_with_line(want);

    write_main_cf("a = 1\nname junk = 2\n");
    ck_assert_int_eq(in_child(read_config), 1);
    snprintf(want, sizeof(want), "fatal: %s, line 2: missing '=' after "
             "attribute name: \"name junk = 2\"\n", maincf);
    ends_with_line(want);
    buf_free(err);
}
END_TEST

START_TEST(test_unreadable)
{
    char    want[256];

    ck_assert_int_eq(mkdir(maincf, 0700), 0);
    ck_assert_int_eq(in_child(read_config), 1);
    snprintf(want, sizeof(want), "fatal: %s: read: Is a directory\n", maincf);
    ends_with_line(want);
    rmdir(maincf);
}
END_TEST

START_TEST(test_set_overrides)
{
    write_main_cf("a = 1\nb = 2\n");
    config_read();
    config_set("a", "one");
    ck_assert_str_eq(config_raw("a"), "one");
    ck_assert_int_eq(config_set_arg("b = x y "), 0);
    ck_assert_str_eq(config_raw("b"), "x y");
    ck_assert_int_eq(config_set_arg("c="), 0);
    ck_assert_str_eq(config_raw("c"), "");
    ck_assert_int_eq(config_set_arg("{ junk"), -1);
    ck_assert_int_eq(config_set_arg("novalue"), -1);
    ck_assert_int_eq(config_set_arg("=x"), -1);
    ck_assert_int_eq(config_is_set("novalue"), 0);
    /* Overrides are not warned about. */
    config_set("a", "again");
    ck_assert_str_eq(config_raw("a"), "again");
}
END_TEST

static char *e_base, *e_ref;

static const struct param_def expand_table[] = {
    {"tcfg_base", PARAM_STR, "base", &e_base, 0, 0, 0, 0},
    {"tcfg_ref", PARAM_STR, "[$tcfg_base]", &e_ref, 0, 0, 0, 0},
    PARAM_TABLE_END,
};

START_TEST(test_expand_defaults)
{
    struct buf *out = buf_new(0), *err = buf_new(0);
    char   *value;

    param_register(expand_table);
    write_main_cf("x = $tcfg_ref/$nothing/$y\ny = why\n");
    config_read();
    value = config_get("x");
    ck_assert_str_eq(value, "[base]//why");
    free(value);
    ck_assert_str_eq(config_raw_or_default("tcfg_ref"), "[$tcfg_base]");
    ck_assert_str_eq(config_raw_or_default("y"), "why");
    ck_assert_ptr_null(config_raw_or_default("unknown"));
    ck_assert_ptr_null(config_raw("tcfg_ref"));
    value = config_get("unknown");
    ck_assert_str_eq(value, "");
    free(value);

    config_set("tcfg_base", "set");
    value = config_get("x");
    ck_assert_str_eq(value, "[set]//why");
    free(value);
    ck_assert_int_eq(config_expand("${tcfg_base?{yes}}-${y:no}", out, err), 0);
    ck_assert_str_eq(buf_str(out), "yes-");
    ck_assert_int_eq(config_expand("${bad", out, err), -1);
    ck_assert_str_eq(buf_str(err), "truncated macro reference: \"${bad\"");
    buf_free(out);
    buf_free(err);
}
END_TEST

static void get_loop(void)
{
    config_set("loop", "<$loop>");
    free(config_get("loop"));
}

START_TEST(test_get_fatal)
{
    char    want[256];

    ck_assert_int_eq(in_child(get_loop), 1);
    snprintf(want, sizeof(want), "fatal: %s/main.cf: parameter loop: "
             "unreasonable macro call nesting: \"$loop\"\n", tmpdir);
    ends_with_line(want);
}
END_TEST

START_TEST(test_config_dir)
{
    setenv("MAIL_CONFIG", "/x/y", 1);
    ck_assert_str_eq(config_dir(), "/x/y");
    setenv("MAIL_CONFIG", "", 1);
    ck_assert_str_eq(config_dir(), DEF_CONFIG_DIR);
    unsetenv("MAIL_CONFIG");
    ck_assert_str_eq(config_dir(), DEF_CONFIG_DIR);
}
END_TEST

START_TEST(test_reset)
{
    const char **names;

    config_set("a", "1");
    config_reset();
    ck_assert_ptr_null(config_raw("a"));
    names = config_names();
    ck_assert_ptr_null(names[0]);
    free(names);
}
END_TEST

 /*
  * mail_params.
  */
START_TEST(test_mail_params_defaults)
{
    write_main_cf("myhostname = host.example.com\n");
    config_read();
    mail_params_init("testproc");
    ck_assert_str_eq(var_myhostname, "host.example.com");
    ck_assert_str_eq(var_mydomain, "example.com");
    ck_assert_str_eq(var_myorigin, "host.example.com");
    ck_assert_str_eq(var_mydestination,
                     "host.example.com, localhost.example.com, localhost");
    ck_assert_str_eq(var_syslog_name, "postfix");
    ck_assert_str_eq(msg_tag(), "postfix/testproc");
    ck_assert_str_eq(getenv("MAIL_LOGTAG"), "postfix");
    ck_assert_str_eq(var_process_name, "testproc");
    ck_assert_str_eq(var_service_name, "");
    ck_assert_str_eq(var_config_dir, tmpdir);
    ck_assert_str_eq(var_mail_name, "postern");
    ck_assert_str_eq(var_syslog_facility, "mail");
    ck_assert_str_eq(var_pid_dir, "pid");
    ck_assert_str_eq(var_compat_level, "0");
    ck_assert_str_eq(var_default_privs, "nobody");
    ck_assert_str_eq(var_multi_name, "");
    ck_assert_str_eq(var_hash_queue_names, "deferred, defer");
    ck_assert_str_eq(var_inet_interfaces, "all");
    ck_assert_str_eq(var_export_environ, "TZ MAIL_CONFIG LANG");
    ck_assert_int_eq(var_hash_queue_depth, 1);
    ck_assert_int_eq(var_long_queue_ids, 0);
    ck_assert_int_eq(var_max_use, 100);
    ck_assert_int_eq(var_max_idle, 100);
    ck_assert_int_eq(var_ipc_timeout, 3600);
    ck_assert_int_eq(var_ipc_idle, 5);
    ck_assert_int_eq(var_ipc_ttl, 1000);
    ck_assert_int_eq(var_daemon_timeout, 18000);
    ck_assert_int_eq(var_in_flow_delay, 1);
    ck_assert_int_eq(var_proc_limit, 100);
    ck_assert_int_eq(var_throttle_time, 60);
    ck_assert_int_eq(var_debug_peer_level, 2);
    ck_assert_str_eq(param_lookup("syslog_name")->defval,
                     "${multi_instance_name?{$multi_instance_name}:{postfix}}");
}
END_TEST

START_TEST(test_mail_params_overrides)
{
    write_main_cf("multi_instance_name = pf2\n"
                  "max_idle = 2m\n"
                  "myhostname = h.$mydomain\n"
                  "mydomain = d.example\n");
    config_read();
    config_set_arg("service_name=relay");
    config_set_arg("syslog_name = ${multi_instance_name}/$service_name");
    mail_params_init("smtp");
    ck_assert_str_eq(var_syslog_name, "pf2/relay");
    ck_assert_str_eq(msg_tag(), "pf2/relay/smtp");
    ck_assert_str_eq(getenv("MAIL_LOGTAG"), "pf2/relay");
    ck_assert_int_eq(var_max_idle, 120);
    ck_assert_str_eq(var_myhostname, "h.d.example");
    ck_assert_str_eq(var_service_name, "relay");
}
END_TEST

START_TEST(test_mail_params_hostname)
{
    char    host[256];
    char    want[300];

    ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
    write_main_cf("mydomain = ex.org\n");
    config_read();
    mail_params_init("t");
    if (strchr(host, '.') != NULL) {
        ck_assert_str_eq(var_myhostname, host);
    } else {
        snprintf(want, sizeof(want), "%s.ex.org", host);
        ck_assert_str_eq(var_myhostname, want);
    }
    ck_assert_str_eq(var_mydomain, "ex.org");
}
END_TEST

START_TEST(test_mail_params_hostname_default)
{
    char    host[256];
    char    want[300];

    ck_assert_int_eq(gethostname(host, sizeof(host)), 0);
    config_read();
    mail_params_init("t");
    if (strchr(host, '.') != NULL) {
        ck_assert_str_eq(var_myhostname, host);
        ck_assert_str_eq(var_mydomain, strchr(host, '.') + 1);
    } else {
        snprintf(want, sizeof(want), "%s.localdomain", host);
        ck_assert_str_eq(var_myhostname, want);
        ck_assert_str_eq(var_mydomain, "localdomain");
    }
}
END_TEST

START_TEST(test_mail_params_maillog)
{
    char    path[192];
    char    text[512];
    char    want[128];
    ssize_t n;
    int     fd;

    snprintf(path, sizeof(path), "%s/maillog", tmpdir);
    snprintf(text, sizeof(text), "myhostname = mx1.example.net\n"
             "maillog_file = %s\n", path);
    write_main_cf(text);
    config_read();
    mail_params_init("smtp");
    msg_info("hello");
    msg_file_open(NULL, NULL);
    fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    n = read(fd, text, sizeof(text) - 1);
    close(fd);
    ck_assert_int_gt(n, 0);
    text[n] = 0;
    snprintf(want, sizeof(want), " mx1 postfix/smtp[%ld]: hello\n",
             (long) getpid());
    ck_assert_msg(strstr(text, want) != NULL, "got \"%s\"", text);
}
END_TEST

static void init_bad_facility(void)
{
    config_set("syslog_facility", "nosuch");
    mail_params_init("t");
}

static void init_bad_time(void)
{
    config_set("max_idle", "10x");
    mail_params_init("t");
}

START_TEST(test_mail_params_fatal)
{
    char    want[256];

    ck_assert_int_eq(in_child(init_bad_facility), 1);
    snprintf(want, sizeof(want), "fatal: %s/main.cf: parameter "
             "syslog_facility: bad facility value \"nosuch\"\n", tmpdir);
    ends_with_line(want);
    ck_assert_int_eq(in_child(init_bad_time), 1);
    snprintf(want, sizeof(want), "fatal: %s/main.cf: parameter max_idle: "
             "bad time value \"10x\"\n", tmpdir);
    ends_with_line(want);
}
END_TEST

START_TEST(test_mail_log_init)
{
    setenv("MAIL_LOGTAG", "abc", 1);
    mail_log_init("proc");
    ck_assert_str_eq(msg_tag(), "abc/proc");
    unsetenv("MAIL_LOGTAG");
    mail_log_init("proc");
    ck_assert_str_eq(msg_tag(), "postfix/proc");
    msg_syslog_close();
}
END_TEST

static Suite *config_suite(void)
{
    Suite  *s = suite_create("config");
    TCase  *tc = tcase_create("config");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_read_basic);
    tcase_add_test(tc, test_missing_main_cf);
    tcase_add_test(tc, test_override_warning);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_unreadable);
    tcase_add_test(tc, test_set_overrides);
    tcase_add_test(tc, test_expand_defaults);
    tcase_add_test(tc, test_get_fatal);
    tcase_add_test(tc, test_config_dir);
    tcase_add_test(tc, test_reset);
    suite_add_tcase(s, tc);
    tc = tcase_create("mail_params");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_mail_params_defaults);
    tcase_add_test(tc, test_mail_params_overrides);
    tcase_add_test(tc, test_mail_params_hostname);
    tcase_add_test(tc, test_mail_params_hostname_default);
    tcase_add_test(tc, test_mail_params_maillog);
    tcase_add_test(tc, test_mail_params_fatal);
    tcase_add_test(tc, test_mail_log_init);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(config_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
