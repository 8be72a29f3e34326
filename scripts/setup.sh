#!/usr/bin/env bash
# Idempotent setup on a Debian machine (as root): installs what is missing,
# starts the Docker engine if none answers, installs node modules, builds.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=lib/packages.sh
. scripts/lib/packages.sh
berth_packages

echo "-----> npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "-----> building"
npm run build --silent
