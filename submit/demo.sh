#!/usr/bin/env bash
# The bundled demo: 300 real Fashion-MNIST test images against three Gaussian-in-PCA-space
# generators (4, 16, 64 components) and 300 held-out real images, scored with the small CNN of
# conf/models/fmnist-cnn.conf in Spark local mode. Results go to ./ascore-out (run id "demo").
# Extra arguments are passed to `ascore score` (e.g. --conf ascore.vulnerability.direction=ascent).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
exec submit/ascore score \
  --real src/demo/real \
  --generated pca-4=src/demo/generated/pca-4 \
  --generated pca-16=src/demo/generated/pca-16 \
  --generated pca-64=src/demo/generated/pca-64 \
  --generated heldout-real=src/demo/heldout-real \
  --model conf/models/fmnist-cnn.conf \
  --out ascore-out \
  --run-id demo \
  "$@"
