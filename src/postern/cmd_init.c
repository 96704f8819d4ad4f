/*
 * cmd_init - "postern init": create an instance under a directory
 *
 * Synopsis:
 *	postern init [-f] DIR
 *
 * Writes DIR/etc/main.cf and DIR/etc/master.cf, copied from the
 * templates, then points main.cf at DIR with the same edit code as
 * "postern conf -e" (comments and other lines are kept):
 *	queue_directory   = DIR/queue
 *	data_directory    = DIR/data
 *	daemon_directory  = <dir of the binary>/../libexec when it holds
 *			    "master" (a build tree), else DEF_DAEMON_DIR
 *	command_directory = <dir of the binary>
 *	mail_owner        = the invoking user (root keeps the template's)
 *	maillog_file      = DIR/log/maillog
 * Templates: <dir of the binary>/../conf when it has main.cf (a build
 * tree), else DEF_TEMPLATE_DIR.  An existing DIR/etc/main.cf is kept
 * unless -f is given.  The queue itself is created by "postern check"
 * (run by "start").  Prints what it wrote and the next command.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cfgfile.h"
#include "mem.h"
#include "msg.h"
#include "postern.h"

/* make_dir - mkdir, fine if it is already a directory */

static void make_dir(const char *path)
{
    struct stat st;

    if (mkdir(path, 0755) < 0) {
        if (errno != EEXIST)
            msg_fatal("create directory %s: %m", path);
        if (stat(path, &st) < 0 || !S_ISDIR(st.st_mode))
            msg_fatal("%s exists and is not a directory", path);
    }
}

/* copy_file - copy a template (bounded), through a temporary file */

static void copy_file(const char *src, const char *dst)
{
    struct buf *text = pst_keep(buf_new(8192));
    char   *tmp = pst_keep(xconcat(dst, ".postern-tmp", (char *) 0));
    char    chunk[8192];
    ssize_t got;
    size_t  done;
    int     in;
    int     out;


    if ((in = open(src, O_RDONLY | O_CLOEXEC)) < 0)
        msg_fatal("open template %s: %m", src);
    while ((got = read(in, chunk, sizeof(chunk))) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            msg_fatal("read %s: %m", src);
        }
        if (buf_len(text) + (size_t) got > CFG_FILE_LIMIT)
            msg_fatal("%s: file is too large", src);
        buf_append(text, chunk, (size_t) got);
    }
    close(in);
    (void) unlink(tmp);
    out = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
               0644);
    if (out < 0)
        msg_fatal("create %s: %m", tmp);
    for (done = 0; done < buf_len(text); done += (size_t) got) {
        got = write(out, buf_str(text) + done, buf_len(text) - done);
        if (got < 0 && errno == EINTR) {
            got = 0;
            continue;
        }
        if (got < 0)
            msg_fatal("write %s: %m", tmp);
    }
    if (fsync(out) < 0 || close(out) < 0)
        msg_fatal("write %s: %m", tmp);
    if (rename(tmp, dst) < 0)
        msg_fatal("rename %s to %s: %m", tmp, dst);
}

/* cf_path - a path as a main.cf value: '$' must be written "$$" */

static char *cf_path(const char *path)
{
    struct buf *b = buf_new(strlen(path) + 8);

    for (; *path; path++) {
        if (*path == '$')
            buf_putc(b, '$');
        buf_putc(b, *path);
    }
    return buf_steal(b);
}

int     cmd_init(int argc, char **argv)
{
    struct conf_edit ed[6];
    char   *dir, *etc, *main_cf, *master_cf;
    char   *tmpl, *tmpl_main, *tmpl_master, *daemon_dir;
    struct buf *err;
    size_t  n = 0;
    size_t  i;
    int     force = 0;
    int     c;
    char    real[PATH_MAX];
    struct passwd *pw;
    struct stat st;

    while ((c = getopt(argc, argv, "+:c:fv")) != -1) {
        switch (c) {
        case 'c':
            pst_set_config_dir(optarg);	/* accepted; DIR decides */
            break;
        case 'f':
            force = 1;
            break;
        case 'v':
            msg_verbose++;
            break;
        default:
            pst_bad_option(c);
            msg_fatal("usage: postern init [-f] DIR");
        }
    }
    if (argc - optind != 1)
        msg_fatal("usage: postern init [-f] DIR");
    err = pst_keep(buf_new(100));

    /* The instance directory, absolute and canonical. */
    make_dir(argv[optind]);
    if (realpath(argv[optind], real) == NULL)
        msg_fatal("%s: %m", argv[optind]);
    dir = pst_keep(xstrdup(real));
    etc = pst_keep(xconcat(dir, "/etc", (char *) 0));
    main_cf = pst_keep(xconcat(etc, "/main.cf", (char *) 0));
    master_cf = pst_keep(xconcat(etc, "/master.cf", (char *) 0));
    if (!force && lstat(main_cf, &st) == 0)
        msg_fatal("%s exists; use \"postern init -f %s\" to overwrite it",
                  main_cf, argv[optind]);

    /* Templates: the build tree's conf/, else the installed ones. */
    if ((tmpl = self_sibling("../conf", "main.cf")) == NULL)
        tmpl = xstrdup(DEF_TEMPLATE_DIR);
    pst_keep(tmpl);
    tmpl_main = pst_keep(xconcat(tmpl, "/main.cf", (char *) 0));
    tmpl_master = pst_keep(xconcat(tmpl, "/master.cf", (char *) 0));
    if (access(tmpl_main, R_OK) < 0 || access(tmpl_master, R_OK) < 0)
        msg_fatal("no readable main.cf and master.cf templates in %s", tmpl);

    make_dir(etc);
    copy_file(tmpl_main, main_cf);
    copy_file(tmpl_master, master_cf);

    /* Point the copy at DIR. */
    if ((daemon_dir = self_sibling("../libexec", "master")) == NULL)
        daemon_dir = xstrdup(DEF_DAEMON_DIR);
    pst_keep(daemon_dir);
#define ADD(nm, val) do { \
        ed[n].name = (nm); ed[n].value = pst_keep(cf_path(val)); \
        n++; \
    } while (0)
    {
        char   *q = xconcat(dir, "/queue", (char *) 0);
        char   *d = xconcat(dir, "/data", (char *) 0);
        char   *l = xconcat(dir, "/log/maillog", (char *) 0);

        ADD("queue_directory", q);
        ADD("data_directory", d);
        ADD("daemon_directory", daemon_dir);
        ADD("command_directory", self_dir() ? self_dir() : DEF_COMMAND_DIR);
        ADD("maillog_file", l);
        free(q);
        free(d);
        free(l);
    }
    if (getuid() != 0) {
        if ((pw = getpwuid(getuid())) == NULL)
            msg_fatal("cannot find the name of user ID %ld", (long) getuid());
        ADD("mail_owner", pw->pw_name);
    }
    if (conf_edit_file(main_cf, ed, n, err) < 0)
        msg_fatal("%s", buf_str(err));

    out_printf("postern: wrote %s (from %s)\n", main_cf, tmpl_main);
    for (i = 0; i < n; i++)
        out_printf("    %s = %s\n", ed[i].name, ed[i].value);
    out_printf("postern: wrote %s (from %s)\n", master_cf, tmpl_master);
    out_printf("next: postern -c %s start\n", etc);
    out_flush();

    if (getuid() == 0) {
        /* Root keeps the template's mail_owner: say if it is missing. */
        char   *owner;

        pst_set_config_dir(etc);
        pst_load_config(0);
        owner = pst_keep(pst_get("mail_owner"));
        if (getpwnam(owner) == NULL)
            msg_warn("mail_owner %s is not a user on this system: create"
                     " it, or run \"postern -c %s conf -e mail_owner=USER\"",
                     owner, etc);
    }

    return 0;
}
