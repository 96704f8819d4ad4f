/*
 * qf_drop - drop Postfix-format queue files into incoming/, as cleanup
 *
 * Usage:
 *   qf_drop -q QUEUE_DIR [-n COUNT] [-r MIN-MAX] [-d DOMAIN] [-S SENDER]
 *           [-p PREFIX] [-s SEED] [-o LIST_FILE] [-B SIZE]
 *
 * Writes COUNT (default 1) messages, each with a random number of
 * recipients in MIN..MAX (default 1-1) named PREFIXm<N>r<K>@DOMAIN
 * (default prefix "u", domain example.com), sender SENDER (default
 * sender@example.org; '' = null sender) and a body of about SIZE bytes
 * (default 200).  Each file is written as cleanup does: created under a
 * temporary name in incoming/ with mode 0600 (qmgr ignores it), written
 * in cleanup's layout (src/global/queue_file.c, reference 4.4), renamed
 * to its queue ID (%05X microseconds + inode in hex) and only then made
 * mode 0700 (ready).  incoming/ is created if missing.  The wake-up is
 * left to the caller (tests/tools/test_client -w -r A public/qmgr).
 *
 * LIST_FILE (default stdout) gets one line per recipient: "ID ADDRESS".
 * Exit 0, or 1 on any error (message on stderr).
 *
 * Trust: a test program; not installed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "msg.h"
#include "msg_stats.h"
#include "queue_file.h"
#include "stream.h"

struct options {
    const char *qdir;
    long    count;
    long    rmin;
    long    rmax;
    const char *domain;
    const char *sender;
    const char *prefix;
    const char *list;
    long    size;
    unsigned seed;
};

static _Noreturn void usage(void)
{
    fprintf(stderr, "usage: qf_drop -q QUEUE_DIR [-n COUNT] [-r MIN-MAX] "
            "[-d DOMAIN] [-S SENDER] [-p PREFIX] [-s SEED] [-o LIST] "
            "[-B SIZE]\n");
    exit(1);
}

static long number(const char *s)
{
    char   *end;
    long    n = strtol(s, &end, 10);

    if (*s == 0 || *end != 0 || n < 0)
        usage();
    return (n);
}

static void parse(struct options *o, int argc, char **argv)
{
    int     c;
    char   *dash;

    memset(o, 0, sizeof(*o));
    o->count = 1;
    o->rmin = o->rmax = 1;
    o->domain = "example.com";
    o->sender = "sender@example.org";
    o->prefix = "u";
    o->size = 200;
    o->seed = (unsigned) getpid();
    while ((c = getopt(argc, argv, "B:d:n:o:p:q:r:S:s:")) != -1) {
        switch (c) {
        case 'B': o->size = number(optarg); break;
        case 'd': o->domain = optarg; break;
        case 'n': o->count = number(optarg); break;
        case 'o': o->list = optarg; break;
        case 'p': o->prefix = optarg; break;
        case 'q': o->qdir = optarg; break;
        case 'S': o->sender = optarg; break;
        case 's': o->seed = (unsigned) number(optarg); break;
        case 'r':
            if ((dash = strchr(optarg, '-')) == NULL)
                usage();
            *dash = 0;
            o->rmin = number(optarg);
            o->rmax = number(dash + 1);
            break;
        default:
            usage();
        }
    }
    if (o->qdir == NULL || o->rmin < 1 || o->rmax < o->rmin || o->rmax > 1000)
        usage();
}

static void make_body(struct buf *body, long size)
{
    buf_set(body, "Subject: qf_drop test\nFrom: sender@example.org\n\n");
    while ((long) buf_len(body) < size)
        buf_puts(body, "The quick brown fox jumps over the lazy dog.\n");
}

/* drop_one - one message; its ID in id */

static void drop_one(const struct options *o, long n, FILE *list,
                     const struct buf *body)
{
    long    nrcpt = o->rmin + rand() % (o->rmax - o->rmin + 1);
    struct qf_rcpt *rcpt = xcalloc((size_t) nrcpt, sizeof(*rcpt));
    struct buf *tmp = buf_new(100);
    struct buf *path = buf_new(100);
    struct buf *id = buf_new(30);
    struct qf_message m;
    struct qf_layout l;
    struct stream *s;
    struct stat st;
    long    i;
    int     fd;

    for (i = 0; i < nrcpt; i++) {
        struct buf *a = buf_new(60);

        buf_printf(a, "%sm%ldr%ld@%s", o->prefix, n, i + 1, o->domain);
        rcpt[i].address = buf_steal(a);
    }
    memset(&m, 0, sizeof(m));
    msg_stats_now(&m.arrival);
    m.sender = o->sender;
    m.rcpt = rcpt;
    m.nrcpt = (size_t) nrcpt;
    m.body = buf_str((struct buf *) body);
    m.body_len = buf_len(body);
    buf_printf(tmp, "%s/incoming/tmp.%ld.%ld", o->qdir, (long) getpid(), n);
    if ((fd = open(buf_str(tmp), O_RDWR | O_CREAT | O_EXCL, 0600)) < 0)
        msg_fatal("create %s: %m", buf_str(tmp));
    s = stream_open(fd);
    if (qf_write(s, &m, &l) < 0 || fstat(fd, &st) < 0)
        msg_fatal("write %s", buf_str(tmp));
    for (i = 0; i < 1000; i++) {		/* a unique name, never replace */
        struct timeval now;

        msg_stats_now(&now);
        buf_reset(id);
        buf_printf(id, "%05X%lX", (unsigned) now.tv_usec & 0xfffff,
                   (unsigned long) st.st_ino);
        buf_reset(path);
        buf_printf(path, "%s/incoming/%s", o->qdir, buf_str(id));
        if (link(buf_str(tmp), buf_str(path)) == 0)
            break;
        if (errno != EEXIST)
            msg_fatal("link %s: %m", buf_str(path));
    }
    if (i == 1000 || unlink(buf_str(tmp)) < 0)
        msg_fatal("cannot name %s", buf_str(tmp));
    if (fchmod(fd, 0700) < 0 || stream_close(s) < 0)
        msg_fatal("finish %s: %m", buf_str(path));
    for (i = 0; i < nrcpt; i++) {
        fprintf(list, "%s %s\n", buf_str(id), rcpt[i].address);
        free((void *) rcpt[i].address);
    }
    free(rcpt);
    qf_layout_free(&l);
    buf_free(tmp);
    buf_free(path);
    buf_free(id);
}

int     main(int argc, char **argv)
{
    struct options o;
    struct buf *body = buf_new(1000);
    struct buf *dir = buf_new(100);
    FILE   *list = stdout;
    long    n;

    msg_init("qf_drop");
    parse(&o, argc, argv);
    srand(o.seed);
    buf_printf(dir, "%s/incoming", o.qdir);
    if (mkdir(buf_str(dir), 0700) < 0 && errno != EEXIST)
        msg_fatal("mkdir %s: %m", buf_str(dir));
    if (o.list && (list = fopen(o.list, "a")) == NULL)
        msg_fatal("open %s: %m", o.list);
    make_body(body, o.size);
    for (n = 1; n <= o.count; n++)
        drop_one(&o, n, list, body);
    if (fclose(list) != 0)
        msg_fatal("close list: %m");
    buf_free(body);
    buf_free(dir);
    return (0);
}
