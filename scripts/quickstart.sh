#!/usr/bin/env bash
# Installs what is missing (Docker engine, git, busybox, node modules), builds
# berth and runs its daemon in the foreground with the default ports: git over
# HTTP on 8080 and SSH on 2222, apps on http://APP.localhost:8000. On first
# start it creates an admin token (printed once) and adds your SSH public key.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
# `berth` on PATH, for every shell: this clone's build, run by this node.
# shellcheck source=lib/wrapper.sh
. scripts/lib/wrapper.sh
bindir=${BERTH_BIN_DIR:-/usr/local/bin}
berth_wrapper "$bindir/berth" "$PWD/dist/src/cli.js"
echo "-----> berth is $bindir/berth"
berth() { "$bindir/berth" "$@"; }

echo "-----> starting berth (Ctrl-C stops it)"
node dist/src/cli.js serve "$@" &
daemon=$!
trap 'kill "$daemon" 2>/dev/null' INT TERM EXIT
until berth version >/dev/null 2>&1; do
  kill -0 "$daemon" 2>/dev/null || exit 1
  sleep 0.2
done

if ! berth tokens:list --format json | grep -q '"quickstart"'; then
  token=$(berth tokens:create quickstart 2>/dev/null)
  echo "=====> admin token (shown once): $token"
  echo "       git remote add berth http://berth:$token@127.0.0.1:8080/myapp.git"
fi
for pub in "$HOME"/.ssh/id_ed25519.pub "$HOME"/.ssh/id_ecdsa.pub "$HOME"/.ssh/id_rsa.pub; do
  if [ -f "$pub" ] && ! berth ssh-keys:list --format json | grep -q '"quickstart"'; then
    berth ssh-keys:add quickstart "$pub" >/dev/null && echo "=====> added $pub: git remote add berth ssh://dokku@127.0.0.1:2222/myapp"
  fi
done
wait "$daemon"
