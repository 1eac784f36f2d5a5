#!/usr/bin/env bash
# Installs what meshcall's commands need on a fresh Debian machine with Node 20: Debian's chromium (browser
# tests), prosody (the local XMPP server) and iproute2 (loopback-only test namespaces), the pinned pnpm, and the
# workspace dependencies from the lockfile. Safe to run again: it only installs what is missing.
# Extra Debian packages may be named as arguments (the test command adds ejabberd, for the interop tests, and
# coturn, for the relay-only call test).
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=12.4.2
missing=()
[ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] || missing+=(chromium) # where scripts/chromium.mjs launches it
command -v prosody >/dev/null 2>&1 || missing+=(prosody)
command -v ip >/dev/null 2>&1 || missing+=(iproute2)
for extra in "$@"; do
  dpkg-query -W -f='${Status}' "$extra" 2>/dev/null | grep -q 'install ok installed' || missing+=("$extra")
done
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "[bootstrap] installing Debian packages: ${missing[*]}"
    # Keep the packaged services (prosody, ejabberd) from starting on all interfaces: meshcall runs its own
    # instances on 127.0.0.1. A temporary policy-rc.d denies service starts during this install only.
    policy=""
    if [ ! -e /usr/sbin/policy-rc.d ]; then
      policy=/usr/sbin/policy-rc.d
      printf '#!/bin/sh\nexit 101\n' > "$policy" && chmod +x "$policy"
      trap 'rm -f "$policy"' EXIT
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    if [ -n "$policy" ]; then rm -f "$policy"; trap - EXIT; fi
  else
    echo "[bootstrap] missing: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm -v 2>/dev/null)" != "$PNPM_VERSION" ]; then
  echo "[bootstrap] installing pnpm $PNPM_VERSION"
  if [ -w "$(npm prefix -g)/lib" ] || [ "$(id -u)" = 0 ]; then
    npm install -g -E --silent "pnpm@$PNPM_VERSION" >/dev/null
  else
    npm install -g -E --silent --prefix "$HOME/.local" "pnpm@$PNPM_VERSION" >/dev/null
    export PATH="$HOME/.local/bin:$PATH"
  fi
fi

if [ ! -d node_modules ] || [ pnpm-lock.yaml -nt node_modules/.pnpm/lock.yaml ]; then
  echo "[bootstrap] installing dependencies (pnpm install --frozen-lockfile)"
  CI=true pnpm install --frozen-lockfile
fi
