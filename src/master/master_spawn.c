/*
 * master_spawn - fork/exec children, the process table, reaping,
 *	throttling
 *
 * master_spawn() forks one child for a service.  In the child: default
 * signal dispositions (SIGPIPE stays ignored) and an empty signal mask;
 * the flow pipe becomes fds 3 and 4, the service's status channel fd 5,
 * its listeners fds 6.. (first copied above the highest target so that
 * no dup2() overwrites a source); every other master descriptor is
 * close-on-exec; GENERATION (octal) joins the environment master
 * cleaned at start-up; then $daemon_directory/COMMAND runs with the
 * argv built by master_ent.c.  In master, the child is entered in the
 * process table and counted as available.
 *
 * Reaping (after SIGCHLD): exit status 0 is silent; otherwise
 *	warning: process PATH pid N exit status S
 *	warning: process PATH pid N killed by signal S
 * (not for children master itself terminated).  A child that ended
 * abnormally without ever completing a client (no AVAIL after TAKEN)
 * points at a broken command or configuration:
 *	warning: PATH: bad command startup -- throttling
 * and the service forks nothing for service_throttle_time; clients wait
 * in the listen backlog.  A fork() failure throttles the same way.
 * Children of a service that was reloaded or removed ("retired") are
 * still counted against its process limit until they exit, but never
 * throttle it.
 *
 *	void	master_spawn(struct master_serv *serv);
 *	struct master_proc *master_proc_find(pid_t pid);
 *	void	master_reap(void);		reap everything that exited
 *	void	master_throttle(struct master_serv *serv);
 *	void	master_unthrottle(struct master_serv *serv);
 *	void	master_retire_children(struct master_serv *serv);
 *			the service's status channel is being closed
 *	int	master_kill_all(int sig);	signal every child; count
 *	int	master_proc_count(void);	children not yet reaped
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "events.h"
#include "htable.h"
#include "master_proto.h"
#include "mem.h"
#include "msg.h"

#include "master.h"

static struct htable *proc_table;	/* pid text -> struct master_proc */
static unsigned spawn_generation;

/* proc_key - table key of a pid */

static const char *proc_key(pid_t pid, char *buf, size_t len)
{
    snprintf(buf, len, "%ld", (long) pid);
    return (buf);
}

struct master_proc *master_proc_find(pid_t pid)
{
    char    key[32];

    if (proc_table == NULL)
        return (NULL);
    return (htable_find(proc_table, proc_key(pid, key, sizeof(key))));
}

int     master_proc_count(void)
{
    return (proc_table ? (int) htable_count(proc_table) : 0);
}

/* child_fatal - log like msg_fatal, but leave with _exit() */

static _Noreturn void child_fatal(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

static _Noreturn void child_fatal(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    msg_vprintf(MSG_FATAL, fmt, ap);
    va_end(ap);
    _exit(1);
}

/* spawn_child - in the child: descriptors, environment, exec */

static _Noreturn void spawn_child(struct master_serv *serv, unsigned gen)
{
    int     nfd = 3 + serv->addr_count;
    int     first_free = MASTER_LISTEN_FD + serv->addr_count;
    int    *tmp = xmalloc(nfd * sizeof(int));
    char    genbuf[32];
    int     src;
    int     i;

    msg_set_cleanup(NULL);
    master_sig_child();

    /*
     * Targets are 3 .. 6+N-1.  Copy every source to a temporary at or
     * above 6+N first (close-on-exec), then dup2() into place: no dup2()
     * can overwrite a source that is still needed, and dup2() clears
     * close-on-exec on the target only.
     */
    for (i = 0; i < nfd; i++) {
        src = i == 0 ? master_flow_pipe[0] :
            i == 1 ? master_flow_pipe[1] :
            i == 2 ? serv->status_fd[1] : serv->listen_fd[i - 3];
        if (src < 0)
            child_fatal("master_spawn: service %s: descriptor for fd %d "
                        "is closed", serv->ext_name, MASTER_FLOW_READ + i);
        if ((tmp[i] = fcntl(src, F_DUPFD_CLOEXEC, first_free)) < 0)
            child_fatal("master_spawn: dup: %m");
    }
    for (i = 0; i < nfd; i++) {
        if (dup2(tmp[i], MASTER_FLOW_READ + i) < 0)
            child_fatal("master_spawn: dup2 to fd %d: %m", MASTER_FLOW_READ + i);
        (void) close(tmp[i]);
    }
    free(tmp);

    snprintf(genbuf, sizeof(genbuf), "%o", gen);
    if (setenv(MASTER_GEN_NAME, genbuf, 1) < 0)
        child_fatal("master_spawn: setenv: %m");
    msg_syslog_close();
    execv(serv->path, serv->args->argv);
    child_fatal("master_spawn: exec %s: %m", serv->path);
}

void    master_spawn(struct master_serv *serv)
{
    struct master_proc *proc;
    sigset_t all;
    sigset_t saved;
    char    key[32];
    unsigned gen;
    pid_t   pid;

    if (serv->flags & (MASTER_FLAG_THROTTLE | MASTER_FLAG_REMOVED))
        msg_panic("master_spawn: service %s is throttled or removed",
                  serv->ext_name);
    if (serv->max_proc > 0 && serv->total_proc >= serv->max_proc)
        msg_panic("master_spawn: service %s is at its process limit",
                  serv->ext_name);
    if (proc_table == NULL)
        proc_table = htable_new(64);
    gen = ++spawn_generation;

    /* Signals wait until the child has reset its handlers. */
    sigfillset(&all);
    (void) sigprocmask(SIG_BLOCK, &all, &saved);
    pid = fork();
    if (pid == 0)
        spawn_child(serv, gen);
    (void) sigprocmask(SIG_SETMASK, &saved, NULL);
    if (pid < 0) {
        msg_warn("master_spawn: fork: %m -- throttling");
        master_throttle(serv);
        return;
    }
    if (msg_verbose)
        msg_info("spawn %s pid %ld generation %o", serv->path, (long) pid, gen);
    proc = xcalloc(1, sizeof(*proc));
    proc->pid = pid;
    proc->gen = gen;
    proc->avail = MASTER_STAT_AVAIL;
    proc->serv = serv;
    htable_put(proc_table, proc_key(pid, key, sizeof(key)), proc);
    serv->total_proc++;
    serv->avail_proc++;
    master_avail_listen(serv);
}

/* unthrottle_event - the throttle time is over */

static void unthrottle_event(int event, void *ctx)
{
    (void) event;
    master_unthrottle((struct master_serv *) ctx);
}

void    master_throttle(struct master_serv *serv)
{
    if (serv->flags & MASTER_FLAG_THROTTLE)
        return;
    serv->flags |= MASTER_FLAG_THROTTLE;
    event_request_timer(unthrottle_event, serv, serv->throttle_delay * 1000L);
    master_avail_listen(serv);
}

void    master_unthrottle(struct master_serv *serv)
{
    event_cancel_timer(unthrottle_event, serv);
    if ((serv->flags & MASTER_FLAG_THROTTLE) == 0)
        return;
    serv->flags &= ~MASTER_FLAG_THROTTLE;
    master_avail_listen(serv);
}

/* retire_one - htable_walk helper */

static void retire_one(const char *key, void *value, void *ctx)
{
    struct master_proc *proc = value;
    struct master_serv *serv = ctx;

    (void) key;
    if (proc->serv != serv || proc->retired)
        return;
    if (proc->avail == MASTER_STAT_AVAIL)
        serv->avail_proc--;
    proc->retired = 1;
}

void    master_retire_children(struct master_serv *serv)
{
    if (proc_table != NULL)
        htable_walk(proc_table, retire_one, serv);
    if (serv->avail_proc != 0)
        msg_panic("master_retire_children: service %s: %d available",
                  serv->ext_name, serv->avail_proc);
}

/* kill_one - htable_walk helper */

struct kill_ctx {
    int     sig;
    int     count;
};

static void kill_one(const char *key, void *value, void *ctx)
{
    struct master_proc *proc = value;
    struct kill_ctx *kc = ctx;

    (void) key;
    proc->killed = 1;
    if (kill(proc->pid, kc->sig) < 0 && errno != ESRCH)
        msg_warn("kill pid %ld: %m", (long) proc->pid);
    kc->count++;
}

int     master_kill_all(int sig)
{
    struct kill_ctx kc;

    kc.sig = sig;
    kc.count = 0;
    if (proc_table != NULL)
        htable_walk(proc_table, kill_one, &kc);
    return (kc.count);
}

/* reap_one - account for one terminated child */

static void reap_one(pid_t pid, int status)
{
    struct master_proc *proc;
    struct master_serv *serv;
    char    key[32];

    if ((proc = htable_remove(proc_table, proc_key(pid, key, sizeof(key))))
        == NULL) {
        msg_warn("master_reap: unknown pid: %ld", (long) pid);
        return;
    }
    serv = proc->serv;
    if (msg_verbose)
        msg_info("reap %s pid %ld status 0x%x", serv->path, (long) pid,
                 (unsigned) status);
    if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
        if (!proc->killed) {
            if (WIFEXITED(status))
                msg_warn("process %s pid %ld exit status %d",
                         serv->path, (long) pid, WEXITSTATUS(status));
            if (WIFSIGNALED(status))
                msg_warn("process %s pid %ld killed by signal %d",
                         serv->path, (long) pid, WTERMSIG(status));
        }
        if (proc->use_count == 0 && !proc->killed && !proc->retired
            && (serv->flags & (MASTER_FLAG_THROTTLE | MASTER_FLAG_REMOVED)) == 0) {
            msg_warn("%s: bad command startup -- throttling", serv->path);
            master_throttle(serv);
        }
    }
    if (!proc->retired && proc->avail == MASTER_STAT_AVAIL)
        serv->avail_proc--;
    serv->total_proc--;
    free(proc);
    if (serv->flags & MASTER_FLAG_REMOVED)
        master_conf_reaped(serv);
    else
        master_avail_listen(serv);
}

void    master_reap(void)
{
    pid_t   pid;
    int     status;

    master_status_drain();
    while ((pid = waitpid(-1, &status, WNOHANG)) > 0) {
        if (proc_table == NULL) {
            msg_warn("master_reap: unknown pid: %ld", (long) pid);
            continue;
        }
        reap_one(pid, status);
    }
    if (pid < 0 && errno != ECHILD)
        msg_warn("waitpid: %m");
}
