/*
 * master_pid - is a master process running for this instance?
 *
 * The master writes its process ID to $queue_directory/pid/master.pid
 * ($process_id_directory, relative to the queue directory unless it is
 * absolute) and holds an exclusive flock(2) on the file for its whole
 * life.  A master counts as running when the file exists, its lock is
 * held, and the process ID in it is alive.  A stale file (a master that
 * was killed -9) is not "running": the kernel dropped its lock.
 *
 *	const char *master_pid_file(struct buf *out);	needs main.cf read
 *	int	master_pid_query(const char *pid_file, pid_t *pid);
 *			1 running (*pid set), 0 not running
 *
 * The lock test takes a non-blocking shared lock and drops it at once;
 * for that instant a master that is just starting would see the file
 * locked, which is why "start" checks before it runs the master, never
 * concurrently with it.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include "buf.h"
#include "mem.h"
#include "postern.h"

const char *master_pid_file(struct buf *out)
{
    char   *queue = pst_keep(pst_get("queue_directory"));
    char   *piddir = pst_keep(pst_get("process_id_directory"));

    buf_reset(out);
    if (*piddir != '/') {
        buf_puts(out, queue);
        buf_putc(out, '/');
    }
    buf_puts(out, *piddir ? piddir : "pid");
    buf_puts(out, "/master.pid");
    return buf_str(out);
}

int     master_pid_query(const char *pid_file, pid_t *pid)
{
    char    text[64];
    ssize_t len;
    char   *end;
    long    val;
    int     fd;
    int     locked;

    if ((fd = open(pid_file, O_RDONLY | O_CLOEXEC | O_NOCTTY)) < 0)
        return 0;
    if (flock(fd, LOCK_SH | LOCK_NB) == 0) {
        (void) flock(fd, LOCK_UN);
        locked = 0;
    } else {
        locked = (errno == EWOULDBLOCK);
    }
    len = read(fd, text, sizeof(text) - 1);
    close(fd);
    if (!locked || len <= 0)
        return 0;
    text[len] = 0;
    errno = 0;
    val = strtol(text, &end, 10);
    if (errno != 0 || end == text || val <= 1 || (pid_t) val != val)
        return 0;
    if (kill((pid_t) val, 0) < 0 && errno != EPERM)
        return 0;
    *pid = (pid_t) val;
    return 1;
}
