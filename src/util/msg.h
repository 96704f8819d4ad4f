/*
 * msg - diagnostics: info, warnings, errors, fatal errors, panics
 *
 * Every program logs through these functions.  Output goes to any
 * combination of channels: syslog (tag "TAG[PID]", the facility given
 * by msg_syslog_open), a plain log file (maillog_file; each line is
 * "Mon DD HH:MM:SS HOST TAG[PID]: TEXT"), Postfix's postlogd socket
 * (the same line as one datagram), and stderr (for commands run
 * by hand and for tests).  Non-info messages get the prefix
 * "warning: ", "error: ", "fatal: " or "panic: ".  Each message is
 * truncated to 2000 bytes and non-printable bytes become '?', so
 * network input cannot forge log lines.
 *
 *	extern int msg_verbose;		-v count; "if (msg_verbose) msg_info()"
 *	void	msg_init(const char *tag);	tag = "syslog_name/process"
 *	const char *msg_tag(void);
 *	void	msg_syslog_open(int facility);	LOG_PID|LOG_NDELAY
 *	void	msg_syslog_close(void);
 *	int	msg_file_open(const char *path, const char *host);
 *					-1 + errno if it cannot be opened
 *	int	msg_postlog_open(const char *socket_path, const char *host);
 *					each line as one datagram to a
 *					postlogd socket (Postfix's
 *					public/postlog), no newline;
 *					non-blocking, dropped on error;
 *					NULL path stops; -1 + errno if
 *					no socket or the path is too long
 *	void	msg_stderr(int on);		also write "TAG: TEXT" to stderr
 *	int	msg_facility_code(const char *name);  "mail" -> LOG_MAIL, -1 bad
 *	void	msg_info/warn/error(const char *fmt, ...);
 *	void	msg_fatal(const char *fmt, ...);	exit(1)
 *	void	msg_fatal_status(int status, const char *fmt, ...);
 *	void	msg_panic(const char *fmt, ...);	abort()
 *	void	msg_set_cleanup(void (*fn)(void));	run once before a
 *					fatal/panic exit (e.g. remove pid file)
 *
 * msg_error does not exit; a program that wants to stop after errors
 * counts them itself.  A message may contain "%m" for strerror(errno).
 */
#ifndef POSTERN_MSG_H
#define POSTERN_MSG_H

#include <stdarg.h>

#define MSG_TEXT_LIMIT 2000

extern int msg_verbose;

void    msg_init(const char *tag);
const char *msg_tag(void);
void    msg_syslog_open(int facility);
void    msg_syslog_close(void);
int     msg_file_open(const char *path, const char *host);
int     msg_postlog_open(const char *socket_path, const char *host);
void    msg_stderr(int on);
int     msg_facility_code(const char *name);
void    msg_set_cleanup(void (*fn)(void));

void    msg_info(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void    msg_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void    msg_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
_Noreturn void msg_fatal(const char *fmt, ...)
            __attribute__((format(printf, 1, 2)));
_Noreturn void msg_fatal_status(int status, const char *fmt, ...)
            __attribute__((format(printf, 2, 3)));
_Noreturn void msg_panic(const char *fmt, ...)
            __attribute__((format(printf, 1, 2)));
void    msg_vprintf(int level, const char *fmt, va_list ap)
            __attribute__((format(printf, 2, 0)));

#define MSG_INFO	0
#define MSG_WARN	1
#define MSG_ERROR	2
#define MSG_FATAL	3
#define MSG_PANIC	4

#endif
