/*
 * qf_dump - print a queue file's records with postern's record reader
 *
 * Usage: qf_dump FILE
 *
 * One line per record, in file order (rec_get_raw, no pointer
 * following): the type letter, a tab, the payload with bytes outside
 * printable ASCII shown as \ooo (a tab stays a tab).  Then a line
 * "size: F1 F2 F3 F4 F5 F6" with the size record's fields as
 * qf_read_size parses them.  Exit 0, or 1 if the file is malformed
 * (the reason on stderr).  A test tool: tests compare its output with
 * expected records and with Postfix's postcat.
 */
#include <fcntl.h>
#include <stdio.h>

#include "buf.h"
#include "msg.h"
#include "queue_file.h"
#include "record.h"
#include "stream.h"

static void print_payload(const struct buf *b)
{
    size_t  i;
    unsigned char c;

    for (i = 0; i < b->len; i++) {
        c = (unsigned char) b->data[i];
        if ((c >= ' ' && c < 127 && c != '\\') || c == '\t')
            putchar(c);
        else
            printf("\\%03o", c);
    }
    putchar('\n');
}

int     main(int argc, char **argv)
{
    struct stream *f;
    struct buf *b = buf_new(1024);
    long    fields[6];
    int     fd, type;

    msg_init("qf_dump");
    msg_stderr(1);
    if (argc != 2)
        msg_fatal("usage: qf_dump FILE");
    if ((fd = open(argv[1], O_RDONLY)) < 0)
        msg_fatal("open %s: %m", argv[1]);
    f = stream_open(fd);
    stream_set_name(f, argv[1]);
    while ((type = rec_get_raw(f, b, 0, REC_FLAG_NONE)) >= 0) {
        printf("%c\t", type);
        print_payload(b);
    }
    if (type != REC_TYPE_EOF)
        return 1;
    if (qf_read_size(f, fields) < 0)
        return 1;
    printf("size: %ld %ld %ld %ld %ld %ld\n", fields[0], fields[1],
           fields[2], fields[3], fields[4], fields[5]);
    stream_close(f);
    buf_free(b);
    return 0;
}
