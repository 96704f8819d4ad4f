/*
 * fuzz_record - libFuzzer target for queue file records and content
 *
 * The input is a queue file.  It goes into a memfd read through a
 * struct stream, and is read four ways: raw records (rec_get_raw) to
 * the end; the agents' reader (rec_get: pointers, padding, seek after
 * 'E') for a bounded number of records; the size record (qf_read_size);
 * and the content iterator (qf_next_line, with and without a piece
 * limit, then qf_next_record) from the data offset that the size
 * record names and from the offset after the first 'M' record.  Must
 * never crash, overread, hang (pointer loops!) or leak; the iterator
 * must end with QF_END or QF_CORRUPT within (file size / 2) + 2 calls.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "buf.h"
#include "msg.h"
#include "queue_file.h"
#include "record.h"
#include "stream.h"

#define MAX_GETS	4096

static int mem_fd = -1;

static struct stream *load(const uint8_t *p, size_t n)
{
    struct stream *s;

    if (mem_fd < 0) {
        if ((mem_fd = memfd_create("fuzz_record", 0)) < 0)
            abort();
        (void) msg_file_open("/dev/null", "fuzz");
    }
    if (ftruncate(mem_fd, 0) < 0)
        abort();
    if (n > 0 && pwrite(mem_fd, p, n, 0) != (ssize_t) n)
        abort();
    if (lseek(mem_fd, 0, SEEK_SET) != 0)
        abort();
    s = stream_open(mem_fd);
    stream_set_name(s, "fuzz");
    return s;
}

/* raw_scan - every record as it is; the offset after the first M */

static long raw_scan(struct stream *s, struct buf *b, size_t size)
{
    long    after_m = -1;
    size_t  i;
    int     type;

    for (i = 0; i <= size; i++) {
        type = rec_get_raw(s, b, size, REC_FLAG_NONE);
        if (type < 0)
            break;
        if (type == REC_TYPE_MESG && after_m < 0)
            after_m = (long) stream_tell(s);
    }
    if (i > size)
        abort();				/* each record takes a byte */
    return (after_m);
}

static void agent_scan(struct stream *s, struct buf *b)
{
    int     i;

    if (stream_seek(s, 0, SEEK_SET) != 0)
        abort();
    for (i = 0; i < MAX_GETS; i++)
        if (rec_get(s, b, 0) < 0)
            break;
}

/* content - the iterator must finish within its byte budget */

static void content(struct stream *s, long offset, size_t limit, size_t size)
{
    struct qf_reader *r = qf_reader_open(s, offset);
    struct buf *line = buf_new(100);
    size_t  calls = 0;
    int     ret;

    if (r == NULL)
        return;
    do {
        if (++calls > size / 2 + 2)
            abort();
        ret = (limit == 1) ? qf_next_record(r, line)
            : qf_next_line(r, line, limit);
    } while (ret != QF_END && ret != QF_CORRUPT);
    if (qf_next_line(r, line, limit) != ret)
        abort();				/* sticky */
    qf_reader_free(r);
    buf_free(line);
}

int     LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct stream *s = load(data, size);
    struct buf *b = buf_new(100);
    long    fields[6];
    long    after_m;

    after_m = raw_scan(s, b, size);
    agent_scan(s, b);
    if (qf_read_size(s, fields) == 0 && fields[1] > 0) {
        content(s, fields[1], 0, size);
        content(s, fields[1], 64, size);
    }
    if (after_m > 0) {
        content(s, after_m, 0, size);
        content(s, after_m, 1, size);
    }
    buf_free(b);
    stream_free(s);
    return 0;
}
