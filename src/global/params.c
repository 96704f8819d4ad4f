/*
 * params - the parameter registry: typed main.cf parameters
 *
 * Implements params.h.  The registry maps each name to a struct
 * param_info (name, type, raw default, bounds); config.c uses it for
 * the defaults of names that main.cf does not set.  Registering a name
 * again is harmless; a different type or default for the same name is
 * a programming error and is reported with a warning (the first
 * registration wins).  A dynamic default (def_fn) is computed the
 * first time its name is registered.
 *
 * Conversion is stricter than Postfix 3.7 in one place: a time value
 * must be digits plus at most one unit letter; Postfix ignores text
 * after the unit ("10sx" is 10 seconds there, an error here).  Numbers
 * are plain decimal, without leading blanks or '+'; INT and LONG accept
 * a leading '-', TIME and SIZE do not.  For strings, min/max bound the
 * length.
 *
 * String variables receive xstrdup'ed copies; loading a variable again
 * frees the copy that was stored there before.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "config.h"
#include "htable.h"
#include "mem.h"
#include "msg.h"
#include "params.h"

#define PARAM_MAIN_CF	"main.cf"

static struct htable *param_table;	/* name -> struct param_info */
static struct htable *param_owned;	/* var address -> string we stored */

 /*
  * Registration.
  */
static const struct param_info *param_add(const char *name,
                                          enum param_type type,
                                          const char *defval,
                                          long min, long max)
{
    struct param_info *p;

    if (param_table == NULL)
        param_table = htable_new(512);
    if ((p = htable_find(param_table, name)) != NULL) {
        if (p->type != type || strcmp(p->defval, defval) != 0)
            msg_warn("parameter %s: registered again with a different "
                     "type or default \"%s\"; keeping \"%s\"",
                     name, defval, p->defval);
        return p;
    }
    p = xmalloc(sizeof(*p));
    p->name = xstrdup(name);
    p->type = type;
    p->defval = xstrdup(defval);
    p->min = min;
    p->max = max;
    htable_put(param_table, name, p);
    return p;
}

/* param_has_prefix - name starts with from, and mirroring is asked for */

static int param_has_prefix(const char *name, const char *from,
                            const char *to)
{
    return from != NULL && to != NULL
        && strncmp(name, from, strlen(from)) == 0;
}

static char *param_mirror_name(const char *name, const char *from,
                               const char *to)
{
    if (param_has_prefix(name, from, to))
        return xconcat(to, name + strlen(from), (char *) 0);
    return xstrdup(name);
}

static void param_register_one(const struct param_def *d, const char *from,
                               const char *to)
{
    char   *name = param_mirror_name(d->name, from, to);
    const char *defval = d->defval;

    if (param_has_prefix(d->name, from, to) && strcmp(from, to) != 0
        && d->lmtp_defval != NULL)
        defval = d->lmtp_defval;
    if (defval == NULL && d->def_fn != NULL) {
        if (param_lookup(name) != NULL) {
            free(name);
            return;
        }
        defval = d->def_fn();
    }
    param_add(name, d->type, defval ? defval : "", d->min, d->max);
    free(name);
}

void    param_register(const struct param_def *table)
{
    param_register_mirror(table, NULL, NULL);
}

void    param_register_mirror(const struct param_def *table,
                              const char *from, const char *to)
{
    const struct param_def *d;

    for (d = table; d->name != NULL; d++)
        param_register_one(d, from, to);
}

const struct param_info *param_lookup(const char *name)
{
    return param_table ? htable_find(param_table, name) : NULL;
}

const char **param_names(void)
{
    if (param_table == NULL)
        return xcalloc(1, sizeof(const char *));
    return htable_keys_sorted(param_table);
}

 /*
  * Conversion.
  */
static int param_error(struct buf *err, const char *what, const char *value)
{
    buf_reset(err);
    buf_printf(err, "bad %s value \"%s\"", what, value);
    return -1;
}

/* param_decimal - [-]digits with overflow check; *end after the digits */

static int param_decimal(const char *s, int neg_ok, long *val,
                         const char **end)
{
    unsigned long acc = 0;
    int     neg = 0;
    int     digit;

    if (neg_ok && *s == '-') {
        neg = 1;
        s++;
    }
    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++) {
        digit = *s - '0';
        if (acc > ((unsigned long) LONG_MAX - (unsigned long) digit) / 10)
            return -1;
        acc = acc * 10 + (unsigned long) digit;
    }
    *val = neg ? -(long) acc : (long) acc;
    *end = s;
    return 0;
}

static int param_bounds(const struct param_info *p, long val,
                        const char *value, const char *unit, struct buf *err)
{
    if (p->min == 0 && p->max == 0)
        return 0;
    if (val >= p->min && (p->max == 0 || val <= p->max))
        return 0;
    buf_reset(err);
    buf_printf(err, "value \"%s\" out of range (%ld%s..", value, p->min, unit);
    if (p->max != 0)
        buf_printf(err, "%ld%s", p->max, unit);
    buf_puts(err, ")");
    return -1;
}

static int param_conv_str(const struct param_info *p, const char *value,
                          char **out, struct buf *err)
{
    size_t  len = strlen(value);

    if ((p->min != 0 || p->max != 0)
        && (len < (size_t) p->min || (p->max != 0 && len > (size_t) p->max))) {
        buf_reset(err);
        buf_printf(err, "value \"%s\" length out of range (%ld..", value,
                   p->min);
        if (p->max != 0)
            buf_printf(err, "%ld", p->max);
        buf_puts(err, ")");
        return -1;
    }
    if (out != NULL)
        *out = xstrdup(value);
    return 0;
}

static int param_conv_bool(const char *value, int *out, struct buf *err)
{
    int     val;

    if (strcasecmp(value, "yes") == 0)
        val = 1;
    else if (strcasecmp(value, "no") == 0)
        val = 0;
    else
        return param_error(err, "boolean", value);
    if (out != NULL)
        *out = val;
    return 0;
}

static int param_conv_number(const struct param_info *p, const char *value,
                             long *out, struct buf *err)
{
    const char *end;
    long    val;

    if (param_decimal(value, 1, &val, &end) < 0 || *end != 0
        || (p->type == PARAM_INT && (val < INT_MIN || val > INT_MAX)))
        return param_error(err, "numerical", value);
    if (param_bounds(p, val, value, "", err) < 0)
        return -1;
    *out = val;
    return 0;
}

/* param_time_unit - first letter of the expanded default, else 's' */

static int param_time_unit(const struct param_info *p)
{
    static struct buf *def, *err;
    const char *cp;

    if (def == NULL) {
        def = buf_new(32);
        err = buf_new(32);
    }
    buf_reset(def);
    if (config_expand(p->defval, def, err) < 0)
        buf_set(def, p->defval);
    for (cp = buf_str(def); *cp; cp++)
        if ((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z'))
            return *cp;
    return 's';
}

static long param_unit_seconds(int unit)
{
    switch (unit) {
    case 's':
        return 1;
    case 'm':
        return 60;
    case 'h':
        return 3600;
    case 'd':
        return 86400;
    case 'w':
        return 7 * 86400;
    default:
        return 0;
    }
}

static int param_conv_time(const struct param_info *p, const char *value,
                           long *out, struct buf *err)
{
    const char *end;
    long    val;
    long    mult;

    if (param_decimal(value, 0, &val, &end) < 0
        || (*end != 0 && end[1] != 0))
        return param_error(err, "time", value);
    mult = param_unit_seconds(*end ? *end : param_time_unit(p));
    if (mult == 0 || val > INT_MAX / mult)
        return param_error(err, "time", value);
    val *= mult;
    if (param_bounds(p, val, value, "s", err) < 0)
        return -1;
    *out = val;
    return 0;
}

static int param_conv_size(const struct param_info *p, const char *value,
                           long *out, struct buf *err)
{
    const char *end;
    const char *units = "kmg";
    const char *u;
    long    val;
    long    mult = 1;

    if (param_decimal(value, 0, &val, &end) < 0
        || (*end != 0 && end[1] != 0))
        return param_error(err, "numerical", value);
    if (*end != 0) {
        if ((u = strchr(units, *end | 0x20)) == NULL)
            return param_error(err, "numerical", value);
        mult = 1L << (10 * (u - units + 1));
    }
    if (val > LONG_MAX / mult)
        return param_error(err, "numerical", value);
    val *= mult;
    if (param_bounds(p, val, value, "", err) < 0)
        return -1;
    *out = val;
    return 0;
}

int     param_convert(const struct param_info *p, const char *value,
                      void *out, struct buf *err)
{
    long    val;
    int     rc;

    switch (p->type) {
    case PARAM_STR:
    case PARAM_RAW:
        return param_conv_str(p, value, out, err);
    case PARAM_BOOL:
        return param_conv_bool(value, out, err);
    case PARAM_INT:
    case PARAM_LONG:
        rc = param_conv_number(p, value, &val, err);
        break;
    case PARAM_TIME:
        rc = param_conv_time(p, value, &val, err);
        break;
    case PARAM_SIZE:
        rc = param_conv_size(p, value, &val, err);
        break;
    default:
        msg_panic("param_convert: parameter %s: unknown type %d",
                  p->name, (int) p->type);
    }
    if (rc == 0 && out != NULL) {
        if (p->type == PARAM_LONG || p->type == PARAM_SIZE)
            *(long *) out = val;
        else
            *(int *) out = (int) val;
    }
    return rc;
}

 /*
  * Loading.
  */
static void param_store_str(char **var, char *value)
{
    char    key[2 * sizeof(void *) + 8];

    if (param_owned == NULL)
        param_owned = htable_new(256);
    snprintf(key, sizeof(key), "%p", (void *) var);
    free(htable_replace(param_owned, key, value));
    *var = value;
}

static void param_load_one(const struct param_def *d, const char *name)
{
    static struct buf *val, *err;	/* static: reachable at fatal exit */
    const struct param_info *p = param_lookup(name);
    const char *raw = config_raw(name);
    char   *str;

    if (val == NULL) {
        val = buf_new(100);
        err = buf_new(100);
    }
    if (raw == NULL)
        raw = p->defval;
    buf_reset(val);
    if (p->type == PARAM_RAW)
        buf_set(val, raw);
    else if (config_expand(raw, val, err) < 0)
        msg_fatal("%s/%s: parameter %s: %s", config_dir(), PARAM_MAIN_CF,
                  name, buf_str(err));
    if (d->var != NULL && (p->type == PARAM_STR || p->type == PARAM_RAW)) {
        if (param_convert(p, buf_str(val), &str, err) == 0) {
            param_store_str(d->var, str);
            return;
        }
    } else if (param_convert(p, buf_str(val), d->var, err) == 0) {
        return;
    }
    msg_fatal("%s/%s: parameter %s: %s", config_dir(), PARAM_MAIN_CF,
              name, buf_str(err));
}

void    param_load(const struct param_def *table)
{
    param_load_prefix(table, NULL, NULL);
}

void    param_load_prefix(const struct param_def *table,
                          const char *from, const char *to)
{
    const struct param_def *d;
    char   *name;

    param_register_mirror(table, from, to);
    for (d = table; d->name != NULL; d++) {
        name = param_mirror_name(d->name, from, to);
        param_load_one(d, name);
        free(name);
    }
}
