# Shared by setup.sh and install.sh (sourced, as root on Debian): the system
# packages berth needs, and a Docker engine that answers.

installed() { dpkg -s "$1" >/dev/null 2>&1; }

berth_packages() {
  need=()
  # Any working engine will do (docker.io, docker-ce); only install one if none.
  command -v dockerd >/dev/null || need+=(docker.io)
  # A unit test makes a zip with another implementation (Python's zipfile).
  command -v python3 >/dev/null || need+=(python3)
  # The fixture images copy /bin/busybox into FROM scratch: it must be the static one.
  installed busybox-static || need+=(busybox-static)
  # haproxy is the router; pebble the ACME test CA; openssh-server the port-22
  # path; nginx and wrk the router benchmark's yardstick and client;
  # docker-registry the swarm lab's registry (scripts/swarm-lab.sh starts it).
  for pkg in git openssh-client curl ca-certificates iptables haproxy pebble openssh-server nginx wrk docker-registry; do
    installed "$pkg" || need+=("$pkg")
  done
  if [ ${#need[@]} -gt 0 ]; then
    echo "-----> installing ${need[*]}"
    apt-get update -qq
    # Packages must not start their own services (haproxy, nginx, sshd on :22, the registry):
    # berth starts what it needs, on its own ports.
    norc=/usr/sbin/policy-rc.d
    [ -e "$norc" ] || { printf '#!/bin/sh\nexit 101\n' >"$norc"; chmod +x "$norc"; trap 'rm -f "$norc"' EXIT; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    # The swarm lab runs its own registry; the package's service would take :5000 at boot.
    if [[ " ${need[*]} " == *" docker-registry "* ]] && command -v systemctl >/dev/null; then
      systemctl disable docker-registry.service >/dev/null 2>&1 || true
    fi
  else
    echo "-----> system packages present"
  fi

  # Under systemd the engine is a service (policy-rc.d kept its package from starting it).
  if ! docker info >/dev/null 2>&1 && [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ] && systemctl cat docker.service >/dev/null 2>&1; then
    systemctl enable --now docker.service
  fi
  if ! docker info >/dev/null 2>&1; then
    echo "-----> starting dockerd"
    (setsid dockerd </dev/null >/var/log/berth-dockerd.log 2>&1 &)
    # Poll rather than sleep a fixed time: up to 60 s.
    for _ in $(seq 1 120); do
      docker info >/dev/null 2>&1 && break
      sleep 0.5
    done
    docker info >/dev/null 2>&1 || { echo " !     dockerd did not answer within 60 s; see /var/log/berth-dockerd.log" >&2; tail -n 20 /var/log/berth-dockerd.log >&2 || true; exit 1; }
    echo "-----> dockerd answers"
  fi
}
