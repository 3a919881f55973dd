#!/usr/bin/env bash
# Pre-send gate for a shell pipeline: send a draft only when introlint passes it.
#   examples/presend.sh draft.txt "Sarah Chen" linkedin-note
# introlint exits 0 (passed), 1 (did not pass) or 2 (could not check: bad file, rule or config).
set -u
draft="$1"; to="${2:-}"; channel="${3:-email}"

introlint check --quiet --to "$to" --channel "$channel" --min-score 70 "$draft"
case $? in
  0) echo "ok to send: $draft" ;;              # replace with your sending command
  1) echo "not sent: fix the findings above first" >&2; exit 1 ;;
  *) echo "not sent: introlint could not check $draft" >&2; exit 2 ;;
esac
