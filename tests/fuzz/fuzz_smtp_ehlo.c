/*
 * fuzz_smtp_ehlo - libFuzzer target for the EHLO/LHLO keyword parser
 *
 * Input: the first byte selects keywords to discard (a list built from
 * the keyword table, as smtp_discard_ehlo_keywords would give it); the
 * rest is an EHLO reply text.  The parser must keep every string in
 * its fixed arrays NUL-terminated and within bounds, report limits in
 * range, and set only feature bits that belong to keywords.  The
 * remaining bytes are also tried as a discard list.  Must never crash,
 * overread, hang or leak.  smtp_ehlo.c is pure and compiled in here.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/smtp/smtp_ehlo.c"

static const char *names[] = {
    "pipelining", "dsn", "size", "8bitmime", "limits", "auth",
    "xforward", "silent-discard",
};

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct smtp_ehlo e;
    unsigned long mask = 0;
    char    list[256] = "";
    char   *bad = NULL;
    char   *text;
    unsigned allowed = SMTP_FEATURE_8BITMIME | SMTP_FEATURE_PIPELINING
        | SMTP_FEATURE_SIZE | SMTP_FEATURE_STARTTLS | SMTP_FEATURE_AUTH
        | SMTP_FEATURE_DSN | SMTP_FEATURE_SMTPUTF8 | SMTP_FEATURE_XFORWARD_ANY;

    if (size == 0)
        return 0;
    for (int i = 0; i < 8; i++) {
        if (data[0] & (1 << i)) {
            strcat(list, names[i]);
            strcat(list, ",");
        }
    }
    if (smtp_ehlo_mask(list, &mask, &bad) != 0)
        abort();
    smtp_ehlo_parse(&e, (const char *) data + 1, size - 1, mask);
    if (memchr(e.server_name, 0, sizeof(e.server_name)) == NULL
        || memchr(e.auth_mechs, 0, sizeof(e.auth_mechs)) == NULL
        || memchr(e.discarded, 0, sizeof(e.discarded)) == NULL)
        abort();
    if ((e.features & ~allowed) != 0 || (e.features & mask & ~0xffffffUL))
        abort();
    if (e.size_limit < 0 || e.rcptmax < 0 || e.mailmax < 0
        || e.rcptmax > SMTP_EHLO_LIMITS_MAX || e.mailmax > SMTP_EHLO_LIMITS_MAX)
        abort();
    if ((mask & SMTP_FEATURE_PIPELINING) && (e.features & SMTP_FEATURE_PIPELINING))
        abort();

    /* The same bytes as a discard list. */
    text = malloc(size);
    if (text == NULL)
        abort();
    memcpy(text, data + 1, size - 1);
    text[size - 1] = 0;
    if (smtp_ehlo_mask(text, &mask, &bad) != 0)
        free(bad);
    free(text);
    return 0;
}
