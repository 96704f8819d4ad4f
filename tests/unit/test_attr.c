/*
 * test_attr - unit tests for the attribute protocol (attr_print.c,
 * attr_scan.c): exact bytes against the dumps in the Postfix protocol
 * reference (sections 1.2, 1.4, 1.6, 3.3, 3.5, 6.2, 6.5), round trips
 * in both encodings, and the scanner's error handling and limits.
 *
 * Streams run over memfds (input: bytes written then rewound; output:
 * read back after the flush) and, for the handshake, a socketpair.
 * Warnings are captured with msg_file_open() into a per-test log file.
 */
#include <check.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "attr.h"
#include "base64.h"
#include "buf.h"
#include "htable.h"
#include "mem.h"
#include "msg.h"
#include "stream.h"

#define Z "\0"					/* keeps "\0" away from digits */
#define LIT(s) (s), (sizeof(s) - 1)

/*
 * Log capture.
 */
static char log_path[64];

static void log_setup(void)
{
    int     fd;

    strcpy(log_path, "/tmp/test_attr_log.XXXXXX");
    fd = mkstemp(log_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    ck_assert_int_eq(msg_file_open(log_path, "testhost"), 0);
}

static void log_teardown(void)
{
    msg_file_open(NULL, NULL);
    unlink(log_path);
}

static char *log_text(void)
{
    static char text[65536];
    FILE   *fp = fopen(log_path, "r");
    size_t  n;

    ck_assert_ptr_nonnull(fp);
    n = fread(text, 1, sizeof(text) - 1, fp);
    text[n] = 0;
    fclose(fp);
    return text;
}

static int log_has(const char *s)
{
    return strstr(log_text(), s) != NULL;
}

static int log_empty(void)
{
    return log_text()[0] == 0;
}

/*
 * Streams.
 */
static int mem_fd(void)
{
    int     fd = memfd_create("test_attr", 0);

    ck_assert_int_ge(fd, 0);
    return fd;
}

/* input - a stream that reads the given bytes, then EOF */

static struct stream *input(const void *p, size_t n)
{
    int     fd = mem_fd();
    const char *cp = p;
    struct stream *s;

    while (n > 0) {
        ssize_t w = write(fd, cp, n);

        ck_assert_int_gt(w, 0);
        cp += w;
        n -= (size_t) w;
    }
    ck_assert_int_eq(lseek(fd, 0, SEEK_SET), 0);
    s = stream_open(fd);
    stream_set_name(s, "test-peer");
    return s;
}

static struct stream *output(void)
{
    struct stream *s = stream_open(mem_fd());

    stream_set_name(s, "test-peer");
    return s;
}

/* written - everything written to an output stream so far */

static struct buf *written(struct stream *s)
{
    struct buf *b = buf_new(1024);
    char    chunk[4096];
    off_t   off = 0;
    ssize_t n;

    ck_assert_int_eq(stream_flush(s), 0);
    while ((n = pread(stream_fd(s), chunk, sizeof(chunk), off)) > 0) {
        buf_append(b, chunk, (size_t) n);
        off += n;
    }
    return b;
}

/* show - printable rendering of bytes for failure messages */

static const char *show(const char *p, size_t n)
{
    static char text[4][8192];
    static int which;
    char   *out = text[which++ % 4];
    size_t  i, o = 0;

    for (i = 0; i < n && o < sizeof(text[0]) - 8; i++) {
        unsigned char c = (unsigned char) p[i];

        if (c == 0)
            o += (size_t) snprintf(out + o, 8, "\\0");
        else if (c == '\n')
            o += (size_t) snprintf(out + o, 8, "\\n");
        else if (c < 0x20 || c >= 0x7f)
            o += (size_t) snprintf(out + o, 8, "\\x%02x", c);
        else
            out[o++] = (char) c;
    }
    out[o] = 0;
    return out;
}

static void expect_bytes(struct buf *got, const char *exp, size_t len)
{
    ck_assert_msg(buf_len(got) == len && memcmp(buf_str(got), exp, len) == 0,
                  "got %zu bytes [%s]\nexpected %zu bytes [%s]",
                  buf_len(got), show(buf_str(got), buf_len(got)),
                  len, show(exp, len));
}

/* rest - the unread bytes of an input stream */

static struct buf *rest(struct stream *s)
{
    struct buf *b = buf_new(64);
    int     c;

    while ((c = stream_getc(s)) != STREAM_EOF)
        buf_putc(b, c);
    return b;
}

/*
 * Section 1.2: the attr_print0 test program's dump.
 */
static const char dump_0[] =
    "protocol" Z "test" Z "number" Z "4711" Z "long_number" Z "1234" Z
    "string" Z "whoopee" Z "data" Z "d2hvb3BlZQ==" Z
    "{" Z "foo-name" Z "foo-value" Z "bar-name" Z "bar-value" Z "}" Z
    "long_number" Z "4321" Z Z;

/* Section 1.4: the same list in the plain encoding. */
static const char dump_plain[] =
    "protocol=test\nnumber=4711\nlong_number=1234\nstring=whoopee\n"
    "data=d2hvb3BlZQ==\n"
    "{" Z "\nfoo-name=foo-value\nbar-name=bar-value\n}" Z "\n"
    "long_number=4321\n\n";

static struct htable *foo_bar_table(void)
{
    struct htable *t = htable_new(2);

    /* Our htable walks in insertion order: foo, then bar. */
    htable_put(t, "foo-name", xstrdup("foo-value"));
    htable_put(t, "bar-name", xstrdup("bar-value"));
    return t;
}

static int print_test_list(struct stream *s, int enc, struct htable *t)
{
    return attr_print(s, enc, ATTR_FLAG_NONE,
                      SEND_STR("protocol", "test"),
                      SEND_INT("number", 4711),
                      SEND_LONG("long_number", 1234),
                      SEND_STR("string", "whoopee"),
                      SEND_DATA("data", 7, "whoopee"),
                      SEND_HASH(t),
                      SEND_LONG("long_number", 4321),
                      ATTR_END);
}

START_TEST(test_print0_dump)
{
    struct stream *s = output();
    struct htable *t = foo_bar_table();
    struct buf *b;

    ck_assert_int_eq(print_test_list(s, ATTR_ENC_0, t), 0);
    b = written(s);
    expect_bytes(b, LIT(dump_0));
    buf_free(b);
    htable_free(t, free);
    stream_close(s);
}
END_TEST

START_TEST(test_print_plain_dump)
{
    struct stream *s = output();
    struct htable *t = foo_bar_table();
    struct buf *b;

    ck_assert_int_eq(print_test_list(s, ATTR_ENC_PLAIN, t), 0);
    b = written(s);
    expect_bytes(b, LIT(dump_plain));
    buf_free(b);
    htable_free(t, free);
    stream_close(s);
}
END_TEST

/* Scan the 1.2 dump (and its plain twin) back, strictly. */
static void scan_test_list(int enc, const char *bytes, size_t len)
{
    struct stream *s = input(bytes, len);
    struct buf *str = buf_new(0), *data = buf_new(0);
    struct htable *t = htable_new(0);
    int     num = 0;
    long    l1 = 0, l2 = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_STREQ("protocol", "test"),
                               RECV_INT("number", &num),
                               RECV_LONG("long_number", &l1),
                               RECV_STR("string", str),
                               RECV_DATA("data", data),
                               RECV_HASH(t),
                               RECV_LONG("long_number", &l2),
                               ATTR_END), 6);
    ck_assert_int_eq(num, 4711);
    ck_assert_int_eq(l1, 1234);
    ck_assert_int_eq(l2, 4321);
    ck_assert_str_eq(buf_str(str), "whoopee");
    ck_assert_str_eq(buf_str(data), "whoopee");
    ck_assert_uint_eq(htable_count(t), 2);
    ck_assert_str_eq(htable_find(t, "foo-name"), "foo-value");
    ck_assert_str_eq(htable_find(t, "bar-name"), "bar-value");
    /* The whole list was consumed: next scan sees EOF. */
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("number", &num), ATTR_END), 0);
    ck_assert(log_empty());
    buf_free(str);
    buf_free(data);
    htable_free(t, free);
    stream_close(s);
}

START_TEST(test_scan0_dump)
{
    scan_test_list(ATTR_ENC_0, LIT(dump_0));
}
END_TEST

START_TEST(test_scan_plain_dump)
{
    static const char nonul[] =
        "protocol=test\nnumber=4711\nlong_number=1234\nstring=whoopee\n"
        "data=d2hvb3BlZQ==\n{\nfoo-name=foo-value\nbar-name=bar-value\n}\n"
        "long_number=4321\n\n";

    scan_test_list(ATTR_ENC_PLAIN, LIT(dump_plain));
    /* Brace lines without the NUL are accepted too. */
    scan_test_list(ATTR_ENC_PLAIN, LIT(nonul));
}
END_TEST

/*
 * Section 1.6: the delivery agent's 36-byte announcement, and the
 * handshake over a socketpair.
 */
START_TEST(test_announce_bytes)
{
    static const char exp[] =
        "protocol" Z "delivery_request_protocol" Z Z;
    struct stream *s = output();
    struct buf *b;

    ck_assert_int_eq(attr_announce(s, ATTR_ENC_0, "delivery_request_protocol"), 0);
    b = written(s);
    ck_assert_uint_eq(buf_len(b), 36);
    expect_bytes(b, LIT(exp));
    buf_free(b);
    stream_close(s);

    s = output();
    ck_assert_int_eq(attr_announce(s, ATTR_ENC_PLAIN, "anvil_protocol"), 0);
    b = written(s);
    expect_bytes(b, LIT("protocol=anvil_protocol\n\n"));
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_handshake_socketpair)
{
    int     sv[2];
    struct stream *server, *client;
    int     enc;

    for (enc = ATTR_ENC_0; enc <= ATTR_ENC_PLAIN; enc++) {
        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
        server = stream_open(sv[0]);
        client = stream_open(sv[1]);
        stream_set_name(client, "private/scache");
        stream_set_timeout(client, 5000);
        ck_assert_int_eq(attr_announce(server, enc, "connection_cache_protocol"), 0);
        ck_assert_int_eq(attr_expect_protocol(client, enc, "connection_cache_protocol"), 0);
        ck_assert_int_eq(attr_announce(server, enc, "tlsmgr_protocol"), 0);
        ck_assert_int_eq(attr_expect_protocol(client, enc, "connection_cache_protocol"), -1);
        ck_assert(log_has("warning: unexpected protocol tlsmgr_protocol from "
                          "private/scache (expected: connection_cache_protocol)"));
        stream_close(server);
        stream_close(client);

        /* The server goes away without a word. */
        ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
        client = stream_open(sv[1]);
        stream_set_name(client, "private/scache");
        close(sv[0]);
        ck_assert_int_eq(attr_expect_protocol(client, enc, "connection_cache_protocol"), -1);
        ck_assert(log_has("premature end-of-input from private/scache"));
        stream_close(client);
    }
}
END_TEST

START_TEST(test_expect_protocol_extra)
{
    static const char in[] = "protocol" Z "x" Z "junk" Z "1" Z Z;
    struct stream *s = input(LIT(in));

    ck_assert_int_eq(attr_expect_protocol(s, ATTR_ENC_0, "x"), -1);
    ck_assert(log_has("unexpected attribute junk from test-peer "
                      "(expecting: (list terminator))"));
    stream_close(s);
}
END_TEST

/*
 * Section 3.3: a complete one-recipient delivery request.
 */
static const char zero_stats_b64[] =
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==";

static const char request_dump[] =
    "flags" Z "3" Z "queue_name" Z "active" Z "queue_id" Z "4Xyz1T2abc" Z
    "offset" Z "312" Z "size" Z "1024" Z
    "nexthop" Z "example.com" Z "encoding" Z "7bit" Z "smtputf8" Z "0" Z
    "sender" Z "a@example.org" Z
    "envelope_id" Z Z "ret_flags" Z "0" Z "time" Z
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==" Z
    "log_client_name" Z Z "log_client_address" Z Z "log_client_port" Z Z
    "log_protocol_name" Z Z "log_helo_name" Z Z "sasl_method" Z Z
    "sasl_username" Z Z "sasl_sender" Z Z "log_ident" Z Z
    "rewrite_context" Z "local" Z "recipient_count" Z "1" Z Z
    "original_recipient" Z "b@example.com" Z "recipient" Z "b@example.com" Z
    "offset" Z "250" Z "dsn_orig_rcpt" Z "rfc822;b@example.com" Z
    "notify_flags" Z "0" Z Z;

START_TEST(test_delivery_request)
{
    unsigned char stats[88] = {0};
    struct stream *s = output();
    struct buf *b;
    struct buf *str[20];
    struct buf *blob = buf_new(0);
    int     flags = 0, smtputf8 = 0, ret_flags = 0, rcount = 0, notify = -1;
    long    offset = 0, size = 0, roffset = 0;
    int     i;

    ck_assert_uint_eq(strlen(zero_stats_b64), 120);
    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_INT("flags", 3),
                                SEND_STR("queue_name", "active"),
                                SEND_STR("queue_id", "4Xyz1T2abc"),
                                SEND_LONG("offset", 312),
                                SEND_LONG("size", 1024),
                                SEND_STR("nexthop", "example.com"),
                                SEND_STR("encoding", "7bit"),
                                SEND_INT("smtputf8", 0),
                                SEND_STR("sender", "a@example.org"),
                                SEND_STR("envelope_id", ""),
                                SEND_INT("ret_flags", 0),
                                SEND_DATA("time", sizeof(stats), stats),
                                SEND_STR("log_client_name", ""),
                                SEND_STR("log_client_address", ""),
                                SEND_STR("log_client_port", ""),
                                SEND_STR("log_protocol_name", ""),
                                SEND_STR("log_helo_name", ""),
                                SEND_STR("sasl_method", ""),
                                SEND_STR("sasl_username", ""),
                                SEND_STR("sasl_sender", ""),
                                SEND_STR("log_ident", ""),
                                SEND_STR("rewrite_context", "local"),
                                SEND_INT("recipient_count", 1),
                                ATTR_END), 0);
    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("original_recipient", "b@example.com"),
                                SEND_STR("recipient", "b@example.com"),
                                SEND_LONG("offset", 250),
                                SEND_STR("dsn_orig_rcpt", "rfc822;b@example.com"),
                                SEND_INT("notify_flags", 0),
                                ATTR_END), 0);
    b = written(s);
    expect_bytes(b, LIT(request_dump));
    stream_close(s);

    /* And the agent's side: 23 strict conversions, then 5. */
    s = input(buf_str(b), buf_len(b));
    for (i = 0; i < 20; i++)
        str[i] = buf_new(0);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_INT("flags", &flags),
                               RECV_STR("queue_name", str[0]),
                               RECV_STR("queue_id", str[1]),
                               RECV_LONG("offset", &offset),
                               RECV_LONG("size", &size),
                               RECV_STR("nexthop", str[2]),
                               RECV_STR("encoding", str[3]),
                               RECV_INT("smtputf8", &smtputf8),
                               RECV_STR("sender", str[4]),
                               RECV_STR("envelope_id", str[5]),
                               RECV_INT("ret_flags", &ret_flags),
                               RECV_DATA("time", blob),
                               RECV_STR("log_client_name", str[6]),
                               RECV_STR("log_client_address", str[7]),
                               RECV_STR("log_client_port", str[8]),
                               RECV_STR("log_protocol_name", str[9]),
                               RECV_STR("log_helo_name", str[10]),
                               RECV_STR("sasl_method", str[11]),
                               RECV_STR("sasl_username", str[12]),
                               RECV_STR("sasl_sender", str[13]),
                               RECV_STR("log_ident", str[14]),
                               RECV_STR("rewrite_context", str[15]),
                               RECV_INT("recipient_count", &rcount),
                               ATTR_END), 23);
    ck_assert_int_eq(flags, 3);
    ck_assert_str_eq(buf_str(str[1]), "4Xyz1T2abc");
    ck_assert_int_eq(offset, 312);
    ck_assert_int_eq(size, 1024);
    ck_assert_str_eq(buf_str(str[4]), "a@example.org");
    ck_assert_uint_eq(buf_len(blob), 88);
    ck_assert_int_eq(memcmp(buf_str(blob), stats, 88), 0);
    ck_assert_str_eq(buf_str(str[15]), "local");
    ck_assert_int_eq(rcount, 1);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_STR("original_recipient", str[16]),
                               RECV_STR("recipient", str[17]),
                               RECV_LONG("offset", &roffset),
                               RECV_STR("dsn_orig_rcpt", str[18]),
                               RECV_INT("notify_flags", &notify),
                               ATTR_END), 5);
    ck_assert_str_eq(buf_str(str[17]), "b@example.com");
    ck_assert_int_eq(roffset, 250);
    ck_assert_str_eq(buf_str(str[18]), "rfc822;b@example.com");
    ck_assert_int_eq(notify, 0);
    ck_assert(log_empty());
    for (i = 0; i < 20; i++)
        buf_free(str[i]);
    buf_free(blob);
    buf_free(b);
    stream_close(s);
}
END_TEST

/*
 * Section 3.5: the deferral reply; status -1 goes out as 4294967295.
 */
static const char reply_dump[] =
    "status" Z "4.4.1" Z "diag_type" Z Z "diag_text" Z Z "mta_type" Z Z
    "mta_mname" Z Z "action" Z "delayed" Z
    "reason" Z "connect to x[1.2.3.4]:25: Connection refused" Z
    "status" Z "4294967295" Z Z;

START_TEST(test_deferral_reply)
{
    struct stream *s = output();
    struct buf *b, *str[7];
    int     status = 0;
    int     i;

    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("status", "4.4.1"),
                                SEND_STR("diag_type", ""),
                                SEND_STR("diag_text", ""),
                                SEND_STR("mta_type", ""),
                                SEND_STR("mta_mname", ""),
                                SEND_STR("action", "delayed"),
                                SEND_STR("reason", "connect to x[1.2.3.4]:25: Connection refused"),
                                SEND_INT("status", -1),
                                ATTR_END), 0);
    b = written(s);
    expect_bytes(b, LIT(reply_dump));
    stream_close(s);

    s = input(buf_str(b), buf_len(b));
    for (i = 0; i < 7; i++)
        str[i] = buf_new(0);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_STR("status", str[0]),
                               RECV_STR("diag_type", str[1]),
                               RECV_STR("diag_text", str[2]),
                               RECV_STR("mta_type", str[3]),
                               RECV_STR("mta_mname", str[4]),
                               RECV_STR("action", str[5]),
                               RECV_STR("reason", str[6]),
                               RECV_INT("status", &status),
                               ATTR_END), 8);
    ck_assert_int_eq(status, -1);
    ck_assert_str_eq(buf_str(str[0]), "4.4.1");
    ck_assert_str_eq(buf_str(str[1]), "");
    ck_assert_str_eq(buf_str(str[6]), "connect to x[1.2.3.4]:25: Connection refused");
    for (i = 0; i < 7; i++)
        buf_free(str[i]);
    buf_free(b);
    stream_close(s);
}
END_TEST

/*
 * Section 6.2: scache's dummy reply; 6.5: a destination property string.
 */
START_TEST(test_scache_and_props)
{
    static const char props[] =
        "destination=example.com\nhost_name=mx.example.com\n"
        "host_addr=192.0.2.10\ndestination_features=4096\n\n";
    struct stream *s = output();
    struct buf *b;
    struct buf *dest = buf_new(0), *host = buf_new(0), *addr = buf_new(0);
    int     features;

    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("dummy", ""), ATTR_END), 0);
    b = written(s);
    expect_bytes(b, LIT("dummy" Z Z Z));
    buf_free(b);
    stream_close(s);

    s = output();
    ck_assert_int_eq(attr_print(s, ATTR_ENC_PLAIN, ATTR_FLAG_NONE,
                                SEND_STR("destination", "example.com"),
                                SEND_STR("host_name", "mx.example.com"),
                                SEND_STR("host_addr", "192.0.2.10"),
                                SEND_INT("destination_features", 0x1000),
                                ATTR_END), 0);
    b = written(s);
    expect_bytes(b, LIT(props));
    stream_close(s);

    s = input(buf_str(b), buf_len(b));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_PLAIN, ATTR_FLAG_STRICT,
                               RECV_STR("destination", dest),
                               RECV_STR("host_name", host),
                               RECV_STR("host_addr", addr),
                               RECV_INT("destination_features", &features),
                               ATTR_END), 4);
    ck_assert_str_eq(buf_str(host), "mx.example.com");
    ck_assert_int_eq(features, 4096);
    stream_close(s);
    buf_free(b);
    buf_free(dest);
    buf_free(host);
    buf_free(addr);
}
END_TEST

/*
 * Round trips of every type and edge value, both encodings.
 */
START_TEST(test_roundtrip)
{
    int     enc = _i;
    unsigned char bin[300];
    struct htable *out_t = htable_new(0), *in_t = htable_new(0);
    struct stream *s = output();
    struct buf *b;
    struct buf *s1 = buf_new(0), *s2 = buf_new(0), *d1 = buf_new(0),
           *d2 = buf_new(0);
    int     i1 = 9, i2 = 9, i3 = 9, i4 = 9;
    long    l1 = 9, l2 = 9, l3 = 9, l4 = 9;
    size_t  k;

    for (k = 0; k < sizeof(bin); k++)
        bin[k] = (unsigned char) (k * 7);
    htable_put(out_t, "k=1", xstrdup(enc == ATTR_ENC_0 ? "v\n1" : "v=1"));
    htable_put(out_t, "k2", xstrdup(""));
    ck_assert_int_eq(attr_print(s, enc, ATTR_FLAG_NONE,
                                SEND_INT("i1", -1), SEND_INT("i2", INT_MIN),
                                SEND_INT("i3", INT_MAX), SEND_INT("i4", 0),
                                SEND_LONG("l1", -1L), SEND_LONG("l2", LONG_MIN),
                                SEND_LONG("l3", LONG_MAX), SEND_LONG("l4", 0),
                                SEND_STR("s1", ""),
                                SEND_STR("s2", "a=b c\tdé"),
                                SEND_DATA("d1", sizeof(bin), bin),
                                SEND_DATA("d2", 0, NULL),
                                SEND_HASH(out_t),
                                ATTR_END), enc == ATTR_ENC_0 ? 0 : -1);
    /* The plain encoding cannot carry '=' in a name, so skip that key. */
    if (enc == ATTR_ENC_PLAIN) {
        ck_assert(log_has("'=' or newline in hash key name k=1"));
        free(htable_remove(out_t, "k=1"));
        htable_put(out_t, "k1", xstrdup("v=1"));
        stream_close(s);
        s = output();
        ck_assert_int_eq(attr_print(s, enc, ATTR_FLAG_NONE,
                                    SEND_INT("i1", -1), SEND_INT("i2", INT_MIN),
                                    SEND_INT("i3", INT_MAX), SEND_INT("i4", 0),
                                    SEND_LONG("l1", -1L), SEND_LONG("l2", LONG_MIN),
                                    SEND_LONG("l3", LONG_MAX), SEND_LONG("l4", 0),
                                    SEND_STR("s1", ""),
                                    SEND_STR("s2", "a=b c\tdé"),
                                    SEND_DATA("d1", sizeof(bin), bin),
                                    SEND_DATA("d2", 0, NULL),
                                    SEND_HASH(out_t),
                                    ATTR_END), 0);
    }
    b = written(s);
    stream_close(s);
    if (enc == ATTR_ENC_0)
        ck_assert_ptr_nonnull(memmem(buf_str(b), buf_len(b),
                                     LIT("i1" Z "4294967295" Z "i2" Z "2147483648" Z)));
    else
        ck_assert_ptr_nonnull(memmem(buf_str(b), buf_len(b),
                                     LIT("l1=18446744073709551615\nl2=9223372036854775808\n")));
    s = input(buf_str(b), buf_len(b));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("i1", &i1), RECV_INT("i2", &i2),
                               RECV_INT("i3", &i3), RECV_INT("i4", &i4),
                               RECV_LONG("l1", &l1), RECV_LONG("l2", &l2),
                               RECV_LONG("l3", &l3), RECV_LONG("l4", &l4),
                               RECV_STR("s1", s1), RECV_STR("s2", s2),
                               RECV_DATA("d1", d1), RECV_DATA("d2", d2),
                               RECV_HASH(in_t),
                               ATTR_END), 13);
    ck_assert_int_eq(i1, -1);
    ck_assert_int_eq(i2, INT_MIN);
    ck_assert_int_eq(i3, INT_MAX);
    ck_assert_int_eq(i4, 0);
    ck_assert_int_eq(l1, -1L);
    ck_assert_int_eq(l2, LONG_MIN);
    ck_assert_int_eq(l3, LONG_MAX);
    ck_assert_int_eq(l4, 0);
    ck_assert_str_eq(buf_str(s1), "");
    ck_assert_str_eq(buf_str(s2), "a=b c\tdé");
    ck_assert_uint_eq(buf_len(d1), sizeof(bin));
    ck_assert_int_eq(memcmp(buf_str(d1), bin, sizeof(bin)), 0);
    ck_assert_uint_eq(buf_len(d2), 0);
    ck_assert_uint_eq(htable_count(in_t), 2);
    if (enc == ATTR_ENC_0)
        ck_assert_str_eq(htable_find(in_t, "k=1"), "v\n1");
    else
        ck_assert_str_eq(htable_find(in_t, "k1"), "v=1");
    ck_assert_str_eq(htable_find(in_t, "k2"), "");
    buf_free(b);
    buf_free(s1);
    buf_free(s2);
    buf_free(d1);
    buf_free(d2);
    htable_free(out_t, free);
    htable_free(in_t, free);
    stream_close(s);
}
END_TEST

/*
 * Unexpected, unknown and missing attributes.
 */
static const char abc_0[] = "a" Z "1" Z "x" Z "2" Z "b" Z "3" Z Z;
static const char abc_plain[] = "a=1\nx=2\nb=3\n\n";

START_TEST(test_strict_unexpected)
{
    int     enc = _i;
    struct stream *s = enc == ATTR_ENC_0 ? input(LIT(abc_0))
        : input(LIT(abc_plain));
    struct buf *r;
    int     a = 0, b = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("a", &a), RECV_INT("b", &b),
                               ATTR_END), 1);
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 0);
    ck_assert(log_has("warning: unexpected attribute x from test-peer (expecting: b)"));
    /* The rest of the message stays unread. */
    r = rest(s);
    if (enc == ATTR_ENC_0)
        expect_bytes(r, LIT("2" Z "b" Z "3" Z Z));
    else
        expect_bytes(r, LIT("b=3\n\n"));
    buf_free(r);
    stream_close(s);
}
END_TEST

START_TEST(test_lenient_skip)
{
    int     enc = _i;
    static const char group_0[] =
        "a" Z "1" Z "{" Z "k" Z "v" Z "}" Z "x" Z "2" Z "b" Z "3" Z "y" Z "4" Z Z
        "next" Z "5" Z Z;
    static const char group_plain[] =
        "a=1\n{" Z "\nk=v\n}" Z "\nx=2\nnovalue\nb=3\ny=4\n\nnext=5\n\n";
    struct stream *s = enc == ATTR_ENC_0 ? input(LIT(group_0))
        : input(LIT(group_plain));
    int     a = 0, b = 0, next = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_NONE,
                               RECV_INT("a", &a), RECV_INT("b", &b),
                               ATTR_END), 2);
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 3);
    /* Trailing unknowns were skipped through the end marker. */
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("next", &next), ATTR_END), 1);
    ck_assert_int_eq(next, 5);
    ck_assert(log_empty());
    stream_close(s);
}
END_TEST

START_TEST(test_missing)
{
    int     enc = _i;
    static const char in_0[] = "a" Z "1" Z Z "a" Z "1" Z Z;
    static const char in_plain[] = "a=1\n\na=1\n\n";
    struct stream *s = enc == ATTR_ENC_0 ? input(LIT(in_0))
        : input(LIT(in_plain));
    int     a = 0, b = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("a", &a), RECV_INT("b", &b),
                               ATTR_END), 1);
    ck_assert(log_has("warning: missing attribute b in input from test-peer"));
    log_teardown();
    log_setup();
    /* Without ATTR_FLAG_MISSING: same count, nothing logged. */
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_EXTRA,
                               RECV_INT("a", &a), RECV_INT("b", &b),
                               ATTR_END), 1);
    ck_assert(log_empty());
    stream_close(s);
}
END_TEST

START_TEST(test_strict_extra_at_end)
{
    static const char in[] = "a" Z "1" Z "z" Z "9" Z Z;
    struct stream *s = input(LIT(in));
    int     a;

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_INT("a", &a), ATTR_END), 1);
    ck_assert(log_has("unexpected attribute z from test-peer (expecting: (list terminator))"));
    stream_close(s);
}
END_TEST

/* Names are compared in order: a wanted name that came earlier is lost. */
START_TEST(test_order)
{
    static const char in[] = "b" Z "2" Z "a" Z "1" Z Z;
    struct stream *s = input(LIT(in));
    int     a = 0, b = 0;

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                               RECV_INT("a", &a), RECV_INT("b", &b),
                               ATTR_END), 1);
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 0);
    stream_close(s);
}
END_TEST

START_TEST(test_streq)
{
    static const char in[] = "protocol" Z "other" Z Z;
    struct stream *s = input(LIT(in));

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_STREQ("protocol", "delivery_request_protocol"),
                               ATTR_END), -1);
    ck_assert(log_has("warning: unexpected protocol other from test-peer "
                      "(expected: delivery_request_protocol)"));
    stream_close(s);

    /* A match is not counted. */
    s = input(LIT("protocol" Z "p" Z "n" Z "7" Z Z));
    {
        int     n;

        ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                                   RECV_STREQ("protocol", "p"),
                                   RECV_INT("n", &n), ATTR_END), 1);
        ck_assert_int_eq(n, 7);
    }
    stream_close(s);
}
END_TEST

/*
 * Numbers.
 */
static const char *bad_int[] = {
    "12x", "", "-1", "+1", " 1", "1 ", "4294967296", "99999999999999999999",
    "0x10", "1.0",
};

START_TEST(test_malformed_int)
{
    struct buf *in = buf_new(0);
    struct stream *s;
    int     v = 42;

    buf_append(in, LIT("n" Z));
    buf_puts(in, bad_int[_i]);
    buf_append(in, LIT(Z Z));
    s = input(buf_str(in), buf_len(in));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_INT("n", &v), ATTR_END), -1);
    ck_assert_int_eq(v, 42);
    ck_assert(log_has("malformed numerical data from test-peer while reading n"));
    stream_close(s);

    buf_set(in, "n=");
    buf_puts(in, bad_int[_i]);
    buf_puts(in, "\n\n");
    s = input(buf_str(in), buf_len(in));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_PLAIN, ATTR_FLAG_STRICT,
                               RECV_INT("n", &v), ATTR_END), -1);
    stream_close(s);
    buf_free(in);
}
END_TEST

START_TEST(test_number_limits)
{
    static const char in[] =
        "i" Z "4294967295" Z "j" Z "2147483647" Z "k" Z "007" Z
        "l" Z "18446744073709551615" Z "m" Z "9223372036854775807" Z Z
        "l" Z "18446744073709551616" Z Z;
    struct stream *s = input(LIT(in));
    int     i, j, k;
    long    l, m;

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_INT("i", &i), RECV_INT("j", &j),
                               RECV_INT("k", &k), RECV_LONG("l", &l),
                               RECV_LONG("m", &m), ATTR_END), 5);
    ck_assert_int_eq(i, -1);
    ck_assert_int_eq(j, INT_MAX);
    ck_assert_int_eq(k, 7);
    ck_assert_int_eq(l, -1L);
    ck_assert_int_eq(m, LONG_MAX);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_LONG("l", &l), ATTR_END), -1);
    ck_assert(log_has("malformed numerical data from test-peer while reading l: 18446744073709551616"));
    stream_close(s);
}
END_TEST

START_TEST(test_malformed_base64)
{
    static const char in[] = "d" Z "Zm9v=" Z Z;
    struct stream *s = input(LIT(in));
    struct buf *d = buf_new(0);

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_DATA("d", d), ATTR_END), -1);
    ck_assert(log_has("malformed base64 data from test-peer while reading d"));
    buf_free(d);
    stream_close(s);
}
END_TEST

/*
 * Bounds: over-long values and names are errors, found without reading
 * much past the limit.
 */
static void check_too_long(int enc, int in_name)
{
    size_t  junk = (size_t) ATTR_STRING_LIMIT * 3;
    struct buf *in = buf_new(junk + 64);
    struct buf *v = buf_new(0);
    struct stream *s;
    off_t   pos;
    size_t  i;

    if (!in_name)
        buf_puts(in, enc == ATTR_ENC_0 ? "v" : "v=");
    for (i = 0; i < junk; i++)
        buf_putc(in, 'x');
    buf_append(in, enc == ATTR_ENC_0 ? Z Z : "\n\n", 2);
    s = input(buf_str(in), buf_len(in));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_STR("v", v), ATTR_END), -1);
    ck_assert(log_has("string length exceeds limit 1048576 in input from test-peer"));
    ck_assert_uint_le(buf_len(v), ATTR_STRING_LIMIT);
    pos = lseek(stream_fd(s), 0, SEEK_CUR);
    ck_assert_int_le(pos, 2 + ATTR_STRING_LIMIT + 1 + STREAM_BUFSIZE);
    stream_close(s);
    buf_free(in);
    buf_free(v);
}

START_TEST(test_too_long)
{
    check_too_long(ATTR_ENC_0, 0);
    check_too_long(ATTR_ENC_0, 1);
    check_too_long(ATTR_ENC_PLAIN, 0);
    check_too_long(ATTR_ENC_PLAIN, 1);
}
END_TEST

START_TEST(test_limit_exact)
{
    struct buf *in = buf_new(ATTR_STRING_LIMIT + 64);
    struct buf *v = buf_new(0);
    struct stream *s;
    size_t  i;

    buf_append(in, LIT("v" Z));
    for (i = 0; i < ATTR_STRING_LIMIT; i++)
        buf_putc(in, 'y');
    buf_append(in, LIT(Z Z));
    s = input(buf_str(in), buf_len(in));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_STR("v", v), ATTR_END), 1);
    ck_assert_uint_eq(buf_len(v), ATTR_STRING_LIMIT);
    stream_close(s);
    buf_free(in);
    buf_free(v);
}
END_TEST

/*
 * End of input.
 */
START_TEST(test_eof)
{
    int     enc = _i;
    struct stream *s = input("", 0);
    int     n = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), ATTR_END), 0);
    ck_assert(log_empty());
    stream_close(s);

    /* Cut inside a name, inside a value, before the end marker. */
    s = enc == ATTR_ENC_0 ? input(LIT("n" Z "1")) : input(LIT("n=1"));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), ATTR_END), -1);
    ck_assert(log_has("premature end-of-input from test-peer while reading input attribute value"));
    stream_close(s);
    s = enc == ATTR_ENC_0 ? input(LIT("n" Z "1" Z)) : input(LIT("n=1\n"));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), ATTR_END), -1);
    ck_assert(log_has("while reading input attribute name"));
    stream_close(s);
    s = input(LIT("na"));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), ATTR_END), -1);
    stream_close(s);
}
END_TEST

/*
 * attr_scan_more.
 */
START_TEST(test_scan_more)
{
    int     enc = _i;
    static const char in_0[] = "a" Z "1" Z "b" Z "2" Z Z "c" Z "3" Z Z;
    static const char in_plain[] = "a=1\nb=2\n\nc=3\n\n";
    struct stream *s = enc == ATTR_ENC_0 ? input(LIT(in_0))
        : input(LIT(in_plain));
    int     a = 0, b = 0, c = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT | ATTR_FLAG_MORE,
                               RECV_INT("a", &a), ATTR_END), 1);
    ck_assert_int_eq(attr_scan_more(s, enc), 1);
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT | ATTR_FLAG_MORE,
                               RECV_INT("b", &b), ATTR_END), 1);
    ck_assert_int_eq(attr_scan_more(s, enc), 0);
    ck_assert_int_eq(a, 1);
    ck_assert_int_eq(b, 2);
    /* A peeked byte is seen by the next full scan too. */
    ck_assert_int_eq(attr_scan_more(s, enc), 1);
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("c", &c), ATTR_END), 1);
    ck_assert_int_eq(c, 3);
    ck_assert_int_eq(attr_scan_more(s, enc), -1);
    ck_assert(log_empty());
    stream_close(s);
}
END_TEST

/* A byte peeked right before EOF: the scan that follows fails. */
START_TEST(test_scan_more_then_eof)
{
    struct stream *s = input(LIT("a"));
    int     a;

    ck_assert_int_eq(attr_scan_more(s, ATTR_ENC_0), 1);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_INT("a", &a), ATTR_END), -1);
    ck_assert(log_has("premature end-of-input"));
    stream_close(s);
}
END_TEST

/*
 * HASH receive.
 */
START_TEST(test_hash_grouped)
{
    int     enc = _i;
    static const char in_0[] =
        "{" Z "k1" Z "v1" Z "k2" Z "v=2" Z "}" Z "n" Z "5" Z Z;
    static const char in_plain[] = "{" Z "\nk1=v1\nk2=v=2\n}" Z "\nn=5\n\n";
    struct stream *s = enc == ATTR_ENC_0 ? input(LIT(in_0))
        : input(LIT(in_plain));
    struct htable *t = htable_new(0);
    int     n = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_HASH(t), RECV_INT("n", &n), ATTR_END), 2);
    ck_assert_uint_eq(htable_count(t), 2);
    ck_assert_str_eq(htable_find(t, "k1"), "v1");
    ck_assert_str_eq(htable_find(t, "k2"), "v=2");
    ck_assert_int_eq(n, 5);
    ck_assert(log_empty());
    htable_free(t, free);
    stream_close(s);
}
END_TEST

START_TEST(test_hash_ungrouped)
{
    int     enc = _i;
    static const char in_0[] = "n" Z "5" Z "k1" Z "v1" Z "k2" Z "v2" Z Z;
    static const char in_plain[] = "n=5\nk1=v1\nk2=v2\n\n";
    struct stream *s = enc == ATTR_ENC_0 ? input(LIT(in_0))
        : input(LIT(in_plain));
    struct htable *t = htable_new(0);
    int     n = 0;

    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), RECV_HASH(t), ATTR_END), 2);
    ck_assert_int_eq(n, 5);
    ck_assert_uint_eq(htable_count(t), 2);
    ck_assert_str_eq(htable_find(t, "k2"), "v2");
    /* It took the end marker: the stream is at EOF. */
    ck_assert_int_eq(attr_scan_more(s, enc), -1);
    htable_free(t, free);
    stream_close(s);

    /* An empty ungrouped HASH: just the end marker. */
    s = input(enc == ATTR_ENC_0 ? Z : "\n", 1);
    t = htable_new(0);
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT, RECV_HASH(t),
                               ATTR_END), 1);
    ck_assert_uint_eq(htable_count(t), 0);
    htable_free(t, free);
    stream_close(s);
}
END_TEST

START_TEST(test_hash_duplicates)
{
    static const char in[] =
        "{" Z "k" Z "first" Z "k" Z "second" Z "}" Z Z;
    struct stream *s = input(LIT(in));
    struct htable *t = htable_new(0);

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_MISSING,
                               RECV_HASH(t), ATTR_END), 1);
    ck_assert_str_eq(htable_find(t, "k"), "first");
    stream_close(s);
    htable_free(t, free);

    s = input(LIT(in));
    t = htable_new(0);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_HASH(t), ATTR_END), 0);
    ck_assert(log_has("duplicate attribute k in input from test-peer"));
    stream_close(s);
    htable_free(t, free);
}
END_TEST

static void check_hash_limit(int enc, int grouped, int entries, int expect)
{
    struct buf *in = buf_new(0);
    struct stream *s;
    struct htable *t = htable_new(0);
    int     i;

    if (grouped)
        buf_append(in, enc == ATTR_ENC_0 ? "{" Z : "{" Z "\n",
                   enc == ATTR_ENC_0 ? 2 : 3);
    for (i = 0; i < entries; i++) {
        buf_printf(in, "key%d", i);
        buf_putc(in, enc == ATTR_ENC_0 ? 0 : '=');
        buf_printf(in, "value%d", i);
        buf_putc(in, enc == ATTR_ENC_0 ? 0 : '\n');
    }
    if (grouped)
        buf_append(in, enc == ATTR_ENC_0 ? "}" Z : "}" Z "\n",
                   enc == ATTR_ENC_0 ? 2 : 3);
    buf_putc(in, enc == ATTR_ENC_0 ? 0 : '\n');
    s = input(buf_str(in), buf_len(in));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT, RECV_HASH(t),
                               ATTR_END), expect);
    if (expect < 0) {
        ck_assert(log_has("attribute count exceeds limit 1024 in input from test-peer"));
        ck_assert_uint_eq(htable_count(t), ATTR_HASH_LIMIT);
    } else {
        ck_assert_uint_eq(htable_count(t), (size_t) entries);
        ck_assert_str_eq(htable_find(t, "key1023"), "value1023");
    }
    htable_free(t, free);
    stream_close(s);
    buf_free(in);
}

START_TEST(test_hash_limit)
{
    int     enc, grouped;

    for (enc = ATTR_ENC_0; enc <= ATTR_ENC_PLAIN; enc++) {
        for (grouped = 0; grouped <= 1; grouped++) {
            check_hash_limit(enc, grouped, ATTR_HASH_LIMIT, 1);
            check_hash_limit(enc, grouped, ATTR_HASH_LIMIT + 1, -1);
        }
    }
}
END_TEST

START_TEST(test_hash_broken)
{
    static const struct {
        const char *in;
        size_t  len;
    } bad[] = {
        {LIT("{" Z "k" Z "v" Z Z)},		/* end marker inside group */
        {LIT("{" Z "k" Z "v" Z "{" Z "}" Z Z)},	/* nested */
        {LIT("}" Z Z)},				/* stray close */
        {LIT("{" Z "k" Z "v")},			/* EOF inside */
        {LIT("{" Z "k" Z)},			/* EOF before value */
    };
    size_t  i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        struct stream *s = input(bad[i].in, bad[i].len);
        struct htable *t = htable_new(0);

        ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                   RECV_HASH(t), ATTR_END), -1);
        htable_free(t, free);
        stream_close(s);
    }
}
END_TEST

/*
 * FUNC items.
 */
struct pair {
    int     x;
    struct buf *y;
};

static int print_pair(struct stream *s, int enc, void *ctx)
{
    struct pair *p = ctx;

    return attr_print(s, enc, ATTR_FLAG_MORE,
                      SEND_INT("x", p->x), SEND_STR("y", buf_str(p->y)),
                      ATTR_END);
}

static int scan_pair(struct stream *s, int enc, void *ctx)
{
    struct pair *p = ctx;
    int     ret = attr_scan(s, enc, ATTR_FLAG_STRICT | ATTR_FLAG_MORE,
                            RECV_INT("x", &p->x), RECV_STR("y", p->y),
                            ATTR_END);

    return ret == 2 ? 0 : -1;
}

START_TEST(test_func)
{
    int     enc = _i;
    struct pair out = {77, buf_new(0)}, in = {0, buf_new(0)};
    struct stream *s = output();
    struct buf *b;
    int     before = 0, after = 0;

    buf_set(out.y, "why");
    ck_assert_int_eq(attr_print(s, enc, ATTR_FLAG_NONE,
                                SEND_INT("before", 1),
                                SEND_FUNC(print_pair, &out),
                                SEND_INT("after", 2),
                                ATTR_END), 0);
    b = written(s);
    if (enc == ATTR_ENC_0)
        expect_bytes(b, LIT("before" Z "1" Z "x" Z "77" Z "y" Z "why" Z
                            "after" Z "2" Z Z));
    else
        expect_bytes(b, LIT("before=1\nx=77\ny=why\nafter=2\n\n"));
    stream_close(s);

    s = input(buf_str(b), buf_len(b));
    ck_assert_int_eq(attr_scan(s, enc, ATTR_FLAG_STRICT,
                               RECV_INT("before", &before),
                               RECV_FUNC(scan_pair, &in),
                               RECV_INT("after", &after),
                               ATTR_END), 3);
    ck_assert_int_eq(before, 1);
    ck_assert_int_eq(in.x, 77);
    ck_assert_str_eq(buf_str(in.y), "why");
    ck_assert_int_eq(after, 2);
    stream_close(s);

    /* A failing callback fails the scan. */
    s = input(LIT("x" Z "1" Z "z" Z "2" Z Z));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_FUNC(scan_pair, &in), ATTR_END), -1);
    stream_close(s);
    buf_free(b);
    buf_free(out.y);
    buf_free(in.y);
}
END_TEST

/*
 * PRINTABLE and plain-encoding quirks.
 */
START_TEST(test_printable)
{
    static const char in[] =
        "s" Z "a\x01" "b\xff\xc3\xa9\x7f\xe2\x82" Z "t" Z "a\x01" Z Z;
    struct stream *s = input(LIT(in));
    struct buf *v = buf_new(0), *w = buf_new(0);

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_PRINTABLE,
                               RECV_STR("s", v), ATTR_END), 1);
    ck_assert_str_eq(buf_str(v), "a?b?\xc3\xa9???");
    stream_close(s);
    s = input(LIT(in));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                               RECV_STR("s", v), RECV_STR("t", w),
                               ATTR_END), 2);
    ck_assert_str_eq(buf_str(w), "a\x01");
    stream_close(s);
    buf_free(v);
    buf_free(w);
}
END_TEST

START_TEST(test_plain_quirks)
{
    struct stream *s;
    struct buf *v = buf_new(0);
    int     n;

    /* A wanted attribute on a line without '=' is an error. */
    s = input(LIT("v\n\n"));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_PLAIN, ATTR_FLAG_STRICT,
                               RECV_STR("v", v), ATTR_END), -1);
    ck_assert(log_has("missing value for v attribute from test-peer"));
    stream_close(s);

    /* Values may contain '=' and be empty. */
    s = input(LIT("v==a=b=\nn=\n\n"));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_PLAIN, ATTR_FLAG_STRICT,
                               RECV_STR("v", v), ATTR_END), 1);
    ck_assert_str_eq(buf_str(v), "=a=b=");
    stream_close(s);

    /* An empty number is malformed. */
    s = input(LIT("n=\n\n"));
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_PLAIN, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), ATTR_END), -1);
    stream_close(s);
    buf_free(v);
}
END_TEST

START_TEST(test_print_rejects)
{
    struct stream *s = output();
    struct buf *b;

    ck_assert_int_eq(attr_print(s, ATTR_ENC_PLAIN, ATTR_FLAG_NONE,
                                SEND_STR("ok", "fine"),
                                SEND_STR("v", "line\nbreak"), ATTR_END), -1);
    ck_assert(log_has("newline in value of attribute v"));
    ck_assert_int_eq(attr_print(s, ATTR_ENC_PLAIN, ATTR_FLAG_NONE,
                                SEND_STR("a=b", "x"), ATTR_END), -1);
    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("", "x"), ATTR_END), -1);
    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("{", "x"), ATTR_END), -1);
    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("s", NULL), ATTR_END), -1);
    b = written(s);
    ck_assert_uint_eq(buf_len(b), 0);		/* nothing half-written */
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_print_more)
{
    struct stream *s = output();
    struct buf *b;

    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_MORE,
                                SEND_STR("request", "find_endp"), ATTR_END), 0);
    ck_assert_int_eq(attr_print(s, ATTR_ENC_0, ATTR_FLAG_NONE,
                                SEND_STR("label", "smtp\n192.0.2.10\n25\n1\n"),
                                ATTR_END), 0);
    b = written(s);
    expect_bytes(b, LIT("request" Z "find_endp" Z
                        "label" Z "smtp\n192.0.2.10\n25\n1\n" Z Z));
    buf_free(b);
    stream_close(s);
}
END_TEST

START_TEST(test_print_error)
{
    int     sv[2];
    struct stream *s;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    close(sv[1]);
    s = stream_open(sv[0]);
    ck_assert_int_eq(attr_announce(s, ATTR_ENC_0, "x"), -1);
    stream_close(s);
}
END_TEST

/*
 * More edges: timeouts, an ungrouped HASH before other items, a FUNC
 * right after attr_scan_more, PRINTABLE on HASH entries and UTF-8.
 */
START_TEST(test_timeout)
{
    int     sv[2];
    struct stream *s;
    int     n;

    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    s = stream_open(sv[0]);
    stream_set_name(s, "slow-peer");
    stream_set_timeout(s, 100);
    /* A timeout is an error, not an empty stream. */
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_INT("n", &n), ATTR_END), -1);
    ck_assert(log_has("timeout on input from slow-peer"));
    stream_close(s);
    close(sv[1]);
}
END_TEST

START_TEST(test_hash_then_missing)
{
    struct stream *s = input(LIT("k" Z "v" Z Z));
    struct htable *t = htable_new(0);
    int     n = 0;

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_HASH(t), RECV_INT("n", &n), ATTR_END), 1);
    ck_assert_str_eq(htable_find(t, "k"), "v");
    ck_assert(log_has("missing attribute n in input from test-peer"));
    htable_free(t, free);
    stream_close(s);
}
END_TEST

START_TEST(test_scan_more_func)
{
    struct stream *s = input(LIT("x" Z "1" Z "y" Z "a" Z Z));
    struct pair in = {0, buf_new(0)};

    ck_assert_int_eq(attr_scan_more(s, ATTR_ENC_0), 1);
    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_STRICT,
                               RECV_FUNC(scan_pair, &in), ATTR_END), 1);
    ck_assert_int_eq(in.x, 1);
    ck_assert_str_eq(buf_str(in.y), "a");
    buf_free(in.y);
    stream_close(s);
}
END_TEST

START_TEST(test_printable_utf8_hash)
{
    static const char in[] =
        "{" Z "k\x02" Z "\xf0\x9f\x98\x80|\xed\xa0\x80|\xf4\x90\x80\x80|\xe0\x80\x80" Z
        "}" Z Z;
    struct stream *s = input(LIT(in));
    struct htable *t = htable_new(0);

    ck_assert_int_eq(attr_scan(s, ATTR_ENC_0, ATTR_FLAG_PRINTABLE,
                               RECV_HASH(t), ATTR_END), 1);
    ck_assert_str_eq(htable_find(t, "k?"), "\xf0\x9f\x98\x80|???|????|???");
    htable_free(t, free);
    stream_close(s);
}
END_TEST

static Suite *attr_suite(void)
{
    Suite  *s = suite_create("attr");
    TCase  *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, log_setup, log_teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_print0_dump);
    tcase_add_test(tc, test_print_plain_dump);
    tcase_add_test(tc, test_scan0_dump);
    tcase_add_test(tc, test_scan_plain_dump);
    tcase_add_test(tc, test_announce_bytes);
    tcase_add_test(tc, test_handshake_socketpair);
    tcase_add_test(tc, test_expect_protocol_extra);
    tcase_add_test(tc, test_delivery_request);
    tcase_add_test(tc, test_deferral_reply);
    tcase_add_test(tc, test_scache_and_props);
    tcase_add_loop_test(tc, test_roundtrip, 0, 2);
    tcase_add_loop_test(tc, test_strict_unexpected, 0, 2);
    tcase_add_loop_test(tc, test_lenient_skip, 0, 2);
    tcase_add_loop_test(tc, test_missing, 0, 2);
    tcase_add_test(tc, test_strict_extra_at_end);
    tcase_add_test(tc, test_order);
    tcase_add_test(tc, test_streq);
    tcase_add_loop_test(tc, test_malformed_int, 0,
                        sizeof(bad_int) / sizeof(bad_int[0]));
    tcase_add_test(tc, test_number_limits);
    tcase_add_test(tc, test_malformed_base64);
    tcase_add_test(tc, test_too_long);
    tcase_add_test(tc, test_limit_exact);
    tcase_add_loop_test(tc, test_eof, 0, 2);
    tcase_add_loop_test(tc, test_scan_more, 0, 2);
    tcase_add_test(tc, test_scan_more_then_eof);
    tcase_add_loop_test(tc, test_hash_grouped, 0, 2);
    tcase_add_loop_test(tc, test_hash_ungrouped, 0, 2);
    tcase_add_test(tc, test_hash_duplicates);
    tcase_add_test(tc, test_hash_limit);
    tcase_add_test(tc, test_hash_broken);
    tcase_add_loop_test(tc, test_func, 0, 2);
    tcase_add_test(tc, test_printable);
    tcase_add_test(tc, test_plain_quirks);
    tcase_add_test(tc, test_print_rejects);
    tcase_add_test(tc, test_print_more);
    tcase_add_test(tc, test_print_error);
    tcase_add_test(tc, test_timeout);
    tcase_add_test(tc, test_hash_then_missing);
    tcase_add_test(tc, test_scan_more_func);
    tcase_add_test(tc, test_printable_utf8_hash);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(attr_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
