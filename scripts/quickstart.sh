#!/usr/bin/env bash
# Installs what is missing (Docker engine, git, busybox, node modules), builds
# berth and runs its daemon in the foreground with the default ports:
# git over HTTP on 8080, apps on http://APP.localhost:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
echo "-----> starting berth (Ctrl-C stops it)"
exec node dist/src/cli.js serve --insecure-http "$@"
