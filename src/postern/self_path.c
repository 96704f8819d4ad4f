/*
 * self_path - where the running postern binary lives
 *
 * A build tree runs without installation: bin/postern finds its
 * templates in ../conf and its daemons in ../libexec.  These helpers
 * answer "where am I" from /proc/self/exe (a link named postconf
 * resolves to the real binary, so its directory is the same).
 *
 *	const char *self_dir(void);	directory of the binary (cached),
 *			or NULL when /proc/self/exe cannot be read
 *	char   *self_sibling(const char *rel, const char *probe);
 *			the canonical path of "<self_dir>/<rel>" when
 *			"<that>/<probe>" exists, else NULL (free() it)
 */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"
#include "postern.h"

const char *self_dir(void)
{
    static char dir[PATH_MAX];
    static int state;			/* 0 unknown, 1 ok, -1 failed */
    ssize_t len;
    char   *slash;

    if (state == 0) {
        len = readlink("/proc/self/exe", dir, sizeof(dir) - 1);
        if (len <= 0) {
            state = -1;
        } else {
            dir[len] = 0;
            if ((slash = strrchr(dir, '/')) == NULL) {
                state = -1;
            } else {
                if (slash == dir)
                    slash[1] = 0;
                else
                    *slash = 0;
                state = 1;
            }
        }
    }
    return state > 0 ? dir : NULL;
}

char   *self_sibling(const char *rel, const char *probe)
{
    const char *dir = self_dir();
    char    real[PATH_MAX];
    char   *path;
    char   *probe_path;
    int     ok;

    if (dir == NULL)
        return NULL;
    path = xconcat(dir, "/", rel, (char *) 0);
    if (realpath(path, real) == NULL) {
        free(path);
        return NULL;
    }
    free(path);
    probe_path = xconcat(real, "/", probe, (char *) 0);
    ok = access(probe_path, F_OK) == 0;
    free(probe_path);
    return ok ? xstrdup(real) : NULL;
}
