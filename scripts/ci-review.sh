#!/usr/bin/env bash
# CI: `npm run review -- <args>`, keeping its exit code and saying what it means as a GitHub annotation:
# 0 nothing destructive (or acknowledged), 2 destructive changes not acknowledged, 1 the review could not read its input.
# REVIEW_WHERE names the job (e.g. "dev, Azure plan"); REVIEW_ACK_HINT says how to acknowledge here.
set -uo pipefail
where="${REVIEW_WHERE:-offline plan}"
hint="${REVIEW_ACK_HINT:-read the review, then add the label destructive-change-acknowledged to the pull request}"
npm run --silent review -- "$@"
code=$?
case "$code" in
  0) echo "Review ($where): nothing destructive, or destructive changes acknowledged." ;;
  2) echo "::error title=Destructive changes not acknowledged (${where//[:,]/ })::the plan removes access or deletes or replaces resources; $hint" ;;
  1) echo "::error title=The review could not read its input (${where//[:,]/ })::npm run review exited 1: a plan, the base git ref or the configuration could not be read (see the log above); this is not a verdict on the changes" ;;
  *) echo "::error title=The review failed (${where//[:,]/ })::npm run review exited $code" ;;
esac
exit "$code"
