#!/usr/bin/env bash
# Installs berth as a service on a Debian host (as root, from a clone); run it
# again to upgrade in place. See README "Production install" for the options.
set -euo pipefail
src=$(cd "$(dirname "$0")/.." && pwd)
prefix=/opt/berth etc=/etc/default/berth data=/var/lib/berth bindir=/usr/local/bin unitdir=/etc/systemd/system
domain=$(hostname -f 2>/dev/null || hostname) bind=0.0.0.0 router=80 router_tls=443 http=8080 sshport=2222
systemd=auto packages=yes build=yes sshd=no sshd_user=dokku sshd_config=/etc/ssh/sshd_config
die() { echo " !     $*" >&2; exit 1; }
while [ $# -gt 0 ]; do
  case $1 in
    --prefix) prefix=$2; shift ;;
    --etc) etc=$2; shift ;;
    --data) data=$2; shift ;;
    --bin-dir) bindir=$2; shift ;;
    --unit-dir) unitdir=$2; shift ;;
    --domain) domain=$2; shift ;;
    --bind) bind=$2; shift ;;
    --router-port) router=$2; shift ;;
    --router-tls-port) router_tls=$2; shift ;;
    --http-port) http=$2; shift ;;
    --ssh-port) sshport=$2; shift ;;
    --no-systemd) systemd=no ;;
    --no-packages) packages=no ;;
    --no-build) build=no ;;
    --sshd) sshd=yes ;;
    --sshd-user) sshd=yes; sshd_user=$2; shift ;;
    --sshd-config) sshd_config=$2; shift ;;
    -h|--help) sed -n '2,3p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see README: Production install)" ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || die "run install.sh as root"
[ "$systemd" = auto ] && { [ "$(ps -p 1 -o comm= 2>/dev/null)" = systemd ] && systemd=yes || systemd=no; }
cd "$src"
# shellcheck source=lib/packages.sh
. scripts/lib/packages.sh
# shellcheck source=lib/wrapper.sh
. scripts/lib/wrapper.sh

if [ "$packages" = yes ]; then berth_packages; fi
if [ "$build" = yes ]; then
  echo "-----> building"
  npm ci --no-audit --no-fund --loglevel=error
  npm run build --silent
fi
[ -f dist/src/cli.js ] || die "no build in $src/dist (run without --no-build)"

echo "-----> installing into $prefix"
new="$prefix.new.$$"
rm -rf "$new"
mkdir -p "$new"
cp -a dist package.json package-lock.json README.md node_modules "$new/"
# Production modules only: the copy's dev dependencies go, offline.
(cd "$new" && npm prune --omit=dev --no-audit --no-fund --loglevel=error >/dev/null)

unit="$unitdir/berth.service"
running=no
if [ "$systemd" = yes ] && systemctl is-active --quiet berth.service; then running=yes; fi
# Only the daemon stops: the router (HAProxy, detached) keeps serving meanwhile.
[ "$running" = yes ] && systemctl stop berth.service
rm -rf "$prefix.old"
[ -d "$prefix" ] && mv "$prefix" "$prefix.old"
mv "$new" "$prefix"
rm -rf "$prefix.old"
berth_wrapper "$bindir/berth" "$prefix/dist/src/cli.js" "$etc"

mkdir -p "$data"
chmod 0700 "$data"
if [ ! -e "$etc" ]; then
  mkdir -p "$(dirname "$etc")"
  cat >"$etc" <<SETTINGS
# berth's settings, read by berth.service and the berth command.
# install.sh writes this file once and never overwrites it.
BERTH_HOME=$data
BERTH_BIND=$bind
BERTH_DOMAIN=$domain
BERTH_ROUTER_PORT=$router
BERTH_ROUTER_TLS_PORT=$router_tls
BERTH_HTTP_PORT=$http
BERTH_SSH_PORT=$sshport
SETTINGS
  echo "-----> wrote $etc"
else
  echo "-----> kept $etc"
fi
if [ "$sshd" = yes ] && ! grep -q '^BERTH_SSHD_USER=' "$etc"; then
  echo "BERTH_SSHD_USER=$sshd_user" >>"$etc"
  echo "-----> added BERTH_SSHD_USER=$sshd_user to $etc"
fi

mkdir -p "$unitdir"
cat >"$unit" <<UNIT
[Unit]
Description=berth, push-to-deploy daemon
After=network-online.target docker.service
Wants=network-online.target docker.service

[Service]
EnvironmentFile=$etc
ExecStart=$(command -v node) $prefix/dist/src/cli.js serve
# Only the daemon: the router it started (HAProxy, detached) outlives restarts and upgrades.
KillMode=process
Restart=on-failure
RestartSec=2
TimeoutStopSec=90

[Install]
WantedBy=multi-user.target
UNIT
echo "-----> wrote $unit"

if [ "$sshd" = yes ]; then
  if ! id -u "$sshd_user" >/dev/null 2>&1; then
    useradd --system --user-group --shell /bin/sh --home-dir / --no-create-home "$sshd_user"
    echo "-----> created system user $sshd_user"
  fi
  # '*': no password, but not locked ('!'), which sshd refuses without PAM.
  usermod -p '*' "$sshd_user"
fi

if [ "$systemd" = yes ]; then
  systemctl daemon-reload
  systemctl enable --now berth.service
  echo "-----> berth.service is running"
else
  echo "-----> systemd is not running here; start the daemon with:"
  echo "       set -a; . $etc; set +a; $(command -v node) $prefix/dist/src/cli.js serve"
fi

if [ "$sshd" = yes ]; then
  for _ in $(seq 1 100); do "$bindir/berth" version >/dev/null 2>&1 && break; sleep 0.2; done
  if ! "$bindir/berth" version >/dev/null 2>&1; then
    echo "-----> once the daemon runs, add its sshd lines: berth sshd:config --user $sshd_user >>$sshd_config"
  elif grep -q "^Match User $sshd_user\$" "$sshd_config"; then
    echo "-----> $sshd_config already has a Match User $sshd_user block"
  else
    "$bindir/berth" sshd:config --user "$sshd_user" >"$sshd_config.berth"
    { echo; cat "$sshd_config.berth"; } >>"$sshd_config"
    rm -f "$sshd_config.berth"
    sshd -t -f "$sshd_config"
    [ "$systemd" = yes ] && systemctl reload ssh.service
    echo "-----> added the berth block to $sshd_config"
  fi
fi
echo "=====> berth installed: berth version; berth tokens:create NAME"
