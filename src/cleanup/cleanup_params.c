/*
 * cleanup_params - the parameter table of the cleanup daemon
 *
 * Declared in cleanup_params.h.  Linked into the postern command too
 * (src/postern/all_params.c), so it must not use anything else of
 * src/cleanup.  Defaults are Postfix 3.7's "postconf -d".
 */
#include <stddef.h>

#include "cleanup_params.h"
#include "params.h"

long    var_message_limit;
long    var_header_limit;
int     var_line_limit;
int     var_hopcount_limit;

const struct param_def cleanup_params[] = {
    { "message_size_limit", PARAM_SIZE, "10240000", &var_message_limit,
      0, 0, NULL, NULL },
    { "header_size_limit", PARAM_SIZE, "102400", &var_header_limit,
      1, 0, NULL, NULL },
    { "line_length_limit", PARAM_INT, "2048", &var_line_limit,
      80, 0, NULL, NULL },
    { "hopcount_limit", PARAM_INT, "50", &var_hopcount_limit,
      1, 0, NULL, NULL },
    PARAM_TABLE_END,
};
