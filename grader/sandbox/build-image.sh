#!/usr/bin/env bash
# Builds the grading sandbox image (Debian bookworm, CPython 3.11, aiohttp, aiofiles) unless an
# image built from the same recipe already exists. The tag is a hash of the recipe, so a changed
# recipe means a new image. Prints the image tag on the last line of stdout.
#
#   SANDBOX_BUILD=auto        debootstrap when available (works offline), else the Dockerfile
#   SANDBOX_BUILD=debootstrap only the offline path
#   SANDBOX_BUILD=dockerfile  only `docker build` (needs a registry)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="${SANDBOX_REPO:-asyncio-sandbox}"
hash="$(cat "$here/Dockerfile" "$here/packages.txt" "$here/build-image.sh" | sha256sum | cut -c1-12)"
tag="$repo:$hash"
log() { echo "[sandbox-image] $*" >&2; }

if docker image inspect "$tag" >/dev/null 2>&1; then
  log "image $tag is present"
  echo "$tag"; exit 0
fi

# The mirror comes from this machine's own apt configuration.
debian_mirror() {
  local uri
  uri="$(grep -hoE '^(URIs:|deb) *(\[[^]]*\] *)?https?://[^ ]+' \
          /etc/apt/sources.list /etc/apt/sources.list.d/*.sources 2>/dev/null \
        | grep -oE 'https?://[^ ]+' | grep -v -- '-security' | grep -E '/debian/?$' | head -n1 || true)"
  [ -n "$uri" ] || { log "no Debian mirror found in /etc/apt sources"; return 1; }
  echo "$uri"
}

build_debootstrap() {
  command -v debootstrap >/dev/null || {
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      log "installing debootstrap (apt-get install -y debootstrap)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2 \
        || apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q debootstrap >&2
    else
      log "debootstrap is missing: install it with 'apt-get install -y debootstrap' (as root)"; return 1
    fi
  }
  local mirror root pkgs
  mirror="$(debian_mirror)"
  root="$(mktemp -d /var/tmp/asyncio-sandbox-root.XXXXXX)"
  trap 'rm -rf "$root"' RETURN
  pkgs="$(paste -sd, "$here/packages.txt")"
  log "debootstrap bookworm with $pkgs (about a minute)"
  debootstrap --variant=minbase --include="$pkgs" bookworm "$root" "$mirror" \
    >/tmp/asyncio-sandbox-debootstrap.log 2>&1 \
    || { log "debootstrap failed: see /tmp/asyncio-sandbox-debootstrap.log"; return 1; }
  rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  log "docker import as $tag"
  tar -C "$root" -c . | docker import --change 'USER 65534:65534' --change 'WORKDIR /tmp' - "$tag" >/dev/null
}

build_dockerfile() {
  log "docker build from grader/sandbox/Dockerfile"
  docker build -q -t "$tag" "$here" >&2
}

case "${SANDBOX_BUILD:-auto}" in
  debootstrap) build_debootstrap ;;
  dockerfile) build_dockerfile ;;
  auto) if command -v debootstrap >/dev/null || [ "$(id -u)" = 0 ]; then build_debootstrap; else build_dockerfile; fi ;;
  *) log "SANDBOX_BUILD must be auto, debootstrap or dockerfile"; exit 2 ;;
esac
docker run --rm --network none "$tag" \
  python3 -c 'import sys, aiohttp, aiofiles; assert sys.version_info[:2] == (3, 11)' \
  || { log "the built image $tag fails its smoke test (python3.11 + aiohttp + aiofiles)"; exit 1; }
log "built $tag"
echo "$tag"
