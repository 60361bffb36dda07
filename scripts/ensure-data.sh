#!/usr/bin/env bash
# Makes sure the Fashion-MNIST files from Debian's dataset-fashion-mnist package are present; installs the
# package when run as root on a Debian machine, and otherwise says exactly what to run.
set -euo pipefail
dir=/usr/share/datasets/fashion-mnist
files=(train-images-idx3-ubyte.gz train-labels-idx1-ubyte.gz t10k-images-idx3-ubyte.gz t10k-labels-idx1-ubyte.gz)
missing=0
for f in "${files[@]}"; do [ -f "$dir/$f" ] || missing=1; done
[ "$missing" = 0 ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Fashion-MNIST (Debian package dataset-fashion-mnist, 31 MB)..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist >&2
  exit 0
fi
cat >&2 <<MSG
Fashion-MNIST is missing from $dir.
Install it with:   sudo apt-get install dataset-fashion-mnist
or point a config at your own copy of the four IDX files with data.dir (or --set data.dir=/path).
MSG
exit 1
