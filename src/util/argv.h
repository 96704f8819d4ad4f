/*
 * argv - growable NULL-terminated string arrays, and splitting
 *
 *	struct argv *argv_new(size_t hint);
 *	void	argv_free(struct argv *a);
 *	void	argv_add(struct argv *a, const char *s);	copies s
 *	void	argv_addn(struct argv *a, const char *s, size_t n);
 *	void	argv_truncate(struct argv *a, size_t n);
 *	struct argv *argv_split(const char *s, const char *delims);
 *			fields separated by runs of delims; no empty fields
 *	int	argv_split_braced(const char *s, const char *delims, struct argv **out);
 *			like argv_split, but a field that starts with '{'
 *			extends to the matching '}' (nesting counted); the
 *			braces and the whitespace just inside them are
 *			removed ("{ a b }" -> "a b").  -1 if a brace is
 *			unbalanced or text follows a closing '}' without a
 *			delimiter; *out is then NULL.
 *	char   *str_token(char **cp, const char *delims);
 *			strtok-like on a writable string, NULL at the end
 *	char   *str_trim(char *s);	strip leading/trailing whitespace in place
 *
 * a->argv[a->argc] is always NULL.
 */
#ifndef POSTERN_ARGV_H
#define POSTERN_ARGV_H

#include <stddef.h>

struct argv {
    char  **argv;
    size_t  argc;
    size_t  cap;
};

struct argv *argv_new(size_t hint);
void    argv_free(struct argv *a);
void    argv_add(struct argv *a, const char *s);
void    argv_addn(struct argv *a, const char *s, size_t n);
void    argv_truncate(struct argv *a, size_t n);
struct argv *argv_split(const char *s, const char *delims);
int     argv_split_braced(const char *s, const char *delims, struct argv **out);
char   *str_token(char **cp, const char *delims);
char   *str_trim(char *s);

#endif
