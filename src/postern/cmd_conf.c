/*
 * cmd_conf - "postern conf" and the postconf personality
 *
 * Synopsis:
 *	postconf [-c config_dir] [-dhnx] [name ...]
 *	postconf [-c config_dir] -e name=value ...
 *	postconf [-c config_dir] -X name ...
 *	postconf [-c config_dir] -M [service[/type] ...]
 *
 * Show parameters (Postfix's postconf(1) formats):
 *	(none)	every registered parameter with its value in effect,
 *		"name = value" ("name =" when empty), sorted by name;
 *		values as written ($name not expanded)
 *	-d	compiled-in defaults instead
 *	-n	only the names set in main.cf (also names no table knows)
 *	-h	values only
 *	-x	expand $name in values (with -d: against the defaults)
 *	name...	only these, in this order; a name that is neither
 *		registered nor set is reported "NAME: unknown parameter"
 *		(warning, exit status 0, as Postfix)
 *
 * Edit main.cf in place (conf_edit.c keeps every other line):
 *	-e name=value ...	("name = value" in one argument also works)
 *		A value that fails its parameter's type check (param_convert,
 *		after $name expansion with the edits applied) is refused
 *		with one line naming parameter and value, and the file is
 *		left unchanged: a postern extension; Postfix writes anything.
 *	-X name ...	remove the names' entries
 *
 * Services:
 *	-M	master.cf entries in postconf -M format, all or those whose
 *		service (and type) match; "unmatched request" warnings.
 *		A missing master.cf is fatal.
 *
 * Registered parameters are those of all_params.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "argv.h"
#include "buf.h"
#include "cfgfile.h"
#include "config.h"
#include "master_cf.h"
#include "mem.h"
#include "msg.h"
#include "params.h"
#include "postern.h"

#define CONF_SHOW_DEFAULTS	(1 << 0)	/* -d */
#define CONF_SHOW_NONDEF	(1 << 1)	/* -n */
#define CONF_VALUE_ONLY		(1 << 2)	/* -h */
#define CONF_EXPAND		(1 << 3)	/* -x */

static void conf_usage(void)
{
    msg_fatal("usage: postconf [-c config_dir] [-dhnx] [name ...] |"
              " -e name=value ... | -X name ... | -M [service[/type] ...]");
}

/* Names set in main.cf, from the file itself. */

static int collect_name(const char *text, int lineno, void *ctx)
{
    struct argv *names = ctx;
    char   *copy = xstrdup(text);
    char   *name;
    char   *value;

    (void) lineno;
    if (cfg_split_nameval(copy, &name, &value) == 0)
        argv_add(names, name);
    free(copy);
    return 0;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *) a, *(char *const *) b);
}

static struct argv *main_cf_names(void)
{
    struct argv *names = pst_keep(argv_new(50));
    struct buf *path = pst_keep(buf_new(100));
    struct buf *err = pst_keep(buf_new(100));
    size_t  i;
    size_t  j;

    pst_main_cf(path);
    if (access(buf_str(path), F_OK) == 0
        && cfg_parse_file(buf_str(path), collect_name, names, err) < 0)
        msg_fatal("%s", buf_str(err));
    if (names->argc > 1) {
        qsort(names->argv, names->argc, sizeof(char *), cmp_str);
        for (i = j = 1; i < names->argc; i++) {
            if (strcmp(names->argv[i], names->argv[j - 1]) == 0)
                free(names->argv[i]);
            else
                names->argv[j++] = names->argv[i];
        }
        names->argc = j;
        names->argv[j] = NULL;
    }
    return names;
}

static int name_in(const struct argv *names, const char *name)
{
    size_t  i;

    for (i = 0; i < names->argc; i++)
        if (strcmp(names->argv[i], name) == 0)
            return 1;
    return 0;
}

/* Expansion of defaults against defaults (-d -x). */

static const char *default_lookup(const char *name, void *ctx)
{
    const struct param_info *p = param_lookup(name);

    (void) ctx;
    return p ? p->defval : NULL;
}

/* show_one - print one parameter; 0 if printed, -1 if unknown */

static int show_one(const char *name, int flags, const struct argv *set)
{
    static struct buf *val, *err;	/* static: reachable at fatal exit */
    const struct param_info *p;
    const char *raw;
    int     ret;

    if (val == NULL) {
        val = buf_new(100);
        err = buf_new(100);
    }
    buf_reset(val);
    buf_reset(err);
    if (flags & CONF_SHOW_DEFAULTS) {
        p = param_lookup(name);
        raw = p ? p->defval : NULL;
    } else if (flags & CONF_SHOW_NONDEF) {
        raw = name_in(set, name) ? config_raw(name) : NULL;
        if (raw == NULL && (param_lookup(name) || name_in(set, name)))
            return 0;			/* known, just not set */
    } else {
        raw = config_raw_or_default(name);
    }
    if (raw == NULL) {
        ret = -1;
    } else {
        if (flags & CONF_EXPAND) {
            ret = (flags & CONF_SHOW_DEFAULTS)
                ? cfg_expand(raw, default_lookup, NULL, val, err)
                : config_expand(raw, val, err);
            if (ret < 0) {
                msg_warn("parameter %s: %s", name, buf_str(err));
                buf_set(val, raw);
            }
        } else {
            buf_set(val, raw);
        }
        if (flags & CONF_VALUE_ONLY)
            out_printf("%s\n", buf_str(val));
        else if (buf_len(val) == 0)
            out_printf("%s =\n", name);
        else
            out_printf("%s = %s\n", name, buf_str(val));
        ret = 0;
    }
    return ret;
}

static int show_params(int argc, char **argv, int flags)
{
    struct argv *set = main_cf_names();
    const char **all;
    size_t  i;
    int     k;

    if (argc > 0) {
        for (k = 0; k < argc; k++)
            if (show_one(argv[k], flags, set) < 0)
                msg_warn("%s: unknown parameter", argv[k]);
    } else if (flags & CONF_SHOW_NONDEF) {
        for (i = 0; i < set->argc; i++)
            (void) show_one(set->argv[i], flags, set);
    } else {
        all = pst_keep(param_names());
        for (i = 0; all[i] != NULL; i++)
            (void) show_one(all[i], flags, set);
    }
    out_flush();
    return 0;
}

/* check_value - refuse a value its parameter's type rejects */

static void check_value(const struct conf_edit *e, const char *path)
{
    static struct buf *val, *err;	/* static: reachable at fatal exit */
    const struct param_info *p = param_lookup(e->name);

    if (p == NULL)
        return;				/* a name no program knows */
    if (val == NULL) {
        val = buf_new(100);
        err = buf_new(100);
    }
    buf_reset(val);
    buf_reset(err);
    if (p->type == PARAM_RAW)
        buf_set(val, e->value);
    if (p->type != PARAM_RAW && config_expand(e->value, val, err) < 0)
        msg_fatal("%s: parameter %s: value \"%s\": %s; file not changed",
                  path, e->name, e->value, buf_str(err));
    if (param_convert(p, buf_str(val), NULL, err) < 0) {
        if (strcmp(buf_str(val), e->value) != 0)
            buf_printf(err, " (from \"%s\")", e->value);
        msg_fatal("%s: parameter %s: %s; file not changed",
                  path, e->name, buf_str(err));
    }
}

static int edit_params(int argc, char **argv, int remove)
{
    struct conf_edit *ed = pst_keep(xcalloc((size_t) argc, sizeof(*ed)));
    struct argv *copies = pst_keep(argv_new((size_t) argc));
    struct buf *path = pst_keep(buf_new(100));
    struct buf *err = pst_keep(buf_new(100));
    char   *name;
    char   *value;
    int     k;

    pst_main_cf(path);
    for (k = 0; k < argc; k++) {
        argv_add(copies, argv[k]);
        if (remove) {
            ed[k].name = str_trim(copies->argv[k]);
            ed[k].value = NULL;
        } else {
            if (cfg_split_nameval(copies->argv[k], &name, &value) < 0)
                msg_fatal("missing '=' after parameter name: \"%s\"",
                          argv[k]);
            ed[k].name = name;
            ed[k].value = value;
        }
    }
    if (!remove) {
        /* Check every value against the configuration as edited. */
        for (k = 0; k < argc; k++)
            config_set(ed[k].name, ed[k].value);
        for (k = 0; k < argc; k++)
            check_value(ed + k, buf_str(path));
    }
    if (conf_edit_file(buf_str(path), ed, (size_t) argc, err) < 0)
        msg_fatal("%s", buf_str(err));
    return 0;
}

static int show_services(int argc, char **argv)
{
    struct master_ent **ents;
    struct buf *path = pst_keep(buf_new(100));
    struct buf *err = pst_keep(buf_new(100));
    struct buf *line = pst_keep(buf_new(200));
    int    *hits = pst_keep(xcalloc(argc > 0 ? (size_t) argc : 1, sizeof(int)));
    size_t  count;
    size_t  i;
    int     k;
    int     show;
    const char *slash;
    size_t  nlen;

    buf_set(path, config_dir());
    buf_puts(path, "/master.cf");
    if (master_cf_read(buf_str(path), &ents, &count, err) < 0)
        msg_fatal("%s", buf_str(err));
    for (i = 0; i < count; i++) {
        show = (argc == 0);
        for (k = 0; k < argc; k++) {
            slash = strchr(argv[k], '/');
            nlen = slash ? (size_t) (slash - argv[k]) : strlen(argv[k]);
            if (strlen(ents[i]->name) == nlen
                && strncmp(ents[i]->name, argv[k], nlen) == 0
                && (slash == NULL || strcmp(slash + 1,
                                 master_type_name(ents[i]->type)) == 0)) {
                hits[k]++;
                show = 1;
            }
        }
        if (show) {
            buf_reset(line);
            master_ent_format(ents[i], line);
            while (buf_len(line) > 0 && buf_str(line)[buf_len(line) - 1] == '\n')
                buf_truncate(line, buf_len(line) - 1);
            out_printf("%s\n", buf_str(line));
        }
    }
    out_flush();
    for (k = 0; k < argc; k++)
        if (hits[k] == 0)
            msg_warn("unmatched request: \"%s\"", argv[k]);
    master_cf_free(ents, count);
    return 0;
}

int     cmd_conf(int argc, char **argv)
{
    int     flags = 0;
    int     edit = 0;
    int     remove = 0;
    int     services = 0;
    int     c;

    while ((c = getopt(argc, argv, "+:c:dehnvxMX")) != -1) {
        switch (c) {
        case 'c':
            pst_set_config_dir(optarg);
            break;
        case 'd':
            flags |= CONF_SHOW_DEFAULTS;
            break;
        case 'e':
            edit = 1;
            break;
        case 'h':
            flags |= CONF_VALUE_ONLY;
            break;
        case 'n':
            flags |= CONF_SHOW_NONDEF;
            break;
        case 'v':
            msg_verbose++;
            break;
        case 'x':
            flags |= CONF_EXPAND;
            break;
        case 'M':
            services = 1;
            break;
        case 'X':
            remove = 1;
            break;
        default:
            pst_bad_option(c);
            conf_usage();
        }
    }
    argc -= optind;
    argv += optind;
    if (edit + remove + services > 1)
        msg_fatal("-e, -X and -M are mutually exclusive");
    if ((flags & CONF_SHOW_DEFAULTS) && (flags & CONF_SHOW_NONDEF))
        msg_fatal("-d and -n are mutually exclusive");
    pst_load_config(0);
    if (edit || remove) {
        if (argc == 0)
            msg_fatal("%s requires %s argument", edit ? "-e" : "-X",
                      edit ? "a name=value" : "a parameter name");
        return edit_params(argc, argv, remove);
    }
    if (services)
        return show_services(argc, argv);
    return show_params(argc, argv, flags);
}
