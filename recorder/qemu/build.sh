#!/usr/bin/env bash
# Builds the recorder's QEMU: Debian 12's QEMU 7.2 source (the same version as bookworm's qemu-system-x86, with
# Debian's patches) plus this directory's patches (series, in order), x86_64-softmmu only, TCG with plugins.
#
#   recorder/qemu/build.sh [-j N]
#
# Out: recorder/build/qemu/build/qemu-system-x86_64 (run in place; firmware comes from Debian's
# qemu-system-data and seabios, /usr/share/qemu). recorder/migrate.sh --qemu patched uses it.
# Needs a deb-src line for bookworm (added as /etc/apt/sources.list.d/bookworm-src.sources if missing) and
# installs the build dependencies with apt-get. Re-running after a patch changed reverses the patches that
# were applied, applies the new ones and rebuilds only what they touch. Nothing here is committed:
# recorder/build/ is git-ignored.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
top="$(cd "$here/../.." && pwd)"
version="1:7.2+dfsg-7+deb12u18"   # bookworm's qemu-system-x86 7.2.22 (1:7.2+dfsg-7+deb12u18+b3), as in the records
jobs=2
while [ $# -gt 0 ]; do
  case "$1" in
    -j) jobs="$2"; shift 2 ;;
    *) echo "build.sh: unknown option $1 (accepted: -j N)" >&2; exit 2 ;;
  esac
done

dest="$top/recorder/build/qemu"
src="$dest/src"
bld="$dest/build"
mkdir -p "$dest"

need=()
for p in dpkg-dev build-essential ninja-build meson pkg-config libglib2.0-dev libpixman-1-dev zlib1g-dev libfdt-dev flex bison \
         python3 xz-utils qemu-system-data seabios ipxe-qemu; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ ! -d "$src" ]; then
  if ! apt-cache showsrc qemu 2>/dev/null | grep -q "^Version: ${version#*:}\|^Version: $version"; then
    cat > /etc/apt/sources.list.d/bookworm-src.sources <<SRC
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
SRC
    apt-get update -qq
  fi
  (cd "$dest" && apt-get source --download-only "qemu=$version" >/dev/null 2>&1)
  (cd "$dest" && dpkg-source -x qemu_*.dsc "$src" >/dev/null)   # applies Debian's own patches
fi

# This directory's patches: reverse the applied ones that changed or left the series, apply the rest in order.
applied="$src/.migreplay-applied"
mkdir -p "$applied"
mapfile -t series < <(grep -v '^\s*#' "$here/series" | sed '/^\s*$/d')
mapfile -t have < <(ls "$applied" 2>/dev/null | sort -r)
for p in "${have[@]}"; do
  name="${p#*-}"
  if ! cmp -s "$applied/$p" "$here/$name"; then
    # reverse this one and every later one (they may depend on it)
    for q in $(ls "$applied" | sort -r); do
      [[ "$q" < "$p" ]] && break
      echo "build.sh: reversing $q" >&2
      patch -d "$src" -p1 -R -s < "$applied/$q"
      rm "$applied/$q"
    done
  fi
done
n=0
for name in "${series[@]}"; do
  n=$((n + 1))
  tag="$(printf '%02d' "$n")-$name"
  [ -f "$applied/$tag" ] && continue
  echo "build.sh: applying $name" >&2
  patch -d "$src" -p1 -s --no-backup-if-mismatch < "$here/$name"
  cp "$here/$name" "$applied/$tag"
done

if [ ! -f "$bld/build.ninja" ]; then
  rm -rf "$bld" && mkdir -p "$bld"
  (cd "$bld" && "$src/configure" --target-list=x86_64-softmmu --enable-plugins --disable-docs --disable-werror \
      --disable-kvm --disable-xen --disable-user --without-default-features --enable-tcg \
      --firmwarepath=/usr/share/qemu:/usr/share/seabios:/usr/lib/ipxe/qemu \
      --extra-cflags=-g0 > configure.log)
fi
nice -n 10 ninja -C "$bld" -j "$jobs" qemu-system-x86_64
"$bld/qemu-system-x86_64" --version | head -n 1
