#!/usr/bin/env bash
# Runs `cram bench` with the PyTorch peer side by side. Installs Debian's python3-torch (CPU, about 600 MB)
# and OpenBLAS if they are missing; not part of CI. Usage: bench/pytorch.sh [cram bench options]
#
# Why OpenBLAS: Debian's torch is built against the generic libblas.so.3, which without an optimized provider is
# the reference BLAS (measured here: 5 GFLOP/s sgemm on 2 threads, against 136 with OpenBLAS). Installing
# libopenblas0-pthread switches the libblas.so.3 alternative to OpenBLAS, the peer a PyTorch user would have.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
packages=()
/usr/bin/python3 -c "import torch" 2>/dev/null || packages+=(python3-torch)
dpkg -s libopenblas0-pthread >/dev/null 2>&1 || packages+=(libopenblas0-pthread)
if [ "${#packages[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${packages[@]}" >&2
  else
    echo "missing for the PyTorch peer: sudo apt-get install ${packages[*]}" >&2
    exit 1
  fi
fi
# Debian's torch lives in the system python; make `python3` resolve to it for the bench.
export PATH="/usr/bin:$PATH"
exec ./cram bench "$@"
