/*
 * mail_server - what the single, multi and trigger skeletons share
 *
 * Implements mail_server_impl.h (and server_client_count() of
 * mail_server.h): the command line, the environment, configuration,
 * privileges, the status channel to master, the idle/retirement/
 * watchdog timers and the main loop.  The skeletons themselves
 * (single_server.c, multi_server.c, trigger_server.c) only accept
 * clients and call the service.
 *
 * Start-up order (server_init; Postfix reference section 2.6):
 *   1. MAIL_VERBOSE / MAIL_DEBUG; SIGPIPE and SIGXFSZ ignored.
 *   2. process_name = basename(argv[0]); early logging (MAIL_LOGTAG).
 *   3. main.cf (config_read: $MAIL_CONFIG or the built-in directory).
 *   4. Options "+cdDi:lm:n:o:r:s:St:uvVz" in order: -o, -i and -m go
 *      into the configuration as overrides (unknown -o names are
 *      fine); then process_name, service_name and config_directory are
 *      set as read-only entries.
 *   5. mail_params_init (the overrides take effect, logging gets its
 *      final tag); name=value items of import_environment are exported.
 *   6. Daemon mode (no -d), no -S and a tty on stdin: fatal.
 *   7. The daemon's own tables (hooks->params), then hooks->mirror_params
 *      under smtp_ or lmtp_ names when process_name is smtp or lmtp.
 *      Then -l/-z/-u against SERVER_SOLITARY/UNLIMITED/PRIVILEGED (not
 *      checked with -S, where no master and no process limit exist).
 *   8. -t must name a transport the skeleton supports (optional with
 *      -S); GENERATION (octal) must be in the environment unless -S.
 *   9. Without -S: fds 3, 4, 5 and the listeners become close-on-exec.
 *  10. chdir(queue_directory); pre_init (still as started: usually
 *      root); tzset(); privileges: with -u setgid+initgroups to
 *      mail_owner, with -c chroot(queue_directory) and chdir("/"), with
 *      -u setuid to mail_owner (checked: no way back to root).
 *  11. post_init; then the watchdog, the fd 5 watch and the -r timer.
 *
 * Trust: this code runs with the privileges master started it with
 * (root under a system master) until step 10, and reads only main.cf,
 * the command line and the environment, all written by the
 * administrator or master.  Service code runs only after step 10.
 *
 * Decisions:
 *   - No accept lock file (Postfix's pid/TYPE.SERVICE).  Listeners are
 *     non-blocking (master makes them so; this code sets it again) and
 *     registered with EPOLLEXCLUSIVE, so a connection wakes one idle
 *     sibling; should two still race in accept(), the loser gets EAGAIN,
 *     which is ignored.  A lock would instead park siblings in flock(),
 *     where they notice neither max_idle nor EOF on fd 5, and would need
 *     a writable pid/ directory.
 *   - -u when not started as root: fine if the process already runs as
 *     mail_owner (nothing to drop: test instances run as one user);
 *     otherwise fatal, since the drop cannot be done.
 *   - -D / MAIL_DEBUG: debugger_command is not supported; a warning is
 *     logged and the flag ignored.
 *   - -S: the client is a stream that reads fd 0 and writes fd 1 (a
 *     small transport wrapper), so pipes, a socket, or a tty all work.
 *   - No in_flow_delay tokens: delivery agents and scache do not use
 *     the flow pipe (fds 3/4 are left alone).
 *   - max_use and max_idle are read from var_max_use / var_max_idle
 *     each time, so a daemon may change them in pre_init or post_init
 *     (scache sets var_max_use = 0: never retire by use count).
 *   - The main loop never sleeps longer than half a watchdog period, so
 *     the watchdog measures one callback (one service call), not time
 *     spent waiting for clients.
 */
#include <errno.h>
#include <grp.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "argv.h"
#include "config.h"
#include "mail_params.h"
#include "mail_server_impl.h"
#include "master_proto.h"
#include "mem.h"
#include "msg.h"
#include "params.h"
#include "sock.h"
#include "watchdog.h"

#define SERVER_OPTIONS	"+:cdDi:lm:n:o:r:s:St:uvVz"
#define SERVER_MAX_LISTEN 1000		/* -s sanity limit */

struct server_state server_state;

static int server_listen_fds[SERVER_MAX_LISTEN];
static int server_has_watchdog;
static long server_wait_ms = -1;	/* longest event_loop() sleep */

/* server_number - a decimal option argument within [min, max] */

static int server_number(int opt, const char *arg, long min, long max)
{
    char   *end;
    long    n;

    errno = 0;
    n = strtol(arg, &end, 10);
    if (errno != 0 || end == arg || *end != 0 || n < min || n > max)
        msg_fatal("invalid -%c argument: \"%s\"", opt, arg);
    return ((int) n);
}

/* server_option - one command-line option */

static void server_option(int opt, const char *arg, char **service)
{
    struct server_state *st = &server_state;

    switch (opt) {
    case 'c':
        st->jail = 1;
        break;
    case 'd':
        st->daemon_mode = 0;
        break;
    case 'D':
        st->debug = 1;
        break;
    case 'i':
        config_set("max_idle", arg);
        break;
    case 'l':
        st->solitary = 1;
        break;
    case 'm':
        config_set("max_use", arg);
        break;
    case 'n':
        free(*service);
        *service = xstrdup(arg);
        break;
    case 'o':
        if (config_set_arg(arg) < 0)
            msg_fatal("invalid -o argument: \"%s\" (expected name=value)",
                      arg);
        break;
    case 'r':
        st->retire_s = server_number(opt, arg, 0, INT_MAX / 1000);
        break;
    case 's':
        st->listen_count = server_number(opt, arg, 1, SERVER_MAX_LISTEN);
        break;
    case 'S':
        st->standalone = 1;
        break;
    case 't':
        free(st->transport);
        st->transport = xstrdup(arg);
        break;
    case 'u':
        st->unprivileged = 1;
        break;
    case 'v':
        msg_verbose++;
        break;
    case 'V':
        st->log_stderr = 1;
        msg_stderr(1);
        break;
    case 'z':
        st->unlimited = 1;
        break;
    case ':':
        msg_fatal("option -%c requires an argument", optopt);
    default:
        msg_fatal("invalid option: %c", optopt);
    }
}

/* server_options - parse argv; set the names */

static void server_options(int argc, char **argv)
{
    struct server_state *st = &server_state;
    char   *service = NULL;
    int     opt;

    opterr = 0;
    optind = 1;
    while ((opt = getopt(argc, argv, SERVER_OPTIONS)) != -1)
        server_option(opt, optarg, &service);
    st->svc_argv = argv + optind;
    st->service_name = service ? service : xstrdup(st->process_name);
    config_set("process_name", st->process_name);
    config_set("service_name", st->service_name);
    config_set("config_directory", config_dir());
}

/* server_process_name - basename of argv[0] */

static char *server_process_name(int argc, char **argv)
{
    const char *slash;
    const char *name;

    if (argc < 1 || argv[0] == NULL)
        msg_fatal("no program name in the argument list");
    name = (slash = strrchr(argv[0], '/')) != NULL ? slash + 1 : argv[0];
    if (*name == 0)
        msg_fatal("bad program name: \"%s\"", argv[0]);
    return (xstrdup(name));
}

/* server_import_env - export the name=value items of import_environment */

static void server_import_env(void)
{
    struct argv *items;
    char   *eq;
    size_t  i;

    if (var_import_environ == NULL
        || argv_split_braced(var_import_environ, ", \t\r\n", &items) < 0)
        return;
    for (i = 0; i < items->argc; i++) {
        if ((eq = strchr(items->argv[i], '=')) == NULL || eq == items->argv[i])
            continue;
        *eq = 0;
        if (setenv(items->argv[i], eq + 1, 1) < 0)
            msg_fatal("setenv %s: %m", items->argv[i]);
    }
    argv_free(items);
}

/* server_load_params - the daemon's own tables */

static void server_load_params(void)
{
    const struct server_hooks *h = server_state.hooks;
    const struct param_def *const *table;
    const char *name = server_state.process_name;

    if (h->params)
        for (table = h->params; *table; table++)
            param_load(*table);
    if (h->mirror_params == NULL)
        return;
    if (strcmp(name, "smtp") == 0)
        param_load_prefix(h->mirror_params, "smtp_", "smtp_");
    else if (strcmp(name, "lmtp") == 0)
        param_load_prefix(h->mirror_params, "smtp_", "lmtp_");
}

/* server_check_limits - process limit and privilege constraints */

static void server_check_limits(void)
{
    const struct server_state *st = &server_state;
    int     flags = st->hooks->flags;

    if (st->standalone)
        return;
    if ((flags & SERVER_SOLITARY) && !st->solitary)
        msg_fatal("service %s requires a process limit of 1",
                  st->service_name);
    if ((flags & SERVER_UNLIMITED) && !st->unlimited)
        msg_fatal("service %s requires a process limit of 0",
                  st->service_name);
    if ((flags & SERVER_PRIVILEGED) && st->unprivileged)
        msg_fatal("service %s requires privileged operation",
                  st->service_name);
}

/* server_check_transport - -t present and supported */

static void server_check_transport(const char *supported)
{
    const char *t = server_state.transport;
    struct argv *names;
    size_t  i;
    int     found = 0;

    if (t == NULL) {
        if (server_state.standalone)
            return;
        msg_fatal("no transport type specified");
    }
    names = argv_split(supported, " ");
    for (i = 0; i < names->argc && !found; i++)
        found = (strcmp(names->argv[i], t) == 0);
    argv_free(names);
    if (!found)
        msg_fatal("unsupported transport type: %s", t);
}

/* server_read_generation - GENERATION, octal */

static void server_read_generation(void)
{
    const char *text = getenv(MASTER_GEN_NAME);

    if (text == NULL) {
        if (!server_state.standalone)
            msg_fatal("no %s in the environment (not started by master?)",
                      MASTER_GEN_NAME);
        server_state.generation = 0;
    } else if (master_generation(text, &server_state.generation) < 0) {
        msg_fatal("bad generation: %s", text);
    }
}

/* server_mark_fds - master's descriptors: close-on-exec, checked */

static void server_mark_fds(void)
{
    int     fd;
    int     i;

    (void) sock_set_cloexec(MASTER_FLOW_READ, 1);
    (void) sock_set_cloexec(MASTER_FLOW_WRITE, 1);
    if (sock_set_cloexec(MASTER_STATUS_FD, 1) < 0)
        msg_fatal("status channel fd %d: %m", MASTER_STATUS_FD);
    for (i = 0; i < server_state.listen_count; i++) {
        fd = server_listen_fds[i] = MASTER_LISTEN_FD + i;
        if (sock_set_cloexec(fd, 1) < 0 || sock_set_nonblock(fd, 1) < 0)
            msg_fatal("listen fd %d: %m", fd);
        if (strcmp(server_state.transport, "fifo") != 0
            && fd_is_socket_listening(fd) <= 0)
            msg_fatal("fd %d is not a listening socket", fd);
    }
}

/* server_drop_privileges - -u and -c */

static void server_drop_privileges(void)
{
    const struct server_state *st = &server_state;
    struct passwd *pw = NULL;
    char   *user = NULL;
    uid_t   uid = 0;
    gid_t   gid = 0;

    if (st->unprivileged) {
        errno = 0;
        if ((pw = getpwnam(var_mail_owner)) == NULL)
            msg_fatal("mail_owner %s: %s", var_mail_owner,
                      errno ? strerror(errno) : "no such user");
        user = xstrdup(pw->pw_name);
        uid = pw->pw_uid;
        gid = pw->pw_gid;
        if (uid == 0)
            msg_fatal("mail_owner %s must not have the super-user uid", user);
        if (geteuid() != 0 && geteuid() != uid)
            msg_fatal("-u: cannot become mail_owner %s (uid %ld) without "
                      "super-user privileges", user, (long) uid);
        if (geteuid() == 0 && (setgid(gid) < 0 || initgroups(user, gid) < 0))
            msg_fatal("set group id %ld for %s: %m", (long) gid, user);
    }
    if (st->jail && (chroot(var_queue_dir) < 0 || chdir("/") < 0))
        msg_fatal("chroot(\"%s\"): %m", var_queue_dir);
    if (st->unprivileged && geteuid() == 0) {
        if (setuid(uid) < 0)
            msg_fatal("setuid %ld for %s: %m", (long) uid, user);
        if (getuid() != uid || geteuid() != uid || getgid() != gid
            || getegid() != gid || setuid(0) == 0)
            msg_fatal("privileges were not dropped to %s", user);
    }
    free(user);
}

/* server_master_event - fd 5 readable: master is gone */

static void server_master_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    if (msg_verbose)
        msg_info("master disconnect -- exiting");
    server_exit();
}

/* server_retire_event - the -r time has passed */

static void server_retire_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    if (msg_verbose)
        msg_info("retirement time reached");
    server_state.retired = 1;
}

/* server_arm - watchdog, master watch, retirement timer */

static void server_arm(void)
{
    if (var_daemon_timeout > 0) {
        watchdog_create(var_daemon_timeout);
        server_has_watchdog = 1;
        server_wait_ms = (long) var_daemon_timeout * 1000 / WATCHDOG_TRIPS / 2;
        if (server_wait_ms < 1)
            server_wait_ms = 1;
    }
    if (server_state.standalone)
        return;
    event_enable_read(MASTER_STATUS_FD, server_master_event, NULL);
    if (server_state.retire_s > 0)
        event_request_timer(server_retire_event, NULL,
                            server_state.retire_s * 1000L);
}

/* server_early - signals, environment, names, main.cf, options */

static void server_early(int argc, char **argv)
{
    struct server_state *st = &server_state;

    (void) signal(SIGPIPE, SIG_IGN);
    (void) signal(SIGXFSZ, SIG_IGN);
    if (getenv("MAIL_VERBOSE") != NULL)
        msg_verbose++;
    if (getenv("MAIL_DEBUG") != NULL)
        st->debug = 1;
    st->daemon_mode = 1;
    st->listen_count = 1;
    st->process_name = server_process_name(argc, argv);
    mail_log_init(st->process_name);
    config_read();
    server_options(argc, argv);
    mail_params_init(st->process_name);
    if (st->log_stderr)
        msg_stderr(1);
    server_import_env();
}

void    server_init(int argc, char **argv, const struct server_hooks *h,
                    const char *transports)
{
    static const struct server_hooks no_hooks;
    struct server_state *st = &server_state;

    st->hooks = h ? h : &no_hooks;
    st->pid = getpid();
    server_early(argc, argv);
    if (st->daemon_mode && !st->standalone && isatty(STDIN_FILENO))
        msg_fatal("do not run this command by hand");
    server_load_params();
    server_check_limits();
    server_check_transport(transports);
    server_read_generation();
    if (st->debug)
        msg_warn("debugger_command is not supported: -D ignored");
    if (!st->standalone)
        server_mark_fds();
    if (chdir(var_queue_dir) < 0)
        msg_fatal("chdir(\"%s\"): %m", var_queue_dir);
    if (st->hooks->pre_init)
        st->hooks->pre_init(st->service_name, st->svc_argv);
    tzset();
    server_drop_privileges();
    if (st->hooks->post_init)
        st->hooks->post_init(st->service_name, st->svc_argv);
    server_arm();
    if (msg_verbose)
        msg_info("daemon started");
}

/* server_done - time to leave? */

static int server_done(void)
{
    const struct server_state *st = &server_state;

    if (st->master_gone)
        return (1);
    if (st->clients > 0)
        return (0);
    return (st->retired || st->standalone
            || (var_max_use > 0 && st->use_count >= var_max_use));
}

_Noreturn void server_run(void)
{
    for (;;) {
        if (server_done())
            server_exit();
        if (server_has_watchdog)
            watchdog_start();
        event_loop(server_wait_ms);
    }
}

void    server_exit(void)
{
    const struct server_state *st = &server_state;

    if (st->hooks->pre_exit)
        st->hooks->pre_exit(st->service_name, st->svc_argv);
    if (msg_verbose)
        msg_info("exiting after %d use%s", st->use_count,
                 st->use_count == 1 ? "" : "s");
    exit(0);
}

void    server_listen(event_fn fn)
{
    int     i;

    for (i = 0; i < server_state.listen_count; i++)
        event_enable_read_exclusive(server_listen_fds[i], fn,
                                    server_listen_fds + i);
}

int     server_accept(int listen_fd)
{
    int     fd;

    if ((fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC)) >= 0)
        return (fd);
    if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR
        && errno != ECONNABORTED)
        msg_warn("accept connection: %m");
    return (-1);
}

struct stream *server_client(int fd)
{
    struct stream *s = stream_open(fd);
    long    ms = (long) var_ipc_timeout * 1000;

    stream_set_timeout(s, ms > INT_MAX ? INT_MAX : (int) ms);
    return (s);
}

/* The -S transport: read fd 0, write fd 1, whatever fd the stream has. */

static ssize_t stdio_read(void *ctx, int fd, void *p, size_t n, int ms)
{
    (void) fd;
    return (stream_io_plain.read(ctx, STDIN_FILENO, p, n, ms));
}

static ssize_t stdio_write(void *ctx, int fd, const void *p, size_t n, int ms)
{
    (void) fd;
    return (stream_io_plain.write(ctx, STDOUT_FILENO, p, n, ms));
}

static const struct stream_io stdio_io = {
    stdio_read, stdio_write, NULL, NULL,
};

struct stream *server_stdio(void)
{
    struct stream *s = server_client(STDIN_FILENO);

    stream_set_io(s, &stdio_io, NULL);
    stream_set_name(s, "stdin/stdout");
    return (s);
}

void    server_status(int status)
{
    struct server_state *st = &server_state;

    if (st->standalone || st->master_gone)
        return;
    if (master_notify(st->pid, st->generation, status) < 0) {
        if (msg_verbose)
            msg_info("status update to master failed: %m -- exiting");
        st->master_gone = 1;
    }
}

/* server_idle_event - max_idle passed without a client */

static void server_idle_event(int event, void *ctx)
{
    (void) event;
    (void) ctx;
    if (msg_verbose)
        msg_info("idle timeout -- exiting");
    server_exit();
}

void    server_idle_arm(void)
{
    if (!server_state.standalone && var_max_idle > 0)
        event_request_timer(server_idle_event, NULL, var_max_idle * 1000L);
}

void    server_idle_cancel(void)
{
    (void) event_cancel_timer(server_idle_event, NULL);
}

void    server_pre_accept(void)
{
    const struct server_state *st = &server_state;

    if (st->hooks->pre_accept)
        st->hooks->pre_accept(st->service_name, st->svc_argv);
}

void    server_call_begin(void)
{
    if (server_has_watchdog)
        watchdog_start();
}

void    server_call_end(void)
{
    if (server_has_watchdog)
        watchdog_start();
}

int     server_client_count(void)
{
    return (server_state.clients);
}
