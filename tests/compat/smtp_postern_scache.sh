#!/bin/bash
# smtp_postern_scache - postern's smtp with postern's scache, under
# Postfix 3.7's qmgr, into smtp-sink: every scenario of
# smtp_postfix_reuse.sh (the 500-message backlog over at most the
# concurrency limit's connections, caching off = 500 connections, the
# reuse count limit, scache stopped and killed mid-run with no mail
# lost), with PF_POSTERN="smtp scache"; the test checks that the scache
# that served is postern's binary.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"	# tests/run uses sh
PF_POSTERN="smtp scache" exec bash "$TOP/tests/compat/smtp_postfix_reuse.sh"
