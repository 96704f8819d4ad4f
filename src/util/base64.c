/*
 * base64 - standard base64 (RFC 4648 section 4), strict decoder
 *
 * Encoding uses the alphabet A-Z a-z 0-9 + / with '=' padding and no
 * line breaks, as Postfix's attribute protocol and label strings do.
 *
 * The decoder accepts only what such an encoder can produce: the length
 * must be a multiple of four, every character must be in the alphabet,
 * and '=' may appear only as the last one or two characters of the last
 * group ("xx==" or "xxx=").  Anything else (white space, line breaks, a
 * missing or misplaced '=', a NUL) is malformed and returns -1.  Unused
 * low bits in the last group are not checked, as Postfix does not check
 * them either.
 *
 * Interface: see base64.h.
 */
#include "base64.h"

static const char b64_alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void base64_encode(struct buf *out, const void *p, size_t n)
{
    const unsigned char *in = p;
    char    quad[4];

    while (n >= 3) {
        quad[0] = b64_alphabet[in[0] >> 2];
        quad[1] = b64_alphabet[((in[0] & 0x03) << 4) | (in[1] >> 4)];
        quad[2] = b64_alphabet[((in[1] & 0x0f) << 2) | (in[2] >> 6)];
        quad[3] = b64_alphabet[in[2] & 0x3f];
        buf_append(out, quad, 4);
        in += 3;
        n -= 3;
    }
    if (n == 0)
        return;
    quad[0] = b64_alphabet[in[0] >> 2];
    if (n == 1) {
        quad[1] = b64_alphabet[(in[0] & 0x03) << 4];
        quad[2] = '=';
    } else {
        quad[1] = b64_alphabet[((in[0] & 0x03) << 4) | (in[1] >> 4)];
        quad[2] = b64_alphabet[(in[1] & 0x0f) << 2];
    }
    quad[3] = '=';
    buf_append(out, quad, 4);
}

/* sextet - the 6-bit value of a base64 character, or -1 */

static int sextet(unsigned char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == '/')
        return 63;
    return -1;
}

int base64_decode(struct buf *out, const char *s, size_t n)
{
    const unsigned char *in = (const unsigned char *) s;
    unsigned char bytes[3];
    int     v[4];
    size_t  i;
    int     k, pad;

    if (n % 4 != 0)
        return -1;
    for (i = 0; i < n; i += 4) {
        int     last = (i + 4 == n);

        pad = 0;
        for (k = 0; k < 4; k++) {
            if (in[i + k] == '=') {
                /* Only in the last group, only in positions 2 and 3. */
                if (!last || k < 2)
                    return -1;
                pad++;
                v[k] = 0;
            } else {
                if (pad > 0)			/* data after '=' */
                    return -1;
                if ((v[k] = sextet(in[i + k])) < 0)
                    return -1;
            }
        }
        bytes[0] = (unsigned char) ((v[0] << 2) | (v[1] >> 4));
        bytes[1] = (unsigned char) (((v[1] & 0x0f) << 4) | (v[2] >> 2));
        bytes[2] = (unsigned char) (((v[2] & 0x03) << 6) | v[3]);
        buf_append(out, bytes, (size_t) (3 - pad));
    }
    return 0;
}
