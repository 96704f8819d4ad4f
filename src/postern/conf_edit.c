/*
 * conf_edit - change parameters in main.cf, keeping everything else
 *
 * Used by "postern conf -e/-X" (postconf -e/-X) and by "postern init".
 *
 *	struct conf_edit { const char *name; const char *value; };
 *			value NULL removes the name
 *	int	conf_edit_text(const char *text, size_t len,
 *			const struct conf_edit *ed, size_t n, struct buf *out);
 *	int	conf_edit_file(const char *path, const struct conf_edit *ed,
 *			size_t n, struct buf *err);
 *
 * conf_edit_text() appends the edited text to out.  Every logical line
 * (section 8.1 of the protocol reference: an entry line plus the lines
 * that start with whitespace after it) that assigns an edited name is
 * replaced by one line "name = value", or dropped for a removal.
 * Comment and blank lines, even those inside a continued entry, and
 * every other line are copied byte for byte.  Names that were not
 * found are appended at the end (after a newline if the text lacked a
 * final one).  When one name is edited twice, the last edit wins.  A
 * name with several entries in the file has all of them replaced, as
 * Postfix does; the return value counts such names.
 *
 * conf_edit_file() checks the names ([A-Za-z0-9_]) and values (one
 * line), reads the file (a missing file is empty), edits it, and
 * replaces it through a temporary file in the same directory (same
 * mode, and same owner when run as root), fsync()ed, then rename()d,
 * so readers see the old or the new file, never a partial one.  A
 * symbolic link is followed: its target is edited.  Concurrent editors
 * are not serialised (last rename wins), as with Postfix.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "cfgfile.h"
#include "mem.h"
#include "msg.h"
#include "postern.h"

/* find_edit - index of the last edit for this name, or -1 */

static long find_edit(const struct conf_edit *ed, size_t n, const char *name,
                      size_t name_len)
{
    size_t  i;

    for (i = n; i-- > 0;)
        if (strlen(ed[i].name) == name_len
            && memcmp(ed[i].name, name, name_len) == 0)
            return (long) i;
    return -1;
}

static void put_entry(struct buf *out, const struct conf_edit *e)
{
    buf_puts(out, e->name);
    buf_puts(out, " = ");
    buf_puts(out, e->value);
    buf_putc(out, '\n');
}

int     conf_edit_text(const char *text, size_t len,
                       const struct conf_edit *ed, size_t n, struct buf *out)
{
    const char *line = text;
    const char *end = text + len;
    const char *nl;
    const char *p;
    size_t  line_len;
    size_t  name_len;
    size_t  i;
    int    *seen = xcalloc(n ? n : 1, sizeof(int));
    int     skipping = 0;
    int     dups = 0;
    long    k;

    while (line < end) {
        nl = memchr(line, '\n', (size_t) (end - line));
        line_len = nl ? (size_t) (nl - line) + 1 : (size_t) (end - line);
        for (p = line; p < line + line_len && strchr(" \t\r\n", *p); p++)
             /* skip leading white space */ ;
        if (p == line + line_len || *p == '#') {
            /* Blank or comment line: always kept. */
            buf_append(out, line, line_len);
        } else if (p != line) {
            /* Continuation of the previous entry. */
            if (!skipping)
                buf_append(out, line, line_len);
        } else {
            /* An entry: the name ends at white space or '='. */
            for (name_len = 0; name_len < line_len
                 && !strchr(" \t\r\n=", line[name_len]); name_len++)
                 /* void */ ;
            k = find_edit(ed, n, line, name_len);
            if (k < 0) {
                skipping = 0;
                buf_append(out, line, line_len);
            } else {
                skipping = 1;
                if (seen[k]++ == 1)
                    dups++;
                if (ed[k].value != NULL)
                    put_entry(out, ed + k);
            }
        }
        line += line_len;
    }
    for (i = 0; i < n; i++) {
        if (ed[i].value == NULL
            || find_edit(ed, n, ed[i].name, strlen(ed[i].name)) != (long) i)
            continue;
        k = (long) i;
        if (seen[k])
            continue;
        if (buf_len(out) > 0 && buf_str(out)[buf_len(out) - 1] != '\n')
            buf_putc(out, '\n');
        put_entry(out, ed + i);
    }
    free(seen);
    return dups;
}

/* check_edits - names must be parameter names, values one line */

static int check_edits(const struct conf_edit *ed, size_t n, struct buf *err)
{
    const char *cp;
    size_t  i;

    for (i = 0; i < n; i++) {
        if (*ed[i].name == 0) {
            buf_set(err, "empty parameter name");
            return -1;
        }
        for (cp = ed[i].name; *cp; cp++) {
            if (!((*cp >= 'a' && *cp <= 'z') || (*cp >= 'A' && *cp <= 'Z')
                  || (*cp >= '0' && *cp <= '9') || *cp == '_')) {
                buf_set(err, "");
                buf_printf(err, "bad parameter name: \"%s\"", ed[i].name);
                return -1;
            }
        }
        if (ed[i].value && strpbrk(ed[i].value, "\r\n")) {
            buf_set(err, "");
            buf_printf(err, "parameter %s: value must be one line",
                       ed[i].name);
            return -1;
        }
    }
    return 0;
}

/* read_all - the whole file, bounded; ENOENT yields *missing = 1 */

static int read_all(const char *path, struct buf *text, struct stat *st,
                    int *missing, struct buf *err)
{
    char    chunk[8192];
    ssize_t got;
    int     fd;

    *missing = 0;
    if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
        if (errno == ENOENT) {
            *missing = 1;
            return 0;
        }
        buf_set(err, "");
        buf_printf(err, "open %s: %s", path, strerror(errno));
        return -1;
    }
    if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode)) {
        buf_set(err, "");
        buf_printf(err, "%s: not a regular file", path);
        close(fd);
        return -1;
    }
    while ((got = read(fd, chunk, sizeof(chunk))) != 0) {
        if (got < 0) {
            if (errno == EINTR)
                continue;
            buf_set(err, "");
            buf_printf(err, "read %s: %s", path, strerror(errno));
            close(fd);
            return -1;
        }
        if (buf_len(text) + (size_t) got > CFG_FILE_LIMIT) {
            buf_set(err, "");
            buf_printf(err, "%s: file is larger than %d bytes", path,
                       CFG_FILE_LIMIT);
            close(fd);
            return -1;
        }
        buf_append(text, chunk, (size_t) got);
    }
    close(fd);
    return 0;
}

/* write_replace - write text to a temporary file, then rename it */

static int write_replace(const char *path, const struct buf *text,
                         const struct stat *st, int missing, struct buf *err)
{
    char   *tmp;
    const char *p = text->data;
    size_t  left = text->len;
    ssize_t done;
    int     fd;
    int     saved;
    char    pidbuf[32];

    snprintf(pidbuf, sizeof(pidbuf), "%ld", (long) getpid());
    tmp = xconcat(path, ".postern-tmp.", pidbuf, (char *) 0);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              0600);
    if (fd < 0) {
        buf_set(err, "");
        buf_printf(err, "create %s: %s", tmp, strerror(errno));
        free(tmp);
        return -1;
    }
    if (fchmod(fd, missing ? 0644 : (st->st_mode & 07777)) < 0)
        goto fail;
    if (!missing && geteuid() == 0 && fchown(fd, st->st_uid, st->st_gid) < 0)
        goto fail;
    while (left > 0) {
        if ((done = write(fd, p, left)) < 0) {
            if (errno == EINTR)
                continue;
            goto fail;
        }
        p += done;
        left -= (size_t) done;
    }
    if (fsync(fd) < 0)
        goto fail;
    if (close(fd) < 0) {
        fd = -1;
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) < 0)
        goto fail;
    free(tmp);
    return 0;

fail:
    saved = errno;
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    errno = saved;
    buf_set(err, "");
    buf_printf(err, "write %s: %s", tmp, strerror(saved));
    free(tmp);
    return -1;
}

int     conf_edit_file(const char *path, const struct conf_edit *ed, size_t n,
                       struct buf *err)
{
    struct buf *text = buf_new(4096);
    struct buf *out = buf_new(4096);
    struct stat st;
    char    real[PATH_MAX];
    const char *target = path;
    int     missing;
    int     ret = -1;
    int     dups;

    memset(&st, 0, sizeof(st));
    if (check_edits(ed, n, err) < 0)
        goto done;
    if (realpath(path, real) != NULL)
        target = real;
    if (read_all(target, text, &st, &missing, err) < 0)
        goto done;
    dups = conf_edit_text(buf_str(text), buf_len(text), ed, n, out);
    if (dups > 0)
        msg_warn("%s: %d parameter%s had more than one entry; all were"
                 " changed", path, dups, dups > 1 ? "s" : "");
    if (!missing && buf_len(out) == buf_len(text)
        && memcmp(buf_str(out), buf_str(text), buf_len(text)) == 0) {
        ret = 0;
        goto done;
    }
    ret = write_replace(target, out, &st, missing, err);

done:
    buf_free(text);
    buf_free(out);
    return ret;
}
