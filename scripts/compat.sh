#!/usr/bin/env bash
# `npm run compat`: Dokku's own unit tests (vendored in test/dokku-compat/)
# against a berth daemon with its own home and free ports. Prints, per file,
# tests run/passed/failed, and for each failure whether it is out of reach
# (test/dokku-compat/out-of-reach.tsv says why). Fetches nothing.
# Usage: scripts/compat.sh [FILE.bats…]   (default: every vendored file)
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$root/test/dokku-compat"
cli="${BERTH_COMPAT_CLI:-$root/dist/src/cli.js}"
command -v bats >/dev/null || { echo " !     bats is missing (apt-get install bats bats-support bats-assert)" >&2; exit 1; }
[ -f "$cli" ] || { echo " !     build first: npm run build" >&2; exit 1; }

work="$(mktemp -d /tmp/berth-compat.XXXXXX)"
home="$work/home"
mkdir -p "$home" "$work/dokku-root/.ssh" "$work/dokku-lib/config/--global" "$work/results"
export BERTH_HOME="$home"
daemon_pid=""
# Dokku's tests write to /home/dokku and /var/lib/dokku: each file runs in its
# own mount namespace with fresh tmpfs there, so the host is never written to.
made=()
for d in /home/dokku /var/lib/dokku; do
  [ -e "$d" ] || { mkdir -p "$d" && made+=("$d"); }
done
stop_all() {
  [ -n "$daemon_pid" ] && kill "$daemon_pid" 2>/dev/null && wait "$daemon_pid" 2>/dev/null
  # The router outlives the daemon by design; this run's home owns it.
  [ -f "$home/router/haproxy.pid" ] && kill "$(cat "$home/router/haproxy.pid")" 2>/dev/null
  if [ -n "${instance:-}" ]; then
    f="label=berth.instance=$instance"
    docker container ls -aq --filter "$f" | xargs -r docker container rm -f >/dev/null 2>&1
    docker image ls -q --filter "$f" | xargs -r docker image rm -f >/dev/null 2>&1
    docker volume ls -q --filter "$f" | xargs -r docker volume rm -f >/dev/null 2>&1
    docker network ls -q --filter "$f" | xargs -r docker network rm >/dev/null 2>&1
  fi
  rm -rf "$work"
  for d in "${made[@]}"; do rmdir "$d" 2>/dev/null; done
}
trap stop_all EXIT
trap 'exit 130' INT TERM

node "$cli" serve --home "$home" --http-port 0 --ssh-port 0 --router-port 0 --router-tls-port 0 \
  --ready-timeout 15 --domain dokku.me --insecure-http >"$work/daemon.out" 2>"$work/daemon.log" &
daemon_pid=$!
for _ in $(seq 1 300); do
  grep -q 'berth: serving' "$work/daemon.out" 2>/dev/null && break
  kill -0 "$daemon_pid" 2>/dev/null || { echo " !     berth serve exited:" >&2; cat "$work/daemon.log" >&2; exit 1; }
  sleep 0.1
done
instance="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).instance)' "$home/daemon.json")"
http_port="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).http)' "$home/daemon.json")"
ssh_port="$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).ssh)' "$home/daemon.json")"

# A Dokku host has this file; some tests copy it aside and back.
touch "$work/dokku-root/.ssh/authorized_keys"

# The tests reach Dokku as `ssh dokku@dokku.me` and push to `dokku@dokku.me:APP`:
# here that name is this daemon's SSH port, with an admin key of the run.
mkdir -p "$work/.ssh"
ssh-keygen -q -t ed25519 -N '' -f "$work/.ssh/id_ed25519" >/dev/null
node "$cli" ssh-keys:add compat-admin "$work/.ssh/id_ed25519.pub" >/dev/null
cat >"$work/.ssh/config" <<SSH
Host dokku.me
  HostName 127.0.0.1
  Port $ssh_port
  IdentityFile $work/.ssh/id_ed25519
  StrictHostKeyChecking no
  UserKnownHostsFile /dev/null
  LogLevel ERROR
SSH

export PATH="$dir/bin:$PATH" BERTH_COMPAT_CLI="$cli" BERTH_COMPAT_INSTANCE="$instance" \
  BERTH_COMPAT_HTTP_PORT="$http_port" BERTH_COMPAT_SSH_CONFIG="$work/.ssh/config" DOKKU_ROOT="$work/dokku-root" DOKKU_LIB_PATH="$work/dokku-lib" DOKKU_DOMAIN=dokku.me
# Keep the tests' `git config --global` away from the user's.
export HOME="$work" GIT_CONFIG_NOSYSTEM=1

if [ $# -gt 0 ]; then files=("$@"); else files=("$dir"/*.bats); fi
printf '%-28s %5s %6s %6s %8s\n' file run passed failed in-reach
for f in "${files[@]}"; do
  [ -f "$f" ] || f="$dir/$f"
  name="$(basename "$f" .bats)"
  # --timing is not needed; TAP gives "ok N name" / "not ok N name".
  (cd "$dir" && unshare --mount --propagation private bash -c \
    'mount -t tmpfs tmpfs /home/dokku && mount -t tmpfs tmpfs /var/lib/dokku && mkdir -p /home/dokku/.ssh && exec timeout 900 bats --tap "$0"' "$f") \
    >"$work/results/$name.tap" 2>&1
  node "$root/scripts/compat-summary.mjs" "$dir/out-of-reach.tsv" "$name" "$work/results/$name.tap"
done | tee "$work/summary"
node "$root/scripts/compat-summary.mjs" --total "$work/summary"
[ -n "${COMPAT_KEEP:-}" ] && cp -r "$work/results" "$COMPAT_KEEP"
exit 0
