#!/usr/bin/env bash
# install-user.sh — installs the kernelspec for the current user, pointing at this build.
# usage: install-user.sh /abs/path/to/dstream-kernel [python-with-jupyter_core]
set -euo pipefail
kernel=$1; py=${2:-python3}
here=$(cd "$(dirname "$0")/.." && pwd)
datadir=$("$py" -c 'from jupyter_core.paths import jupyter_data_dir; print(jupyter_data_dir())' 2>/dev/null \
          || echo "$HOME/.local/share/jupyter")
dest="$datadir/kernels/dstream"
mkdir -p "$dest"
sed "s|@KERNEL@|$kernel|" "$here/kernelspec/dstream/kernel.json.in" > "$dest/kernel.json"
cp "$here/kernelspec/dstream/logo-32x32.png" "$here/kernelspec/dstream/logo-64x64.png" "$dest/"
echo "installed kernelspec 'dstream' in $dest (kernel: $kernel)"
