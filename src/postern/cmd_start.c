/*
 * cmd_start - "postern start": start the mail system
 *
 * Synopsis:
 *	postern [-c config_dir] start
 *
 * Runs "check" silently (creating and repairing the queue directories;
 * its errors are shown), refuses to start a second master for the same
 * instance (master_pid.c), then runs "$daemon_directory/master -w -c
 * config_dir" and waits for it: with -w the master detaches, and its
 * foreground process exits 0 once the daemon has initialised, non-zero
 * if it could not.  The wait is bounded (START_TIMEOUT seconds).  Every
 * failure is one line on stderr and exit status 1.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "config.h"
#include "mem.h"
#include "msg.h"
#include "postern.h"

#define START_TIMEOUT	60		/* seconds for master -w */

int     cmd_start(int argc, char **argv)
{
    struct buf *pid_file;
    char   *daemon_dir;
    char   *master;
    struct timespec nap = { 0, 50 * 1000 * 1000 };
    pid_t   running;
    pid_t   child;
    pid_t   got;
    int     status;
    int     tries;

    pst_options(argc, argv, "start");
    pid_file = pst_keep(buf_new(100));
    if (check_instance(1) != 0)
        msg_fatal("cannot start: the queue directories could not be"
                  " repaired (run \"postern check\")");
    daemon_dir = pst_keep(pst_get("daemon_directory"));
    master = pst_keep(xconcat(daemon_dir, "/master", (char *) 0));
    if (access(master, X_OK) < 0)
        msg_fatal("cannot start: %s: %m (is daemon_directory right?)",
                  master);
    if (master_pid_query(master_pid_file(pid_file), &running))
        msg_fatal("the mail system is already running. PID: %ld",
                  (long) running);
    msg_info("starting the mail system");
    out_flush();
    switch (child = fork()) {
    case -1:
        msg_fatal("fork: %m");
    case 0:
        execl(master, master, "-w", "-c", config_dir(), (char *) 0);
        msg_fatal_status(127, "exec %s: %m", master);
    default:
        break;
    }
    for (tries = 0; tries < START_TIMEOUT * 20; tries++) {
        got = waitpid(child, &status, WNOHANG);
        if (got == child)
            break;
        if (got < 0 && errno != EINTR)
            msg_fatal("waitpid: %m");
        nanosleep(&nap, NULL);
    }
    if (tries == START_TIMEOUT * 20)
        msg_fatal("%s -w did not finish within %d seconds (PID %ld)",
                  master, START_TIMEOUT, (long) child);
    if (WIFSIGNALED(status))
        msg_fatal("the master could not start: killed by signal %d",
                  WTERMSIG(status));
    if (WEXITSTATUS(status) != 0)
        msg_fatal("the master could not start (exit status %d); see the"
                  " mail log", WEXITSTATUS(status));
    return 0;
}
