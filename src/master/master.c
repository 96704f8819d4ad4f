/*
 * master - the postern process manager
 *
 * Usage: master [-c config_dir] [-d] [-e exit_time] [-s] [-t] [-v] [-w]
 *
 *   -c DIR   read DIR/main.cf and DIR/master.cf (exported as MAIL_CONFIG)
 *   -d       stay in the foreground; children get -d as well
 *   -e N     terminate after N seconds (testing)
 *   -s       keep standard output open for children (detached mode)
 *   -t       test: exit 0 if no master holds this instance's lock, 1 if
 *            one does
 *   -v       verbose logging; children get -v
 *   -w       detach, and let the foreground process wait until the
 *            daemon has started its services: exit 0, or 1 on failure
 *
 * Start-up: reserve fds 0-7 (so the dup2 targets 3..7 used for children
 * never collide with master's own descriptors), read main.cf, change to
 * queue_directory, take the exclusive lock on $queue_directory/pid/
 * master.pid (a second master for the same queue fails here with one
 * fatal line naming the running one), detach, clean the environment to
 * import_environment, write the pid, open the listeners of every
 * master.cf service and log "daemon started -- version V,
 * configuration DIR".  Then the event loop runs; signals arrive through
 * a self-pipe and are handled between passes: SIGCHLD reaps children,
 * SIGHUP reloads main.cf and master.cf, SIGTERM (also SIGINT, SIGQUIT)
 * stops every child, removes the pid file and exits.
 *
 * Trust: runs as root in a production install; see master.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config.h"
#include "events.h"
#include "mail_params.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

int     master_debug;
struct master_serv *master_head;

static int master_wait_fd = -1;		/* -w: tell the waiting parent */
static char *master_pid_file;		/* $queue_directory/pid/master.pid */

/* usage - one line, then exit */

static _Noreturn void usage(const char *prog)
{
    msg_fatal("usage: %s [-c config_dir] [-d] [-e exit_time] [-s] [-t] [-v] [-w]",
              prog);
}

/* master_reserve_fds - fds 0-2 open, 3-7 held, everything close-on-exec */

static void master_reserve_fds(void)
{
    int     fd;
    int     null;

    for (fd = 0; fd < 3; fd++)
        if (fcntl(fd, F_GETFD) < 0 && open("/dev/null", O_RDWR) != fd)
            msg_fatal("open /dev/null: %m");
    /* Nothing inherited above stderr may leak into a child. */
    if (close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) < 0)
        for (fd = 3; fd < 1024; fd++)
            (void) fcntl(fd, F_SETFD, FD_CLOEXEC);
    if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        msg_fatal("open /dev/null: %m");
    for (fd = MASTER_RESERVED_LOW; fd <= MASTER_RESERVED_HIGH; fd++)
        if (fd != null && dup3(null, fd, O_CLOEXEC) < 0)
            msg_fatal("dup3 /dev/null to fd %d: %m", fd);
    if (null > MASTER_RESERVED_HIGH)
        (void) close(null);
}

/* master_detach - background the daemon; with -w the parent waits */

static void master_detach(int wait_mode)
{
    struct pollfd pfd;
    int     pipefd[2];
    pid_t   pid;
    char    ch;

    if (wait_mode && pipe2(pipefd, O_CLOEXEC) < 0)
        msg_fatal("pipe: %m");
    if ((pid = fork()) < 0)
        msg_fatal("fork: %m");
    if (pid > 0) {
        if (!wait_mode)
            _exit(0);
        (void) close(pipefd[1]);
        pfd.fd = pipefd[0];
        pfd.events = POLLIN;
        /* The daemon writes one byte when its services are up. */
        if (poll(&pfd, 1, MASTER_WAIT_SECONDS * 1000) == 1
            && read(pipefd[0], &ch, 1) == 1 && ch == '0')
            _exit(0);
        _exit(1);
    }
    if (wait_mode) {
        (void) close(pipefd[0]);
        master_wait_fd = pipefd[1];
    }
    if (setsid() < 0)
        msg_warn("setsid: %m");
}

/* master_std_fds - detached: stdin, stdout (unless -s), stderr to /dev/null */

static void master_std_fds(int keep_stdout)
{
    int     null;
    int     fd;

    if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0)
        msg_fatal("open /dev/null: %m");
    for (fd = 0; fd < 3; fd++)
        if (!(fd == 1 && keep_stdout) && dup2(null, fd) < 0)
            msg_fatal("dup2 /dev/null: %m");
    (void) close(null);
    msg_stderr(0);
}

/* master_abs_path - absolute version of a -c argument (we chdir later) */

static char *master_abs_path(const char *path)
{
    char    cwd[PATH_MAX];

    if (*path == '/')
        return (xstrdup(path));
    if (getcwd(cwd, sizeof(cwd)) == NULL)
        msg_fatal("getcwd: %m");
    return (xconcat(cwd, "/", path, (char *) 0));
}

/* master_exit_event - -e timer */

static void master_exit_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    master_sig_term = -1;
}

/* master_stop - SIGTERM (or -e time): every child goes, then we do */

static _Noreturn void master_stop(int sig)
{
    if (sig > 0)
        msg_info("terminating on signal %d", sig);
    else
        msg_info("master exit time has arrived");
    master_conf_stop();
    master_lock_remove();
    exit(0);
}

/* master_pid_path - $queue_directory/$process_id_directory/master.pid */

static char *master_pid_path(void)
{
    return (xconcat(var_queue_dir, "/", var_pid_dir, "/master.pid",
                    (char *) 0));
}

int     main(int argc, char **argv)
{
    char   *config_arg = NULL;
    int     test_mode = 0;
    int     wait_mode = 0;
    int     keep_stdout = 0;
    int     exit_time = 0;
    int     ch;
    sigset_t none;

    master_reserve_fds();
    umask(077);
    sigemptyset(&none);
    (void) sigprocmask(SIG_SETMASK, &none, NULL);
    signal(SIGPIPE, SIG_IGN);
    signal(SIGXFSZ, SIG_IGN);

    mail_log_init("master");
    msg_stderr(1);

    while ((ch = getopt(argc, argv, "c:de:stvw")) != -1) {
        switch (ch) {
        case 'c':
            config_arg = optarg;
            break;
        case 'd':
            master_debug = 1;
            break;
        case 'e':
            exit_time = atoi(optarg);
            if (exit_time <= 0)
                msg_fatal("bad -e value: %s", optarg);
            break;
        case 's':
            keep_stdout = 1;
            break;
        case 't':
            test_mode = 1;
            break;
        case 'v':
            msg_verbose++;
            break;
        case 'w':
            wait_mode = 1;
            break;
        default:
            usage(argv[0]);
        }
    }
    if (optind != argc)
        usage(argv[0]);
    if (master_debug && wait_mode)
        msg_fatal("-d and -w cannot be used together");

    if (config_arg != NULL) {
        char   *abs = master_abs_path(config_arg);

        if (setenv(DEF_CONFIG_DIR_ENV, abs, 1) < 0)
            msg_fatal("setenv: %m");
        free(abs);
    }
    config_read();
    mail_params_init("master");
    if (msg_verbose)
        msg_stderr(1);
    master_pid_file = master_pid_path();

    if (test_mode)
        exit(master_lock_test(master_pid_file) ? 1 : 0);

    if (chdir(var_queue_dir) < 0)
        msg_fatal("chdir %s: %m", var_queue_dir);
    master_listen_owner();

    /* Before detaching, so that "already running" reaches the terminal. */
    (void) master_lock_open(master_pid_file);
    if (!master_debug)
        master_detach(wait_mode);
    master_env_clean(var_import_environ);
    if (setenv(DEF_CONFIG_DIR_ENV, var_config_dir, 1) < 0
        || setenv("MAIL_LOGTAG", var_syslog_name, 1) < 0)
        msg_fatal("setenv: %m");
    master_lock_write_pid();
    msg_set_cleanup(master_lock_remove);

    master_sig_init();
    master_flow_init();
    master_conf_start();
    if (exit_time > 0)
        event_request_timer(master_exit_event, NULL, exit_time * 1000L);
    /* Start-up errors went to the terminal too; from here on, the log. */
    if (!master_debug)
        master_std_fds(keep_stdout);
    msg_info("daemon started -- version %s, configuration %s",
             var_mail_version, var_config_dir);
    if (master_wait_fd >= 0) {
        if (write(master_wait_fd, "0", 1) != 1)
            msg_warn("notify the waiting parent: %m");
        (void) close(master_wait_fd);
        master_wait_fd = -1;
    }

    for (;;) {
        event_loop(-1);
        if (master_sig_term)
            master_stop(master_sig_term);
        if (master_sig_hup) {
            master_sig_hup = 0;
            master_conf_reload();
            msg_info("reload -- version %s, configuration %s",
                     var_mail_version, var_config_dir);
        }
        if (master_sig_chld) {
            master_sig_chld = 0;
            master_reap();
        }
    }
}
