/*
 * master_cf - read master.cf into service entries
 *
 * Same logical-line rules as main.cf; fields are separated by blanks;
 * a field that starts with '{' runs to the matching '}' and loses its
 * braces and the blanks just inside them.  Columns: service, type,
 * private, unpriv, chroot, wakeup, maxproc, command [args...]; '-'
 * selects the default.  No $name expansion here (children expand their
 * own -o values).
 *
 *	struct master_ent {
 *	    char *name;		service column as written
 *	    int   type;		MASTER_TYPE_*
 *	    int   private_;	1/0 (default 1; inet must not be private)
 *	    int   unpriv;	default 1
 *	    int   chroot;	default 0 (compatibility_level >= 1)
 *	    int   wakeup;	seconds, 0 none
 *	    int   wakeup_cond;	"N?" form: only after first use
 *	    int   maxproc;	-1 = default ($default_process_limit); 0 = no limit
 *	    struct argv *args;	command then its arguments (braces resolved)
 *	    int   lineno;
 *	};
 *	int	master_cf_parse_text(const char *text, size_t len, const char *path,
 *			struct master_ent ***ents, size_t *count, struct buf *err);
 *	int	master_cf_read(const char *path, struct master_ent ***ents,
 *			size_t *count, struct buf *err);
 *			0 ok; -1 with err = "PATH, line N: what is wrong"
 *	void	master_cf_free(struct master_ent **ents, size_t count);
 *	const char *master_type_name(int type);	"unix", "inet", ...
 *	void	master_ent_format(const struct master_ent *e, struct buf *out);
 *			one line in postconf -M style (defaults shown as '-')
 */
#ifndef POSTERN_MASTER_CF_H
#define POSTERN_MASTER_CF_H

#include <stddef.h>

#include "argv.h"
#include "buf.h"

#define MASTER_TYPE_UNIX	1
#define MASTER_TYPE_INET	2
#define MASTER_TYPE_FIFO	3
#define MASTER_TYPE_PASS	4
#define MASTER_TYPE_UNIX_DGRAM	5

struct master_ent {
    char   *name;
    int     type;
    int     private_;
    int     unpriv;
    int     chroot;
    int     wakeup;
    int     wakeup_cond;
    int     maxproc;
    struct argv *args;
    int     lineno;
    /* As written, for postconf -M: "-" when defaulted. */
    char   *col_private, *col_unpriv, *col_chroot, *col_wakeup, *col_maxproc;
};

int     master_cf_parse_text(const char *text, size_t len, const char *path,
                             struct master_ent ***ents, size_t *count,
                             struct buf *err);
int     master_cf_read(const char *path, struct master_ent ***ents,
                       size_t *count, struct buf *err);
void    master_cf_free(struct master_ent **ents, size_t count);
const char *master_type_name(int type);
void    master_ent_format(const struct master_ent *e, struct buf *out);

#endif
