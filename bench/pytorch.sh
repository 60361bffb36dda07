#!/usr/bin/env bash
# Runs `cram bench` with the PyTorch peer side by side. Installs Debian's python3-torch (CPU, about 600 MB)
# if it is missing; not part of CI. Usage: bench/pytorch.sh [--models a,b] [--reps N]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
if ! python3 -c "import torch" 2>/dev/null && ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >&2
  else
    echo "python3-torch is missing: sudo apt-get install python3-torch" >&2
    exit 1
  fi
fi
# Debian's torch lives in the system python; make `python3` resolve to it for the bench.
export PATH="/usr/bin:$PATH"
exec ./cram bench "$@"
