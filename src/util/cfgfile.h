/*
 * cfgfile - logical lines of main.cf/master.cf style files, macro expansion
 *
 * Logical lines: empty lines, whitespace-only lines and lines whose
 * first non-blank character is '#' are skipped (also inside a continued
 * entry); a line that starts with whitespace continues the previous one
 * (the newline is dropped, the text is appended including its leading
 * whitespace); a continuation with nothing to continue is reported.
 * '#' elsewhere is literal.  CR before LF is removed.
 *
 *	typedef int (*cfg_line_fn)(const char *text, int lineno, void *ctx);
 *	int	cfg_parse_text(const char *text, size_t len, cfg_line_fn fn, void *ctx,
 *			struct buf *err);
 *			calls fn for each logical line with the number of
 *			its first physical line; fn returning -1 stops the
 *			parse (fn appends its message to err, which is empty
 *			when fn is called).  Returns 0, or -1 with err set
 *			("line N: " + the message).  A continuation line
 *			with no entry before it is an error.
 *	int	cfg_parse_file(const char *path, cfg_line_fn fn, void *ctx, struct buf *err);
 *			reads the file (limit CFG_FILE_LIMIT bytes) then parses;
 *			err messages start with the path
 *	int	cfg_split_nameval(char *line, char **name, char **value);
 *			"name = value": name ends at whitespace or '=';
 *			whitespace around '=' and at the end is removed.
 *			0 ok, -1 (no '=', empty name, or junk between the
 *			name and '=')
 *
 * Macro expansion ($name, ${name}, $(name), $$, ${name?text},
 * ${name:text}, ${name?{text}}, ${name:{text}}, ${name?{t1}:{t2}},
 * ${{a} OP {b} ? {t} : {f}} with OP in == != < <= > >=, numeric when
 * both sides are all digits; Postfix's semantics, section 8.2):
 *	typedef const char *(*cfg_lookup_fn)(const char *name, void *ctx);
 *			returns the raw (unexpanded) value, or NULL if
 *			undefined; the string must stay valid until
 *			cfg_expand() returns
 *	int	cfg_expand(const char *in, cfg_lookup_fn fn, void *ctx,
 *			struct buf *out, struct buf *err);
 *			appends the recursively expanded text of in to out.
 *			0 ok, -1 with err set (syntax error, nesting depth
 *			> CFG_EXPAND_DEPTH: "unreasonable macro call nesting")
 */
#ifndef POSTERN_CFGFILE_H
#define POSTERN_CFGFILE_H

#include <stddef.h>
#include "buf.h"

#define CFG_FILE_LIMIT		(16 * 1024 * 1024)
#define CFG_EXPAND_DEPTH	100

typedef int (*cfg_line_fn)(const char *text, int lineno, void *ctx);
typedef const char *(*cfg_lookup_fn)(const char *name, void *ctx);

int     cfg_parse_text(const char *text, size_t len, cfg_line_fn fn, void *ctx,
                       struct buf *err);
int     cfg_parse_file(const char *path, cfg_line_fn fn, void *ctx, struct buf *err);
int     cfg_split_nameval(char *line, char **name, char **value);
int     cfg_expand(const char *in, cfg_lookup_fn fn, void *ctx,
                   struct buf *out, struct buf *err);

#endif
