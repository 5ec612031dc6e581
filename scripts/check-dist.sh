#!/usr/bin/env bash
# Fails when dist/ is not what the current sources bundle to (a stale or hand-edited bundle).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run -s bundle >/dev/null
if [ -n "$(git status --porcelain -- dist)" ]; then
  echo "dist/ is stale: run 'npm run bundle' and commit the result." >&2
  git status --short -- dist >&2
  git diff --stat -- dist >&2 || true
  exit 1
fi
echo "dist/ matches the sources."
