/*
 * master_lock - the pid file and its lock
 *
 * $queue_directory/pid/master.pid holds master's pid and an exclusive
 * flock(2) for as long as master lives; the lock, not the file's
 * existence, says that an instance is running.  The lock is taken
 * before master detaches (the open file description, and with it the
 * lock, passes to the daemon through fork).
 *
 *	int	master_lock_open(const char *path);
 *			create the file (and its directory) and lock it;
 *			fatal, naming the running master, if it is locked
 *	int	master_lock_test(const char *path);
 *			1 if a master holds the lock, 0 if not (-t)
 *	void	master_lock_write_pid(void);	this process's pid
 *	void	master_lock_remove(void);	unlink the file (at exit)
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"
#include "msg.h"

#include "master.h"

static int lock_fd = -1;
static char *lock_path;
static pid_t lock_owner;		/* pid that wrote the file */

/* lock_read_pid - the pid text of a locked file, for the message */

static void lock_read_pid(int fd, char *buf, size_t len)
{
    ssize_t n;
    char   *cp;

    n = pread(fd, buf, len - 1, 0);
    buf[n > 0 ? n : 0] = 0;
    for (cp = buf; *cp == ' '; cp++)
         /* void */ ;
    memmove(buf, cp, strlen(cp) + 1);
    buf[strcspn(buf, "\n")] = 0;
    if (*buf == 0)
        snprintf(buf, len, "unknown");
}

/* lock_mkdir - the directory of path, if missing */

static void lock_mkdir(const char *path)
{
    char   *dir = xstrdup(path);
    char   *slash = strrchr(dir, '/');

    if (slash != NULL && slash != dir) {
        *slash = 0;
        if (mkdir(dir, 0755) < 0 && errno != EEXIST)
            msg_fatal("create directory %s: %m", dir);
    }
    free(dir);
}

int     master_lock_open(const char *path)
{
    char    pidbuf[32];

    lock_mkdir(path);
    if ((lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644)) < 0)
        msg_fatal("open lock file %s: %m", path);
    if (flock(lock_fd, LOCK_EX | LOCK_NB) < 0) {
        if (errno != EWOULDBLOCK)
            msg_fatal("lock file %s: %m", path);
        lock_read_pid(lock_fd, pidbuf, sizeof(pidbuf));
        msg_fatal("the postern mail system is already running: "
                  "master pid %s holds %s", pidbuf, path);
    }
    (void) fchmod(lock_fd, 0644);
    lock_path = xstrdup(path);
    return (lock_fd);
}

int     master_lock_test(const char *path)
{
    int     fd;
    int     locked;

    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        if (errno == ENOENT)
            return (0);
        msg_fatal("open lock file %s: %m", path);
    }
    /* A shared lock conflicts with master's exclusive one only. */
    locked = (flock(fd, LOCK_SH | LOCK_NB) < 0 && errno == EWOULDBLOCK);
    (void) close(fd);
    return (locked);
}

void    master_lock_write_pid(void)
{
    char    buf[32];
    int     len;

    if (lock_fd < 0)
        msg_panic("master_lock_write_pid: no lock file");
    lock_owner = getpid();
    len = snprintf(buf, sizeof(buf), "%10ld\n", (long) lock_owner);
    if (ftruncate(lock_fd, 0) < 0 || pwrite(lock_fd, buf, len, 0) != len)
        msg_fatal("write lock file %s: %m", lock_path);
}

void    master_lock_remove(void)
{
    /* Only the master that wrote the file removes it (not a child). */
    if (lock_path != NULL && lock_owner == getpid()) {
        if (unlink(lock_path) < 0 && errno != ENOENT)
            msg_warn("remove %s: %m", lock_path);
        lock_owner = 0;
    }
}
