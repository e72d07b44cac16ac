#!/usr/bin/env bash
# System packages Keel's test suite needs on Debian/Ubuntu. Run it as root or as a user with sudo:
# it re-runs itself through sudo when it is not root, so the README's command needs no prefix.
#   redis-server             real Redis for the plain-Redis store, capability detection, outbox replay
#   chromium                 Playwright drives the system Chromium against the browser preview
#   libsecret-1-dev          keytar builds from source when its prebuilt binary cannot be downloaded
#   dbus, dbus-x11, gnome-keyring   a real Secret Service for the keytar tests (dbus-run-session),
#                            and a private session bus for the Do Not Disturb test
#   pulseaudio, pulseaudio-utils    a real sound server and recorder for the microphone-in-use test
set -euo pipefail
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -- "$0" "$@"
  fi
  echo "install-test-deps: this installs Debian packages, so it needs root; sudo is not installed." >&2
  echo "Run it as root (for example: su -c $0), or install sudo first." >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  redis-server chromium libsecret-1-dev dbus dbus-x11 gnome-keyring ca-certificates \
  pulseaudio pulseaudio-utils
