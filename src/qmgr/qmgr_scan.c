/*
 * qmgr_scan - list the ready queue files of a queue directory
 *
 *	int	qmgr_scan(const char *queue, int all, long now,
 *			struct argv *out, size_t max);
 *
 * Walks QUEUE (relative to queue_directory), descending into the
 * one-character hash subdirectories (at most hash_queue_depth levels)
 * and appends "ID" for each file that is ready, at most max of them:
 * a name that is a valid queue ID, a regular file whose owner bits are
 * rwx (cleanup sets 0700 when the file is complete), and, unless all is
 * set, whose modification time (the next-attempt time, as in Postfix)
 * is not after now.  Returns 1 when it stopped at max (there may be
 * more), 0 otherwise.  A missing directory is an empty queue.
 *
 * Trust: directory entries are checked (mail_queue_id_ok) before use.
 */
#include <dirent.h>
#include <string.h>
#include <sys/stat.h>

#include "argv.h"
#include "buf.h"
#include "mail_params.h"
#include "msg.h"
#include "mail_queue.h"
#include "qmgr.h"

static int ready(const struct stat *st, int all, long now)
{
    return (S_ISREG(st->st_mode) && (st->st_mode & S_IRWXU) == S_IRWXU
            && (all || (long) st->st_mtime <= now));
}

static int scan_dir(const char *dir, int depth, int all, long now,
                    struct argv *out, size_t max)
{
    struct buf *path = buf_new(100);
    struct dirent *de;
    struct stat st;
    DIR    *d;
    int     more = 0;

    if ((d = opendir(dir)) == NULL) {
        buf_free(path);
        return (0);
    }
    while (!more && (de = readdir(d)) != NULL) {
        if (de->d_name[0] == '.')
            continue;
        buf_reset(path);
        buf_printf(path, "%s/%s", dir, de->d_name);
        if (lstat(buf_str(path), &st) < 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (depth > 0 && strlen(de->d_name) == 1)
                more = scan_dir(buf_str(path), depth - 1, all, now, out, max);
            continue;
        }
        if (!mail_queue_id_ok(de->d_name) || !ready(&st, all, now))
            continue;
        if (out->argc >= max) {
            more = 1;
            break;
        }
        argv_add(out, de->d_name);
    }
    closedir(d);
    buf_free(path);
    return (more);
}

int     qmgr_scan(const char *queue, int all, long now, struct argv *out,
                  size_t max)
{
    int     depth = mail_queue_hashed(queue) ? var_hash_queue_depth : 0;

    return (scan_dir(queue, depth, all, now, out, max));
}
