#!/usr/bin/env bash
# Installs what Cairn needs on a Debian machine: the X tools it records through (and tests with),
# then the npm packages from the lockfile. Safe to run again; installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

# Xvfb, a window manager and xdotool for the real-input tests; ImageMagick (`import`) and xrandr for
# screenshot-desktop; x11-utils for xprop/xdpyinfo; xterm as the apps the tests record; Chromium
# for the browser end-to-end tests (Playwright drives Debian's build: it cannot download its own).
# faketime (libfaketime): the recorder's wall clock is made to jump by tests/reliability/recorder-clock.test.ts.
# gnome-keyring on a private D-Bus bus (dbus-daemon, dbus-bin): the real Secret Service that holds an
# encrypted store's key in tests/reliability/store-encryption.test.ts.
# mousepad: the GTK editor the real-app recorder tests type into (retitles, its own menus).
# The in-process window capture (native/x-window-capture) is built against XCB and its Composite,
# MIT-SHM and SHAPE headers. The frame tests also record a dunst notification (notify-send from
# libnotify-bin); `npm run bench -- frames` compares against `xwd -root` (x11-apps).
# x11proto-dev: X.Org's keysym headers, which tests/unit/x11-keysyms.test.ts checks the stored keysym
# table against (npm run keysyms writes it from them); setxkbmap and xmodmap (x11-xserver-utils)
# switch layouts in tests/xvfb/other-layouts.test.ts.
# postgresql: the team service's database (`cairn server`); tests/server/ start a throwaway cluster
# of their own with its initdb and pg_ctl (tests/helpers/postgres.ts), as the `postgres` user when root.
# firefox-esr: Debian's Firefox, which runs Cairn's extension as a temporary add-on in
# tests/xvfb/firefox-site-consent.test.ts (per-site consent, private windows, a restart without it).
# at-spi2-core: the accessibility bus (its launcher and registry) through which a recording reads the
# element acted on and tells password fields (src/capture/atspi/); libatk-bridge2.0-0 is what exposes a
# GTK app's or Chromium's tree on it (both depend on it; named so that it is never left out). The
# element tests start both on a private session bus (tests/helpers/accessibility-bus.ts).
# libx11-dev libxtst-dev libxrandr-dev libxt-dev: the headers native/x-input-hook builds libuiohook's X11
# hook (XRecord) against, the recorder's input source that calls JavaScript once per batch of events.
PACKAGES=(xvfb xdotool imagemagick x11-utils x11-xserver-utils x11proto-dev openbox xterm wmctrl chromium faketime gnome-keyring dbus-daemon dbus-bin mousepad
  libxcb1-dev libxcb-composite0-dev libxcb-shm0-dev libxcb-shape0-dev libxcb-damage0-dev libx11-dev libxtst-dev libxrandr-dev libxt-dev dunst libnotify-bin x11-apps postgresql firefox-esr at-spi2-core libatk-bridge2.0-0)
missing=()
for p in "${PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "Installing Debian packages: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

npm ci --no-audit --no-fund
