/*
 * cmd_check - "postern check": create and repair the queue directories
 *
 * Synopsis:
 *	postern [-c config_dir] check [-c config_dir]
 *	int	check_instance(int quiet);	also run by "postern start"
 *
 * Reads main.cf and checks every parameter value (a bad one is fatal,
 * with one line naming it), then makes the directories below exist with
 * the owner and mode shown, reporting each change on its own line:
 * "created directory X", "fixed mode of X: 0755 -> 0700", "fixed owner
 * of X: 0:0 -> 102:105".  When nothing changed it says "postern check:
 * nothing to fix".  Run as root (owner "root" below) or as mail_owner
 * itself (then every directory belongs to mail_owner and maildrop loses
 * its group access):
 *
 *	queue_directory		root 0755 (created with its parents)
 *	  active bounce corrupt defer deferred flush hold incoming
 *	  private saved trace	mail_owner 0700
 *	  maildrop		mail_owner:setgid_group 0730 (0700 unprivileged)
 *	  public		mail_owner:setgid_group 0711: any local user may
 *				reach the public services (cleanup, the qmgr
 *				wake-up) without a set-gid program
 *	  $process_id_directory	root 0755
 *	data_directory		mail_owner 0700 (created with its parents)
 *	dir of maillog_file	created (mail_owner 0755) if missing, never
 *				changed; the file itself is created for
 *				mail_owner (0640) if missing, so that daemons
 *				running as mail_owner can append to it
 *
 * The hashed subdirectories of the queues are made by the daemons when
 * they need them.  A daemon_directory without "master" gets a warning.
 * Exit status 0, or 1 if something could not be fixed.  Existing paths
 * are opened without following symbolic links (queue_directory itself
 * may be one) and changed through the open descriptor.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mail_queue.h"
#include "mem.h"
#include "msg.h"
#include "postern.h"

struct check_state {
    int     quiet;
    int     changes;
    int     errors;
};

static void report(struct check_state *cs, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void report(struct check_state *cs, const char *fmt, ...)
{
    static struct buf *b;		/* static: reachable at fatal exit */
    va_list ap;

    cs->changes++;
    if (!cs->quiet) {
        if (b == NULL)
            b = buf_new(100);
        buf_reset(b);
        va_start(ap, fmt);
        buf_vprintf(b, fmt, ap);
        va_end(ap);
        buf_putc(b, '\n');
        out_write(buf_str(b), buf_len(b));
    }
}

/* make_parents - mkdir -p of everything above path (0755, as is) */

static int make_parents(struct check_state *cs, const char *path)
{
    char   *copy = xstrdup(path);
    char   *cp;
    int     ret = 0;

    for (cp = copy + 1; (cp = strchr(cp, '/')) != NULL; cp++) {
        *cp = 0;
        if (mkdir(copy, 0755) == 0) {
            report(cs, "created directory %s", copy);
        } else if (errno != EEXIST) {
            msg_error("create directory %s: %m", copy);
            ret = -1;
            break;
        }
        *cp = '/';
    }
    free(copy);
    return ret;
}

#define DIR_FOLLOW	(1 << 0)	/* path may be a symbolic link */
#define DIR_PARENTS	(1 << 1)	/* create missing parents */
#define DIR_NOFIX	(1 << 2)	/* create only, never change */

/* ensure_dir - directory with this owner and mode, created if missing */

static void ensure_dir(struct check_state *cs, const char *path, uid_t uid,
                       gid_t gid, mode_t mode, int flags)
{
    struct stat st;
    int     created = 0;
    int     fd;

    if ((flags & DIR_PARENTS) && make_parents(cs, path) < 0) {
        cs->errors++;
        return;
    }
    if (mkdir(path, 0700) == 0) {
        created = 1;
        report(cs, "created directory %s", path);
    } else if (errno != EEXIST) {
        msg_error("create directory %s: %m", path);
        cs->errors++;
        return;
    } else if (flags & DIR_NOFIX) {
        return;
    }
    fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC
              | ((flags & DIR_FOLLOW) ? 0 : O_NOFOLLOW));
    if (fd < 0) {
        if (errno == ENOTDIR || errno == ELOOP)
            msg_error("%s exists and is not a directory", path);
        else
            msg_error("open %s: %m", path);
        cs->errors++;
        return;
    }
    if (fstat(fd, &st) < 0) {
        msg_error("stat %s: %m", path);
        cs->errors++;
    } else {
        if (st.st_uid != uid || st.st_gid != gid) {
            if (fchown(fd, uid, gid) < 0) {
                msg_error("cannot change owner of %s to %ld:%ld: %m", path,
                          (long) uid, (long) gid);
                cs->errors++;
            } else if (!created) {
                report(cs, "fixed owner of %s: %ld:%ld -> %ld:%ld", path,
                       (long) st.st_uid, (long) st.st_gid, (long) uid,
                       (long) gid);
            }
        }
        /* fchown() may clear set-id bits: compare after it. */
        if (fstat(fd, &st) == 0 && (st.st_mode & 07777) != mode) {
            if (fchmod(fd, mode) < 0) {
                msg_error("cannot change mode of %s to %04o: %m", path,
                          (unsigned) mode);
                cs->errors++;
            } else if (!created) {
                report(cs, "fixed mode of %s: %04o -> %04o", path,
                       (unsigned) (st.st_mode & 07777), (unsigned) mode);
            }
        }
    }
    close(fd);
}

/* ensure_log_file - the maillog_file, for mail_owner, if missing */

static void ensure_log_file(struct check_state *cs, const char *path,
                            uid_t uid, gid_t gid)
{
    char   *dir = xstrdup(path);
    char   *slash = strrchr(dir, '/');
    int     fd;

    if (slash != NULL && slash != dir) {
        *slash = 0;
        ensure_dir(cs, dir, uid, gid, 0755, DIR_PARENTS | DIR_NOFIX);
    }
    free(dir);
    fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              0640);
    if (fd < 0) {
        if (errno != EEXIST) {
            msg_error("create %s: %m", path);
            cs->errors++;
        }
        return;
    }
    if (fchown(fd, uid, gid) < 0) {
        msg_error("cannot change owner of %s: %m", path);
        cs->errors++;
    }
    close(fd);
    report(cs, "created file %s", path);
}

static const char *const private_queues[] = {
    MAIL_QUEUE_ACTIVE, MAIL_QUEUE_BOUNCE, MAIL_QUEUE_CORRUPT,
    MAIL_QUEUE_DEFER, MAIL_QUEUE_DEFERRED, MAIL_QUEUE_FLUSH,
    MAIL_QUEUE_HOLD, MAIL_QUEUE_INCOMING, MAIL_CLASS_PRIVATE,
    MAIL_QUEUE_SAVED, MAIL_QUEUE_TRACE,
};

int     check_instance(int quiet)
{
    char   *queue_dir, *data_dir, *owner, *group, *maillog;
    char   *daemon_dir, *pid_dir;
    struct check_state cs = { quiet, 0, 0 };
    char   *path;
    char   *master;
    struct passwd *pw;
    struct group *gr;
    uid_t   uid;
    gid_t   gid;
    uid_t   root_uid;
    gid_t   root_gid;
    gid_t   setgid;
    int     privileged = (geteuid() == 0);
    size_t  i;

    pst_load_config(1);
    queue_dir = pst_keep(pst_get("queue_directory"));
    data_dir = pst_keep(pst_get("data_directory"));
    owner = pst_keep(pst_get("mail_owner"));
    group = pst_keep(pst_get("setgid_group"));
    maillog = pst_keep(pst_get("maillog_file"));
    daemon_dir = pst_keep(pst_get("daemon_directory"));
    pid_dir = pst_keep(pst_get("process_id_directory"));

    if (*queue_dir != '/')
        msg_fatal("queue_directory must be an absolute path: \"%s\"",
                  queue_dir);
    if (*data_dir != '/')
        msg_fatal("data_directory must be an absolute path: \"%s\"",
                  data_dir);
    if ((pw = getpwnam(owner)) == NULL)
        msg_fatal("mail_owner %s: no such user", owner);
    uid = pw->pw_uid;
    gid = pw->pw_gid;
    if (uid == 0)
        msg_fatal("mail_owner %s must not be the super-user", owner);
    if (privileged) {
        if ((gr = getgrnam(group)) == NULL)
            msg_fatal("setgid_group %s: no such group", group);
        setgid = gr->gr_gid;
        if (setgid == gid)
            msg_fatal("setgid_group %s must not be mail_owner's group",
                      group);
        root_uid = 0;
        root_gid = 0;
    } else {
        if (uid != geteuid())
            msg_fatal("mail_owner is %s, but this command runs as user ID"
                      " %ld: run it as root, or as %s", owner,
                      (long) geteuid(), owner);
        setgid = gid;
        root_uid = uid;
        root_gid = gid;
    }

    ensure_dir(&cs, queue_dir, root_uid, root_gid, 0755,
               DIR_FOLLOW | DIR_PARENTS);
    if (cs.errors == 0) {
        for (i = 0; i < sizeof(private_queues) / sizeof(*private_queues); i++) {
            path = xconcat(queue_dir, "/", private_queues[i], (char *) 0);
            ensure_dir(&cs, path, uid, gid, 0700, 0);
            free(path);
        }
        path = xconcat(queue_dir, "/", MAIL_QUEUE_MAILDROP, (char *) 0);
        ensure_dir(&cs, path, uid, setgid, privileged ? 0730 : 0700, 0);
        free(path);
        path = xconcat(queue_dir, "/", MAIL_CLASS_PUBLIC, (char *) 0);
        ensure_dir(&cs, path, uid, setgid, 0711, 0);
        free(path);
        path = *pid_dir == '/' ? xstrdup(pid_dir)
            : xconcat(queue_dir, "/", *pid_dir ? pid_dir : "pid", (char *) 0);
        ensure_dir(&cs, path, root_uid, root_gid, 0755, 0);
        free(path);
    }
    ensure_dir(&cs, data_dir, uid, gid, 0700, DIR_FOLLOW | DIR_PARENTS);
    if (*maillog == '/' && strncmp(maillog, "/dev/", 5) != 0)
        ensure_log_file(&cs, maillog, uid, gid);

    master = xconcat(daemon_dir, "/master", (char *) 0);
    if (!quiet && access(master, X_OK) < 0)
        msg_warn("daemon_directory %s has no master program", daemon_dir);
    free(master);

    if (!quiet && cs.changes == 0 && cs.errors == 0)
        out_puts("postern check: nothing to fix\n");
    out_flush();
    return cs.errors ? 1 : 0;
}

int     cmd_check(int argc, char **argv)
{
    pst_options(argc, argv, "check");
    return check_instance(0);
}
