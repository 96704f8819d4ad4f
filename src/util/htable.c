/*
 * htable - hash table with string keys
 *
 * Separate chaining over a power-of-two bucket array that doubles when
 * the table holds more entries than buckets.  Keys are copied (and freed
 * by the table); values are the caller's pointers.  Besides the bucket
 * chains every entry sits on a list in insertion order, which is the
 * order htable_walk() visits (a replaced value keeps its place).  The
 * header promises only "unspecified"; this implementation makes it
 * deterministic so that anything printed from a table (attribute HASH
 * groups, for instance) comes out the same way every run.
 *
 * Interface: see htable.h.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "htable.h"
#include "mem.h"

struct hent {
    char   *key;
    void   *value;
    size_t  hash;
    struct hent *chain;			/* next in bucket */
    struct hent *older;			/* insertion order list */
    struct hent *newer;
};

struct htable {
    struct hent **bucket;
    size_t  size;			/* number of buckets, power of two */
    size_t  used;			/* number of entries */
    struct hent *oldest;
    struct hent *newest;
};

#define HTABLE_MIN_SIZE 8

/* hash_key - FNV-1a over the key bytes */

static size_t hash_key(const char *key)
{
    uint64_t h = 14695981039346656037ULL;

    for (const unsigned char *p = (const unsigned char *) key; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return (size_t) (h ^ (h >> 32));
}

struct htable *htable_new(size_t hint)
{
    struct htable *t = xmalloc(sizeof(*t));
    size_t  size = HTABLE_MIN_SIZE;

    while (size < hint && size < ((size_t) 1 << (sizeof(size_t) * 8 - 2)))
        size <<= 1;
    t->bucket = xcalloc(size, sizeof(*t->bucket));
    t->size = size;
    t->used = 0;
    t->oldest = t->newest = NULL;
    return t;
}

void htable_free(struct htable *t, void (*free_value)(void *))
{
    struct hent *e, *next;

    if (t == NULL)
        return;
    for (e = t->oldest; e != NULL; e = next) {
        next = e->newer;
        if (free_value != NULL)
            free_value(e->value);
        free(e->key);
        free(e);
    }
    free(t->bucket);
    free(t);
}

/* lookup - the entry for key, or NULL */

static struct hent *lookup(const struct htable *t, const char *key, size_t h)
{
    struct hent *e;

    for (e = t->bucket[h & (t->size - 1)]; e != NULL; e = e->chain)
        if (e->hash == h && strcmp(e->key, key) == 0)
            return e;
    return NULL;
}

/* grow - double the bucket array and rechain every entry */

static void grow(struct htable *t)
{
    size_t  size = t->size * 2;
    struct hent **bucket = xcalloc(size, sizeof(*bucket));
    struct hent *e;

    for (e = t->oldest; e != NULL; e = e->newer) {
        size_t  i = e->hash & (size - 1);

        e->chain = bucket[i];
        bucket[i] = e;
    }
    free(t->bucket);
    t->bucket = bucket;
    t->size = size;
}

void   *htable_find(const struct htable *t, const char *key)
{
    struct hent *e = lookup(t, key, hash_key(key));

    return e ? e->value : NULL;
}

int htable_has(const struct htable *t, const char *key)
{
    return lookup(t, key, hash_key(key)) != NULL;
}

void   *htable_replace(struct htable *t, const char *key, void *value)
{
    size_t  h = hash_key(key);
    struct hent *e = lookup(t, key, h);
    void   *old;
    size_t  i;

    if (e != NULL) {
        old = e->value;
        e->value = value;
        return old;
    }
    if (t->used >= t->size)
        grow(t);
    e = xmalloc(sizeof(*e));
    e->key = xstrdup(key);
    e->value = value;
    e->hash = h;
    i = h & (t->size - 1);
    e->chain = t->bucket[i];
    t->bucket[i] = e;
    e->newer = NULL;
    e->older = t->newest;
    if (t->newest != NULL)
        t->newest->newer = e;
    else
        t->oldest = e;
    t->newest = e;
    t->used++;
    return NULL;
}

void htable_put(struct htable *t, const char *key, void *value)
{
    (void) htable_replace(t, key, value);
}

void   *htable_remove(struct htable *t, const char *key)
{
    size_t  h = hash_key(key);
    struct hent **pp;
    struct hent *e;
    void   *old;

    for (pp = &t->bucket[h & (t->size - 1)]; (e = *pp) != NULL; pp = &e->chain)
        if (e->hash == h && strcmp(e->key, key) == 0)
            break;
    if (e == NULL)
        return NULL;
    *pp = e->chain;
    if (e->older != NULL)
        e->older->newer = e->newer;
    else
        t->oldest = e->newer;
    if (e->newer != NULL)
        e->newer->older = e->older;
    else
        t->newest = e->older;
    old = e->value;
    free(e->key);
    free(e);
    t->used--;
    return old;
}

size_t htable_count(const struct htable *t)
{
    return t->used;
}

static int cmp_keys(const void *a, const void *b)
{
    return strcmp(*(const char *const *) a, *(const char *const *) b);
}

const char **htable_keys_sorted(const struct htable *t)
{
    const char **keys = xcalloc(t->used + 1, sizeof(*keys));
    struct hent *e;
    size_t  n = 0;

    for (e = t->oldest; e != NULL; e = e->newer)
        keys[n++] = e->key;
    keys[n] = NULL;
    qsort(keys, n, sizeof(*keys), cmp_keys);
    return keys;
}

void htable_walk(const struct htable *t,
                 void (*fn)(const char *key, void *value, void *ctx), void *ctx)
{
    struct hent *e;

    for (e = t->oldest; e != NULL; e = e->newer)
        fn(e->key, e->value, ctx);
}
