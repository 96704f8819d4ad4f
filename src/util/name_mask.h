/*
 * name_mask - map between names and bit masks or codes
 *
 * Tables end with an entry whose name is NULL.  Name matching is
 * case-insensitive.
 *
 *	struct name_mask { const char *name; unsigned long mask; };
 *	int	name_mask_parse(const struct name_mask *t, const char *list,
 *			unsigned long *out, char **bad);
 *			list: names separated by whitespace, commas or
 *			'|'; 0 ok, -1 unknown name (*bad = xstrdup'ed name,
 *			the caller frees it)
 *	void	name_mask_format(const struct name_mask *t, unsigned long mask,
 *			struct buf *out, const char *sep);
 *			names of the set bits in table order; bits not in
 *			the table appear as "0x%lx"
 *
 *	struct name_code { const char *name; int code; };
 *	int	name_code(const struct name_code *t, const char *name, int dflt);
 *	const char *str_name_code(const struct name_code *t, int code);  NULL if none
 */
#ifndef POSTERN_NAME_MASK_H
#define POSTERN_NAME_MASK_H

#include "buf.h"

struct name_mask {
    const char *name;
    unsigned long mask;
};

struct name_code {
    const char *name;
    int     code;
};

int     name_mask_parse(const struct name_mask *t, const char *list,
                        unsigned long *out, char **bad);
void    name_mask_format(const struct name_mask *t, unsigned long mask,
                         struct buf *out, const char *sep);
int     name_code(const struct name_code *t, const char *name, int dflt);
const char *str_name_code(const struct name_code *t, int code);

#endif
