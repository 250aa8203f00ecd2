#!/bin/sh
# The docs test (test/docs) renders the API reference in Debian's Chromium. This installs it once, with apt,
# when /usr/bin/chromium is missing; it does nothing otherwise.
set -eu
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" -eq 0 ]; then SUDO=""; else SUDO="sudo"; fi
echo "installing Debian's chromium for the docs test (apt-get install chromium)"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
