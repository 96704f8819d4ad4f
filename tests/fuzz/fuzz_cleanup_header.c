/*
 * fuzz_cleanup_header - libFuzzer target for cleanup's header processing
 *
 * The input is a message's header text: split at '\n' into lines, fed
 * to hdr_block_add (limit 4096) until the block ends, then finished with
 * a Received: header and -t extraction.  The whole input is also parsed
 * as one address list.  Must never crash, overread, hang or leak;
 * output lines never contain '\n', extracted addresses are never empty,
 * and every rewritten list is at least as long as the original.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../src/cleanup/cleanup_header.c"

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const struct hdr_ctx ctx = {
        .myhostname = "mta.example.test", .origin = "example.test",
        .mail_name = "postern", .queue_id = "ABC", .sender = "a@b.test",
        .fullname = "A \"quoted\" (name)", .now = 0, .uid = 1,
        .received = 1, .extract = 1,
    };
    char   *text = malloc(size + 1);
    struct hdr_block *hb = hdr_block_new(4096);
    struct argv *out = argv_new(8);
    struct argv *rcpts = argv_new(8);
    struct buf *b = buf_new(100);
    const char *p, *nl;
    size_t  i;

    memcpy(text, data, size);
    text[size] = 0;
    for (p = text; p < text + size; p = nl + 1) {
        nl = memchr(p, '\n', (size_t) (text + size - p));
        if (nl == NULL)
            nl = text + size;
        if (hdr_block_add(hb, p, (size_t) (nl - p)) != HDR_MORE)
            break;
    }
    (void) hdr_block_finish(hb, &ctx, out, rcpts);
    for (i = 0; i < out->argc; i++)
        if (strchr(out->argv[i], '\n'))
            abort();
    for (i = 0; i < rcpts->argc; i++)
        if (*rcpts->argv[i] == 0)
            abort();
    hdr_addr_list(text, "example.test", b, NULL);
    if (buf_len(b) < strlen(text))
        abort();
    hdr_block_free(hb);
    argv_free(out);
    argv_free(rcpts);
    buf_free(b);
    free(text);
    return 0;
}
