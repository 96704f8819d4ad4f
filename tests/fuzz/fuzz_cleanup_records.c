/*
 * fuzz_cleanup_records - libFuzzer target for cleanup's client record stream
 *
 * The input is what a client sends after the flags: queue file records.
 * They are read from a memfd with rec_get_raw (as cleanup_session does)
 * and handed to the envelope, content and extracted-segment modules in
 * turn; the queue file is a second memfd.  Small limits (header 2000
 * bytes, line 100, message 20000, hops 5) reach every limit path.  At
 * 'E' with no error the size record is rewritten as on commit.  Must
 * never crash, overread, hang or leak; an error must leave a non-empty
 * reason, and the output must never pass message_size_limit by more
 * than one record header.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../../src/cleanup/cleanup_envelope.c"
#include "../../src/cleanup/cleanup_extracted.c"
#include "../../src/cleanup/cleanup_header.c"
#include "../../src/cleanup/cleanup_message.c"
#include "../../src/cleanup/cleanup_out.c"
#include "../../src/cleanup/cleanup_params.c"
#include "../../src/cleanup/cleanup_session.c"

static int in_fd = -1, out_fd = -1;

static void init_once(void)
{
    if (in_fd >= 0)
        return;
    if ((in_fd = memfd_create("fuzz_in", 0)) < 0
        || (out_fd = memfd_create("fuzz_out", 0)) < 0)
        abort();
    (void) msg_file_open("/dev/null", "fuzz");
    var_myhostname = "mta.example.test";
    var_myorigin = "example.test";
    var_mail_name = "postern";
    var_message_limit = 20000;
    var_header_limit = 2000;
    var_line_limit = 100;
    var_hopcount_limit = 5;
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct cleanup_state *st;
    struct stream *in;
    struct buf *rec = buf_new(100);
    int     segment = 0, type, n;

    init_once();
    if (ftruncate(in_fd, 0) < 0 || ftruncate(out_fd, 0) < 0
        || (size > 0 && pwrite(in_fd, data, size, 0) != (ssize_t) size)
        || lseek(in_fd, 0, SEEK_SET) != 0 || lseek(out_fd, 0, SEEK_SET) != 0)
        abort();
    in = stream_open(dup(in_fd));
    st = state_new(in);
    st->queue_id = strdup("FUZZ1");
    st->dst = stream_open(dup(out_fd));
    cleanup_out_recf(st, REC_TYPE_SIZE, REC_TYPE_SIZE_FORMAT,
                     0L, 0L, 0L, 0L, 0L, 0L);
    for (n = 0; n < 100000; n++) {
        type = rec_get_raw(in, rec, 4096, REC_FLAG_NONE);
        if (type < 0)
            break;
        if (segment == 0)
            segment += cleanup_envelope(st, type, rec);
        else if (segment == 1)
            segment += cleanup_message(st, type, rec);
        else if (cleanup_extracted(st, type, rec)) {
            segment = 3;
            break;
        }
    }
    if (segment == 3 && CLEANUP_STATE_OK(st)) {
        var_message_limit = 0;
        size_fields(st);
        var_message_limit = 20000;
    }
    if (!CLEANUP_STATE_OK(st) && buf_len(st->reason) == 0)
        abort();
    if (CLEANUP_STATE_OK(st) && stream_tell(st->dst) > 20000 + 8)
        abort();
    cleanup_out_remove(st);
    stream_close(in);
    state_free(st);
    buf_free(rec);
    return 0;
}
