#!/usr/bin/env bash
# Fetches the Amazon fine-food reviews `small_fine_foods` (4,000 training and 1,000 test reviews) shipped in
# Debian's r-cran-modeldata package (MIT licence), without installing R or the package:
#   apt-get download r-cran-modeldata   (the .deb only, into a temporary folder)
#   dpkg-deb -x PACKAGE.deb DIR         (unpacks its files under DIR, nothing is registered with dpkg)
#
# Usage: scripts/fetch-fine-foods.sh [DIR]
#   DIR defaults to ${XDG_CACHE_HOME:-$HOME/.cache}/cram/r-cran-modeldata, where the Java reader
#   (org.cram.experiments.data.FineFoods.defaultDir()) looks by default; it needs no root, but a root run
#   refreshes stale package lists (apt-get update) when the first download fails.
# The data ends up in DIR/usr/lib/R/site-library/modeldata/data/Rdata.rdx and Rdata.rdb.
# Idempotent: does nothing when DIR already holds a complete extraction. Prints DIR on standard output;
# progress and errors go to standard error. Exits non-zero, saying why, when the package cannot be had.
set -euo pipefail

package=r-cran-modeldata
home="${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}"
cache="${XDG_CACHE_HOME:-$home/.cache}"
dir="${1:-$cache/cram/$package}"
data="$dir/usr/lib/R/site-library/modeldata/data"
marker="$dir/.$package.extracted"

if [ -f "$marker" ] && [ -s "$data/Rdata.rdx" ] && [ -s "$data/Rdata.rdb" ]; then
  echo "$dir"
  exit 0
fi

for tool in apt-get dpkg-deb; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "fetch-fine-foods: '$tool' not found; this script needs a Debian-based system (apt-get, dpkg-deb)." >&2
    exit 1
  fi
done

mkdir -p "$dir"
download="$(mktemp -d "${TMPDIR:-/tmp}/fetch-fine-foods.XXXXXX")"
trap 'rm -rf -- "$download"' EXIT

fetch() {
  # apt-get download writes PACKAGE_VERSION_ARCH.deb into the current folder. The _apt sandbox user may not be
  # able to write into a root-owned temporary folder; apt then falls back to downloading as root, with a notice.
  (cd "$download" && apt-get download -q "$package" >&2)
}

echo "fetch-fine-foods: downloading $package with apt-get download..." >&2
if ! fetch; then
  if [ "$(id -u)" = 0 ]; then
    echo "fetch-fine-foods: download failed; refreshing the package lists (apt-get update) and retrying..." >&2
    apt-get update -qq >&2
    fetch
  else
    echo "fetch-fine-foods: 'apt-get download $package' failed. Run 'sudo apt-get update' and try again." >&2
    exit 1
  fi
fi

deb="$(find "$download" -maxdepth 1 -name "${package}_*.deb" -print -quit)"
if [ -z "$deb" ]; then
  echo "fetch-fine-foods: apt-get download reported success but left no ${package}_*.deb in $download" >&2
  exit 1
fi

echo "fetch-fine-foods: extracting $(basename "$deb") into $dir" >&2
dpkg-deb -x "$deb" "$dir"
if [ ! -s "$data/Rdata.rdx" ] || [ ! -s "$data/Rdata.rdb" ]; then
  echo "fetch-fine-foods: $(basename "$deb") has no R lazy-load data at $data (Rdata.rdx, Rdata.rdb)" >&2
  exit 1
fi
dpkg-deb -f "$deb" Version >"$marker"
echo "$dir"
