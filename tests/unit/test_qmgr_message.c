/*
 * test_qmgr_message - unit tests for src/qmgr/qmgr_message.c
 *
 * Queue files written in cleanup's layout by qf_write (src/global/
 * queue_file.c) into a temporary queue directory are read back with
 * qmsg_load(): sender, arrival, data offset, content length, SMTPUTF8
 * flags, DSN attributes, each recipient's address, original address,
 * ORCPT, NOTIFY and the offset of its R record (exactly the offsets
 * qf_write reports); a recipient marked done ('D') is skipped; a
 * truncated file or one whose X record is damaged is moved to corrupt/.
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "queue_file.h"
#include "mail_params.h"
#include "../../src/qmgr/qmgr_params.c"
#include "../../src/qmgr/qmgr_message.c"

static char dir[64];
static struct qf_layout layout;

static const struct qf_rcpt rcpts[] = {
    {"a@example.com", NULL, NULL, 0},
    {"b@example.com", "B@Example.COM", "rfc822;B@Example.COM", 6},
    {"c@example.net", NULL, NULL, 8},
};

static void write_file(const char *id, int smtputf8)
{
    char    path[100];
    struct qf_message m;
    struct stream *s;
    int     fd;

    memset(&m, 0, sizeof(m));
    m.sender = "s@example.org";
    m.arrival.tv_sec = 1700000000;
    m.arrival.tv_usec = 123456;
    m.envelope_id = "ENV-1";
    m.ret_flags = 2;
    m.rcpt = rcpts;
    m.nrcpt = 3;
    m.body = "Subject: x\n\nbody line\n";
    m.body_len = strlen(m.body);
    m.encoding = "8bit";
    m.smtputf8 = smtputf8;
    snprintf(path, sizeof(path), "active/%s", id);
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0700);
    ck_assert_int_ge(fd, 0);
    s = stream_open(fd);
    qf_layout_free(&layout);			/* a second file in one test */
    memset(&layout, 0, sizeof(layout));
    ck_assert_int_eq(qf_write(s, &m, &layout), 0);
    ck_assert_int_eq(stream_close(s), 0);
}

static void poke(const char *id, long offset, char c)
{
    char    path[100];
    int     fd;

    snprintf(path, sizeof(path), "active/%s", id);
    fd = open(path, O_WRONLY);
    ck_assert_int_eq(pwrite(fd, &c, 1, offset), 1);
    close(fd);
}

static void setup(void)
{
    snprintf(dir, sizeof(dir), "/tmp/test_qmgr_message.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(dir));
    ck_assert_int_eq(chdir(dir), 0);
    mkdir("active", 0700);
    mkdir("corrupt", 0700);
    var_hash_queue_names = "deferred";
    var_hash_queue_depth = 1;
    var_qmgr_rcpt_limit = 100;
    memset(&layout, 0, sizeof(layout));
}

static void teardown(void)
{
    char    cmd[100];

    qf_layout_free(&layout);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}

START_TEST(test_envelope)
{
    struct qmsg *m;
    int     i;

    write_file("AAAA1", 3);
    m = qmsg_load("AAAA1");
    ck_assert_ptr_nonnull(m);
    ck_assert_str_eq(m->path, "active/AAAA1");
    ck_assert_str_eq(m->sender, "s@example.org");
    ck_assert_int_eq(m->arrival.tv_sec, 1700000000);
    ck_assert_int_eq(m->arrival.tv_usec, 123456);
    ck_assert_int_eq(m->data_offset, layout.data_offset);
    ck_assert_int_eq(m->data_size, layout.data_size);
    ck_assert_int_eq(m->content_len, layout.content_len);
    ck_assert_int_eq(m->smtputf8, 3);
    ck_assert_str_eq(m->envid, "ENV-1");
    ck_assert_int_eq(m->ret_flags, 2);
    ck_assert_str_eq(m->encoding, "8bit");
    ck_assert_str_eq(m->rewrite_context, "local");
    ck_assert_int_eq(m->nrcpt, 3);
    for (i = 0; i < 3; i++) {
        ck_assert_str_eq(m->rcpt[i].address, rcpts[i].address);
        ck_assert_int_eq(m->rcpt[i].offset, layout.rcpt_offset[i]);
        ck_assert_int_eq(m->rcpt[i].notify, rcpts[i].notify);
    }
    ck_assert_str_eq(m->rcpt[1].orig, "B@Example.COM");
    ck_assert_str_eq(m->rcpt[1].orcpt, "rfc822;B@Example.COM");
    ck_assert_str_eq(m->rcpt[2].orcpt, "");
    qmsg_free(m);
}
END_TEST

START_TEST(test_done_skipped)
{
    struct qmsg *m;

    write_file("AAAA2", 0);
    poke("AAAA2", layout.rcpt_offset[1], 'D');
    m = qmsg_load("AAAA2");
    ck_assert_ptr_nonnull(m);
    ck_assert_int_eq(m->nrcpt, 2);
    ck_assert_str_eq(m->rcpt[0].address, "a@example.com");
    ck_assert_str_eq(m->rcpt[1].address, "c@example.net");
    /* The done recipient's O/o/n do not stick to the next one. */
    ck_assert_str_eq(m->rcpt[1].orig, "c@example.net");
    ck_assert_str_eq(m->rcpt[1].orcpt, "");
    ck_assert_int_eq(m->rcpt[1].notify, 8);
    ck_assert_int_eq(m->rcpt[1].offset, layout.rcpt_offset[2]);
    qmsg_free(m);
}
END_TEST

START_TEST(test_corrupt)
{
    struct stat st;

    write_file("AAAA3", 0);
    poke("AAAA3", layout.xtra_offset, 'Z');
    ck_assert_ptr_null(qmsg_load("AAAA3"));
    ck_assert_int_eq(stat("corrupt/AAAA3", &st), 0);
    ck_assert_int_lt(stat("active/AAAA3", &st), 0);

    write_file("AAAA4", 0);
    ck_assert_int_eq(truncate("active/AAAA4", layout.xtra_offset + 1), 0);
    ck_assert_ptr_null(qmsg_load("AAAA4"));
    ck_assert_int_eq(stat("corrupt/AAAA4", &st), 0);

    ck_assert_ptr_null(qmsg_load("NOSUCH1"));	/* gone: just NULL */
}
END_TEST

START_TEST(test_recipient_limit)
{
    struct stat st;

    var_qmgr_rcpt_limit = 2;
    write_file("AAAA5", 0);
    ck_assert_ptr_null(qmsg_load("AAAA5"));
    ck_assert_int_eq(stat("corrupt/AAAA5", &st), 0);	/* kept, not lost */
}
END_TEST

int     main(void)
{
    Suite  *su = suite_create("qmgr_message");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_envelope);
    tcase_add_test(tc, test_done_skipped);
    tcase_add_test(tc, test_corrupt);
    tcase_add_test(tc, test_recipient_limit);
    suite_add_tcase(su, tc);
    sr = srunner_create(su);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
