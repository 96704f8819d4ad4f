/*
 * config - the configuration dictionary: main.cf, -o overrides, lookup
 *
 * Implements config.h.  One process-wide dictionary maps names to raw
 * (unexpanded) values; main.cf entries and config_set() overrides live
 * in it alike.  A name assigned twice in main.cf with a different value
 * gets Postfix's warning "FILE, line N: overriding earlier entry:
 * NAME=OLD" and the later value wins.  Lookups for expansion fall back
 * to the default registered in params.c; names nobody knows expand to
 * the empty string.
 *
 * config_dir() is $MAIL_CONFIG when set and non-empty, else the
 * compiled-in DEF_CONFIG_DIR.  A missing main.cf means "all defaults";
 * any other problem with it is fatal.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "build_config.h"

#include "buf.h"
#include "cfgfile.h"
#include "config.h"
#include "htable.h"
#include "mem.h"
#include "msg.h"
#include "params.h"

#define CONFIG_DIR_ENV	"MAIL_CONFIG"
#define CONFIG_MAIN_CF	"main.cf"

static struct htable *config_dict;

static struct htable *config_table(void)
{
    if (config_dict == NULL)
        config_dict = htable_new(256);
    return config_dict;
}

const char *config_dir(void)
{
    const char *dir = getenv(CONFIG_DIR_ENV);

    return (dir != NULL && *dir != 0) ? dir : DEF_CONFIG_DIR;
}

void    config_set(const char *name, const char *value)
{
    free(htable_replace(config_table(), name, xstrdup(value)));
}

int     config_set_arg(const char *nameval)
{
    char   *copy = xstrdup(nameval);
    char   *name;
    char   *value;
    int     rc;

    if ((rc = cfg_split_nameval(copy, &name, &value)) == 0)
        config_set(name, value);
    free(copy);
    return rc;
}

 /*
  * Reading main.cf.
  */
struct config_file {
    const char *path;
    struct buf *err;
};

static int config_line(const char *text, int lineno, void *ctx)
{
    struct config_file *cf = ctx;
    char   *copy = xstrdup(text);
    char   *name;
    char   *value;
    const char *old;

    if (cfg_split_nameval(copy, &name, &value) < 0) {
        buf_printf(cf->err, "missing '=' after attribute name: \"%s\"", text);
        free(copy);
        return -1;
    }
    old = htable_find(config_table(), name);
    if (old != NULL && strcmp(old, value) != 0)
        msg_warn("%s, line %d: overriding earlier entry: %s=%s",
                 cf->path, lineno, name, old);
    config_set(name, value);
    free(copy);
    return 0;
}

int     config_read_file(const char *path, struct buf *err)
{
    struct config_file cf;

    cf.path = path;
    cf.err = err;
    return cfg_parse_file(path, config_line, &cf, err);
}

void    config_read(void)
{
    static struct buf *err;		/* static: reachable at fatal exit */
    char   *path = xconcat(config_dir(), "/", CONFIG_MAIN_CF, (char *) 0);
    struct stat st;
    int     rc = 0;

    if (err == NULL)
        err = buf_new(100);
    if (stat(path, &st) == 0 || errno != ENOENT)
        rc = config_read_file(path, err);
    free(path);
    if (rc < 0)
        msg_fatal("%s", buf_str(err));
}

 /*
  * Lookup and expansion.
  */
const char *config_raw(const char *name)
{
    return config_dict ? htable_find(config_dict, name) : NULL;
}

int     config_is_set(const char *name)
{
    return config_raw(name) != NULL;
}

const char *config_raw_or_default(const char *name)
{
    const char *value;
    const struct param_info *p;

    if ((value = config_raw(name)) != NULL)
        return value;
    if ((p = param_lookup(name)) != NULL)
        return p->defval;
    return NULL;
}

static const char *config_lookup(const char *name, void *ctx)
{
    (void) ctx;
    return config_raw_or_default(name);
}

int     config_expand(const char *in, struct buf *out, struct buf *err)
{
    return cfg_expand(in, config_lookup, NULL, out, err);
}

char   *config_get(const char *name)
{
    static struct buf *err;		/* static: reachable at fatal exit */
    const char *raw = config_raw_or_default(name);
    struct buf *out = buf_new(100);

    if (err == NULL)
        err = buf_new(100);
    if (raw != NULL && config_expand(raw, out, err) < 0) {
        buf_free(out);
        msg_fatal("%s/%s: parameter %s: %s", config_dir(), CONFIG_MAIN_CF,
                  name, buf_str(err));
    }
    return buf_steal(out);
}

const char **config_names(void)
{
    return htable_keys_sorted(config_table());
}

void    config_reset(void)
{
    if (config_dict != NULL)
        htable_free(config_dict, free);
    config_dict = NULL;
}
