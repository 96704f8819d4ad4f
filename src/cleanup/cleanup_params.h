/*
 * cleanup_params - the cleanup daemon's parameters (Postfix 3.7 defaults)
 *
 * Table cleanup_params in cleanup_params.c (also linked into the postern
 * command for postconf).
 */
#ifndef POSTERN_CLEANUP_PARAMS_H
#define POSTERN_CLEANUP_PARAMS_H

#include "params.h"

extern const struct param_def cleanup_params[];

extern long var_message_limit;		/* message_size_limit */
extern long var_header_limit;		/* header_size_limit */
extern int var_line_limit;		/* line_length_limit */
extern int var_hopcount_limit;		/* hopcount_limit */

#endif
