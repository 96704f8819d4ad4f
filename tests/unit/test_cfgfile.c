/*
 * test_cfgfile - unit tests for cfgfile.c (logical lines, name=value,
 * macro expansion)
 *
 * Logical lines are collected as "LINENO:TEXT|" strings and compared
 * whole.  Expansion results were checked against "postconf -x" of
 * Postfix 3.7 with the same main.cf (a = x, e = empty, n1 = 5).
 */
#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cfgfile.h"

 /*
  * Logical lines.
  */
struct collect {
    struct buf *out;
    int     fail_at;			/* return -1 for this line number */
};

static int collect_fn(const char *text, int lineno, void *ctx)
{
    struct collect *c = ctx;

    if (lineno == c->fail_at) {
        return -1;
    }
    buf_printf(c->out, "%d:%s|", lineno, text);
    return 0;
}

static int boom_fn(const char *text, int lineno, void *ctx)
{
    struct buf **err = ctx;

    (void) text;
    if (lineno == 3) {
        buf_puts(*err, "boom");
        return -1;
    }
    return 0;
}

/* parse - run cfg_parse_text; returns rc, fills out/err */

static int parse(const char *text, size_t len, struct buf *out,
                 struct buf *err)
{
    struct collect c = {out, -1};

    return cfg_parse_text(text, len, collect_fn, &c, err);
}

#define PARSE_OK(text, expect) do { \
        struct buf *out = buf_new(0), *err = buf_new(0); \
        ck_assert_int_eq(parse(text, strlen(text), out, err), 0); \
        ck_assert_str_eq(buf_str(out), expect); \
        buf_free(out); buf_free(err); \
    } while (0)

#define PARSE_ERR(text, expect) do { \
        struct buf *out = buf_new(0), *err = buf_new(0); \
        ck_assert_int_eq(parse(text, strlen(text), out, err), -1); \
        ck_assert_str_eq(buf_str(err), expect); \
        buf_free(out); buf_free(err); \
    } while (0)

START_TEST(test_lines_basic)
{
    PARSE_OK("", "");
    PARSE_OK("a = 1\nb = 2\n", "1:a = 1|2:b = 2|");
    PARSE_OK("a = 1", "1:a = 1|");
    PARSE_OK("\n\n   \t\na = 1\n\n", "4:a = 1|");
    PARSE_OK("a = 1 # not a comment\n", "1:a = 1 # not a comment|");
    PARSE_OK("# c\n  # indented comment\na=1\n", "3:a=1|");
    PARSE_OK("a = 1   \n", "1:a = 1   |");
}
END_TEST

START_TEST(test_lines_continuation)
{
    PARSE_OK("a = 1\n  2\n\t3\nb=4", "1:a = 1  2\t3|4:b=4|");
    /* Comments and blank lines inside a continued entry are skipped. */
    PARSE_OK("a = 1\n# comment\n  # indented comment\n\n   \n  2\nb = 3\n",
             "1:a = 1  2|7:b = 3|");
    /* A '#' inside a continuation line (not first) is text. */
    PARSE_OK("a = 1\n  2 # x\n", "1:a = 1  2 # x|");
    /* master.cf style. */
    PARSE_OK("relay unix - - n - - smtp\n  -o syslog_name=x\n  -o a=b\n",
             "1:relay unix - - n - - smtp  -o syslog_name=x  -o a=b|");
}
END_TEST

START_TEST(test_lines_leading_whitespace)
{
    PARSE_ERR("  a = 1\n", "line 1: logical line must not start with "
              "whitespace");
    PARSE_ERR("# x\n\n\ta = 1\n", "line 3: logical line must not start "
              "with whitespace");
}
END_TEST

START_TEST(test_lines_crlf)
{
    PARSE_OK("a = 1\r\n  2\r\nb = 3\r\n", "1:a = 1  2|3:b = 3|");
    PARSE_OK("a = 1\r", "1:a = 1|");
    PARSE_OK("\r\n# c\r\na = 1\r\n", "3:a = 1|");
    /* Only the CR before LF goes. */
    PARSE_OK("a = 1\r\r\n", "1:a = 1\r|");
}
END_TEST

START_TEST(test_lines_nul)
{
    static const char text[] = "a = 1\nb = \0x\n";

    struct buf *out = buf_new(0), *err = buf_new(0);

    ck_assert_int_eq(parse(text, sizeof(text) - 1, out, err), -1);
    ck_assert_str_eq(buf_str(err), "line 2: null byte in text");
    buf_free(out);
    buf_free(err);
}
END_TEST

START_TEST(test_lines_callback_error)
{
    struct buf *err = buf_new(0);

    ck_assert_int_eq(cfg_parse_text("a\nb\nc\n  d\ne\n", 13, boom_fn, &err,
                                    err), -1);
    ck_assert_str_eq(buf_str(err), "line 3: boom");
    buf_free(err);
}
END_TEST

START_TEST(test_lines_stop_on_error)
{
    struct buf *out = buf_new(0), *err = buf_new(0);
    struct collect c = {out, 2};
    const char *text = "a\nb\nc\n";

    ck_assert_int_eq(cfg_parse_text(text, strlen(text), collect_fn, &c, err),
                     -1);
    ck_assert_str_eq(buf_str(out), "1:a|");
    ck_assert_str_eq(buf_str(err), "line 2: ");
    buf_free(out);
    buf_free(err);
}
END_TEST

/* write_file - a file under a fresh temp dir */

static void write_file(char *path, size_t size, const char *text)
{
    char    dir[] = "/tmp/test_cfgfile.XXXXXX";
    int     fd;

    ck_assert_ptr_nonnull(mkdtemp(dir));
    snprintf(path, size, "%s/main.cf", dir);
    fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, text, strlen(text)), (int) strlen(text));
    close(fd);
}

static void remove_file(const char *path)
{
    char    dir[256];

    unlink(path);
    snprintf(dir, sizeof(dir), "%.*s", (int) (strrchr(path, '/') - path),
             path);
    rmdir(dir);
}

START_TEST(test_parse_file)
{
    char    path[256];
    char    expect[512];
    struct buf *out = buf_new(0), *err = buf_new(0);
    struct collect c = {out, -1};

    write_file(path, sizeof(path), "a = 1\n  2\n# c\nb = 3\n");
    ck_assert_int_eq(cfg_parse_file(path, collect_fn, &c, err), 0);
    ck_assert_str_eq(buf_str(out), "1:a = 1  2|4:b = 3|");
    remove_file(path);

    write_file(path, sizeof(path), "a = 1\n b\n\n  c\n");
    c.fail_at = 1;
    ck_assert_int_eq(cfg_parse_file(path, collect_fn, &c, err), -1);
    snprintf(expect, sizeof(expect), "%s, line 1: ", path);
    ck_assert_str_eq(buf_str(err), expect);

    write_file(path, sizeof(path), "\n x = 1\n");
    ck_assert_int_eq(cfg_parse_file(path, collect_fn, &c, err), -1);
    snprintf(expect, sizeof(expect), "%s, line 2: logical line must not "
             "start with whitespace", path);
    ck_assert_str_eq(buf_str(err), expect);
    remove_file(path);

    errno = 0;
    ck_assert_int_eq(cfg_parse_file(path, collect_fn, &c, err), -1);
    ck_assert_int_eq(errno, ENOENT);
    snprintf(expect, sizeof(expect), "%s: open: %s", path, strerror(ENOENT));
    ck_assert_str_eq(buf_str(err), expect);
    buf_free(out);
    buf_free(err);
}
END_TEST

START_TEST(test_parse_file_limit)
{
    char    path[256];
    char    expect[512];
    struct buf *out = buf_new(0), *err = buf_new(0);
    struct collect c = {out, -1};
    int     fd;

    write_file(path, sizeof(path), "");
    fd = open(path, O_WRONLY);
    ck_assert_int_eq(ftruncate(fd, CFG_FILE_LIMIT + 1), 0);
    close(fd);
    ck_assert_int_eq(cfg_parse_file(path, collect_fn, &c, err), -1);
    snprintf(expect, sizeof(expect), "%s: file too large: %s", path,
             strerror(EFBIG));
    ck_assert_str_eq(buf_str(err), expect);
    remove_file(path);
    buf_free(out);
    buf_free(err);
}
END_TEST

 /*
  * name = value.
  */
#define SPLIT_OK(text, n, v) do { \
        char line[] = text; char *name, *value; \
        ck_assert_int_eq(cfg_split_nameval(line, &name, &value), 0); \
        ck_assert_str_eq(name, n); ck_assert_str_eq(value, v); \
    } while (0)

#define SPLIT_BAD(text) do { \
        char line[] = text; char *name, *value; \
        ck_assert_int_eq(cfg_split_nameval(line, &name, &value), -1); \
    } while (0)

START_TEST(test_split_nameval)
{
    SPLIT_OK("name = value", "name", "value");
    SPLIT_OK("name=value", "name", "value");
    SPLIT_OK("  name\t=\t va lue \t ", "name", "va lue");
    SPLIT_OK("name =", "name", "");
    SPLIT_OK("name==x", "name", "=x");
    SPLIT_OK("a = b = c", "a", "b = c");
    SPLIT_OK("x = 1  2\t3", "x", "1  2\t3");
    SPLIT_BAD("name");
    SPLIT_BAD("name value");
    SPLIT_BAD("= value");
    SPLIT_BAD("   = value");
    SPLIT_BAD("name junk = value");
    SPLIT_BAD("");
}
END_TEST

 /*
  * Expansion.
  */
static const char *table_lookup(const char *name, void *ctx)
{
    static const char *const table[][2] = {
        {"a", "x"}, {"e", ""}, {"n1", "5"}, {"r1", "$r2"}, {"r2", "$r1"},
        {"self", "[$self]"}, {"ref", "$a$a"}, {"deep", "${a?{$ref}}"},
        {"dollar", "$$"}, {"lvl", "3.6"},
    };
    size_t  i;

    (void) ctx;
    for (i = 0; i < sizeof(table) / sizeof(table[0]); i++)
        if (strcmp(name, table[i][0]) == 0)
            return table[i][1];
    return NULL;
}

static int expand(const char *in, struct buf *out, struct buf *err)
{
    buf_reset(out);
    buf_reset(err);
    return cfg_expand(in, table_lookup, NULL, out, err);
}

#define EXP_OK(in, expect) do { \
        struct buf *out = buf_new(0), *err = buf_new(0); \
        ck_assert_msg(expand(in, out, err) == 0, "%s: %s", in, buf_str(err)); \
        ck_assert_str_eq(buf_str(out), expect); \
        buf_free(out); buf_free(err); \
    } while (0)

#define EXP_ERR(in, expect) do { \
        struct buf *out = buf_new(0), *err = buf_new(0); \
        ck_assert_msg(expand(in, out, err) == -1, "%s: no error", in); \
        ck_assert_str_eq(buf_str(err), expect); \
        buf_free(out); buf_free(err); \
    } while (0)

START_TEST(test_expand_plain)
{
    EXP_OK("", "");
    EXP_OK("no macros", "no macros");
    EXP_OK("$a", "x");
    EXP_OK("${a}", "x");
    EXP_OK("$(a)", "x");
    EXP_OK("$$a $(a) ${a}", "$a x x");
    EXP_OK("[$${a}]", "[${a}]");
    EXP_OK("[$$$a]", "[$x]");
    EXP_OK("$a$e$a", "xx");
    EXP_OK("${a}b$ab", "xb");		/* $ab is undefined */
    EXP_OK("[$undefined]", "[]");
    EXP_OK("$a.$a-$a/$a", "x.x-x/x");
    EXP_OK("[${ a}][${a }][$( a )]", "[x][x][x]");
    EXP_OK("$ref", "xx");
    EXP_OK("$deep", "xx");
    EXP_OK("$dollar", "$");
    EXP_OK("${a?{y}}}", "y}");
}
END_TEST

START_TEST(test_expand_conditional)
{
    EXP_OK("${a?yes}|${e?yes}|${undef?yes}", "yes||");
    EXP_OK("${a:no}|${e:no}|${undef:no}", "|no|no");
    EXP_OK("${a?{yes}}|${e?{yes}}", "yes|");
    EXP_OK("${a:{yes}}|${e:{yes}}", "|yes");
    EXP_OK("[${a?{ yes }}]", "[ yes ]");
    EXP_OK("[${a? yes }]", "[ yes ]");
    EXP_OK("[${e: no }]", "[ no ]");
    EXP_OK("${a?$a$a}", "xx");
    EXP_OK("${n1?{$n1}}", "5");
    EXP_OK("${e:x?y}", "x?y");
    EXP_OK("[${e?x:y}]", "[]");		/* "x:y" is the text */
    EXP_OK("[${a?:}]", "[:]");
    EXP_OK("[${a?}][${e:}][${a:}]", "[][][]");
    EXP_OK("$(a?{y}:{n})", "y");
    EXP_OK("[${ a ?y}]", "[y]");
    /* The raw value is tested, not its expansion. */
    EXP_OK("${ref?{set}}", "set");
}
END_TEST

START_TEST(test_expand_ternary)
{
    EXP_OK("${a?{yes}:{no}}", "yes");
    EXP_OK("${e?{yes}:{no}}", "no");
    EXP_OK("${undef?{yes}:{no}}", "no");
    EXP_OK("${a ? {yes} : {no}}", "yes");
    EXP_OK("${a?  {yes}  :  {no}  }", "yes");
    EXP_OK("${a?{yes}:no}", "yes");
    EXP_OK("[${e?{yes}: no }]", "[ no ]");
    EXP_OK("[${e?{y} :n}]", "[n]");
    EXP_OK("[${a?{y}:}]", "[y]");
    EXP_OK("[${e?{y}:}]", "[]");
    EXP_OK("${a?{$e}:{$a$a}}", "");
    EXP_OK("${e?{$e}:{$a$a}}", "xx");
    EXP_OK("${e?{x}:{y}}z", "yz");
    /* Postfix's default syslog_name. */
    EXP_OK("${a?{$a}:{postfix}}", "x");
    EXP_OK("${multi?{$multi}:{postfix}}", "postfix");
}
END_TEST

START_TEST(test_expand_relational)
{
    EXP_OK("${{1} < {10} ? {lt} : {ge}}", "lt");	/* numeric */
    EXP_OK("${{a} < {10} ? {lt} : {ge}}", "ge");	/* lexical */
    EXP_OK("${{10}<{9}?{y}:{n}}", "n");
    EXP_OK("${{010} == {10} ? {eq} : {ne}}", "eq");
    EXP_OK("${{0}=={00}?{y}:{n}}", "y");
    EXP_OK("${{} == {0} ? {eq} : {ne}}", "ne");	/* empty: lexical */
    EXP_OK("${{-1} < {2} ? {y} : {n}}", "y");	/* "-1": lexical */
    EXP_OK("${{ 1} < {2} ? {y} : {n}}", "y");
    EXP_OK("${{99999999999999999999} > {99999999999999999998}?{y}:{n}}",
           "y");
    EXP_OK("${{$a}=={x}?{eq}:{ne}}", "eq");
    EXP_OK("${{$n1}<{10}?{y}:{n}}", "y");
    EXP_OK("${{1}<={1}?{le}:{x}}${{2}>={1}?{ge}:{x}}"
           "${{2}>{1}?{gt}:{x}}${{1}!={1}?{x}:{ne}}", "legegtne");
    EXP_OK("[${{1} == {1}}][${{1} == {2} }]", "[true][]");
    EXP_OK("${{1} == {1} ? {a}}", "a");
    EXP_OK("${{1} == {2} : {b}}", "b");
    EXP_OK("[${{1} == {1} ? a : b}]", "[ a : b]");
    EXP_OK("${ {1} == {1} ? {a} : {b}}", "a");
    EXP_OK("[${{x}  ==  {x}  ?  {y} : {n}}]", "[y]");
    EXP_OK("[${{a}=={b}?}]", "[]");
    EXP_OK("[${{2}=={3}?{y}:}]", "[]");
    EXP_OK("${{2} <level {3.6} ? {a} : {b}}", "a");
    EXP_OK("${{2}==level{2.0}?{y}:{n}}", "y");
    EXP_OK("${{3.6}>=level{3.6.1}?{y}:{n}}", "n");
    EXP_OK("${{$lvl} <level {2} ? {old} : {new}}", "new");
}
END_TEST

START_TEST(test_expand_syntax_errors)
{
    EXP_ERR("foo$", "empty macro name: \"foo$\"");
    EXP_ERR("foo$-", "empty macro name: \"foo$-\"");
    EXP_ERR("${}", "empty macro name: \"${}\"");
    EXP_ERR("$()", "empty macro name: \"$()\"");
    EXP_ERR("${ }", "empty macro name: \"${ }\"");
    EXP_ERR("${a", "truncated macro reference: \"${a\"");
    EXP_ERR("$(a", "truncated macro reference: \"$(a\"");
    EXP_ERR("${a)", "truncated macro reference: \"${a)\"");
    EXP_ERR("$(a}", "truncated macro reference: \"$(a}\"");
    EXP_ERR("${a?{y}", "truncated macro reference: \"${a?{y}\"");
    EXP_ERR("${a{b}}", "attribute name syntax error at: \"{b}\"");
    EXP_ERR("$(a(b))", "attribute name syntax error at: \"(b)\"");
    EXP_ERR("${a b}", "attribute name syntax error at: \"b\"");
    EXP_ERR("${a-b}", "attribute name syntax error at: \"-b\"");
    EXP_ERR("${a?{yes}x}", "\":\" expected at: \"x\"");
    EXP_ERR("${e?{yes}:  {no}  x}", "unexpected input at: \"x\"");
    EXP_ERR("${a:{x}:{y}}", "unexpected input at: \":{y}\"");
    EXP_ERR("${a?{x}:{y}:{z}}", "unexpected input at: \":{z}\"");
    EXP_ERR("$(a?{y)", "unbalanced {} in expression: \"{y\"");
    EXP_ERR("${{1} ~ {1} ? {a} : {b}}", "\"==\" or \"!=\" or \"<\" or "
            "\"<=\" or \">=\" or \">\" expected at: \"~ {1} ? {a} : {b}\"");
    EXP_ERR("${{1}  {2}}", "\"==\" or \"!=\" or \"<\" or \"<=\" or \">=\" "
            "or \">\" expected at: \"{2}\"");
    EXP_ERR("${{a}==={a}?{y}}", "\"==\" or \"!=\" or \"<\" or \"<=\" or "
            "\">=\" or \">\" expected at: \"==={a}?{y}\"");
    EXP_ERR("${{a}==lev{a}?{y}}", "bad operator suffix at: \"lev{a}?{y}\"");
    EXP_ERR("${{a}==}", "\"{expression}\" expected at: \"\"");
    EXP_ERR("${{1}=={2}x}", "\"?\" or \":\" expected at: \"x\"");
    EXP_ERR("${{1}=={2}:{a}?{b}}", "unexpected input at: \"?{b}\"");
    EXP_ERR("${{1}==level{x}?{y}:{n}}",
            "malformed compatibility level syntax: \"x\"");
    /* Errors inside a looked-up value surface too. */
    EXP_ERR("${{$a}=={$a$}}", "empty macro name: \"$a$\"");
}
END_TEST

START_TEST(test_expand_nesting)
{
    EXP_ERR("$r1", "unreasonable macro call nesting: \"$r1\"");
    EXP_ERR("$self", "unreasonable macro call nesting: \"$self\"");
    EXP_ERR("x${a?$r2}", "unreasonable macro call nesting: \"$r1\"");
}
END_TEST

/* chain_lookup - cN = $c(N+1) up to the limit in ctx, then "end";
   each value keeps its own storage while it is being expanded */

static const char *chain_lookup(const char *name, void *ctx)
{
    static char value[CFG_EXPAND_DEPTH + 1][32];
    int     limit = *(int *) ctx;
    int     n;

    if (sscanf(name, "c%d", &n) != 1 || n < 0 || n > CFG_EXPAND_DEPTH)
        return NULL;
    if (n >= limit)
        return "end";
    snprintf(value[n], sizeof(value[n]), "$c%d", n + 1);
    return value[n];
}

START_TEST(test_expand_depth_limit)
{
    struct buf *out = buf_new(0), *err = buf_new(0);
    int     limit;

    /* $c0 .. $c99: 100 nested calls is the most allowed. */
    limit = CFG_EXPAND_DEPTH - 1;
    ck_assert_int_eq(cfg_expand("$c0", chain_lookup, &limit, out, err), 0);
    ck_assert_str_eq(buf_str(out), "end");
    limit = CFG_EXPAND_DEPTH;
    buf_reset(out);
    ck_assert_int_eq(cfg_expand("$c0", chain_lookup, &limit, out, err), -1);
    ck_assert_str_eq(buf_str(err),
                     "unreasonable macro call nesting: \"$c100\"");
    buf_free(out);
    buf_free(err);
}
END_TEST

/* double_lookup - dN = $d(N+1)$d(N+1): exponential work */

static const char *double_lookup(const char *name, void *ctx)
{
    static char value[40][32];
    int     n;

    (void) ctx;
    if (sscanf(name, "d%d", &n) != 1 || n < 0)
        return NULL;
    if (n >= 40)
        return "";
    snprintf(value[n], sizeof(value[n]), "$d%d$d%d", n + 1, n + 1);
    return value[n];
}

START_TEST(test_expand_work_limit)
{
    struct buf *out = buf_new(0), *err = buf_new(0);

    ck_assert_int_eq(cfg_expand("$d0", double_lookup, NULL, out, err), -1);
    ck_assert_ptr_nonnull(strstr(buf_str(err), "too many macro expansions"));
    buf_free(out);
    buf_free(err);
}
END_TEST

START_TEST(test_expand_appends)
{
    struct buf *out = buf_new(0), *err = buf_new(0);

    buf_set(out, "pre:");
    ck_assert_int_eq(cfg_expand("$a", table_lookup, NULL, out, err), 0);
    ck_assert_str_eq(buf_str(out), "pre:x");
    buf_free(out);
    buf_free(err);
}
END_TEST

static Suite *cfgfile_suite(void)
{
    Suite  *s = suite_create("cfgfile");
    TCase  *tc = tcase_create("lines");

    tcase_add_test(tc, test_lines_basic);
    tcase_add_test(tc, test_lines_continuation);
    tcase_add_test(tc, test_lines_leading_whitespace);
    tcase_add_test(tc, test_lines_crlf);
    tcase_add_test(tc, test_lines_nul);
    tcase_add_test(tc, test_lines_callback_error);
    tcase_add_test(tc, test_lines_stop_on_error);
    tcase_add_test(tc, test_parse_file);
    tcase_add_test(tc, test_parse_file_limit);
    tcase_add_test(tc, test_split_nameval);
    suite_add_tcase(s, tc);
    tc = tcase_create("expand");
    tcase_add_test(tc, test_expand_plain);
    tcase_add_test(tc, test_expand_conditional);
    tcase_add_test(tc, test_expand_ternary);
    tcase_add_test(tc, test_expand_relational);
    tcase_add_test(tc, test_expand_syntax_errors);
    tcase_add_test(tc, test_expand_nesting);
    tcase_add_test(tc, test_expand_depth_limit);
    tcase_add_test(tc, test_expand_work_limit);
    tcase_add_test(tc, test_expand_appends);
    suite_add_tcase(s, tc);
    return s;
}

int     main(void)
{
    SRunner *sr = srunner_create(cfgfile_suite());
    int     failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
