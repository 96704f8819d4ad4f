/*
 * master_cf - read master.cf into service entries
 *
 * Implements master_cf.h.  Each logical line (cfgfile.c rules) is split
 * into blank-separated fields with argv_split_braced(); the first seven
 * are the columns, the rest is the command and its arguments.  Column
 * values are checked strictly: private/unpriv/chroot are "y", "n" or
 * "-"; wakeup is "-", N or N?; maxproc is "-" or N.  Problems are
 * reported as "PATH, line N: what is wrong", with the messages of
 * Postfix's master(8) where it has one (missing "X" field, field "X":
 * bad value: "V").  The first error ends the parse.
 *
 * master_ent_format() appends (no newline) the entry the way
 * "postconf -M" shows it: columns padded to Postfix's tab stops, an
 * overlong column pushing the next one right by one blank, and each
 * "-o" value rewritten as name=value, in braces when it has blanks.
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "argv.h"
#include "buf.h"
#include "cfgfile.h"
#include "master_cf.h"
#include "mem.h"

#define MCF_BLANKS	" \t\r\n"
#define MCF_COLUMNS	7		/* before the command */

static const char *const mcf_field_names[] = {
    "service", "type", "private", "unpriv", "chroot", "wakeup", "maxproc",
    "command",
};

static const struct {
    const char *name;
    int     type;
} mcf_types[] = {
    {"unix", MASTER_TYPE_UNIX}, {"inet", MASTER_TYPE_INET},
    {"fifo", MASTER_TYPE_FIFO}, {"pass", MASTER_TYPE_PASS},
    {"unix-dgram", MASTER_TYPE_UNIX_DGRAM},
};

struct mcf_state {
    struct buf *err;
    struct master_ent **ents;
    size_t  count;
    size_t  cap;
};

const char *master_type_name(int type)
{
    size_t  i;

    for (i = 0; i < sizeof(mcf_types) / sizeof(mcf_types[0]); i++)
        if (mcf_types[i].type == type)
            return mcf_types[i].name;
    return "unknown";
}

static void master_ent_free(struct master_ent *e)
{
    free(e->name);
    argv_free(e->args);
    free(e->col_private);
    free(e->col_unpriv);
    free(e->col_chroot);
    free(e->col_wakeup);
    free(e->col_maxproc);
    free(e);
}

void    master_cf_free(struct master_ent **ents, size_t count)
{
    size_t  i;

    for (i = 0; i < count; i++)
        master_ent_free(ents[i]);
    free(ents);
}

static int mcf_bad(struct buf *err, int field, const char *value)
{
    buf_printf(err, "field \"%s\": bad value: \"%s\"", mcf_field_names[field],
               value);
    return -1;
}

/* mcf_number - digits that fit an int; *end after them */

static int mcf_number(const char *s, int *val, const char **end)
{
    long    acc = 0;

    if (*s < '0' || *s > '9')
        return -1;
    for (; *s >= '0' && *s <= '9'; s++)
        if ((acc = acc * 10 + (*s - '0')) > INT_MAX)
            return -1;
    *val = (int) acc;
    *end = s;
    return 0;
}

static int mcf_type(struct buf *err, const char *value, int *type)
{
    size_t  i;

    for (i = 0; i < sizeof(mcf_types) / sizeof(mcf_types[0]); i++) {
        if (strcmp(value, mcf_types[i].name) == 0) {
            *type = mcf_types[i].type;
            return 0;
        }
    }
    return mcf_bad(err, 1, value);
}

static int mcf_bool(struct buf *err, int field, const char *value, int def,
                    int *out, char **col)
{
    if (strcmp(value, "-") == 0)
        *out = def;
    else if (strcmp(value, "y") == 0)
        *out = 1;
    else if (strcmp(value, "n") == 0)
        *out = 0;
    else
        return mcf_bad(err, field, value);
    *col = xstrdup(value);
    return 0;
}

static int mcf_wakeup(struct buf *err, const char *value,
                      struct master_ent *e)
{
    const char *end;

    if (strcmp(value, "-") == 0) {
        e->wakeup = 0;
    } else if (mcf_number(value, &e->wakeup, &end) < 0
               || (*end != 0 && strcmp(end, "?") != 0)) {
        return mcf_bad(err, 5, value);
    } else {
        e->wakeup_cond = (*end == '?');
    }
    e->col_wakeup = xstrdup(value);
    return 0;
}

static int mcf_maxproc(struct buf *err, const char *value,
                       struct master_ent *e)
{
    const char *end;

    if (strcmp(value, "-") == 0)
        e->maxproc = -1;
    else if (mcf_number(value, &e->maxproc, &end) < 0 || *end != 0)
        return mcf_bad(err, 6, value);
    e->col_maxproc = xstrdup(value);
    return 0;
}

/* mcf_columns - the seven columns of f into e */

static int mcf_columns(struct buf *err, struct argv *f, struct master_ent *e)
{
    char  **v = f->argv;
    size_t  i;

    e->name = xstrdup(v[0]);
    if (mcf_type(err, v[1], &e->type) < 0
        || mcf_bool(err, 2, v[2], 1, &e->private_, &e->col_private) < 0
        || mcf_bool(err, 3, v[3], 1, &e->unpriv, &e->col_unpriv) < 0
        || mcf_bool(err, 4, v[4], 0, &e->chroot, &e->col_chroot) < 0
        || mcf_wakeup(err, v[5], e) < 0
        || mcf_maxproc(err, v[6], e) < 0)
        return -1;
    if (e->type == MASTER_TYPE_INET && e->private_) {
        buf_puts(err, "inet service cannot be private");
        return -1;
    }
    e->args = argv_new(f->argc - MCF_COLUMNS);
    for (i = MCF_COLUMNS; i < f->argc; i++)
        argv_add(e->args, v[i]);
    return 0;
}

/* mcf_brace_error - say what argv_split_braced() did not like */

static int mcf_brace_error(struct buf *err, const char *text)
{
    const char *cp = text;
    const char *start;
    int     level;

    while (*(cp += strspn(cp, MCF_BLANKS)) != 0) {
        if (*cp != '{' && *cp != '}') {
            cp += strcspn(cp, MCF_BLANKS);
            continue;
        }
        for (start = cp, level = 0; *cp; cp++) {
            if (*cp == '{')
                level++;
            else if (*cp == '}' && --level <= 0)
                break;
        }
        if (*cp == 0 || *start == '}') {
            buf_printf(err, "missing '%c' in \"%s\"", *start == '}' ? '{' :
                       '}', start);
            return -1;
        }
        if (*++cp != 0 && strchr(MCF_BLANKS, *cp) == NULL) {
            buf_printf(err, "syntax error after '}' in \"%s\"", start);
            return -1;
        }
    }
    buf_printf(err, "bad {} grouping in \"%s\"", text);
    return -1;
}

static int mcf_line(const char *text, int lineno, void *ctx)
{
    struct mcf_state *st = ctx;
    struct master_ent *e;
    struct argv *f;

    if (argv_split_braced(text, MCF_BLANKS, &f) < 0)
        return mcf_brace_error(st->err, text);
    if (f->argc <= MCF_COLUMNS) {
        buf_printf(st->err, "missing \"%s\" field", mcf_field_names[f->argc]);
        argv_free(f);
        return -1;
    }
    e = xcalloc(1, sizeof(*e));
    e->lineno = lineno;
    if (mcf_columns(st->err, f, e) < 0) {
        master_ent_free(e);
        argv_free(f);
        return -1;
    }
    argv_free(f);
    if (st->count >= st->cap) {
        st->cap = st->cap ? 2 * st->cap : 32;
        st->ents = xrealloc(st->ents, st->cap * sizeof(*st->ents));
    }
    st->ents[st->count++] = e;
    return 0;
}

/* mcf_finish - hand over the entries, or clean up and prefix the path */

static int mcf_finish(struct mcf_state *st, int rc, const char *path,
                      struct master_ent ***ents, size_t *count)
{
    char   *text;

    if (rc < 0) {
        master_cf_free(st->ents, st->count);
        *ents = NULL;
        *count = 0;
        if (path != NULL) {
            text = xstrdup(buf_str(st->err));
            buf_set(st->err, path);
            buf_puts(st->err, ", ");
            buf_puts(st->err, text);
            free(text);
        }
        return -1;
    }
    *ents = st->ents;
    *count = st->count;
    return 0;
}

int     master_cf_parse_text(const char *text, size_t len, const char *path,
                             struct master_ent ***ents, size_t *count,
                             struct buf *err)
{
    struct mcf_state st = {err, NULL, 0, 0};
    int     rc;

    rc = cfg_parse_text(text, len, mcf_line, &st, err);
    return mcf_finish(&st, rc, path, ents, count);
}

int     master_cf_read(const char *path, struct master_ent ***ents,
                       size_t *count, struct buf *err)
{
    struct mcf_state st = {err, NULL, 0, 0};
    int     rc;

    rc = cfg_parse_file(path, mcf_line, &st, err);
    return mcf_finish(&st, rc, NULL, ents, count);
}

 /*
  * postconf -M layout.
  */
static void mcf_column(struct buf *out, size_t start, size_t stop,
                       const char *text)
{
    size_t  pos = buf_len(out) - start;

    if (pos > 0) {
        buf_putc(out, ' ');
        pos++;
    }
    for (; pos < stop; pos++)
        buf_putc(out, ' ');
    buf_puts(out, text);
}

/* mcf_option - an "-o" value as postconf -M shows it */

static void mcf_option(struct buf *out, const char *arg)
{
    char   *copy = xstrdup(arg);
    char   *name;
    char   *value;

    if (cfg_split_nameval(copy, &name, &value) < 0) {
        buf_puts(out, arg);
    } else if (value[strcspn(value, MCF_BLANKS)] != 0) {
        buf_printf(out, "{%s=%s}", name, value);
    } else {
        buf_printf(out, "%s=%s", name, value);
    }
    free(copy);
}

void    master_ent_format(const struct master_ent *e, struct buf *out)
{
    static const size_t stops[] = {0, 11, 17, 25, 33, 41, 49, 57};
    const char *cols[MCF_COLUMNS + 1];
    size_t  start = buf_len(out);
    size_t  i;

    cols[0] = e->name;
    cols[1] = master_type_name(e->type);
    cols[2] = e->col_private;
    cols[3] = e->col_unpriv;
    cols[4] = e->col_chroot;
    cols[5] = e->col_wakeup;
    cols[6] = e->col_maxproc;
    cols[7] = e->args->argc > 0 ? e->args->argv[0] : "";
    for (i = 0; i <= MCF_COLUMNS; i++)
        mcf_column(out, start, stops[i], cols[i] ? cols[i] : "-");
    for (i = 1; i < e->args->argc; i++) {
        buf_putc(out, ' ');
        if (strcmp(e->args->argv[i - 1], "-o") == 0)
            mcf_option(out, e->args->argv[i]);
        else
            buf_puts(out, e->args->argv[i]);
    }
}
