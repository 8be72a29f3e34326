#!/usr/bin/env bash
# Idempotent setup on a Debian machine (as root): installs what is missing,
# starts the Docker engine if none answers, installs node modules, builds.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v git >/dev/null || need+=(git)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v ssh >/dev/null || need+=(openssh-client)
command -v iptables >/dev/null || need+=(iptables)
if [ ${#need[@]} -gt 0 ]; then
  echo "-----> installing ${need[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "-----> starting dockerd"
  (setsid dockerd >/var/log/berth-dockerd.log 2>&1 &)
  for _ in $(seq 1 120); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo " !     dockerd did not start; see /var/log/berth-dockerd.log" >&2; exit 1; }
fi

echo "-----> npm ci"
npm ci --no-audit --no-fund --loglevel=error
echo "-----> building"
npm run build --silent
