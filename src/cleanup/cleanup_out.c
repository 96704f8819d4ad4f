/*
 * cleanup_out - the queue file: create, write, commit or remove
 *
 * cleanup_out_open() creates incoming/ID (mode 0600; incoming/ itself,
 * mode 0700, if it is missing) and writes the
 * size record with zeros.  The queue ID is Postfix's: short IDs are the
 * microseconds as %05X followed by the inode in upper-case hex; long
 * IDs (enable_long_queue_ids) are the seconds in base 52 (6 digits),
 * the microseconds in base 52 (4 digits), 'z', the inode in base 51.
 * The file is made under a temporary name and linked to its ID, so an
 * ID is never reused while its file exists.
 *
 * cleanup_out_rec() writes one record unless an error is pending; it
 * enforces message_size_limit on the queue file size (CLEANUP_STAT_SIZE)
 * and turns write errors into CLEANUP_STAT_WRITE.  cleanup_out_text()
 * writes a content line as 'L' pieces of at most line_length_limit
 * bytes and a final record of the given type.
 *
 * cleanup_out_commit() rewrites the size record (reference 4.3: data
 * size, data offset, recipients, qmgr flags, content length (= data
 * size, as Postfix 3.7 writes it), SMTPUTF8 flags), flushes, fsyncs the
 * file, sets mode 0700 (complete), fsyncs again and the directory, and
 * wakes qmgr with one byte 'W' on public/$queue_service_name (ignored if nobody
 * listens: qmgr scans incoming/ on its own too).  cleanup_out_remove()
 * closes and unlinks: nothing of a failed or abandoned message stays.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "cleanup.h"
#include "cleanup_params.h"
#include "cleanup_user.h"
#include "mail_params.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "record.h"
#include "recipient.h"
#include "sock.h"
#include "stream.h"

#define QUEUE_MODE_WRITING	0600
#define QUEUE_MODE_READY	0700
/*
 * Postfix 3.7's cleanup writes 'W' (TRIGGER_REQ_WAKEUP: "new mail in
 * incoming/") to public/qmgr, measured with strace.  'A' would ask qmgr
 * to scan the deferred queue as well, on every new message.
 */
#define QMGR_WAKEUP		"W"
#define OPEN_TRIES		20
#define OPEN_FLAGS	(O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW)

static const char base52[] =
    "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz";

/* put_base - value in base (52 or 51), at least width digits */

static void put_base(struct buf *out, unsigned long value, unsigned base,
                     int width)
{
    char    tmp[32];
    int     n = 0;

    do {
        tmp[n++] = base52[value % base];
        value /= base;
    } while ((value > 0 || n < width) && n < (int) sizeof(tmp));
    while (n > 0)
        buf_putc(out, tmp[--n]);
}

static void make_queue_id(struct buf *id, const struct timeval *tv,
                          ino_t ino)
{
    buf_reset(id);
    if (var_long_queue_ids) {
        put_base(id, (unsigned long) tv->tv_sec, 52, 6);
        put_base(id, (unsigned long) tv->tv_usec, 52, 4);
        buf_putc(id, 'z');
        put_base(id, (unsigned long) ino, 51, 1);
    } else {
        buf_printf(id, "%05X%lX", (unsigned) tv->tv_usec, (unsigned long) ino);
    }
}

/* make_queue_dir - the hashed subdirectories of incoming/, if any */

static void make_queue_dir(const char *path)
{
    char   *copy = xstrdup(path);
    char   *cp;

    for (cp = strchr(copy, '/'); cp; cp = strchr(cp + 1, '/')) {
        *cp = 0;
        if (mkdir(copy, 0700) < 0 && errno != EEXIST)
            msg_warn("mkdir %s: %m", copy);
        *cp = '/';
    }
    free(copy);
}

/* link_new_file - link tmp under a fresh queue ID; fd's inode */

static int link_new_file(struct cleanup_state *st, const char *tmp, int fd)
{
    struct buf *id = buf_new(32);
    struct buf *path = buf_new(64);
    struct stat sb;
    struct timeval tv;
    int     tries;

    if (fstat(fd, &sb) < 0)
        msg_fatal("fstat %s: %m", tmp);
    for (tries = 0; tries < OPEN_TRIES; tries++) {
        gettimeofday(&tv, NULL);
        make_queue_id(id, &tv, sb.st_ino);
        mail_queue_path(path, MAIL_QUEUE_INCOMING, buf_str(id));
        if (tries == 0)
            make_queue_dir(buf_str(path));
        if (link(tmp, buf_str(path)) == 0) {
            st->queue_id = buf_steal(id);
            st->path = buf_steal(path);
            return 0;
        }
        if (errno != EEXIST)
            break;
        usleep(10);
    }
    msg_warn("link %s to %s: %m", tmp, buf_str(path));
    buf_free(id);
    buf_free(path);
    return -1;
}

int     cleanup_out_open(struct cleanup_state *st)
{
    static unsigned long serial;
    struct buf *tmp = buf_new(64);
    int     fd;
    int     ret;

    gettimeofday(&st->arrival, NULL);
    buf_printf(tmp, "%s/.cleanup.%ld.%lu", MAIL_QUEUE_INCOMING,
               (long) getpid(), serial++);
    fd = open(buf_str(tmp), OPEN_FLAGS, QUEUE_MODE_WRITING);
    if (fd < 0 && errno == ENOENT && mkdir(MAIL_QUEUE_INCOMING, 0700) == 0)
        fd = open(buf_str(tmp), OPEN_FLAGS, QUEUE_MODE_WRITING);
    if (fd < 0) {
        msg_warn("create file %s: %m", buf_str(tmp));
        buf_free(tmp);
        return -1;
    }
    ret = link_new_file(st, buf_str(tmp), fd);
    if (unlink(buf_str(tmp)) < 0)
        msg_warn("remove %s: %m", buf_str(tmp));
    buf_free(tmp);
    if (ret < 0) {
        close(fd);
        return -1;
    }
    st->dst = stream_open(fd);
    stream_set_name(st->dst, st->path);
    cleanup_out_recf(st, REC_TYPE_SIZE, REC_TYPE_SIZE_FORMAT,
                     0L, 0L, 0L, 0L, 0L, 0L);
    return CLEANUP_STATE_OK(st) ? 0 : -1;
}

long    cleanup_out_tell(struct cleanup_state *st)
{
    return (long) stream_tell(st->dst);
}

void    cleanup_out_rec(struct cleanup_state *st, int type, const void *p,
                        size_t n)
{
    if (!CLEANUP_STATE_OK(st))
        return;
    if (var_message_limit > 0
        && cleanup_out_tell(st) + (long) n + 6 > var_message_limit) {
        cleanup_fail(st, CLEANUP_STAT_SIZE, "message file too big"
                     " (message_size_limit %ld)", var_message_limit);
        return;
    }
    if (rec_put(st->dst, type, p, n) != type)
        cleanup_fail(st, CLEANUP_STAT_WRITE, "write queue file: %m");
}

void    cleanup_out_recf(struct cleanup_state *st, int type, const char *fmt,
                         ...)
{
    struct buf *b = buf_new(128);
    va_list ap;

    va_start(ap, fmt);
    buf_vprintf(b, fmt, ap);
    va_end(ap);
    cleanup_out_rec(st, type, buf_str(b), buf_len(b));
    buf_free(b);
}

void    cleanup_out_text(struct cleanup_state *st, int type, const char *p,
                         size_t n)
{
    size_t  piece = (size_t) var_line_limit;

    while (n > piece) {
        cleanup_out_rec(st, REC_TYPE_CONT, p, piece);
        p += piece;
        n -= piece;
    }
    cleanup_out_rec(st, type, p, n);
}

/* size_fields - the final size record */

static void size_fields(struct cleanup_state *st)
{
    long    data_size = st->xtra_offset - st->data_offset;
    long    qmgr_flags = 0;

    qmgr_flags = (long) st->notify_any << 1;
    if (stream_seek(st->dst, 0, SEEK_SET) < 0) {
        cleanup_fail(st, CLEANUP_STAT_WRITE, "seek queue file: %m");
        return;
    }
    cleanup_out_recf(st, REC_TYPE_SIZE, REC_TYPE_SIZE_FORMAT, data_size,
                     st->data_offset, (long) st->rcpts->argc, qmgr_flags,
                     data_size, 0L);
}

/* sync_dir - make the new directory entry durable */

static void sync_dir(const char *path)
{
    char   *dir = xstrdup(path);
    char   *slash = strrchr(dir, '/');
    int     fd;

    if (slash)
        *slash = 0;
    if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) >= 0) {
        if (fsync(fd) < 0)
            msg_warn("fsync %s: %m", dir);
        close(fd);
    }
    free(dir);
}

/* wake_qmgr - one byte to the queue manager; silent if it is not there */

static void wake_qmgr(void)
{
    struct buf *path = buf_new(64);
    int     fd;

    buf_printf(path, "%s/%s", MAIL_CLASS_PUBLIC, var_queue_service);
    if ((fd = unix_connect(buf_str(path), 0, 0)) >= 0) {
        if (write(fd, QMGR_WAKEUP, 1) != 1 && msg_verbose)
            msg_info("wake up %s: %m", buf_str(path));
        close(fd);
    }
    buf_free(path);
}

int     cleanup_out_commit(struct cleanup_state *st)
{
    long    limit = var_message_limit;
    int     fd = stream_fd(st->dst);

    var_message_limit = 0;		/* the rewrite does not grow the file */
    size_fields(st);
    var_message_limit = limit;
    if (CLEANUP_STATE_OK(st) && stream_flush(st->dst) < 0)
        cleanup_fail(st, CLEANUP_STAT_WRITE, "write queue file: %m");
    if (CLEANUP_STATE_OK(st) && fsync(fd) < 0)
        cleanup_fail(st, CLEANUP_STAT_WRITE, "fsync queue file: %m");
    if (CLEANUP_STATE_OK(st) && fchmod(fd, QUEUE_MODE_READY) < 0)
        cleanup_fail(st, CLEANUP_STAT_WRITE, "fchmod queue file: %m");
    if (CLEANUP_STATE_OK(st) && fsync(fd) < 0)
        cleanup_fail(st, CLEANUP_STAT_WRITE, "fsync queue file: %m");
    if (!CLEANUP_STATE_OK(st))
        return -1;
    if (stream_close(st->dst) < 0) {
        st->dst = NULL;
        cleanup_fail(st, CLEANUP_STAT_WRITE, "close queue file: %m");
        return -1;
    }
    st->dst = NULL;
    sync_dir(st->path);
    wake_qmgr();
    return 0;
}

void    cleanup_out_remove(struct cleanup_state *st)
{
    if (st->path && unlink(st->path) < 0 && errno != ENOENT)
        msg_warn("remove %s: %m", st->path);
    if (st->dst) {
        (void) stream_close(st->dst);	/* output goes to the unlinked file */
        st->dst = NULL;
    }
}
