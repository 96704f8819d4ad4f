/*
 * test_cleanup - the cleanup daemon's session, records in, queue file out
 *
 * Each test writes a client's side of the cleanup protocol (flags and
 * records, as post_mail sends them) into one end of a socketpair, runs
 * cleanup_session() on the other end in this process (in a temporary
 * queue directory), then reads the announcement and reply and the queue
 * file back with the record reader.  Asserted: the status bits and
 * reasons, exactly one file named by the announced queue ID with mode
 * 0700 on success and no file at all (not even a temporary one) on a
 * refusal or a disconnect, the record sequence, the size record fields,
 * DSN records, 'L' splitting at line_length_limit, the -t extraction,
 * message_size_limit and hopcount_limit; short and long queue IDs.
 */
#include <check.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "attr.h"
#include "buf.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "msg.h"
#include "queue_file.h"
#include "record.h"
#include "stream.h"

#include "../../src/cleanup/cleanup_envelope.c"
#include "../../src/cleanup/cleanup_extracted.c"
#include "../../src/cleanup/cleanup_header.c"
#include "../../src/cleanup/cleanup_message.c"
#include "../../src/cleanup/cleanup_out.c"
#include "../../src/cleanup/cleanup_params.c"
#include "../../src/cleanup/cleanup_session.c"

static char qdir[64];
static struct stream *cl;		/* the client's end */
static struct stream *srv;
static struct buf *queue_id;
static struct buf *reason;

static void setup(void)
{
    int     sv[2];

    strcpy(qdir, "/tmp/test_cleanup.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(qdir));
    ck_assert_int_eq(chdir(qdir), 0);
    var_myhostname = "mta.example.test";
    var_myorigin = "example.test";
    var_mail_name = "postern";
    var_queue_service = "qmgr";
    var_hash_queue_names = "deferred, defer";
    var_hash_queue_depth = 1;
    var_long_queue_ids = 0;
    var_message_limit = 10240000;
    var_header_limit = 102400;
    var_line_limit = 2048;
    var_hopcount_limit = 50;
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    cl = stream_open(sv[0]);
    srv = stream_open(sv[1]);
    stream_set_timeout(cl, 5000);
    stream_set_timeout(srv, 5000);
    queue_id = buf_new(32);
    reason = buf_new(100);
    attr_print(cl, ATTR_ENC_0, ATTR_FLAG_NONE,
               SEND_INT("flags", CLEANUP_FLAG_MASK_EXTERNAL), ATTR_END);
}

static void teardown(void)
{
    char    cmd[100];

    if (cl)
        stream_close(cl);
    buf_free(queue_id);
    buf_free(reason);
    ck_assert_int_eq(chdir("/"), 0);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", qdir);
    ck_assert_int_eq(system(cmd), 0);
}

static void rec(int type, const char *text)
{
    ck_assert_int_eq(rec_fputs(cl, type, text), type);
}

static void envelope(const char *sender, const char *rcpt)
{
    rec(REC_TYPE_TIME, "1700000000 5");
    rec(REC_TYPE_ATTR, "rewrite_context=local");
    rec(REC_TYPE_FROM, sender);
    if (rcpt)
        rec(REC_TYPE_RCPT, rcpt);
    rec(REC_TYPE_MESG, "");
}

/* serve - run the session; -1 if no reply came, else the status */

static int serve(void)
{
    int     status = -1;

    ck_assert_int_eq(stream_flush(cl), 0);
    cleanup_session(srv);
    stream_close(srv);
    ck_assert_int_eq(attr_scan(cl, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_STREQ("protocol", "cleanup_protocol"),
                               RECV_STR("queue_id", queue_id), ATTR_END), 1);
    if (attr_scan(cl, ATTR_ENC_0, ATTR_FLAG_STRICT,
                  RECV_INT("status", &status), RECV_STR("reason", reason),
                  ATTR_END) != 2)
        return -1;
    return status;
}

/* incoming_entries - names in incoming/, "" if none */

static int incoming_entries(void)
{
    DIR    *d = opendir("incoming");
    struct dirent *e;
    int     n = 0;

    if (d == NULL)
        return 0;
    while ((e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
            n++;
    closedir(d);
    return n;
}

/* open_queue_file - the announced file, mode checked */

static struct stream *open_queue_file(void)
{
    char    path[200];
    struct stat sb;
    int     fd;

    snprintf(path, sizeof(path), "incoming/%s", buf_str(queue_id));
    ck_assert_int_eq(stat(path, &sb), 0);
    ck_assert_int_eq(sb.st_mode & 07777, 0700);
    ck_assert_int_eq(incoming_entries(), 1);
    fd = open(path, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    return stream_open(fd);
}

/* expect - the next record's type and payload (NULL: any payload) */

static void expect(struct stream *f, struct buf *b, int type, const char *text)
{
    int     got = rec_get_raw(f, b, 0, REC_FLAG_NONE);

    ck_assert_msg(got == type, "record type %c, expected %c (payload %s)",
                  got, type, buf_str(b));
    if (text)
        ck_assert_str_eq(buf_str(b), text);
}

START_TEST(test_basic_layout)
{
    struct stream *f;
    struct buf *b = buf_new(100);
    long    fields[6];
    long    data_offset, xtra_offset;

    envelope("alice", "bob@remote.test");
    rec(REC_TYPE_NORM, "Subject: s");
    rec(REC_TYPE_NORM, "");
    rec(REC_TYPE_NORM, "body");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), 0);
    ck_assert_str_eq(buf_str(reason), "");
    f = open_queue_file();
    expect(f, b, REC_TYPE_SIZE, NULL);
    expect(f, b, REC_TYPE_TIME, "1700000000 5");
    expect(f, b, REC_TYPE_ATTR, NULL);
    ck_assert(strncmp(buf_str(b), "create_time=", 12) == 0);
    expect(f, b, REC_TYPE_ATTR, "rewrite_context=local");
    expect(f, b, REC_TYPE_FROM, "alice@example.test");
    expect(f, b, REC_TYPE_ATTR, "dsn_orig_rcpt=rfc822;bob@remote.test");
    expect(f, b, REC_TYPE_ORCP, "bob@remote.test");
    expect(f, b, REC_TYPE_RCPT, "bob@remote.test");
    expect(f, b, REC_TYPE_MESG, "");
    data_offset = stream_tell(f);
    expect(f, b, REC_TYPE_NORM, NULL);
    ck_assert(strncmp(buf_str(b), "Received: by mta.example.test (postern,"
                      " from userid ", 52) == 0);
    expect(f, b, REC_TYPE_NORM, NULL);
    ck_assert(strncmp(buf_str(b), "\tid ", 4) == 0);
    ck_assert(strstr(buf_str(b), buf_str(queue_id)) != NULL);
    expect(f, b, REC_TYPE_NORM, "Subject: s");
    expect(f, b, REC_TYPE_NORM, NULL);
    ck_assert(strncmp(buf_str(b), "Message-Id: <", 13) == 0);
    expect(f, b, REC_TYPE_NORM, NULL);
    ck_assert(strncmp(buf_str(b), "Date: ", 6) == 0);
    expect(f, b, REC_TYPE_NORM, "From: alice@example.test");
    expect(f, b, REC_TYPE_NORM, "");
    expect(f, b, REC_TYPE_NORM, "body");
    xtra_offset = stream_tell(f);
    expect(f, b, REC_TYPE_XTRA, "");
    expect(f, b, REC_TYPE_END, "");
    ck_assert_int_eq(rec_get_raw(f, b, 0, REC_FLAG_NONE), REC_TYPE_EOF);
    ck_assert_int_eq(qf_read_size(f, fields), 0);
    ck_assert_int_eq(fields[0], xtra_offset - data_offset);
    ck_assert_int_eq(fields[1], data_offset);
    ck_assert_int_eq(fields[2], 1);
    ck_assert_int_eq(fields[3], 0);
    ck_assert_int_eq(fields[4], fields[0]);
    ck_assert_int_eq(fields[5], 0);
    stream_close(f);
    buf_free(b);
}
END_TEST

START_TEST(test_dsn_records)
{
    struct stream *f;
    struct buf *b = buf_new(100);
    long    fields[6];

    rec(REC_TYPE_TIME, "1700000000 5");
    rec(REC_TYPE_FROM, "");
    rec(REC_TYPE_ATTR, "envelope_id=ENV1");
    rec(REC_TYPE_ATTR, "ret_flags=2");
    rec(REC_TYPE_ATTR, "encoding=8bit");
    rec(REC_TYPE_ATTR, "notify_flags=6");
    rec(REC_TYPE_ORCP, "Bob@Remote.test");
    rec(REC_TYPE_RCPT, "bob@remote.test");
    rec(REC_TYPE_DSN_ORCPT, "rfc822;carol@x.test");
    rec(REC_TYPE_RCPT, "carol");
    rec(REC_TYPE_MESG, "");
    rec(REC_TYPE_NORM, "");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), 0);
    f = open_queue_file();
    expect(f, b, REC_TYPE_SIZE, NULL);
    expect(f, b, REC_TYPE_TIME, NULL);
    expect(f, b, REC_TYPE_ATTR, NULL);
    expect(f, b, REC_TYPE_FROM, "");
    expect(f, b, REC_TYPE_ATTR, "envelope_id=ENV1");
    expect(f, b, REC_TYPE_ATTR, "ret_flags=2");
    expect(f, b, REC_TYPE_ATTR, "notify_flags=6");
    expect(f, b, REC_TYPE_ATTR, "dsn_orig_rcpt=rfc822;Bob@Remote.test");
    expect(f, b, REC_TYPE_ORCP, "Bob@Remote.test");
    expect(f, b, REC_TYPE_RCPT, "bob@remote.test");
    expect(f, b, REC_TYPE_ATTR, "dsn_orig_rcpt=rfc822;carol@x.test");
    expect(f, b, REC_TYPE_ORCP, "carol");
    expect(f, b, REC_TYPE_RCPT, "carol@example.test");
    expect(f, b, REC_TYPE_MESG, "");
    while (rec_get_raw(f, b, 0, REC_FLAG_NONE) == REC_TYPE_NORM)
         /* headers */ ;
    expect(f, b, REC_TYPE_ATTR, "encoding=8bit");
    expect(f, b, REC_TYPE_END, "");
    ck_assert_int_eq(qf_read_size(f, fields), 0);
    ck_assert_int_eq(fields[2], 2);
    ck_assert_int_eq(fields[3], 6 << 1);
    stream_close(f);
    buf_free(b);
}
END_TEST

START_TEST(test_long_line_split)
{
    struct stream *f;
    struct buf *b = buf_new(100);
    char   *line = malloc(5001);

    memset(line, 'a', 5000);
    line[5000] = 0;
    envelope("alice@example.test", "bob@remote.test");
    rec(REC_TYPE_NORM, "");
    rec(REC_TYPE_NORM, line);
    rec(REC_TYPE_CONT, "tail-without-newline");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), 0);
    f = open_queue_file();
    while (rec_get_raw(f, b, 0, REC_FLAG_NONE) != REC_TYPE_MESG)
         /* envelope */ ;
    while (rec_get_raw(f, b, 0, REC_FLAG_NONE) == REC_TYPE_NORM
           && buf_len(b) > 0)
         /* headers */ ;
    expect(f, b, REC_TYPE_CONT, NULL);
    ck_assert_uint_eq(buf_len(b), 2048);
    expect(f, b, REC_TYPE_CONT, NULL);
    ck_assert_uint_eq(buf_len(b), 2048);
    expect(f, b, REC_TYPE_NORM, NULL);
    ck_assert_uint_eq(buf_len(b), 904);
    expect(f, b, REC_TYPE_CONT, "tail-without-newline");
    expect(f, b, REC_TYPE_XTRA, "");
    stream_close(f);
    buf_free(b);
    free(line);
}
END_TEST

START_TEST(test_extract_rcpts)
{
    struct stream *f;
    struct buf *b = buf_new(100);
    long    fields[6];

    rec(REC_TYPE_FROM, "alice");
    rec(REC_TYPE_FLGS, "65536");
    rec(REC_TYPE_RCPT, "a@x.test");
    rec(REC_TYPE_MESG, "");
    rec(REC_TYPE_NORM, "To: a@x.test, b");
    rec(REC_TYPE_NORM, "Bcc: c@x.test");
    rec(REC_TYPE_NORM, "");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), 0);
    f = open_queue_file();
    while (rec_get_raw(f, b, 0, REC_FLAG_NONE) != REC_TYPE_XTRA)
        ck_assert(strncmp(buf_str(b), "Bcc:", 4) != 0);
    expect(f, b, REC_TYPE_ATTR, "dsn_orig_rcpt=rfc822;b@example.test");
    expect(f, b, REC_TYPE_ORCP, "b@example.test");
    expect(f, b, REC_TYPE_RCPT, "b@example.test");
    expect(f, b, REC_TYPE_ATTR, NULL);
    expect(f, b, REC_TYPE_ORCP, "c@x.test");
    expect(f, b, REC_TYPE_RCPT, "c@x.test");
    expect(f, b, REC_TYPE_END, "");
    ck_assert_int_eq(qf_read_size(f, fields), 0);
    ck_assert_int_eq(fields[2], 3);
    stream_close(f);
    buf_free(b);
}
END_TEST

START_TEST(test_size_limit)
{
    int     i;

    var_message_limit = 2000;
    envelope("alice", "bob@remote.test");
    rec(REC_TYPE_NORM, "");
    for (i = 0; i < 50; i++)
        rec(REC_TYPE_NORM, "0123456789012345678901234567890123456789"
            "012345678901234567890123456789");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), CLEANUP_STAT_SIZE);
    ck_assert(strstr(buf_str(reason), "message file too big") != NULL);
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_hop_limit)
{
    var_hopcount_limit = 2;
    envelope("alice", "bob@remote.test");
    rec(REC_TYPE_NORM, "Received: one");
    rec(REC_TYPE_NORM, "Received: two");
    rec(REC_TYPE_NORM, "Delivered-To: three");
    rec(REC_TYPE_NORM, "");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), CLEANUP_STAT_HOPS);
    ck_assert_str_eq(buf_str(reason), "too many hops (3)");
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_no_recipients)
{
    envelope("alice", NULL);
    rec(REC_TYPE_NORM, "To: a@x.test");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), CLEANUP_STAT_RCPT);
    ck_assert_str_eq(buf_str(reason), "no recipients specified");
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_protocol_errors)
{
    rec(REC_TYPE_FROM, "a");
    rec(REC_TYPE_FROM, "b");
    rec(REC_TYPE_RCPT, "r@x.test");
    rec(REC_TYPE_MESG, "");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), CLEANUP_STAT_BAD);
    ck_assert_str_eq(buf_str(reason), "duplicate sender record");
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_bad_record_in_content)
{
    envelope("a", "r@x.test");
    rec(REC_TYPE_RCPT, "late@x.test");
    rec(REC_TYPE_XTRA, "");
    rec(REC_TYPE_END, "");
    ck_assert_int_eq(serve(), CLEANUP_STAT_BAD);
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_disconnect_mid_message)
{
    envelope("alice", "bob@remote.test");
    rec(REC_TYPE_NORM, "Subject: cut");
    rec(REC_TYPE_NORM, "");
    rec(REC_TYPE_NORM, "half a bo");
    ck_assert_int_eq(stream_flush(cl), 0);
    ck_assert_int_eq(shutdown(stream_fd(cl), SHUT_WR), 0);
    ck_assert_int_eq(serve(), -1);
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_truncated_record)
{
    static const char cut[] = { 'N', 0x10, 'a', 'b' };	/* 16 announced */

    envelope("alice", "bob@remote.test");
    ck_assert_int_eq(stream_write(cl, cut, sizeof(cut)), 0);
    ck_assert_int_eq(stream_flush(cl), 0);
    ck_assert_int_eq(shutdown(stream_fd(cl), SHUT_WR), 0);
    ck_assert_int_eq(serve(), -1);
    ck_assert_int_eq(incoming_entries(), 0);
}
END_TEST

START_TEST(test_queue_ids)
{
    struct timeval tv = { 1700000000, 123456 };
    struct buf *id = buf_new(32);
    struct buf *hash = buf_new(8);

    make_queue_id(id, &tv, (ino_t) 0xABCDE);
    ck_assert_str_eq(buf_str(id), "1E240ABCDE");
    var_long_queue_ids = 1;
    make_queue_id(id, &tv, (ino_t) 12345);
    var_long_queue_ids = 0;
    ck_assert_uint_eq(buf_len(id), 10 + 1 + 3);
    ck_assert_int_eq(buf_str(id)[10], 'z');
    ck_assert_ptr_null(strchr(buf_str(id) + 11, 'z'));
    ck_assert(mail_queue_id_ok(buf_str(id)));
    /* the hash directory comes from the microseconds: %05X = 1E240 */
    mail_queue_hash(hash, buf_str(id), 2);
    ck_assert_str_eq(buf_str(hash), "1/E/");
    buf_free(id);
    buf_free(hash);
}
END_TEST

START_TEST(test_strerror)
{
    ck_assert_str_eq(cleanup_strerror(0), "success");
    ck_assert_str_eq(cleanup_strerror(CLEANUP_STAT_SIZE), "message file too big");
    ck_assert_str_eq(cleanup_strerror(CLEANUP_STAT_SIZE | CLEANUP_STAT_WRITE),
                     "message file too big");
    ck_assert_str_eq(cleanup_dsn_status(CLEANUP_STAT_SIZE), "5.3.4");
    ck_assert_str_eq(cleanup_dsn_status(CLEANUP_STAT_WRITE), "4.3.0");
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("cleanup");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_basic_layout);
    tcase_add_test(tc, test_dsn_records);
    tcase_add_test(tc, test_long_line_split);
    tcase_add_test(tc, test_extract_rcpts);
    tcase_add_test(tc, test_size_limit);
    tcase_add_test(tc, test_hop_limit);
    tcase_add_test(tc, test_no_recipients);
    tcase_add_test(tc, test_protocol_errors);
    tcase_add_test(tc, test_bad_record_in_content);
    tcase_add_test(tc, test_disconnect_mid_message);
    tcase_add_test(tc, test_truncated_record);
    tcase_add_test(tc, test_queue_ids);
    tcase_add_test(tc, test_strerror);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
