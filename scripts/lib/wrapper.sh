# Writes the `berth` command on PATH: the built cli run by the node that built
# it, with the installed settings when there are any (/etc/default/berth).
# Usage: berth_wrapper BIN_FILE CLI_JS [SETTINGS_FILE]
berth_wrapper() {
  local bin=$1 cli=$2 settings=${3:-}
  mkdir -p "$(dirname "$bin")"
  {
    echo '#!/bin/sh'
    echo '# Written by berth'"'"'s scripts (quickstart.sh or install.sh); rewritten on upgrade.'
    if [ -n "$settings" ]; then
      echo "if [ -r '$settings' ]; then set -a; . '$settings'; set +a; fi"
    fi
    echo "exec '$(command -v node)' '$cli' \"\$@\""
  } >"$bin.tmp"
  chmod 0755 "$bin.tmp"
  mv -f "$bin.tmp" "$bin"
}
