/*
 * params - the parameter registry: typed main.cf parameters
 *
 * Every program declares its parameters in tables of struct param_def
 * (one table per program, in its *_params.c file; the shared ones are
 * in global/mail_params.c).  A definition names the parameter, its
 * type, its default as postconf -d shows it (raw, may contain $name),
 * the C variable that receives the value, and bounds.
 *
 * Loading (param_load) reads each parameter from the configuration
 * dictionary (config.h: main.cf plus -o overrides; the default when
 * unset), expands it, converts it and checks it.  A malformed or out-of-
 * range value is fatal at start-up, with one line naming parameter and
 * value:  fatal: /etc/postern/main.cf: parameter max_idle: bad time value "x"
 *
 * Types and their C variables:
 *   PARAM_STR   char **   expanded string
 *   PARAM_RAW   char **   unexpanded string ($ kept)
 *   PARAM_INT   int *     decimal, min..max
 *   PARAM_LONG  long *    decimal, min..max
 *   PARAM_BOOL  int *     yes/no (case-insensitive) -> 1/0
 *   PARAM_TIME  int *     seconds; NUMBER[s|m|h|d|w]; without a unit, the
 *                         unit letter at the end of the default applies
 *   PARAM_SIZE  long *    bytes; plain decimal as Postfix, plus a
 *                         postern extension: suffix k, m or g (x1024^n)
 * min/max: both 0 = no bounds; otherwise min <= value <= max (max 0 =
 * no upper bound).  For PARAM_TIME bounds are in seconds.
 *
 * Mirrored tables (smtp_* and lmtp_*): param_load_prefix(table, "lmtp_")
 * loads a table whose names begin with "smtp_" under the "lmtp_" names;
 * a definition's lmtp_defval, when non-NULL, is the lmtp default.
 * Both names are registered, so postconf lists both.
 *
 * Dynamic defaults (myhostname, mail_owner of the embedded instance):
 * defval NULL and def_fn set; def_fn() is called once, at registration.
 *
 *	void	param_register(const struct param_def *table);
 *			known to postconf and to expansion of $name
 *	void	param_register_mirror(const struct param_def *table,
 *			const char *from, const char *to);
 *	void	param_load(const struct param_def *table);
 *			registers, then loads (fatal on bad values)
 *	void	param_load_prefix(const struct param_def *table,
 *			const char *from, const char *to);
 *	const struct param_info *param_lookup(const char *name);
 *	const char **param_names(void);		all registered, sorted
 *			(xmalloc'ed NULL-terminated array; free())
 *	int	param_convert(const struct param_info *p, const char *value,
 *			void *out, struct buf *err);
 *			convert+check one value (used by param_load and by
 *			postconf -e to refuse bad edits); 0 ok, -1 err set
 */
#ifndef POSTERN_PARAMS_H
#define POSTERN_PARAMS_H

#include "buf.h"

enum param_type {
    PARAM_STR, PARAM_RAW, PARAM_INT, PARAM_LONG, PARAM_BOOL, PARAM_TIME,
    PARAM_SIZE,
};

struct param_def {
    const char *name;
    enum param_type type;
    const char *defval;
    void   *var;
    long    min;
    long    max;
    const char *lmtp_defval;		/* mirrored tables only */
    const char *(*def_fn)(void);	/* dynamic default */
};

/* What the registry knows about one name (after mirroring). */
struct param_info {
    const char *name;
    enum param_type type;
    const char *defval;			/* raw default text */
    long    min;
    long    max;
};

#define PARAM_TABLE_END { 0 }

void    param_register(const struct param_def *table);
void    param_register_mirror(const struct param_def *table,
                              const char *from, const char *to);
void    param_load(const struct param_def *table);
void    param_load_prefix(const struct param_def *table,
                          const char *from, const char *to);
const struct param_info *param_lookup(const char *name);
const char **param_names(void);
int     param_convert(const struct param_info *p, const char *value,
                      void *out, struct buf *err);

#endif
