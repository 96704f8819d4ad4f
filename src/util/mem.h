/*
 * mem - allocation that never returns NULL
 *
 * Out of memory is a fatal error (logged by msg_fatal), so callers do
 * not test results.
 *
 *	void   *xmalloc(size_t n);
 *	void   *xcalloc(size_t n, size_t size);	overflow-checked
 *	void   *xrealloc(void *p, size_t n);
 *	char   *xstrdup(const char *s);
 *	char   *xstrndup(const char *s, size_t n);
 *	void   *xmemdup(const void *p, size_t n);
 *	char   *xconcat(const char *s, ...);	NULL-terminated list
 */
#ifndef POSTERN_MEM_H
#define POSTERN_MEM_H

#include <stddef.h>

void   *xmalloc(size_t n);
void   *xcalloc(size_t n, size_t size);
void   *xrealloc(void *p, size_t n);
char   *xstrdup(const char *s);
char   *xstrndup(const char *s, size_t n);
void   *xmemdup(const void *p, size_t n);
char   *xconcat(const char *s, ...) __attribute__((sentinel));

#endif
