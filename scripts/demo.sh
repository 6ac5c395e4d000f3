#!/usr/bin/env bash
# demo.sh — runs the bundled notebooks on this kernel and says where the executed copies are.
set -euo pipefail
py=$1
here=$(cd "$(dirname "$0")/.." && pwd)
cd "$here"
notebooks=()
for nb in notebooks/Stream-Tweets-To-Kafka.ipynb notebooks/Spark-Streaming-From-Kafka-with-DStreams.ipynb \
          notebooks/DStream-Concepts.ipynb notebooks/Structured-Streaming-Kafka.ipynb notebooks/Scala-Basics.ipynb; do
  [ -f "$nb" ] && notebooks+=("$nb")
done
"$py" scripts/run-notebooks.py --outdir notebooks/out "${notebooks[@]}"
echo
echo "The executed notebooks are in $here/notebooks/out/:"
for nb in "${notebooks[@]}"; do echo "  $here/notebooks/out/$(basename "$nb")"; done
echo "Open them with: make lab   (JupyterLab on 127.0.0.1 with this kernel)"
