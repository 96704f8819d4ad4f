/*
 * config - the configuration dictionary: main.cf, -o overrides, lookup
 *
 * config_read() loads $config_directory/main.cf (config_directory is
 * $MAIL_CONFIG, else the compiled-in default) into a dictionary of raw
 * values.  config_set() overrides one name (master.cf -o name=value,
 * applied after main.cf and before anything is evaluated).  Lookups
 * expand $name recursively; an unset name falls back to its registered
 * default (params.h), else to the empty string.
 *
 *	void	config_read(void);		fatal if main.cf is unreadable
 *			or malformed ("FILE, line N: ...").  A missing
 *			main.cf is fine (all defaults).
 *	int	config_read_file(const char *path, struct buf *err);  (tests)
 *	const char *config_dir(void);
 *	void	config_set(const char *name, const char *value);
 *	int	config_set_arg(const char *nameval);	"name=value" (-o); -1 bad
 *	const char *config_raw(const char *name);	main.cf/-o value or NULL
 *	int	config_is_set(const char *name);	in main.cf or -o
 *	const char *config_raw_or_default(const char *name);  NULL if unknown
 *	int	config_expand(const char *in, struct buf *out, struct buf *err);
 *	char   *config_get(const char *name);		expanded; xstrdup'ed;
 *			fatal on expansion error
 *	const char **config_names(void);	names set in main.cf/-o, sorted
 *	void	config_reset(void);		forget everything (tests)
 *
 * Read-only parameters set by programs: process_name, service_name,
 * config_directory (config_set is used for them too).
 */
#ifndef POSTERN_CONFIG_H
#define POSTERN_CONFIG_H

#include "buf.h"

void    config_read(void);
int     config_read_file(const char *path, struct buf *err);
const char *config_dir(void);
void    config_set(const char *name, const char *value);
int     config_set_arg(const char *nameval);
const char *config_raw(const char *name);
int     config_is_set(const char *name);
const char *config_raw_or_default(const char *name);
int     config_expand(const char *in, struct buf *out, struct buf *err);
char   *config_get(const char *name);
const char **config_names(void);
void    config_reset(void);

#endif
