/*
 * test_base64 - unit tests for base64.c (RFC 4648 vectors, strictness)
 */
#include <check.h>
#include <string.h>

#include "base64.h"
#include "buf.h"

/* RFC 4648 section 10 test vectors. */
static const struct {
    const char *plain;
    const char *coded;
} vectors[] = {
    {"", ""},
    {"f", "Zg=="},
    {"fo", "Zm8="},
    {"foo", "Zm9v"},
    {"foob", "Zm9vYg=="},
    {"fooba", "Zm9vYmE="},
    {"foobar", "Zm9vYmFy"},
};

#define NVEC (sizeof(vectors) / sizeof(vectors[0]))

START_TEST(test_rfc4648_encode)
{
    struct buf *b = buf_new(0);

    buf_set(b, "prefix:");			/* encode appends */
    base64_encode(b, vectors[_i].plain, strlen(vectors[_i].plain));
    ck_assert_uint_eq(buf_len(b), 7 + strlen(vectors[_i].coded));
    ck_assert_str_eq(buf_str(b) + 7, vectors[_i].coded);
    buf_free(b);
}
END_TEST

START_TEST(test_rfc4648_decode)
{
    struct buf *b = buf_new(0);

    buf_set(b, "prefix:");			/* decode appends */
    ck_assert_int_eq(base64_decode(b, vectors[_i].coded,
                                   strlen(vectors[_i].coded)), 0);
    ck_assert_uint_eq(buf_len(b), 7 + strlen(vectors[_i].plain));
    ck_assert_str_eq(buf_str(b) + 7, vectors[_i].plain);
    buf_free(b);
}
END_TEST

START_TEST(test_binary_roundtrip)
{
    unsigned char data[256];
    struct buf *enc = buf_new(0);
    struct buf *dec = buf_new(0);
    size_t  n, i;

    for (i = 0; i < sizeof(data); i++)
        data[i] = (unsigned char) (255 - i);
    for (n = 0; n <= sizeof(data); n++) {
        buf_reset(enc);
        buf_reset(dec);
        base64_encode(enc, data, n);
        ck_assert_uint_eq(buf_len(enc), (n + 2) / 3 * 4);
        ck_assert_int_eq(base64_decode(dec, buf_str(enc), buf_len(enc)), 0);
        ck_assert_uint_eq(buf_len(dec), n);
        ck_assert_int_eq(memcmp(buf_str(dec), data, n), 0);
    }
    /* All 64 alphabet characters, both ends. */
    buf_reset(enc);
    base64_encode(enc, "\xfb\xff\xbf\x00\x10\x83", 6);
    ck_assert_str_eq(buf_str(enc), "+/+/ABCD");
    buf_reset(dec);
    ck_assert_int_eq(base64_decode(dec, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", 64), 0);
    ck_assert_uint_eq(buf_len(dec), 48);
    buf_free(enc);
    buf_free(dec);
}
END_TEST

/* The 88-byte all-zero MSG_STATS blob: 120 characters ending in "==". */
START_TEST(test_msg_stats_length)
{
    char    zero[88] = {0};
    struct buf *b = buf_new(0);
    size_t  i;

    base64_encode(b, zero, sizeof(zero));
    ck_assert_uint_eq(buf_len(b), 120);
    for (i = 0; i < 118; i++)
        ck_assert_int_eq(buf_str(b)[i], 'A');
    ck_assert_str_eq(buf_str(b) + 118, "==");
    buf_free(b);
}
END_TEST

static const char *malformed[] = {
    "Zg",					/* bad length */
    "Zg=",
    "Zm9vY",
    "Zm9v\n",
    "Zm 9v",					/* bad characters */
    "Zm9v Zm9v",
    "Zm-v",
    "Zm_v",
    "Zm9\x80",
    "=Zg=",					/* misplaced padding */
    "Z===",
    "====",
    "Zg=a",
    "Zg==Zm9v",
    "Zm=v",
    "Zg==Zg==",
};

#define NBAD (sizeof(malformed) / sizeof(malformed[0]))

START_TEST(test_malformed)
{
    struct buf *b = buf_new(0);

    ck_assert_int_eq(base64_decode(b, malformed[_i], strlen(malformed[_i])),
                     -1);
    buf_free(b);
}
END_TEST

START_TEST(test_embedded_nul)
{
    struct buf *b = buf_new(0);

    ck_assert_int_eq(base64_decode(b, "Zm9v\0\0\0\0", 8), -1);
    buf_reset(b);
    ck_assert_int_eq(base64_decode(b, "Zg\0=", 4), -1);
    /* Length is what counts, not the NUL: "Zm9v" of "Zm9vYmFy". */
    buf_reset(b);
    ck_assert_int_eq(base64_decode(b, "Zm9vYmFy", 4), 0);
    ck_assert_str_eq(buf_str(b), "foo");
    buf_free(b);
}
END_TEST

static Suite *base64_suite(void)
{
    Suite  *s = suite_create("base64");
    TCase  *tc = tcase_create("core");

    tcase_add_loop_test(tc, test_rfc4648_encode, 0, NVEC);
    tcase_add_loop_test(tc, test_rfc4648_decode, 0, NVEC);
    tcase_add_test(tc, test_binary_roundtrip);
    tcase_add_test(tc, test_msg_stats_length);
    tcase_add_loop_test(tc, test_malformed, 0, NBAD);
    tcase_add_test(tc, test_embedded_nul);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(base64_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
