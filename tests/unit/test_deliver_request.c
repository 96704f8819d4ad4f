/*
 * test_deliver_request - unit tests for deliver_request.c
 *
 * A forked "qmgr" talks to deliver_request_read() over a socketpair:
 * it reads the 36-byte announcement, optionally waits, sends a request
 * built here byte by byte (3.7 layout, reference 3.2/3.3; or 3.10 with
 * "sendopts"), shuts down its sending side, and saves every byte the
 * agent sent until the agent closed.  The test then checks the parsed
 * request, the announcement and the final reply byte for byte, the
 * queue file bytes after deliver_completed(), and the warnings.
 *
 * Each test runs in its own temporary queue directory (the current
 * directory, as in a daemon) with active/ID written by qf_write(); the
 * two tests that end in a panic or a fatal error share one that the
 * parent process creates and removes.
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base64.h"
#include "buf.h"
#include "deliver_request.h"
#include "msg.h"
#include "queue_file.h"
#include "stream.h"

#define QID	"4A1B2C3D4E"
#define ANNOUNCE "protocol\0delivery_request_protocol\0\0"
#define ANNOUNCE_LEN 36
#define LIT(s) (s), (sizeof(s) - 1)

static char qdir[64];
static struct qf_layout layout;
static char log_path[128];

/*
 * Setup: a queue directory with active/QID (mode 0700), logging to a
 * file.
 */
static const struct qf_rcpt rcpts[] = {
    {"a@example.com", NULL, NULL, 0},
    {"b@example.com", "B@example.com", "rfc822;B@example.com", 2},
};

static void write_queue_file(const char *path, int mode)
{
    struct qf_message m;
    struct stream *s;
    int     fd;

    memset(&m, 0, sizeof(m));
    m.sender = "sender@example.org";
    m.arrival.tv_sec = 1700000000;
    m.rcpt = rcpts;
    m.nrcpt = 2;
    m.body = "Subject: test\n\nbody\n";
    m.body_len = strlen(m.body);
    m.encoding = "7bit";
    fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(fchmod(fd, mode), 0);
    s = stream_open(fd);
    ck_assert_int_eq(qf_write(s, &m, &layout), 0);
    ck_assert_int_eq(stream_close(s), 0);
}

static void setup(void)
{
    strcpy(qdir, "/tmp/test_deliver_request.XXXXXX");
    ck_assert_ptr_nonnull(mkdtemp(qdir));
    ck_assert_int_eq(chdir(qdir), 0);
    ck_assert_int_eq(mkdir("active", 0700), 0);
    write_queue_file("active/" QID, 0700);
    snprintf(log_path, sizeof(log_path), "%s/log", qdir);
    ck_assert_int_eq(msg_file_open(log_path, "testhost"), 0);
}

static void teardown(void)
{
    msg_file_open(NULL, NULL);
    qf_layout_free(&layout);
    if (chdir("/") == 0) {
        char    cmd[128];

        snprintf(cmd, sizeof(cmd), "rm -rf %s", qdir);
        if (system(cmd) != 0)
            fprintf(stderr, "cannot remove %s\n", qdir);
    }
}

static int log_has(const char *s)
{
    static char text[65536];
    FILE   *fp = fopen(log_path, "r");
    size_t  n;

    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof(text) - 1, fp);
    text[n] = 0;
    fclose(fp);
    return strstr(text, s) != NULL;
}

/*
 * Request bytes, built by hand.
 */
struct spec {
    const char *queue_name;
    const char *queue_id;
    const char *name8;			/* "smtputf8" or "sendopts" */
    const char *value8;
    size_t  time_len;			/* 88 normally */
    int     nrcpt;			/* lists sent */
    const char *count;			/* recipient_count text */
};

static void add(struct buf *b, const char *name, const char *value)
{
    buf_append(b, name, strlen(name) + 1);
    buf_append(b, value, strlen(value) + 1);
}

static void add_long(struct buf *b, const char *name, long v)
{
    char    text[32];

    snprintf(text, sizeof(text), "%ld", v);
    add(b, name, text);
}

static void spec_init(struct spec *sp)
{
    sp->queue_name = "active";
    sp->queue_id = QID;
    sp->name8 = "smtputf8";
    sp->value8 = "0";
    sp->time_len = 88;
    sp->nrcpt = 2;
    sp->count = "2";
}

/* time_blob - qmgr's blob: arrival 1700000000.5, active 1700000001.25 */

static void time_blob(struct buf *b, size_t len)
{
    unsigned char raw[96];
    struct buf *b64 = buf_new(0);
    long    v[4] = {1700000000, 5, 1700000001, 25};

    memset(raw, 0, sizeof(raw));
    memcpy(raw, v, sizeof(v));
    base64_encode(b64, raw, len);
    add(b, "time", buf_str(b64));
    buf_free(b64);
}

static void build_request(struct buf *b, const struct spec *sp)
{
    int     i;

    buf_reset(b);
    add(b, "flags", "3");
    add(b, "queue_name", sp->queue_name);
    add(b, "queue_id", sp->queue_id);
    add_long(b, "offset", layout.data_offset);
    add_long(b, "size", layout.content_len);
    add(b, "nexthop", "example.com");
    add(b, "encoding", "7bit");
    add(b, sp->name8, sp->value8);
    add(b, "sender", "sender@example.org");
    add(b, "envelope_id", "ENVID");
    add(b, "ret_flags", "2");
    time_blob(b, sp->time_len);
    add(b, "log_client_name", "client.example");
    add(b, "log_client_address", "192.0.2.1");
    add(b, "log_client_port", "4711");
    add(b, "log_protocol_name", "ESMTP");
    add(b, "log_helo_name", "helo.example");
    add(b, "sasl_method", "PLAIN");
    add(b, "sasl_username", "user");
    add(b, "sasl_sender", "");
    add(b, "log_ident", "ORIGID");
    add(b, "rewrite_context", "remote");
    add(b, "recipient_count", sp->count);
    buf_putc(b, 0);
    for (i = 0; i < sp->nrcpt; i++) {
        add(b, "original_recipient", rcpts[i].orig ? rcpts[i].orig : "");
        add(b, "recipient", rcpts[i].address);
        add_long(b, "offset", layout.rcpt_offset[i]);
        add(b, "dsn_orig_rcpt", rcpts[i].orcpt ? rcpts[i].orcpt : "");
        add_long(b, "notify_flags", rcpts[i].notify);
        buf_putc(b, 0);
    }
}

/*
 * The scripted qmgr.
 */
struct qmgr {
    pid_t   pid;
    struct stream *agent;		/* our end, for the code under test */
    char    out[160];			/* what qmgr received */
};

static void read_all(int fd, struct buf *b)
{
    char    chunk[4096];
    ssize_t n;

    while ((n = read(fd, chunk, sizeof(chunk))) > 0)
        buf_append(b, chunk, (size_t) n);
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

    while (nanosleep(&ts, &ts) < 0)
         /* void */ ;
}

/* qmgr_child - read the announcement, send, save everything received */

static void qmgr_child(int fd, const struct buf *req, int delay_ms,
                       const char *out)
{
    struct buf *got = buf_new(0);
    char    ann[ANNOUNCE_LEN];
    size_t  have = 0;
    ssize_t n;
    int     ofd;

    while (have < sizeof(ann) && (n = read(fd, ann + have,
                                           sizeof(ann) - have)) > 0)
        have += (size_t) n;
    buf_append(got, ann, have);
    if (delay_ms > 0)
        sleep_ms(delay_ms);
    if (req && write(fd, buf_str((struct buf *) req), buf_len(req))
        != (ssize_t) buf_len(req))
        _exit(2);
    (void) shutdown(fd, SHUT_WR);
    read_all(fd, got);
    ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (ofd < 0 || write(ofd, buf_str(got), buf_len(got))
        != (ssize_t) buf_len(got))
        _exit(3);
    _exit(0);
}

static void qmgr_start(struct qmgr *q, const struct buf *req, int delay_ms)
{
    int     sv[2];

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    snprintf(q->out, sizeof(q->out), "%s/qmgr.out", qdir);
    q->pid = fork();
    ck_assert_int_ge(q->pid, 0);
    if (q->pid == 0) {
        close(sv[0]);
        qmgr_child(sv[1], req, delay_ms, q->out);
    }
    close(sv[1]);
    q->agent = stream_open(sv[0]);
    stream_set_name(q->agent, "qmgr");
    stream_set_timeout(q->agent, 10000);
}

/* qmgr_finish - close our end, reap, get what qmgr received */

static void qmgr_finish(struct qmgr *q, struct buf *got)
{
    int     status, fd;

    if (q->agent)
        stream_close(q->agent);
    q->agent = NULL;
    ck_assert_int_eq(waitpid(q->pid, &status, 0), q->pid);
    ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
                  "qmgr child status %d", status);
    buf_reset(got);
    fd = open(q->out, O_RDONLY);
    ck_assert_int_ge(fd, 0);
    read_all(fd, got);
    close(fd);
}

/* The replies, as the reference shows them (3.5). */
static const char reply_ok[] =
    ANNOUNCE "status\0\0diag_type\0\0diag_text\0\0mta_type\0\0mta_mname\0\0"
    "action\0\0reason\0\0status\0" "0\0\0";
static const char reply_defer[] =
    ANNOUNCE "status\0\0diag_type\0\0diag_text\0\0mta_type\0\0mta_mname\0\0"
    "action\0\0reason\0\0status\0" "4294967295\0\0";

static void expect_bytes(const struct buf *got, const char *want, size_t len)
{
    ck_assert_uint_eq(buf_len(got), len);
    ck_assert_mem_eq(got->data, want, len);
}

/* file_byte - one byte of the queue file */

static int file_byte(long off)
{
    unsigned char c;
    int     fd = open("active/" QID, O_RDONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, &c, 1, off), 1);
    close(fd);
    return c;
}

/* run_rejected - a request that must be answered "defer" */

static void run_rejected(const struct buf *req)
{
    struct qmgr q;
    struct buf *got = buf_new(0);

    qmgr_start(&q, req, 0);
    ck_assert_ptr_null(deliver_request_read(q.agent));
    qmgr_finish(&q, got);
    expect_bytes(got, LIT(reply_defer));
    buf_free(got);
}

START_TEST(test_request_37)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *got = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;
    struct recipient *r;

    spec_init(&sp);
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    ck_assert_int_eq(dr->flags, 3);
    ck_assert_str_eq(dr->queue_name, "active");
    ck_assert_str_eq(dr->queue_id, QID);
    ck_assert_str_eq(dr->path, "active/" QID);
    ck_assert_int_eq(dr->data_offset, layout.data_offset);
    ck_assert_int_eq(dr->data_size, layout.content_len);
    ck_assert_str_eq(dr->nexthop, "example.com");
    ck_assert_str_eq(dr->encoding, "7bit");
    ck_assert_int_eq(dr->sendopts, 0);
    ck_assert_str_eq(dr->sender, "sender@example.org");
    ck_assert_str_eq(dr->dsn_envid, "ENVID");
    ck_assert_int_eq(dr->dsn_ret, DSN_RET_HDRS);
    ck_assert_int_eq(dr->msg_stats.incoming_arrival.tv_sec, 1700000000);
    ck_assert_int_eq(dr->msg_stats.incoming_arrival.tv_usec, 5);
    ck_assert_int_eq(dr->msg_stats.active_arrival.tv_sec, 1700000001);
    ck_assert_int_eq(dr->msg_stats.active_arrival.tv_usec, 25);
    ck_assert_int_ge(dr->msg_stats.agent_handoff.tv_sec, time(NULL) - 60);
    ck_assert_int_eq(dr->msg_stats.reuse_count, 0);
    ck_assert_str_eq(dr->client_name, "client.example");
    ck_assert_str_eq(dr->client_addr, "192.0.2.1");
    ck_assert_str_eq(dr->client_port, "4711");
    ck_assert_str_eq(dr->client_proto, "ESMTP");
    ck_assert_str_eq(dr->client_helo, "helo.example");
    ck_assert_str_eq(dr->sasl_method, "PLAIN");
    ck_assert_str_eq(dr->sasl_username, "user");
    ck_assert_str_eq(dr->sasl_sender, "");
    ck_assert_str_eq(dr->log_ident, "ORIGID");
    ck_assert_str_eq(dr->rewrite_context, "remote");
    ck_assert_ptr_null(dr->hop_status);
    ck_assert_uint_eq(dr->rcpt_list.len, 2);
    r = dr->rcpt_list.info;
    ck_assert_str_eq(r[0].orig_addr, "");
    ck_assert_str_eq(r[0].address, "a@example.com");
    ck_assert_int_eq(r[0].offset, layout.rcpt_offset[0]);
    ck_assert_str_eq(r[0].dsn_orcpt, "");
    ck_assert_int_eq(r[0].dsn_notify, 0);
    ck_assert_str_eq(r[1].orig_addr, "B@example.com");
    ck_assert_str_eq(r[1].dsn_orcpt, "rfc822;B@example.com");
    ck_assert_int_eq(r[1].dsn_notify, DSN_NOTIFY_SUCCESS);

    /* the file is locked shared: an exclusive lock must fail */
    {
        int     fd = open("active/" QID, O_RDONLY);

        ck_assert_int_lt(flock(fd, LOCK_EX | LOCK_NB), 0);
        ck_assert_int_eq(errno, EWOULDBLOCK);
        ck_assert_int_eq(flock(fd, LOCK_SH | LOCK_NB), 0);
        close(fd);
    }

    /* mark the second recipient done; -1 is a no-op */
    ck_assert_int_eq(file_byte(r[1].offset), 'R');
    deliver_completed(dr, r[1].offset);
    deliver_completed(dr, -1);
    ck_assert_int_eq(file_byte(r[1].offset), 'D');
    ck_assert_int_eq(file_byte(r[1].offset + 1), 13);	/* length stays */
    ck_assert_int_eq(file_byte(r[0].offset), 'R');

    ck_assert_int_eq(deliver_request_done(q.agent, dr, 0), 0);
    qmgr_finish(&q, got);
    expect_bytes(got, LIT(reply_ok));
    ck_assert(!log_has("warning"));
    buf_free(req);
    buf_free(got);
}
END_TEST

/* 3.10 name for attribute 8; a hop failure in the reply. */
START_TEST(test_request_sendopts)
{
    static const char want[] =
        ANNOUNCE "status\0" "4.4.1\0diag_type\0\0diag_text\0\0mta_type\0\0"
        "mta_mname\0\0action\0delayed\0reason\0"
        "connect to x[1.2.3.4]:25: Connection refused\0status\0"
        "4294967295\0\0";
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *got = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;

    spec_init(&sp);
    sp.name8 = "sendopts";
    sp.value8 = "48";
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    ck_assert_int_eq(dr->sendopts,
                     SENDOPTS_TLS_REQUIRED_NO | SENDOPTS_REQUIRETLS);
    ck_assert_str_eq(dr->rewrite_context, "remote");
    ck_assert_uint_eq(dr->rcpt_list.len, 2);
    dr->hop_status = dsb_create();
    dsb_update(dr->hop_status, "4.4.1", "delayed", "", "", "", "",
               "connect to %s: Connection refused", "x[1.2.3.4]:25");
    ck_assert_int_eq(deliver_request_done(q.agent, dr, -1), 0);
    qmgr_finish(&q, got);
    expect_bytes(got, LIT(want));
    buf_free(req);
    buf_free(got);
}
END_TEST

/* smtputf8 with the high bit: 4294967295 wraps to -1 */
START_TEST(test_request_utf8_value)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *got = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;

    spec_init(&sp);
    sp.value8 = "4294967295";
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    ck_assert_int_eq(dr->sendopts, -1);
    ck_assert_int_eq(deliver_request_done(q.agent, dr, 0), 0);
    qmgr_finish(&q, got);
    expect_bytes(got, LIT(reply_ok));
    buf_free(req);
    buf_free(got);
}
END_TEST

/* qmgr closes without a request: NULL, only the announcement sent. */
START_TEST(test_eof_no_request)
{
    struct buf *got = buf_new(0);
    struct qmgr q;

    qmgr_start(&q, NULL, 0);
    ck_assert_ptr_null(deliver_request_read(q.agent));
    qmgr_finish(&q, got);
    expect_bytes(got, ANNOUNCE, ANNOUNCE_LEN);
    ck_assert(!log_has("warning"));
    buf_free(got);
}
END_TEST

/* The wait for the request ignores the stream's time limit. */
START_TEST(test_wait_no_timeout)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *got = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;

    spec_init(&sp);
    build_request(req, &sp);
    qmgr_start(&q, req, 600);
    stream_set_timeout(q.agent, 100);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    ck_assert_int_eq(deliver_request_done(q.agent, dr, 0), 0);
    qmgr_finish(&q, got);
    expect_bytes(got, LIT(reply_ok));
    buf_free(req);
    buf_free(got);
}
END_TEST

START_TEST(test_bad_queue_id)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    spec_init(&sp);
    sp.queue_id = "../../etc/passwd";
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("warning: bad mail queue id: ../../etc/passwd"));
    spec_init(&sp);
    sp.queue_name = "act/ive";
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("warning: bad mail queue name: act/ive"));
    buf_free(req);
}
END_TEST

START_TEST(test_mode_0600)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    ck_assert_int_eq(chmod("active/" QID, 0600), 0);
    spec_init(&sp);
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("active/" QID ": queue file is not ready for delivery "
                      "(mode 0600)"));
    /* 0400 is the corrupt marker; 0740 has owner rwx: accepted */
    ck_assert_int_eq(chmod("active/" QID, 0400), 0);
    run_rejected(req);
    buf_free(req);
}
END_TEST

START_TEST(test_mode_0740_ok)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *got = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;

    ck_assert_int_eq(chmod("active/" QID, 0740), 0);
    spec_init(&sp);
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    ck_assert_int_eq(deliver_request_done(q.agent, dr, 0), 0);
    qmgr_finish(&q, got);
    buf_free(req);
    buf_free(got);
}
END_TEST

START_TEST(test_not_regular)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    ck_assert_int_eq(rename("active/" QID, "active/real"), 0);
    ck_assert_int_eq(symlink("real", "active/" QID), 0);
    spec_init(&sp);
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has(": not a regular file"));
    buf_free(req);
}
END_TEST

START_TEST(test_missing_file)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    spec_init(&sp);
    sp.queue_id = "4A1B2C3D4F";
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("warning: active/4A1B2C3D4F: No such file or directory"));
    buf_free(req);
}
END_TEST

START_TEST(test_zero_recipients)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    spec_init(&sp);
    sp.nrcpt = 0;
    sp.count = "0";
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("warning: " QID ": no recipients in delivery request "
                      "for destination example.com"));
    buf_free(req);
}
END_TEST

START_TEST(test_short_recipients)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    spec_init(&sp);
    sp.nrcpt = 1;			/* count says 2 */
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("deliver_request_get: error receiving recipient "
                      "attributes"));
    buf_free(req);
}
END_TEST

START_TEST(test_bad_attr8)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    spec_init(&sp);
    sp.name8 = "utf8";
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("unexpected attribute utf8 from qmgr (expecting: "
                      "smtputf8 or sendopts)"));
    ck_assert(log_has("deliver_request_get: error receiving common "
                      "attributes"));
    spec_init(&sp);
    sp.value8 = "1x";
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("malformed numerical data from qmgr while reading "
                      "smtputf8"));
    buf_free(req);
}
END_TEST

START_TEST(test_bad_time)
{
    struct spec sp;
    struct buf *req = buf_new(0);

    spec_init(&sp);
    sp.time_len = 80;
    build_request(req, &sp);
    run_rejected(req);
    ck_assert(log_has("msg_stats_scan: size mis-match: 80 != 88"));
    buf_free(req);
}
END_TEST

/* Attributes out of order (strict scan): rejected. */
START_TEST(test_wrong_order)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *bad = buf_new(0);
    size_t  skip;

    spec_init(&sp);
    build_request(req, &sp);
    /* drop "flags\0" "3\0": the list starts with queue_name */
    skip = strlen("flags") + 1 + strlen("3") + 1;
    buf_append(bad, buf_str(req) + skip, buf_len(req) - skip);
    run_rejected(bad);
    ck_assert(log_has("unexpected attribute queue_name from qmgr "
                      "(expecting: flags)"));
    buf_free(req);
    buf_free(bad);
}
END_TEST

START_TEST(test_mark_corrupt)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct buf *got = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;
    struct stat st;

    spec_init(&sp);
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    deliver_request_mark_corrupt(dr);
    ck_assert_int_eq(stat("active/" QID, &st), 0);
    ck_assert_int_eq(st.st_mode & 07777, 0400);
    ck_assert(log_has("warning: corrupted queue file: active/" QID));
    ck_assert_int_eq(deliver_request_done(q.agent, dr, 1), 0);
    qmgr_finish(&q, got);
    buf_free(req);
    buf_free(got);
}
END_TEST

/* Offset 0 is a programming error: panic (abort). */
START_TEST(test_completed_panic)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct deliver_request *dr;
    struct qmgr q;

    spec_init(&sp);
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    dr = deliver_request_read(q.agent);
    ck_assert_ptr_nonnull(dr);
    deliver_completed(dr, 0);
}
END_TEST

/* Someone holds an exclusive lock: fatal "shared lock PATH: ...". */
START_TEST(test_lock_fatal)
{
    struct spec sp;
    struct buf *req = buf_new(0);
    struct qmgr q;
    int     fd = open("active/" QID, O_RDONLY);

    ck_assert_int_eq(flock(fd, LOCK_EX), 0);
    spec_init(&sp);
    build_request(req, &sp);
    qmgr_start(&q, req, 0);
    msg_file_open(NULL, NULL);
    msg_stderr(1);
    (void) deliver_request_read(q.agent);
}
END_TEST

static Suite *deliver_request_suite(void)
{
    Suite  *su = suite_create("deliver_request");
    TCase  *tc = tcase_create("core");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_request_37);
    tcase_add_test(tc, test_request_sendopts);
    tcase_add_test(tc, test_request_utf8_value);
    tcase_add_test(tc, test_eof_no_request);
    tcase_add_test(tc, test_wait_no_timeout);
    tcase_add_test(tc, test_bad_queue_id);
    tcase_add_test(tc, test_mode_0600);
    tcase_add_test(tc, test_mode_0740_ok);
    tcase_add_test(tc, test_not_regular);
    tcase_add_test(tc, test_missing_file);
    tcase_add_test(tc, test_zero_recipients);
    tcase_add_test(tc, test_short_recipients);
    tcase_add_test(tc, test_bad_attr8);
    tcase_add_test(tc, test_bad_time);
    tcase_add_test(tc, test_wrong_order);
    tcase_add_test(tc, test_mark_corrupt);
    suite_add_tcase(su, tc);

    /* These die: the parent makes and removes their directory. */
    tc = tcase_create("fatal");
    tcase_set_timeout(tc, 30);
    tcase_add_unchecked_fixture(tc, setup, teardown);
    tcase_add_test_raise_signal(tc, test_completed_panic, SIGABRT);
    tcase_add_exit_test(tc, test_lock_fatal, 1);
    suite_add_tcase(su, tc);
    return su;
}

int     main(void)
{
    SRunner *sr = srunner_create(deliver_request_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
