/*
 * test_queue_file - unit tests for queue_file.c
 *
 * Writes complete queue files with qf_write and checks the bytes that
 * matter (C record fields, R offsets, the content records incl. L+N
 * splitting and a trailing L), reads the content back through the
 * iterator (records and lines, pieces with a limit, pointers and
 * padding inside the content), detects corruption (a record other
 * than N/L before X, truncation, a pointer loop through content), and,
 * when Postfix's postcat is installed, checks that postcat reads the
 * file the same way (skipped otherwise).
 */
#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "queue_file.h"
#include "record.h"
#include "stream.h"

#define POSTCAT	"/usr/sbin/postcat"

static struct stream *mem_stream(void)
{
    int     fd = memfd_create("test_queue_file", 0);
    struct stream *s;

    ck_assert_int_ge(fd, 0);
    s = stream_open(fd);
    stream_set_name(s, "qfile");
    return s;
}

static void quiet(void)
{
    ck_assert_int_eq(msg_file_open("/dev/null", "testhost"), 0);
}

static const struct qf_rcpt rcpts[] = {
    {"a@example.com", NULL, NULL, 0},
    {"b@example.com", "B@Example.COM", "rfc822;B@Example.COM", 2 | 4},
    {"c@example.com", NULL, NULL, 8},
};

/* sample - a message with 3 recipients and the given body */

static void sample(struct qf_message *m, const char *body, size_t limit)
{
    static const char *const attrs[] = {"log_client_name=client.example",
        "log_client_address=192.0.2.1", NULL};

    memset(m, 0, sizeof(*m));
    m->sender = "sender@example.org";
    m->fullname = "Sender Name";
    m->arrival.tv_sec = 1700000000;
    m->arrival.tv_usec = 123456;
    m->envelope_id = "ENVID1";
    m->ret_flags = 2;
    m->trace_flags = 0;
    m->attrs = attrs;
    m->rcpt = rcpts;
    m->nrcpt = 3;
    m->body = body;
    m->body_len = strlen(body);
    m->line_limit = limit;
    m->encoding = "7bit";
}

static const char body1[] =
    "Subject: x\n"			/* 10 bytes: the limit, one N */
    "From: <a>\n"
    "\n"
    "0123456789abcdefghij0123\r\n"	/* 24 bytes: 10 + 10 + 4 */
    ".dot\n"
    "\n"
    "last without newline";		/* 20 bytes: 10 + 10, both L */

START_TEST(test_write_layout)
{
    struct stream *s = mem_stream();
    struct qf_message m;
    struct qf_layout l;
    struct buf *b = buf_new(0);
    long    f[6];
    int     i;

    sample(&m, body1, 10);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    ck_assert_int_eq(qf_read_size(s, f), 0);
    ck_assert_int_eq(f[0], l.data_size);
    ck_assert_int_eq(f[1], l.data_offset);
    ck_assert_int_eq(f[2], 3);
    ck_assert_int_eq(f[3], (2 | 4 | 8) << 1);
    ck_assert_int_eq(f[4], l.content_len);
    ck_assert_int_eq(f[5], 0);
    /* body bytes less the CR, plus one per newline */
    ck_assert_int_eq(l.content_len, (long) strlen(body1) - 1);
    ck_assert_int_eq(l.xtra_offset - l.data_offset, l.data_size);

    /* the record right before each R offset is O, the R has the address */
    for (i = 0; i < 3; i++) {
        ck_assert_int_eq(stream_seek(s, l.rcpt_offset[i], SEEK_SET),
                         l.rcpt_offset[i]);
        ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'R');
        ck_assert_str_eq(buf_str(b), rcpts[i].address);
    }
    /* the record before data_offset is M; X at xtra_offset */
    ck_assert_int_eq(stream_seek(s, l.data_offset - 2, SEEK_SET),
                     l.data_offset - 2);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'M');
    ck_assert_int_eq(stream_seek(s, l.xtra_offset, SEEK_SET), l.xtra_offset);
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'X');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'A');
    ck_assert_str_eq(buf_str(b), "encoding=7bit");
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), 'E');
    ck_assert_int_eq(rec_get_raw(s, b, 0, REC_FLAG_NONE), REC_TYPE_EOF);
    qf_layout_free(&l);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* The envelope in cleanup's order, record by record. */
START_TEST(test_write_envelope)
{
    static const char *const want[] = {
        "C", "T1700000000 123456", "Acreate_time=1700000000",
        "FSender Name", "Ssender@example.org", "Arewrite_context=local",
        "Aenvelope_id=ENVID1", "Aret_flags=2",
        "Alog_client_name=client.example", "Alog_client_address=192.0.2.1",
        "Oa@example.com", "Ra@example.com",
        "Anotify_flags=6", "Adsn_orig_rcpt=rfc822;B@Example.COM",
        "OB@Example.COM", "Rb@example.com",
        "Anotify_flags=8", "Oc@example.com", "Rc@example.com", "M", NULL,
    };
    struct stream *s = mem_stream();
    struct qf_message m;
    struct qf_layout l;
    struct buf *b = buf_new(0);
    int     i, type;

    sample(&m, "x\n", 0);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    ck_assert_int_eq(stream_seek(s, 0, SEEK_SET), 0);
    for (i = 0; want[i]; i++) {
        type = rec_get_raw(s, b, 0, REC_FLAG_NONE);
        ck_assert_int_eq(type, want[i][0]);
        if (type != 'C')
            ck_assert_str_eq(buf_str(b), want[i] + 1);
    }
    ck_assert_int_eq(stream_tell(s), l.data_offset);
    qf_layout_free(&l);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* Content records: L+N splitting, CR dropped, trailing L pieces. */
START_TEST(test_records)
{
    static const struct {
        int     ret;
        const char *text;
    } want[] = {
        {QF_NORM, "Subject: x"}, {QF_NORM, "From: <a>"},
        {QF_NORM, ""}, {QF_CONT, "0123456789"}, {QF_CONT, "abcdefghij"},
        {QF_NORM, "0123"}, {QF_NORM, ".dot"}, {QF_NORM, ""},
        {QF_CONT, "last witho"}, {QF_CONT, "ut newline"}, {QF_END, ""},
        {QF_END, ""},
    };
    struct stream *s = mem_stream();
    struct qf_message m;
    struct qf_layout l;
    struct qf_reader *r;
    struct buf *b = buf_new(0);
    size_t  i;

    sample(&m, body1, 10);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    r = qf_reader_open(s, l.data_offset);
    ck_assert_ptr_nonnull(r);
    for (i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
        ck_assert_int_eq(qf_next_record(r, b), want[i].ret);
        if (want[i].ret != QF_END)
            ck_assert_str_eq(buf_str(b), want[i].text);
    }
    qf_reader_free(r);
    qf_layout_free(&l);
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_lines)
{
    struct stream *s = mem_stream();
    struct qf_message m;
    struct qf_layout l;
    struct qf_reader *r;
    struct buf *b = buf_new(0);

    sample(&m, body1, 10);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "Subject: x");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "0123456789abcdefghij0123");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), ".dot");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LAST);
    ck_assert_str_eq(buf_str(b), "last without newline");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_END);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_END);
    qf_reader_free(r);

    /* with a limit: pieces of at least the limit */
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_PIECE);
    ck_assert_str_eq(buf_str(b), "0123456789abcdefghij");
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LINE);
    ck_assert_str_eq(buf_str(b), "0123");
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_PIECE);
    ck_assert_str_eq(buf_str(b), "last without newline");
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_LAST);
    ck_assert_str_eq(buf_str(b), "");
    ck_assert_int_eq(qf_next_line(r, b, 15), QF_END);
    qf_reader_free(r);
    qf_layout_free(&l);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* Empty body; body ending in newline; a line of exactly the limit. */
START_TEST(test_edge_bodies)
{
    struct stream *s;
    struct qf_message m;
    struct qf_layout l;
    struct qf_reader *r;
    struct buf *b = buf_new(0);

    s = mem_stream();
    sample(&m, "", 0);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    ck_assert_int_eq(l.data_size, 0);
    ck_assert_int_eq(l.content_len, 0);
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_END);
    qf_reader_free(r);
    qf_layout_free(&l);
    stream_close(s);

    s = mem_stream();
    sample(&m, "0123456789\n", 10);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    ck_assert_int_eq(l.data_size, 12);
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_record(r, b), QF_NORM);
    ck_assert_str_eq(buf_str(b), "0123456789");
    ck_assert_int_eq(qf_next_record(r, b), QF_END);
    qf_reader_free(r);
    qf_layout_free(&l);
    stream_close(s);
    buf_free(b);
}
END_TEST

/* poke - overwrite one byte of the file */

static void poke(struct stream *s, long off, int c)
{
    unsigned char ch = (unsigned char) c;

    ck_assert_int_eq(pwrite(stream_fd(s), &ch, 1, off), 1);
}

START_TEST(test_corruption)
{
    struct stream *s = mem_stream();
    struct qf_message m;
    struct qf_layout l;
    struct qf_reader *r;
    struct buf *b = buf_new(0);
    int     ret, n;

    quiet();
    sample(&m, "a\nb\n", 0);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);

    /* X replaced: the first non-N/L record is not X */
    poke(s, l.xtra_offset, 'R');
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_CORRUPT);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_CORRUPT);
    qf_reader_free(r);
    poke(s, l.xtra_offset, 'X');

    /* an L right before a bad record: corrupt, not QF_LAST */
    poke(s, l.data_offset + 3, 'L');
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LAST);
    ck_assert_str_eq(buf_str(b), "b");
    qf_reader_free(r);
    poke(s, l.xtra_offset, 'S');
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_CORRUPT);
    qf_reader_free(r);
    poke(s, l.xtra_offset, 'X');
    poke(s, l.data_offset + 3, 'N');

    /* truncated in the content */
    ck_assert_int_eq(ftruncate(stream_fd(s), l.data_offset + 4), 0);
    r = qf_reader_open(s, l.data_offset);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_CORRUPT);
    qf_reader_free(r);

    /* truncated right after the content: end of file is corrupt too */
    ck_assert_int_eq(ftruncate(stream_fd(s), l.data_offset + 6), 0);
    r = qf_reader_open(s, l.data_offset);
    n = 0;
    while ((ret = qf_next_record(r, b)) == QF_NORM)
        n++;
    ck_assert_int_eq(n, 2);
    ck_assert_int_eq(ret, QF_CORRUPT);
    qf_reader_free(r);

    /* a bad data offset */
    ck_assert_ptr_null(qf_reader_open(s, 0));
    ck_assert_ptr_null(qf_reader_open(s, -5));
    qf_layout_free(&l);
    buf_free(b);
    stream_close(s);
    msg_file_open(NULL, NULL);
}
END_TEST

/*
 * Pointers in the content, as cleanup writes them with Milters: a dummy
 * pointer after the headers, a real one to text after E and back.
 */
START_TEST(test_content_pointers)
{
    struct stream *s = mem_stream();
    struct qf_reader *r;
    struct buf *b = buf_new(0);
    long    data, slot, back, added;

    (void) rec_fputs(s, 'M', "");
    data = (long) stream_tell(s);
    (void) rec_fputs(s, 'N', "Subject: x");
    slot = (long) stream_tell(s);
    (void) rec_fprintf(s, 'p', REC_TYPE_PTR_FORMAT, 0L);
    back = (long) stream_tell(s);
    (void) rec_fputs(s, 'N', "body");
    (void) rec_fputs(s, 'w', "padding");
    (void) rec_fputs(s, 'X', "");
    (void) rec_fputs(s, 'E', "");
    added = (long) stream_tell(s);
    (void) rec_fputs(s, 'N', "X-Added: yes");
    (void) rec_fprintf(s, 'p', REC_TYPE_PTR_FORMAT, back);
    ck_assert_int_eq(stream_flush(s), 0);

    r = qf_reader_open(s, data);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "body");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_END);
    qf_reader_free(r);

    /* activate the slot */
    ck_assert_int_eq(stream_seek(s, slot, SEEK_SET), slot);
    (void) rec_fprintf(s, 'p', REC_TYPE_PTR_FORMAT, added);
    ck_assert_int_eq(stream_flush(s), 0);
    r = qf_reader_open(s, data);
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "Subject: x");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "X-Added: yes");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_LINE);
    ck_assert_str_eq(buf_str(b), "body");
    ck_assert_int_eq(qf_next_line(r, b, 0), QF_END);
    qf_reader_free(r);

    /* and loop it: the added text points back to the slot */
    ck_assert_int_eq(stream_seek(s, added + 14, SEEK_SET), added + 14);
    (void) rec_fprintf(s, 'p', REC_TYPE_PTR_FORMAT, slot);
    ck_assert_int_eq(stream_flush(s), 0);
    quiet();
    r = qf_reader_open(s, data);
    while (qf_next_record(r, b) == QF_NORM)
         /* void */ ;
    ck_assert_int_eq(qf_next_record(r, b), QF_CORRUPT);
    qf_reader_free(r);
    msg_file_open(NULL, NULL);
    buf_free(b);
    stream_close(s);
}
END_TEST

/* run_postcat - postcat -c DIR [-o] FILE into out; exit status */

static int run_postcat(const char *dir, const char *opt, const char *file,
                       struct buf *out)
{
    char    cmd[1024];
    char    chunk[4096];
    FILE   *fp;
    size_t  n;

    snprintf(cmd, sizeof(cmd), "%s -c %s %s %s 2>&1", POSTCAT, dir, opt, file);
    fp = popen(cmd, "r");
    ck_assert_ptr_nonnull(fp);
    buf_reset(out);
    while ((n = fread(chunk, 1, sizeof(chunk), fp)) > 0)
        buf_append(out, chunk, n);
    return pclose(fp);
}

START_TEST(test_postcat)
{
    char    dir[] = "/tmp/test_queue_file.XXXXXX";
    char    file[256], cf[256], want[256];
    struct stream *s;
    struct qf_message m;
    struct qf_layout l;
    struct buf *out = buf_new(0);
    int     fd, i;

    if (access(POSTCAT, X_OK) != 0) {
        fprintf(stderr, "test_postcat: %s not installed, skipped\n", POSTCAT);
        return;
    }
    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(cf, sizeof(cf), "%s/main.cf", dir);
    snprintf(file, sizeof(file), "%s/4A1B2C3D4E", dir);
    fd = open(cf, O_WRONLY | O_CREAT, 0644);
    ck_assert_int_ge(fd, 0);
    close(fd);
    fd = open(file, O_RDWR | O_CREAT, 0700);
    ck_assert_int_ge(fd, 0);
    s = stream_open(fd);
    sample(&m, body1, 10);
    ck_assert_int_eq(qf_write(s, &m, &l), 0);
    ck_assert_int_eq(stream_close(s), 0);

    ck_assert_int_eq(run_postcat(dir, "", file, out), 0);
    ck_assert_ptr_nonnull(strstr(buf_str(out), "sender: sender@example.org\n"));
    ck_assert_ptr_nonnull(strstr(buf_str(out), "recipient: b@example.com\n"));
    ck_assert_ptr_nonnull(strstr(buf_str(out), "0123456789abcdefghij0123\n"
                                 ".dot\n\nlast without newline"));
    ck_assert_ptr_nonnull(strstr(buf_str(out),
                                 "named_attribute: encoding=7bit\n"));
    ck_assert_ptr_nonnull(strstr(buf_str(out), "*** MESSAGE FILE END"));
    ck_assert_ptr_null(strstr(buf_str(out), "warning"));
    ck_assert_ptr_null(strstr(buf_str(out), "fatal"));

    /* postcat -o: the offsets it shows for R are ours */
    ck_assert_int_eq(run_postcat(dir, "-o", file, out), 0);
    for (i = 0; i < 3; i++) {
        snprintf(want, sizeof(want), "%6ld recipient: %s\n", l.rcpt_offset[i],
                 rcpts[i].address);
        ck_assert_msg(strstr(buf_str(out), want) != NULL, "want \"%s\" in %s",
                      want, buf_str(out));
    }
    qf_layout_free(&l);
    unlink(file);
    unlink(cf);
    rmdir(dir);
    buf_free(out);
}
END_TEST

static Suite *queue_file_suite(void)
{
    Suite  *su = suite_create("queue_file");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_test(tc, test_write_layout);
    tcase_add_test(tc, test_write_envelope);
    tcase_add_test(tc, test_records);
    tcase_add_test(tc, test_lines);
    tcase_add_test(tc, test_edge_bodies);
    tcase_add_test(tc, test_corruption);
    tcase_add_test(tc, test_content_pointers);
    tcase_add_test(tc, test_postcat);
    suite_add_tcase(su, tc);
    return su;
}

int     main(void)
{
    SRunner *sr = srunner_create(queue_file_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
