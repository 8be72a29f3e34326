#!/usr/bin/env bash
# A Docker Swarm of N nodes on this one Linux machine, to try berth's swarm
# scheduler without a cluster. Run as root.
#
#   scripts/swarm-lab.sh up [N]      N nodes (default 3) and a registry; prints
#                                    DOCKER_HOST=… (the manager) and REGISTRY=HOST:PORT
#   scripts/swarm-lab.sh check       runs a 3-replica service of the lab's busybox
#                                    image and says which nodes its tasks run on
#                                    (--keep leaves the service berth-lab-check)
#   scripts/swarm-lab.sh stop NODE   stops one node's engine (a node loss); start NODE
#   scripts/swarm-lab.sh down        removes everything `up` made
#
# Each node is a dockerd (with its own containerd) in its own network
# namespace; the namespaces hang off one bridge in a "switch" namespace, where
# Debian's docker-registry serves images; the host reaches the switch over a
# veth pair. Nothing is pulled from the internet: `up` imports an image made of
# the host's busybox-static and pushes it to the registry as
# REGISTRY/berth-lab/busybox:latest.
#
# Environment: SWARM_LAB_NAME (default berthlab: names of namespaces and links),
# SWARM_LAB_NET (default 10.240.0: the /24 the lab uses), SWARM_LAB_DIR (default
# /var/lib/berth-swarm-lab/NAME: engines' data, sockets, logs).
set -euo pipefail

LAB=${SWARM_LAB_NAME:-berthlab}
NET=${SWARM_LAB_NET:-10.240.0}
DIR=${SWARM_LAB_DIR:-/var/lib/berth-swarm-lab/$LAB}
[[ $LAB =~ ^[a-z][a-z0-9]{0,7}$ ]] || { echo " !     SWARM_LAB_NAME must be 1-8 lowercase letters or digits (it names network links)" >&2; exit 1; }
[[ $NET =~ ^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ ]] || { echo " !     SWARM_LAB_NET must be three octets, like 10.240.0" >&2; exit 1; }

SWITCH=$LAB-sw
HOST_ADDR=$NET.1
REGISTRY=$NET.2:5000
node_addr() { echo "$NET.$((10 + $1))"; }
node_ns() { echo "$LAB-n$1"; }
sock() { echo "$DIR/n$1/docker.sock"; }
dk() { local n=$1; shift; docker -H "unix://$(sock "$n")" "$@"; }
say() { echo "-----> $*" >&2; }
die() { echo " !     $*" >&2; exit 1; }

# Polls `probe` every half second up to `secs`; no fixed waits.
wait_for() {
  local what=$1 secs=$2; shift 2
  for _ in $(seq 1 $((secs * 2))); do "$@" >/dev/null 2>&1 && return 0; sleep 0.5; done
  die "timed out after ${secs}s waiting for $what"
}

make_switch() {
  ip netns add "$SWITCH"
  ip -n "$SWITCH" link set lo up
  ip -n "$SWITCH" link add br0 type bridge
  ip -n "$SWITCH" addr add "$NET.2/24" dev br0
  ip -n "$SWITCH" link set br0 up
  ip link add "${LAB}h" type veth peer name "${LAB}s"
  ip link set "${LAB}s" netns "$SWITCH"
  ip -n "$SWITCH" link set "${LAB}s" master br0 up
  ip addr add "$HOST_ADDR/24" dev "${LAB}h"
  ip link set "${LAB}h" up
}

make_node_net() {
  local i=$1 ns; ns=$(node_ns "$1")
  ip netns add "$ns"
  ip link add "${LAB}${i}a" type veth peer name "${LAB}${i}b"
  ip link set "${LAB}${i}a" netns "$SWITCH"
  ip -n "$SWITCH" link set "${LAB}${i}a" master br0 up
  ip link set "${LAB}${i}b" netns "$ns"
  ip -n "$ns" link set "${LAB}${i}b" name eth0
  ip -n "$ns" addr add "$(node_addr "$i")/24" dev eth0
  ip -n "$ns" link set eth0 up
  ip -n "$ns" link set lo up
  ip -n "$ns" route add default via "$HOST_ADDR"
}

# `ip netns exec` remounts /sys and dockerd then fails ("Devices cgroup isn't
# mounted"); nsenter does not. unshare --uts gives each node its own hostname,
# which Swarm shows as the node's name.
start_engine() {
  local i=$1 d=$DIR/n$1
  mkdir -p "$d"
  [ -f "$d/daemon.json" ] || echo '{}' >"$d/daemon.json"
  setsid nsenter --net="/run/netns/$(node_ns "$i")" unshare --uts sh -c "hostname $LAB-n$i; exec dockerd \
    --data-root $d/data --exec-root $d/exec --pidfile $d/docker.pid -H unix://$d/docker.sock \
    --config-file $d/daemon.json --bip 172.31.$i.1/24 --insecure-registry $REGISTRY" \
    </dev/null >>"$d/dockerd.log" 2>&1 &
  wait_for "node $i's engine" 60 dk "$i" info
}

stop_engine() {
  local d=$DIR/n$1 pid
  pid=$(cat "$d/docker.pid" 2>/dev/null || true)
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid"
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.5; done
  kill -9 "$pid" 2>/dev/null || true
}

start_registry() {
  mkdir -p "$DIR/registry"
  cat >"$DIR/registry/config.yml" <<EOF
version: 0.1
log: { level: warn }
storage:
  filesystem: { rootdirectory: $DIR/registry/data }
  delete: { enabled: true }
http:
  addr: $REGISTRY
EOF
  setsid nsenter --net="/run/netns/$SWITCH" docker-registry serve "$DIR/registry/config.yml" </dev/null >>"$DIR/registry/log" 2>&1 &
  echo $! >"$DIR/registry/pid"
  wait_for "the registry at $REGISTRY" 30 curl -fsS "http://$REGISTRY/v2/"
}

# An image from the host's busybox-static, no builder or base image needed.
push_busybox() {
  local root=$DIR/image
  mkdir -p "$root/bin" "$root/tmp"
  cp /bin/busybox "$root/bin/busybox"
  for applet in sh sleep hostname cat echo ls wget; do ln -sf busybox "$root/bin/$applet"; done
  tar -C "$root" -c . | dk 1 import -c 'CMD ["sh"]' - "$REGISTRY/berth-lab/busybox:latest" >/dev/null
  dk 1 push -q "$REGISTRY/berth-lab/busybox:latest" >/dev/null
}

nodes_ready() { [ "$(dk 1 node ls --format '{{.Status}}' | grep -c '^Ready$')" -eq "$1" ]; }

cmd_up() {
  local n=${1:-3}
  [[ $n =~ ^[1-9][0-9]?$ ]] || die "N must be a number of nodes from 1 to 99"
  [ "$(id -u)" -eq 0 ] || die "the lab needs root (network namespaces, dockerd)"
  [ ! -e "/run/netns/$SWITCH" ] || die "a lab named $LAB is up already: scripts/swarm-lab.sh down first"
  command -v docker-registry >/dev/null || die "docker-registry is not installed (apt-get install docker-registry, or scripts/setup.sh)"
  [ -x /bin/busybox ] || die "/bin/busybox is missing (apt-get install busybox-static)"
  mkdir -p "$DIR"
  echo "$n" >"$DIR/nodes"
  say "switch namespace $SWITCH, $NET.0/24"
  make_switch
  start_registry
  for i in $(seq 1 "$n"); do make_node_net "$i"; done
  say "starting $n engines"
  for i in $(seq 1 "$n"); do start_engine "$i"; done
  local manager; manager=$(node_addr 1)
  dk 1 swarm init --advertise-addr "$manager" --listen-addr "$manager:2377" >/dev/null
  local token; token=$(dk 1 swarm join-token -q worker)
  for i in $(seq 2 "$n"); do dk "$i" swarm join --token "$token" --advertise-addr "$(node_addr "$i")" "$manager:2377" >/dev/null; done
  wait_for "$n ready nodes" 60 nodes_ready "$n"
  say "pushing $REGISTRY/berth-lab/busybox:latest"
  push_busybox
  echo "DOCKER_HOST=unix://$(sock 1)"
  echo "REGISTRY=$REGISTRY"
}

tasks_running() { [ "$(dk 1 service ps berth-lab-check --filter desired-state=running --format '{{.CurrentState}}' | grep -c '^Running')" -eq 3 ]; }

cmd_check() {
  dk 1 service rm berth-lab-check >/dev/null 2>&1 || true
  dk 1 service create -d -q --name berth-lab-check --replicas 3 "$REGISTRY/berth-lab/busybox:latest" sleep 3600 >/dev/null
  wait_for "3 running tasks of berth-lab-check" 90 tasks_running
  local nodes; nodes=$(dk 1 service ps berth-lab-check --filter desired-state=running --format '{{.Node}}' | sort -u | xargs)
  echo "berth-lab-check: 3 tasks running on $nodes"
  [ "${1:-}" = --keep ] || dk 1 service rm berth-lab-check >/dev/null
  [ "$(wc -w <<<"$nodes")" -gt 1 ] || die "the tasks did not spread over the nodes"
}

# Everything up made, whatever state it is in (a half-made lab too).
cmd_down() {
  local n; n=$(cat "$DIR/nodes" 2>/dev/null || echo 0)
  # In parallel: each engine gives its tasks their stop timeout.
  for i in $(seq 1 "$n"); do stop_engine "$i" & done
  wait
  local pid; pid=$(cat "$DIR/registry/pid" 2>/dev/null || true)
  [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
  # Containers' shims and mounts left by an engine that did not stop cleanly.
  for pid in $(pgrep -f -- "$DIR/" || true); do kill -9 "$pid" 2>/dev/null || true; done
  for m in $(grep -o " $DIR/[^ ]*" /proc/mounts | sort -r || true); do umount -l "$m" 2>/dev/null || true; done
  for i in $(seq 1 "$n"); do ip netns del "$(node_ns "$i")" 2>/dev/null || true; done
  ip netns del "$SWITCH" 2>/dev/null || true
  ip link del "${LAB}h" 2>/dev/null || true
  rm -rf "$DIR"
  [ -n "${SWARM_LAB_DIR:-}" ] || rmdir /var/lib/berth-swarm-lab 2>/dev/null || true
  say "lab $LAB removed"
}

case ${1:-} in
  up) cmd_up "${2:-3}" ;;
  check) cmd_check "${2:-}" ;;
  stop) [[ ${2:-} =~ ^[0-9]+$ ]] || die "usage: swarm-lab.sh stop NODE (a number)"; stop_engine "$2" ;;
  start) [[ ${2:-} =~ ^[0-9]+$ ]] || die "usage: swarm-lab.sh start NODE (a number)"; start_engine "$2" ;;
  down) cmd_down ;;
  *) die "usage: scripts/swarm-lab.sh up [N] | check [--keep] | stop NODE | start NODE | down" ;;
esac
