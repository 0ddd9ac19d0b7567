#!/usr/bin/env bash
# Install the Debian packages the course needs, only if they are missing:
#   chromium       - browser tests and printing PDFs (never a downloaded browser)
#   fonts-noto-cjk - Chinese characters in figures and PDFs
#
# Silent when everything is installed (asked of dpkg, not guessed from other commands).
# Without root (or sudo) it says what is missing and what still works, and exits 0: building
# the site needs neither package, so 'make book' must not fail for lack of root.
# If another apt/dpkg holds the package lock (unattended upgrades on a fresh machine), it
# waits up to SYSTEM_DEPS_LOCK_WAIT seconds (default 300), saying so every 15 seconds.
set -euo pipefail

PACKAGES=(chromium fonts-noto-cjk)
LOCK_WAIT="${SYSTEM_DEPS_LOCK_WAIT:-300}"
LOCK_FILES=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock)

installed() {
  # dpkg-query prints "install ok installed" only for a fully installed package.
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" = "install ok installed" ]
}

need=()
for pkg in "${PACKAGES[@]}"; do
  installed "$pkg" || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    SUDO=(sudo -n)
  else
    echo "system-deps: need root (or sudo) to apt-get install ${need[*]}; skipped." \
      "Building the site works without them; browser tests and PDFs need chromium," \
      "Chinese in figures needs fonts-noto-cjk." >&2
    exit 0
  fi
fi

lock_holder() {
  # Prints the holder's pid if a dpkg/apt lock is taken (fuser is in psmisc; if it is missing
  # we rely on apt-get's own lock timeout below).
  command -v fuser >/dev/null 2>&1 || return 1
  "${SUDO[@]}" fuser "${LOCK_FILES[@]}" 2>/dev/null | tr -s ' ' | sed 's/^ //'
}

waited=0
while holder="$(lock_holder)" && [ -n "$holder" ]; do
  if [ "$waited" -ge "$LOCK_WAIT" ]; then
    echo "system-deps: the package lock is still held (pid $holder) after ${LOCK_WAIT}s;" \
      "try again when it is free: make setup" >&2
    exit 1
  fi
  if [ $((waited % 15)) -eq 0 ]; then
    echo "system-deps: waiting for another package manager (pid $holder) to finish" \
      "(${waited}s of at most ${LOCK_WAIT}s)..."
  fi
  sleep 1
  waited=$((waited + 1))
done

echo "system-deps: installing Debian packages: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
# apt-get waits for a lock taken in the meantime, for what remains of the wait.
APT=("${SUDO[@]}" apt-get -q -o "DPkg::Lock::Timeout=$((LOCK_WAIT - waited > 15 ? LOCK_WAIT - waited : 15))")
"${APT[@]}" update -qq
"${APT[@]}" install -y -qq --no-install-recommends "${need[@]}" fontconfig >/dev/null
