#!/usr/bin/env bash
# The e2e tests drive Debian's Chromium; install it when the machine does not have it yet.
set -euo pipefail
if [ ! -x /usr/bin/chromium ]; then
  echo "[e2e] /usr/bin/chromium missing: installing Debian's chromium"
  SUDO=""
  if [ "$(id -u)" != "0" ] && command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium
fi
