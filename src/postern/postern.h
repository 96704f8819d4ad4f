/*
 * postern.h - what the files of the postern command share
 *
 * The postern command is one program with several personalities: called
 * as "postern" it takes a subcommand (conf, init, check, start, stop,
 * reload, status, version); called through a link named "postconf" it
 * behaves as Postfix's postconf.  postern.c dispatches; each subcommand
 * lives in its own cmd_*.c file and has the signature of main():
 * argv[0] is the subcommand name, options follow, and the return value
 * is the exit status.
 *
 * Shared helpers:
 *	void	pst_set_config_dir(const char *dir);	-c DIR: made absolute
 *			and exported as MAIL_CONFIG (children inherit it)
 *	void	pst_load_config(int check);	register every parameter
 *			table, read main.cf; check != 0 also converts and
 *			range-checks every value (fatal on a bad one)
 *	char   *pst_get(const char *name);	expanded value, xstrdup'ed
 *	const char *pst_main_cf(struct buf *out);	$config_directory/main.cf
 *	void	pst_options(int argc, char **argv, const char *cmd);
 *			options of a command that takes only -c and -v,
 *			and no arguments (fatal usage message otherwise)
 *	void	pst_bad_option(int c);	report getopt's '?' or ':'
 *	void   *pst_keep(void *ptr);	remember a one-run allocation until
 *			exit (reachable for leak checkers); returns ptr
 *
 *	void	all_params_register(void);	all_params.c
 *	void	all_params_load(void);
 *
 *	void	out_puts/out_printf/out_flush	standard output (out.c)
 *
 *	conf_edit.c: main.cf editing, shared by "conf -e/-X" and "init":
 *	struct conf_edit { const char *name; const char *value; };
 *			value NULL = remove the name
 *	int	conf_edit_file(const char *path, const struct conf_edit *ed,
 *			size_t n, struct buf *err);	0 ok, -1 err set
 *	int	conf_edit_text(const char *text, size_t len,
 *			const struct conf_edit *ed, size_t n, struct buf *out);
 *			the pure transformation; returns the number of
 *			names that had more than one entry (for warnings)
 *
 *	self_path.c: where the running binary lives
 *	const char *self_dir(void);		dir of /proc/self/exe, or NULL
 *	char   *self_sibling(const char *rel, const char *probe);
 *			"<self_dir>/<rel>" if "<that>/<probe>" exists, else NULL
 *
 *	master_pid.c: is a master running for this instance?
 *	int	master_pid_query(const char *pid_file, pid_t *pid);
 *			1 running (file exists, its lock is held, pid alive),
 *			0 not running
 *	const char *master_pid_file(struct buf *out);
 *			$queue_directory/$process_id_directory/master.pid
 *
 *	int	check_instance(int quiet);	cmd_check.c: the work of "check";
 *			returns the exit status
 */
#ifndef POSTERN_POSTERN_H
#define POSTERN_POSTERN_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"

#include "build_config.h"

/* Subcommands (and personalities): main()-like. */
int     cmd_conf(int argc, char **argv);
int     cmd_init(int argc, char **argv);
int     cmd_check(int argc, char **argv);
int     cmd_start(int argc, char **argv);
int     cmd_stop(int argc, char **argv);
int     cmd_reload(int argc, char **argv);
int     cmd_status(int argc, char **argv);
int     cmd_version(int argc, char **argv);
int     cmd_send(int argc, char **argv);
int     cmd_mailq(int argc, char **argv);

/* postern_env.c */
void    pst_set_config_dir(const char *dir);
void    pst_load_config(int check);
char   *pst_get(const char *name);
const char *pst_main_cf(struct buf *out);
void    pst_options(int argc, char **argv, const char *cmd);
void    pst_bad_option(int c);
void   *pst_keep(void *ptr);

/* all_params.c */
void    all_params_register(void);
void    all_params_load(void);

/* out.c */
void    out_puts(const char *s);
void    out_write(const char *s, size_t len);
void    out_printf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void    out_flush(void);

/* conf_edit.c */
struct conf_edit {
    const char *name;
    const char *value;			/* NULL: remove */
};
int     conf_edit_text(const char *text, size_t len,
                       const struct conf_edit *ed, size_t n, struct buf *out);
int     conf_edit_file(const char *path, const struct conf_edit *ed, size_t n,
                       struct buf *err);

/* self_path.c */
const char *self_dir(void);
char   *self_sibling(const char *rel, const char *probe);

/* master_pid.c */
int     master_pid_query(const char *pid_file, pid_t *pid);
const char *master_pid_file(struct buf *out);

/* cmd_check.c */
int     check_instance(int quiet);

#endif
