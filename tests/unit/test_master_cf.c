/*
 * test_master_cf - unit tests for master_cf.c (master.cf entries)
 *
 * The stock text is Debian 12's /etc/postfix/master.cf (Postfix 3.7)
 * verbatim, and the expected lines are what "postconf -M" of that
 * Postfix prints for it; master_ent_format() must reproduce them byte
 * for byte.  Errors are checked with their exact "PATH, line N: ..."
 * text.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "master_cf.h"

static const char stock_master_cf[] =
    "#\n"
    "# Postfix master process configuration file.  For details on the format\n"
    "# of the file, see the master(5) manual page (command: \"man 5 master\" or\n"
    "# on-line: http://www.postfix.org/master.5.html).\n"
    "#\n"
    "# Do not forget to execute \"postfix reload\" after editing this file.\n"
    "#\n"
    "# ==========================================================================\n"
    "# service type  private unpriv  chroot  wakeup  maxproc command + args\n"
    "#               (yes)   (yes)   (no)    (never) (100)\n"
    "# ==========================================================================\n"
    "smtp      inet  n       -       y       -       -       smtpd\n"
    "#smtp      inet  n       -       y       -       1       postscreen\n"
    "#smtpd     pass  -       -       y       -       -       smtpd\n"
    "#dnsblog   unix  -       -       y       -       0       dnsblog\n"
    "#tlsproxy  unix  -       -       y       -       0       tlsproxy\n"
    "# Choose one: enable submission for loopback clients only, or for any client.\n"
    "#127.0.0.1:submission inet n -   y       -       -       smtpd\n"
    "#submission inet n       -       y       -       -       smtpd\n"
    "#  -o syslog_name=postfix/submission\n"
    "#  -o smtpd_tls_security_level=encrypt\n"
    "#  -o smtpd_sasl_auth_enable=yes\n"
    "#  -o smtpd_tls_auth_only=yes\n"
    "#  -o smtpd_reject_unlisted_recipient=no\n"
    "#     Instead of specifying complex smtpd_<xxx>_restrictions here,\n"
    "#     specify \"smtpd_<xxx>_restrictions=$mua_<xxx>_restrictions\"\n"
    "#     here, and specify mua_<xxx>_restrictions in main.cf (where\n"
    "#     \"<xxx>\" is \"client\", \"helo\", \"sender\", \"relay\", or \"recipient\").\n"
    "#  -o smtpd_client_restrictions=\n"
    "#  -o smtpd_helo_restrictions=\n"
    "#  -o smtpd_sender_restrictions=\n"
    "#  -o smtpd_relay_restrictions=\n"
    "#  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n"
    "#  -o milter_macro_daemon_name=ORIGINATING\n"
    "# Choose one: enable submissions for loopback clients only, or for any client.\n"
    "#127.0.0.1:submissions inet n  -       y       -       -       smtpd\n"
    "#submissions     inet  n       -       y       -       -       smtpd\n"
    "#  -o syslog_name=postfix/submissions\n"
    "#  -o smtpd_tls_wrappermode=yes\n"
    "#  -o smtpd_sasl_auth_enable=yes\n"
    "#  -o smtpd_reject_unlisted_recipient=no\n"
    "#     Instead of specifying complex smtpd_<xxx>_restrictions here,\n"
    "#     specify \"smtpd_<xxx>_restrictions=$mua_<xxx>_restrictions\"\n"
    "#     here, and specify mua_<xxx>_restrictions in main.cf (where\n"
    "#     \"<xxx>\" is \"client\", \"helo\", \"sender\", \"relay\", or \"recipient\").\n"
    "#  -o smtpd_client_restrictions=\n"
    "#  -o smtpd_helo_restrictions=\n"
    "#  -o smtpd_sender_restrictions=\n"
    "#  -o smtpd_relay_restrictions=\n"
    "#  -o smtpd_recipient_restrictions=permit_sasl_authenticated,reject\n"
    "#  -o milter_macro_daemon_name=ORIGINATING\n"
    "#628       inet  n       -       y       -       -       qmqpd\n"
    "pickup    unix  n       -       y       60      1       pickup\n"
    "cleanup   unix  n       -       y       -       0       cleanup\n"
    "qmgr      unix  n       -       n       300     1       qmgr\n"
    "#qmgr     unix  n       -       n       300     1       oqmgr\n"
    "tlsmgr    unix  -       -       y       1000?   1       tlsmgr\n"
    "rewrite   unix  -       -       y       -       -       trivial-rewrite\n"
    "bounce    unix  -       -       y       -       0       bounce\n"
    "defer     unix  -       -       y       -       0       bounce\n"
    "trace     unix  -       -       y       -       0       bounce\n"
    "verify    unix  -       -       y       -       1       verify\n"
    "flush     unix  n       -       y       1000?   0       flush\n"
    "proxymap  unix  -       -       n       -       -       proxymap\n"
    "proxywrite unix -       -       n       -       1       proxymap\n"
    "smtp      unix  -       -       y       -       -       smtp\n"
    "relay     unix  -       -       y       -       -       smtp\n"
    "        -o syslog_name=postfix/$service_name\n"
    "#       -o smtp_helo_timeout=5 -o smtp_connect_timeout=5\n"
    "showq     unix  n       -       y       -       -       showq\n"
    "error     unix  -       -       y       -       -       error\n"
    "retry     unix  -       -       y       -       -       error\n"
    "discard   unix  -       -       y       -       -       discard\n"
    "local     unix  -       n       n       -       -       local\n"
    "virtual   unix  -       n       n       -       -       virtual\n"
    "lmtp      unix  -       -       y       -       -       lmtp\n"
    "anvil     unix  -       -       y       -       1       anvil\n"
    "scache    unix  -       -       y       -       1       scache\n"
    "postlog   unix-dgram n  -       n       -       1       postlogd\n"
    "#\n"
    "# ====================================================================\n"
    "# Interfaces to non-Postfix software. Be sure to examine the manual\n"
    "# pages of the non-Postfix software to find out what options it wants.\n"
    "#\n"
    "# Many of the following services use the Postfix pipe(8) delivery\n"
    "# agent.  See the pipe(8) man page for information about ${recipient}\n"
    "# and other message envelope options.\n"
    "# ====================================================================\n"
    "#\n"
    "# maildrop. See the Postfix MAILDROP_README file for details.\n"
    "# Also specify in main.cf: maildrop_destination_recipient_limit=1\n"
    "#\n"
    "maildrop  unix  -       n       n       -       -       pipe\n"
    "  flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient}\n"
    "#\n"
    "# ====================================================================\n"
    "#\n"
    "# Recent Cyrus versions can use the existing \"lmtp\" master.cf entry.\n"
    "#\n"
    "# Specify in cyrus.conf:\n"
    "#   lmtp    cmd=\"lmtpd -a\" listen=\"localhost:lmtp\" proto=tcp4\n"
    "#\n"
    "# Specify in main.cf one or more of the following:\n"
    "#  mailbox_transport = lmtp:inet:localhost\n"
    "#  virtual_transport = lmtp:inet:localhost\n"
    "#\n"
    "# ====================================================================\n"
    "#\n"
    "# Cyrus 2.1.5 (Amos Gouaux)\n"
    "# Also specify in main.cf: cyrus_destination_recipient_limit=1\n"
    "#\n"
    "#cyrus     unix  -       n       n       -       -       pipe\n"
    "#  flags=DRX user=cyrus argv=/cyrus/bin/deliver -e -r ${sender} -m ${extension} ${user}\n"
    "#\n"
    "# ====================================================================\n"
    "# Old example of delivery via Cyrus.\n"
    "#\n"
    "#old-cyrus unix  -       n       n       -       -       pipe\n"
    "#  flags=R user=cyrus argv=/cyrus/bin/deliver -e -m ${extension} ${user}\n"
    "#\n"
    "# ====================================================================\n"
    "#\n"
    "# See the Postfix UUCP_README file for configuration details.\n"
    "#\n"
    "uucp      unix  -       n       n       -       -       pipe\n"
    "  flags=Fqhu user=uucp argv=uux -r -n -z -a$sender - $nexthop!rmail ($recipient)\n"
    "#\n"
    "# Other external delivery methods.\n"
    "#\n"
    "ifmail    unix  -       n       n       -       -       pipe\n"
    "  flags=F user=ftn argv=/usr/lib/ifmail/ifmail -r $nexthop ($recipient)\n"
    "bsmtp     unix  -       n       n       -       -       pipe\n"
    "  flags=Fq. user=bsmtp argv=/usr/lib/bsmtp/bsmtp -t$nexthop -f$sender $recipient\n"
    "scalemail-backend unix -       n       n       -       2       pipe\n"
    "  flags=R user=scalemail argv=/usr/lib/scalemail/bin/scalemail-store ${nexthop} ${user} ${extension}\n"
    "mailman   unix  -       n       n       -       -       pipe\n"
    "  flags=FRX user=list argv=/usr/lib/mailman/bin/postfix-to-mailman.py ${nexthop} ${user}\n";

static const struct {
    int     lineno;
    const char *line;
} stock_expect[] = {
    {12, "smtp       inet  n       -       y       -       -       smtpd"},
    {53, "pickup     unix  n       -       y       60      1       pickup"},
    {54, "cleanup    unix  n       -       y       -       0       cleanup"},
    {55, "qmgr       unix  n       -       n       300     1       qmgr"},
    {57, "tlsmgr     unix  -       -       y       1000?   1       tlsmgr"},
    {58, "rewrite    unix  -       -       y       -       -       trivial-rewrite"},
    {59, "bounce     unix  -       -       y       -       0       bounce"},
    {60, "defer      unix  -       -       y       -       0       bounce"},
    {61, "trace      unix  -       -       y       -       0       bounce"},
    {62, "verify     unix  -       -       y       -       1       verify"},
    {63, "flush      unix  n       -       y       1000?   0       flush"},
    {64, "proxymap   unix  -       -       n       -       -       proxymap"},
    {65, "proxywrite unix  -       -       n       -       1       proxymap"},
    {66, "smtp       unix  -       -       y       -       -       smtp"},
    {67, "relay      unix  -       -       y       -       -       smtp -o syslog_name=postfix/$service_name"},
    {70, "showq      unix  n       -       y       -       -       showq"},
    {71, "error      unix  -       -       y       -       -       error"},
    {72, "retry      unix  -       -       y       -       -       error"},
    {73, "discard    unix  -       -       y       -       -       discard"},
    {74, "local      unix  -       n       n       -       -       local"},
    {75, "virtual    unix  -       n       n       -       -       virtual"},
    {76, "lmtp       unix  -       -       y       -       -       lmtp"},
    {77, "anvil      unix  -       -       y       -       1       anvil"},
    {78, "scache     unix  -       -       y       -       1       scache"},
    {79, "postlog    unix-dgram n  -       n       -       1       postlogd"},
    {93, "maildrop   unix  -       n       n       -       -       pipe flags=DRXhu user=vmail argv=/usr/bin/maildrop -d ${recipient}"},
    {125, "uucp       unix  -       n       n       -       -       pipe flags=Fqhu user=uucp argv=uux -r -n -z -a$sender - $nexthop!rmail ($recipient)"},
    {130, "ifmail     unix  -       n       n       -       -       pipe flags=F user=ftn argv=/usr/lib/ifmail/ifmail -r $nexthop ($recipient)"},
    {132, "bsmtp      unix  -       n       n       -       -       pipe flags=Fq. user=bsmtp argv=/usr/lib/bsmtp/bsmtp -t$nexthop -f$sender $recipient"},
    {134, "scalemail-backend unix - n       n       -       2       pipe flags=R user=scalemail argv=/usr/lib/scalemail/bin/scalemail-store ${nexthop} ${user} ${extension}"},
    {136, "mailman    unix  -       n       n       -       -       pipe flags=FRX user=list argv=/usr/lib/mailman/bin/postfix-to-mailman.py ${nexthop} ${user}"},
};

#define NSTOCK	(sizeof(stock_expect) / sizeof(stock_expect[0]))

static struct master_ent **ents;
static size_t count;
static struct buf *err;

static int parse(const char *text, const char *path)
{
    if (err == NULL)
        err = buf_new(0);
    buf_reset(err);
    return master_cf_parse_text(text, strlen(text), path, &ents, &count, err);
}

static void teardown(void)
{
    master_cf_free(ents, count);
    ents = NULL;
    count = 0;
    buf_free(err);
    err = NULL;
}

static struct master_ent *find(const char *name, int type)
{
    size_t  i;

    for (i = 0; i < count; i++)
        if (strcmp(ents[i]->name, name) == 0 && ents[i]->type == type)
            return ents[i];
    ck_abort_msg("no entry %s", name);
    return NULL;
}

START_TEST(test_stock_format)
{
    struct buf *out = buf_new(0);
    size_t  i;

    ck_assert_int_eq(parse(stock_master_cf, "/etc/postfix/master.cf"), 0);
    ck_assert_uint_eq(count, NSTOCK);
    for (i = 0; i < count; i++) {
        buf_reset(out);
        master_ent_format(ents[i], out);
        ck_assert_str_eq(buf_str(out), stock_expect[i].line);
        ck_assert_int_eq(ents[i]->lineno, stock_expect[i].lineno);
    }
    /* Appends. */
    buf_set(out, ">");
    master_ent_format(ents[0], out);
    ck_assert_int_eq(strncmp(buf_str(out), ">smtp       inet  n ", 20), 0);
    buf_free(out);
}
END_TEST

START_TEST(test_stock_columns)
{
    struct master_ent *e;

    ck_assert_int_eq(parse(stock_master_cf, NULL), 0);
    e = find("smtp", MASTER_TYPE_INET);
    ck_assert_int_eq(e->private_, 0);
    ck_assert_int_eq(e->unpriv, 1);
    ck_assert_int_eq(e->chroot, 1);
    ck_assert_int_eq(e->wakeup, 0);
    ck_assert_int_eq(e->wakeup_cond, 0);
    ck_assert_int_eq(e->maxproc, -1);
    ck_assert_uint_eq(e->args->argc, 1);
    ck_assert_str_eq(e->args->argv[0], "smtpd");
    ck_assert_str_eq(e->col_private, "n");
    ck_assert_str_eq(e->col_unpriv, "-");
    ck_assert_str_eq(e->col_maxproc, "-");

    e = find("smtp", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->private_, 1);
    ck_assert_int_eq(e->lineno, 66);

    e = find("pickup", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->wakeup, 60);
    ck_assert_int_eq(e->wakeup_cond, 0);
    ck_assert_int_eq(e->maxproc, 1);

    e = find("tlsmgr", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->wakeup, 1000);
    ck_assert_int_eq(e->wakeup_cond, 1);
    ck_assert_str_eq(e->col_wakeup, "1000?");

    e = find("cleanup", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->maxproc, 0);
    ck_assert_int_eq(e->private_, 0);

    e = find("qmgr", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->chroot, 0);
    ck_assert_int_eq(e->wakeup, 300);

    e = find("local", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->unpriv, 0);

    e = find("postlog", MASTER_TYPE_UNIX_DGRAM);
    ck_assert_int_eq(e->private_, 0);
    ck_assert_int_eq(e->maxproc, 1);
    ck_assert_str_eq(e->args->argv[0], "postlogd");

    e = find("relay", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->lineno, 67);
    ck_assert_uint_eq(e->args->argc, 3);
    ck_assert_str_eq(e->args->argv[0], "smtp");
    ck_assert_str_eq(e->args->argv[1], "-o");
    ck_assert_str_eq(e->args->argv[2], "syslog_name=postfix/$service_name");
    ck_assert_ptr_null(e->args->argv[3]);

    e = find("maildrop", MASTER_TYPE_UNIX);
    ck_assert_uint_eq(e->args->argc, 6);
    ck_assert_str_eq(e->args->argv[5], "${recipient}");

    e = find("scalemail-backend", MASTER_TYPE_UNIX);
    ck_assert_int_eq(e->maxproc, 2);
}
END_TEST

START_TEST(test_defaults)
{
    struct master_ent *e;

    ck_assert_int_eq(parse("x unix - - - - - cmd\n", NULL), 0);
    ck_assert_uint_eq(count, 1);
    e = ents[0];
    ck_assert_int_eq(e->private_, 1);
    ck_assert_int_eq(e->unpriv, 1);
    ck_assert_int_eq(e->chroot, 0);
    ck_assert_int_eq(e->wakeup, 0);
    ck_assert_int_eq(e->wakeup_cond, 0);
    ck_assert_int_eq(e->maxproc, -1);
    ck_assert_int_eq(e->lineno, 1);
    teardown();
    ck_assert_int_eq(parse("x fifo y n y 0? 0 cmd\n", NULL), 0);
    e = ents[0];
    ck_assert_int_eq(e->type, MASTER_TYPE_FIFO);
    ck_assert_int_eq(e->private_, 1);
    ck_assert_int_eq(e->unpriv, 0);
    ck_assert_int_eq(e->chroot, 1);
    ck_assert_int_eq(e->wakeup, 0);
    ck_assert_int_eq(e->wakeup_cond, 1);
    ck_assert_int_eq(e->maxproc, 0);
    teardown();
    ck_assert_int_eq(parse("x pass - - - - - cmd\n", NULL), 0);
    ck_assert_int_eq(ents[0]->type, MASTER_TYPE_PASS);
    teardown();
    ck_assert_int_eq(parse("", NULL), 0);
    ck_assert_uint_eq(count, 0);
}
END_TEST

START_TEST(test_braces_and_continuation)
{
    static const char text[] =
        "# comment\n"
        "smtp      unix  -       -       y       -       -       smtp\n"
        "  # inner comment\n"
        "  -o { smtp_helo_name = a b c }\n"
        "\n"
        "\t-o {x=y}\r\n"
        "  -o {}\n"
        "very-long-service-name-here unix-dgram - n n 5? 0 foo {  a  b  } c\n"
        "127.0.0.1:10025 inet n - n - - smtpd -o {name = {nested} x}\n";
    struct buf *out = buf_new(0);
    struct master_ent *e;

    ck_assert_int_eq(parse(text, "master.cf"), 0);
    ck_assert_uint_eq(count, 3);
    e = ents[0];
    ck_assert_int_eq(e->lineno, 2);
    ck_assert_uint_eq(e->args->argc, 7);
    ck_assert_str_eq(e->args->argv[2], "smtp_helo_name = a b c");
    ck_assert_str_eq(e->args->argv[4], "x=y");
    ck_assert_str_eq(e->args->argv[6], "");
    master_ent_format(e, out);
    ck_assert_str_eq(buf_str(out), "smtp       unix  -       -       y       "
                     "-       -       smtp -o {smtp_helo_name=a b c} -o x=y "
                     "-o ");
    e = ents[1];
    ck_assert_int_eq(e->lineno, 8);
    ck_assert_str_eq(e->args->argv[1], "a  b");
    buf_reset(out);
    master_ent_format(e, out);
    ck_assert_str_eq(buf_str(out), "very-long-service-name-here unix-dgram - "
                     "n n 5?  0       foo a  b c");
    e = ents[2];
    ck_assert_int_eq(e->lineno, 9);
    ck_assert_str_eq(e->name, "127.0.0.1:10025");
    ck_assert_str_eq(e->args->argv[2], "name = {nested} x");
    buf_reset(out);
    master_ent_format(e, out);
    /* As postconf -M prints it. */
    ck_assert_str_eq(buf_str(out), "127.0.0.1:10025 inet n   -       n       "
                     "-       -       smtpd -o {name={nested} x}");
    buf_free(out);
}
END_TEST

#define PARSE_ERR(text, want) do { \
        ck_assert_int_eq(parse(text, "/etc/postern/master.cf"), -1); \
        ck_assert_str_eq(buf_str(err), "/etc/postern/master.cf, " want); \
        ck_assert_ptr_null(ents); \
        ck_assert_uint_eq(count, 0); \
    } while (0)

START_TEST(test_errors)
{
    /* Each error names the first physical line of its entry. */
    PARSE_ERR("a unix - - - - - a\n# c\nb\n",
              "line 3: missing \"type\" field");
    PARSE_ERR("a unix - - - - - a\nb unix\n",
              "line 2: missing \"private\" field");
    PARSE_ERR("a unix - - - - - a\nb unix -\n  - - -\n  -\n",
              "line 2: missing \"command\" field");
    PARSE_ERR("a unix - - - -\n", "line 1: missing \"maxproc\" field");
    PARSE_ERR("\n\na foo - - - - - cmd\n",
              "line 3: field \"type\": bad value: \"foo\"");
    PARSE_ERR("a UNIX - - - - - cmd\n",
              "line 1: field \"type\": bad value: \"UNIX\"");
    PARSE_ERR("a unix yes - - - - cmd\n",
              "line 1: field \"private\": bad value: \"yes\"");
    PARSE_ERR("a unix - x - - - cmd\n",
              "line 1: field \"unpriv\": bad value: \"x\"");
    PARSE_ERR("a unix - - q - - cmd\n",
              "line 1: field \"chroot\": bad value: \"q\"");
    PARSE_ERR("a unix - - - x - cmd\n",
              "line 1: field \"wakeup\": bad value: \"x\"");
    PARSE_ERR("a unix - - - 5?? - cmd\n",
              "line 1: field \"wakeup\": bad value: \"5??\"");
    PARSE_ERR("a unix - - - -5 - cmd\n",
              "line 1: field \"wakeup\": bad value: \"-5\"");
    PARSE_ERR("a unix - - - ? - cmd\n",
              "line 1: field \"wakeup\": bad value: \"?\"");
    PARSE_ERR("a unix - - - - 9999999999 cmd\n",
              "line 1: field \"maxproc\": bad value: \"9999999999\"");
    PARSE_ERR("a unix - - - - 1x cmd\n",
              "line 1: field \"maxproc\": bad value: \"1x\"");
    PARSE_ERR("# x\nsmtp inet y - - - - smtpd\n",
              "line 2: inet service cannot be private");
    PARSE_ERR("smtp inet - - - - - smtpd\n",
              "line 1: inet service cannot be private");
    PARSE_ERR("a unix - - - - - cmd\n  -o {a\n",
              "line 1: missing '}' in \"{a\"");
    PARSE_ERR("a unix - - - - - cmd\nb unix - - - - - cmd {a}b\n",
              "line 2: syntax error after '}' in \"{a}b\"");
    PARSE_ERR("a unix - - - - - cmd }a\n",
              "line 1: missing '{' in \"}a\"");
    PARSE_ERR(" a unix - - - - - cmd\n",
              "line 1: logical line must not start with whitespace");
    PARSE_ERR("# c\n\n  -o x=y\n",
              "line 3: logical line must not start with whitespace");
}
END_TEST

START_TEST(test_error_without_path)
{
    ck_assert_int_eq(parse("a unix - - - -\n", NULL), -1);
    ck_assert_str_eq(buf_str(err), "line 1: missing \"maxproc\" field");
}
END_TEST

START_TEST(test_read_file)
{
    char    dir[] = "/tmp/test_master_cf.XXXXXX";
    char    path[128];
    char    want[256];
    int     fd;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, sizeof(path), "%s/master.cf", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, stock_master_cf, strlen(stock_master_cf)),
                     (int) strlen(stock_master_cf));
    close(fd);
    err = buf_new(0);
    ck_assert_int_eq(master_cf_read(path, &ents, &count, err), 0);
    ck_assert_uint_eq(count, NSTOCK);
    master_cf_free(ents, count);

    fd = open(path, O_WRONLY | O_TRUNC);
    ck_assert_int_eq(write(fd, "a unix - - - - - a\nb bad\n", 25), 25);
    close(fd);
    ck_assert_int_eq(master_cf_read(path, &ents, &count, err), -1);
    snprintf(want, sizeof(want), "%s, line 2: missing \"private\" field",
             path);
    ck_assert_str_eq(buf_str(err), want);
    ck_assert_ptr_null(ents);
    unlink(path);

    ck_assert_int_eq(master_cf_read(path, &ents, &count, err), -1);
    snprintf(want, sizeof(want), "%s: open: No such file or directory", path);
    ck_assert_str_eq(buf_str(err), want);
    rmdir(dir);
    ents = NULL;
    count = 0;
}
END_TEST

START_TEST(test_type_names)
{
    ck_assert_str_eq(master_type_name(MASTER_TYPE_UNIX), "unix");
    ck_assert_str_eq(master_type_name(MASTER_TYPE_INET), "inet");
    ck_assert_str_eq(master_type_name(MASTER_TYPE_FIFO), "fifo");
    ck_assert_str_eq(master_type_name(MASTER_TYPE_PASS), "pass");
    ck_assert_str_eq(master_type_name(MASTER_TYPE_UNIX_DGRAM), "unix-dgram");
    ck_assert_str_eq(master_type_name(99), "unknown");
}
END_TEST

static Suite *master_cf_suite(void)
{
    Suite  *s = suite_create("master_cf");
    TCase  *tc = tcase_create("master_cf");

    tcase_add_checked_fixture(tc, NULL, teardown);
    tcase_add_test(tc, test_stock_format);
    tcase_add_test(tc, test_stock_columns);
    tcase_add_test(tc, test_defaults);
    tcase_add_test(tc, test_braces_and_continuation);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_error_without_path);
    tcase_add_test(tc, test_read_file);
    tcase_add_test(tc, test_type_names);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(master_cf_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
