#!/usr/bin/env bash
# Makes sure the container image tests can run here, installing what is missing
# once (like the servers of scripts/servers/): podman; runc, since
# scripts/podman-env.sh asks for `--runtime runc` and Debian's podman pulls in
# crun instead; and debootstrap for scripts/make-base-image.sh (not needed when
# BASE_IMAGE names a base image). Nothing else: the vfs storage driver, chroot
# build isolation and --network=host need no fuse-overlayfs, slirp4netns,
# passt or uidmap (the tests run podman as root).
#
#   bash scripts/ensure-podman.sh            # installs with apt-get when root
#   bash scripts/ensure-podman.sh --check    # installs nothing
#
# Exit 0 once `podman info` works with our flags. Otherwise exit 1 with one
# line on stderr naming what is missing and the command that installs it.
# ESPQ_CONTAINER_ENGINE=docker only checks that docker works.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/podman-env.sh"
log() { echo "[podman] $*" >&2; }
fail() { echo "[podman] the container image tests cannot run: $*; ESPQ_SKIP_IMAGE_TESTS=1 skips them (never on CI)" >&2; exit 1; }
CHECK_ONLY=0; [ "${1:-}" = --check ] && CHECK_ONLY=1

works() { "${CONTAINER[@]}" info >/dev/null 2>&1; }
if [ "${ESPQ_CONTAINER_ENGINE:-podman}" = docker ]; then
  works || fail "docker does not answer (docker info failed)"
  exit 0
fi

needed() { # the Debian packages whose commands are missing
  command -v podman >/dev/null || echo podman
  command -v runc >/dev/null || echo runc
  [ -n "${BASE_IMAGE:-}" ] || command -v debootstrap >/dev/null || echo debootstrap
}
mapfile -t MISSING < <(needed)

if [ ${#MISSING[@]} -gt 0 ]; then
  hint="apt-get install -y --no-install-recommends ${MISSING[*]}"
  [ "$CHECK_ONLY" = 0 ] || fail "${MISSING[*]} not installed ($hint)"
  [ "$(id -u)" = 0 ] || fail "${MISSING[*]} not installed and this is not root ($hint as root)"
  command -v apt-get >/dev/null || fail "${MISSING[*]} not installed and there is no apt-get (install them with your package manager)"
  export DEBIAN_FRONTEND=noninteractive
  APT=(apt-get -o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
  update() { log "apt-get update ($1)"; "${APT[@]}" update -qq >/dev/null || fail "apt-get update failed"; UPDATED=1; }
  install() { "${APT[@]}" install -y -qq --no-install-recommends "${MISSING[@]}" >"$APT_LOG" 2>&1; }
  UPDATED=0
  # Package lists are missing on a fresh image (or too old to know a package): fetch them first.
  for package in "${MISSING[@]}"; do
    [[ "$(apt-cache policy "$package" 2>/dev/null)" == *"Candidate: "[0-9]* ]] || { update "the package lists do not have $package"; break; }
  done
  started=$(date +%s)
  log "installing ${MISSING[*]} (first run only)"
  APT_LOG=$(mktemp "${TMPDIR:-/tmp}/espq-apt.XXXXXX")
  # Lists that name versions the mirror no longer has fail the download: refresh them once.
  install || { [ "$UPDATED" = 0 ] && update "the install failed with the current lists" && install; } || { tail -n 20 "$APT_LOG" >&2; fail "$hint failed"; }
  rm -f "$APT_LOG"
  log "installed ${MISSING[*]} in $(( $(date +%s) - started ))s"
fi

works || fail "podman is installed but cannot run here: $("${CONTAINER[@]}" info 2>&1 | tail -n 1)"
