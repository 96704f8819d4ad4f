/*
 * htable - hash table with string keys
 *
 * Keys are copied; values are caller-owned pointers.  Iteration order
 * is unspecified; htable_keys_sorted() gives a stable order.
 *
 *	struct htable *htable_new(size_t hint);
 *	void	htable_free(struct htable *t, void (*free_value)(void *));
 *	void   *htable_find(const struct htable *t, const char *key);
 *	int	htable_has(const struct htable *t, const char *key);
 *	void	htable_put(struct htable *t, const char *key, void *value);
 *			insert or replace (the old value is returned by
 *			htable_replace if the caller needs it)
 *	void   *htable_replace(struct htable *t, const char *key, void *value);
 *	void   *htable_remove(struct htable *t, const char *key);  old value or NULL
 *	size_t	htable_count(const struct htable *t);
 *	const char **htable_keys_sorted(const struct htable *t);
 *			xmalloc'ed NULL-terminated array (free() it); strcmp order
 *	void	htable_walk(const struct htable *t,
 *			void (*fn)(const char *key, void *value, void *ctx), void *ctx);
 *			fn must not modify the table
 */
#ifndef POSTERN_HTABLE_H
#define POSTERN_HTABLE_H

#include <stddef.h>

struct htable;

struct htable *htable_new(size_t hint);
void    htable_free(struct htable *t, void (*free_value)(void *));
void   *htable_find(const struct htable *t, const char *key);
int     htable_has(const struct htable *t, const char *key);
void    htable_put(struct htable *t, const char *key, void *value);
void   *htable_replace(struct htable *t, const char *key, void *value);
void   *htable_remove(struct htable *t, const char *key);
size_t  htable_count(const struct htable *t);
const char **htable_keys_sorted(const struct htable *t);
void    htable_walk(const struct htable *t,
                    void (*fn)(const char *key, void *value, void *ctx), void *ctx);

#endif
