/*
 * test_smtp_key - unit tests for src/smtp/smtp_key.c (cache labels) and
 * src/smtp/smtp_props.c (cached session property strings)
 *
 * Both are pure, so they are compiled into this program directly.
 * Expected bytes are reference 6.4/6.5 (Postfix 3.7's forms).
 */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "../../src/smtp/smtp_key.c"
#include "../../src/smtp/smtp_props.c"

START_TEST(test_dest_label)
{
    struct buf *b = buf_new(16);
    struct smtp_key_fields f = {0};

    f.service = "smtp";
    f.req_nexthop = "example.com";
    f.addr = "192.0.2.10";		/* not in a destination label */
    smtp_key_prefix(b, SMTP_KEY_MASK_SCACHE_DEST_LABEL, &f);
    ck_assert_str_eq(buf_str(b), "smtp\nexample.com\n");
    f.service = "relay";
    f.req_nexthop = "[mx.example]:587";
    smtp_key_prefix(b, SMTP_KEY_MASK_SCACHE_DEST_LABEL, &f);
    ck_assert_str_eq(buf_str(b), "relay\n[mx.example]:587\n");
    buf_free(b);
}
END_TEST

START_TEST(test_endp_label)
{
    struct buf *b = buf_new(16);
    struct smtp_key_fields f = {0};

    f.service = "smtp";
    f.req_nexthop = "example.com";	/* not in an endpoint label */
    f.addr = "192.0.2.10";
    f.port = 25;
    f.tls_level = 1;
    smtp_key_prefix(b, SMTP_KEY_MASK_SCACHE_ENDP_LABEL, &f);
    ck_assert_str_eq(buf_str(b), "smtp\n192.0.2.10\n25\n1\n");
    f.service = "lmtp";
    f.addr = "/var/run/lmtp";
    f.port = 0;
    f.tls_level = 0;
    smtp_key_prefix(b, SMTP_KEY_MASK_SCACHE_ENDP_LABEL, &f);
    ck_assert_str_eq(buf_str(b), "lmtp\n/var/run/lmtp\n0\n0\n");
    buf_free(b);
}
END_TEST

START_TEST(test_all_fields_and_escapes)
{
    struct buf *b = buf_new(16);
    struct smtp_key_fields f = {0};

    f.service = "smtp";
    f.sender = "";			/* empty: "*" */
    f.req_nexthop = "a*b";		/* contains '*': base64 */
    f.cur_nexthop = "x\ny";		/* contains LF: base64 */
    f.hostname = NULL;			/* absent: "*" */
    f.addr = "*";			/* a lone '*' is a value: base64 */
    f.port = 65535;
    f.tls_level = 8;
    smtp_key_prefix(b, 0xff, &f);
    ck_assert_str_eq(buf_str(b),
                     "smtp\n*\nYSpi\neAp5\n*\nKg==\n65535\n8\n");
    smtp_key_prefix(b, 0, &f);
    ck_assert_str_eq(buf_str(b), "");
    buf_free(b);
}
END_TEST

static struct smtp_dest_props *dest_new(void)
{
    struct smtp_dest_props *p = calloc(1, sizeof(*p));

    p->dest = buf_new(8);
    p->host = buf_new(8);
    p->addr = buf_new(8);
    return p;
}

static void dest_free(struct smtp_dest_props *p)
{
    buf_free(p->dest);
    buf_free(p->host);
    buf_free(p->addr);
    free(p);
}

START_TEST(test_dest_props)
{
    struct buf *b = buf_new(16);
    struct smtp_dest_props *in = dest_new();
    struct smtp_dest_props *out = dest_new();

    buf_set(in->dest, "example.com");
    buf_set(in->host, "mx1.example.com");
    buf_set(in->addr, "192.0.2.10");
    in->features = 0x1000;
    ck_assert_int_eq(smtp_props_dest_print(b, in), 0);
    ck_assert_str_eq(buf_str(b), "destination=example.com\n"
                     "host_name=mx1.example.com\nhost_addr=192.0.2.10\n"
                     "destination_features=4096\n\n");
    ck_assert_int_eq(smtp_props_dest_scan(buf_str(b), out), 0);
    ck_assert_str_eq(buf_str(out->dest), "example.com");
    ck_assert_str_eq(buf_str(out->host), "mx1.example.com");
    ck_assert_str_eq(buf_str(out->addr), "192.0.2.10");
    ck_assert_uint_eq(out->features, 0x1000);

    buf_set(in->host, "bad\nhost");
    ck_assert_int_eq(smtp_props_dest_print(b, in), -1);
    dest_free(in);
    dest_free(out);
    buf_free(b);
}
END_TEST

START_TEST(test_dest_props_malformed)
{
    struct smtp_dest_props *p = dest_new();

    /* Order matters, every name is required, the end line too. */
    ck_assert_int_eq(smtp_props_dest_scan("host_name=h\ndestination=d\n"
                     "host_addr=a\ndestination_features=0\n\n", p), -1);
    ck_assert_int_eq(smtp_props_dest_scan("destination=d\nhost_name=h\n"
                     "host_addr=a\n\n", p), -1);
    ck_assert_int_eq(smtp_props_dest_scan("destination=d\nhost_name=h\n"
                     "host_addr=a\ndestination_features=0\n", p), -1);
    ck_assert_int_eq(smtp_props_dest_scan("destination=d\nhost_name=h\n"
                     "host_addr=a\ndestination_features=x1\n\n", p), -1);
    ck_assert_int_eq(smtp_props_dest_scan("destination=d\nhost_name=h\n"
                     "host_addr=a\ndestination_features=\n\n", p), -1);
    ck_assert_int_eq(smtp_props_dest_scan("", p), -1);
    ck_assert_int_eq(smtp_props_dest_scan("destination", p), -1);
    /* Postfix 3.8's host_port inside the list is not 3.7's form. */
    ck_assert_int_eq(smtp_props_dest_scan("destination=d\nhost_name=h\n"
                     "host_addr=a\nhost_port=6400\ndestination_features=0\n\n",
                     p), -1);
    dest_free(p);
}
END_TEST

START_TEST(test_endp_props)
{
    struct buf *b = buf_new(16);
    struct smtp_endp_props in = {0};
    struct smtp_endp_props out;

    in.tls_level = 0;
    in.reuse_count = 3;
    in.features = 0x1 | 0x4 | 0x8 | 0x8000;
    in.expire_time = 1700000300;
    in.port = 2525;
    in.size_limit = 10240000;
    in.rcptmax = 50;
    in.mailmax = 7;
    in.mail_count = 4;
    ck_assert_int_eq(smtp_props_endp_print(b, &in), 0);
    ck_assert_str_eq(buf_str(b), "tls_level=0\nreuse_count=3\n"
                     "endpoint_features=32781\nexpire_time=1700000300\n\n"
                     "host_port=2525\nsize_limit=10240000\nrcptmax=50\n"
                     "mailmax=7\nmail_count=4\n\n");
    memset(&out, 0xff, sizeof(out));
    ck_assert_int_eq(smtp_props_endp_scan(buf_str(b), &out), 0);
    ck_assert_int_eq(out.tls_level, 0);
    ck_assert_int_eq(out.reuse_count, 3);
    ck_assert_uint_eq(out.features, 32781);
    ck_assert_int_eq(out.expire_time, 1700000300);
    ck_assert_uint_eq(out.port, 2525);
    ck_assert_int_eq(out.size_limit, 10240000);
    ck_assert_int_eq(out.rcptmax, 50);
    ck_assert_int_eq(out.mailmax, 7);
    ck_assert_int_eq(out.mail_count, 4);
    buf_free(b);
}
END_TEST

START_TEST(test_endp_props_postfix)
{
    struct smtp_endp_props out;

    /* An entry saved by Postfix 3.7's smtp: no postern extras. */
    memset(&out, 0xff, sizeof(out));
    ck_assert_int_eq(smtp_props_endp_scan("tls_level=1\nreuse_count=0\n"
                     "endpoint_features=5\nexpire_time=42\n\n", &out), 0);
    ck_assert_int_eq(out.tls_level, 1);
    ck_assert_int_eq(out.reuse_count, 0);
    ck_assert_uint_eq(out.features, 5);
    ck_assert_int_eq(out.expire_time, 42);
    ck_assert_uint_eq(out.port, 0);
    ck_assert_int_eq(out.size_limit, 0);
    ck_assert_int_eq(out.rcptmax, 0);
    ck_assert_int_eq(out.mailmax, 0);
    ck_assert_int_eq(out.mail_count, 0);
}
END_TEST

START_TEST(test_endp_props_malformed)
{
    struct smtp_endp_props out;
    static const char *bad[] = {
        "reuse_count=0\ntls_level=0\nendpoint_features=5\nexpire_time=42\n\n",
        "tls_level=0\nreuse_count=-1\nendpoint_features=5\nexpire_time=42\n\n",
        "tls_level=0\nreuse_count=0\nendpoint_features=5\n\n",
        "tls_level=0\nreuse_count=0\nendpoint_features=5\nexpire_time=42\n",
        "tls_level=0\nreuse_count=99999999999\nendpoint_features=5\nexpire_time=42\n\n",
        /* extras: all or none, in order, ended, nothing after */
        "tls_level=0\nreuse_count=0\nendpoint_features=5\nexpire_time=42\n\n"
        "host_port=25\n\n",
        "tls_level=0\nreuse_count=0\nendpoint_features=5\nexpire_time=42\n\n"
        "host_port=70000\nsize_limit=0\nrcptmax=0\nmailmax=0\nmail_count=0\n\n",
        "tls_level=0\nreuse_count=0\nendpoint_features=5\nexpire_time=42\n\n"
        "host_port=25\nsize_limit=0\nrcptmax=0\nmailmax=0\nmail_count=0\n\nx",
        "tls_level=0\nreuse_count=0\nendpoint_features=5\nexpire_time=42\n\n"
        "peer_CN=x\n\n",
    };
    size_t  i;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        ck_assert_msg(smtp_props_endp_scan(bad[i], &out) == -1,
                      "accepted bad[%zu]", i);
}
END_TEST

int     main(void)
{
    Suite  *s = suite_create("smtp_key");
    TCase  *tc = tcase_create("core");
    SRunner *sr;
    int     nfail;

    tcase_add_test(tc, test_dest_label);
    tcase_add_test(tc, test_endp_label);
    tcase_add_test(tc, test_all_fields_and_escapes);
    tcase_add_test(tc, test_dest_props);
    tcase_add_test(tc, test_dest_props_malformed);
    tcase_add_test(tc, test_endp_props);
    tcase_add_test(tc, test_endp_props_postfix);
    tcase_add_test(tc, test_endp_props_malformed);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    nfail = srunner_ntests_failed(sr);
    srunner_free(sr);
    return nfail ? 1 : 0;
}
