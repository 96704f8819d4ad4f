/*
 * master.h - the master daemon's internal interface
 *
 * The master daemon (master.c) runs every service listed in master.cf:
 * it owns the listening sockets, forks a child process when a client
 * waits and no idle child exists, watches the children's status reports,
 * reaps them, throttles a service whose command fails at start-up, sends
 * periodic wake-ups, and re-reads its configuration on SIGHUP.
 *
 * One file per job:
 *   master.c         main(), options, start-up, the main loop, stop
 *   master_lock.c    pid file with an exclusive lock
 *   master_env.c     the environment children inherit
 *   master_sig.c     signals through a self-pipe
 *   master_ent.c     master.cf entries -> service records, child argv
 *   master_conf.c    starting, restarting and removing services; reload
 *   master_listen.c  listening sockets and fifos
 *   master_flow.c    the flow-control pipe shared by all children
 *   master_status.c  the status channel (12-byte records from fd 5)
 *   master_avail.c   when to watch the listeners and fork one more child
 *   master_spawn.c   fork/exec, the process table, reaping, throttling
 *   master_wakeup.c  the wakeup column
 *
 * Trust: master runs as root in a production install and talks only to
 * its own children (status records, bounded and validated) and to the
 * configuration files that root owns; it never reads client data.
 */
#ifndef POSTERN_MASTER_H
#define POSTERN_MASTER_H

#include <sys/socket.h>
#include <sys/types.h>

#include "argv.h"
#include "buf.h"

/* fds 3..7 are held by master (copies of /dev/null) from start-up on. */
#define MASTER_RESERVED_LOW	3
#define MASTER_RESERVED_HIGH	7

/* -w: how long the foreground process waits for the daemon. */
#define MASTER_WAIT_SECONDS	60

/* SIGTERM: how long children get before SIGKILL, and then to go. */
#define MASTER_STOP_TERM_MS	5000
#define MASTER_STOP_KILL_MS	2000

/* Service flags. */
#define MASTER_FLAG_THROTTLE	(1<<0)	/* no new processes for now */
#define MASTER_FLAG_CONDWAKE	(1<<1)	/* "N?" wakeup: only once used */
#define MASTER_FLAG_USED	(1<<2)	/* a child has taken a client */
#define MASTER_FLAG_LOCAL_ONLY	(1<<3)	/* inet on loopback addresses only */
#define MASTER_FLAG_LISTEN	(1<<4)	/* listeners are being watched */
#define MASTER_FLAG_REMOVED	(1<<5)	/* gone from master.cf; children finish */

/* One listening endpoint. */
struct master_addr {
    char   *text;			/* "private/NAME", "127.0.0.1:25" */
    struct sockaddr_storage sa;		/* inet only */
    socklen_t salen;
};

/* One master.cf service. */
struct master_serv {
    struct master_serv *next;
    int     flags;			/* MASTER_FLAG_* */
    char   *name;			/* service column as written */
    int     type;			/* MASTER_TYPE_* (master_cf.h) */
    int     private_;			/* private/NAME, else public/NAME */
    char   *ext_name;			/* "name/type", for messages */
    char   *path;			/* $daemon_directory/command */
    struct argv *args;			/* the child's argv; argv[0] = command */
    int     stress_index;		/* args index of "stress=...", or -1 */
    long    stress_expire;		/* ms clock; stress mode until then */
    long    busy_warn_time;		/* ms clock of the last limit warning */
    int     wakeup_time;		/* seconds, 0 = none */
    int     max_proc;			/* 0 = unlimited */
    int     throttle_delay;		/* seconds */
    int     backlog;
    /* Listeners. */
    int     addr_count;
    struct master_addr *addrs;
    int    *listen_fd;			/* addr_count of them, -1 = closed */
    /* Status channel: [0] master reads, [1] becomes fd 5 in children. */
    int     status_fd[2];
    /* Process accounting. */
    int     total_proc;			/* children alive, retired included */
    int     avail_proc;			/* children that reported AVAIL */
};

/* One child process. */
struct master_proc {
    pid_t   pid;
    unsigned gen;			/* GENERATION given to it */
    int     avail;			/* MASTER_STAT_AVAIL / _TAKEN */
    int     use_count;			/* AVAIL after TAKEN: clients done */
    int     retired;			/* status channel closed (reload) */
    int     killed;			/* master sent it SIGTERM */
    struct master_serv *serv;
};

/* master.c */
extern int master_debug;		/* -d: children get -d */
extern struct master_serv *master_head;	/* active services */

/* master_lock.c */
int     master_lock_open(const char *path);
int     master_lock_test(const char *path);
void    master_lock_write_pid(void);
void    master_lock_remove(void);

/* master_env.c */
void    master_env_clean(const char *import_list);

/* master_sig.c */
extern volatile int master_sig_hup;
extern volatile int master_sig_chld;
extern volatile int master_sig_term;
void    master_sig_init(void);
void    master_sig_child(void);

/* master_ent.c */
int     master_ent_load(struct master_serv **list, struct buf *err);
void    master_ent_free(struct master_serv *serv);
int     master_ent_disabled(const char *name, const char *type,
                            const char *patterns);

/* master_conf.c */
void    master_conf_start(void);
void    master_conf_reload(void);
void    master_conf_stop(void);
void    master_conf_reaped(struct master_serv *serv);

/* master_listen.c */
int     master_listen_addrs(struct master_serv *serv, struct buf *err);
int     master_listen_init(struct master_serv *serv, struct buf *err);
void    master_listen_cleanup(struct master_serv *serv, int remove_files);
int     master_listen_same(const struct master_serv *a,
                           const struct master_serv *b);
void    master_listen_owner(void);

/* master_flow.c */
extern int master_flow_pipe[2];
void    master_flow_init(void);

/* master_status.c */
void    master_status_init(struct master_serv *serv);
void    master_status_cleanup(struct master_serv *serv);
void    master_status_drain(void);

/* master_avail.c */
void    master_avail_listen(struct master_serv *serv);
void    master_avail_more(struct master_serv *serv, struct master_proc *proc);
void    master_avail_less(struct master_serv *serv, struct master_proc *proc);
void    master_avail_cleanup(struct master_serv *serv);

/* master_spawn.c */
void    master_spawn(struct master_serv *serv);
struct master_proc *master_proc_find(pid_t pid);
void    master_reap(void);
void    master_throttle(struct master_serv *serv);
void    master_unthrottle(struct master_serv *serv);
void    master_retire_children(struct master_serv *serv);
int     master_kill_all(int sig);
int     master_proc_count(void);

/* master_wakeup.c */
void    master_wakeup_init(struct master_serv *serv);
void    master_wakeup_cleanup(struct master_serv *serv);

#endif
