#!/usr/bin/env bash
# System packages Keel's test suite needs on Debian/Ubuntu (run as root or with sudo):
#   redis-server             real Redis for the plain-Redis store, capability detection, outbox replay
#   chromium                 Playwright drives the system Chromium against the browser preview
#   libsecret-1-dev          keytar builds from source when its prebuilt binary cannot be downloaded
#   dbus, dbus-x11, gnome-keyring   a real Secret Service for the keytar tests (dbus-run-session),
#                            and a private session bus for the Do Not Disturb test
#   pulseaudio, pulseaudio-utils    a real sound server and recorder for the microphone-in-use test
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends \
  redis-server chromium libsecret-1-dev dbus dbus-x11 gnome-keyring ca-certificates \
  pulseaudio pulseaudio-utils
