#!/usr/bin/env bash
# Copies the library chart into charts/common of every chart that depends on it, which is what
# `helm dependency build` would do for the file://../common dependency, but without needing helm or a
# repository. Run it after a clone (and after changing helm/common) before `helm install`, `helm lint` or
# `pulumi up`; the copies are git-ignored so the library has a single source.
#
#   helm/vendor-common.sh [HELM_DIR]     (HELM_DIR defaults to the folder of this script)
set -euo pipefail

helm_dir="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)"
library="$helm_dir/common"
[ -f "$library/Chart.yaml" ] || { echo "vendor-common.sh: no library chart at $library" >&2; exit 1; }

vendored=0
for chart_yaml in "$helm_dir"/*/Chart.yaml; do
  chart_dir="$(dirname "$chart_yaml")"
  [ "$chart_dir" = "$library" ] && continue
  grep -q 'repository: file://../common' "$chart_yaml" || continue
  rm -rf "$chart_dir/charts/common"
  mkdir -p "$chart_dir/charts"
  cp -R "$library" "$chart_dir/charts/common"
  vendored=$((vendored + 1))
  echo "vendored common into $(basename "$chart_dir")/charts/common"
done
[ "$vendored" -gt 0 ] || { echo "vendor-common.sh: no chart depends on common" >&2; exit 1; }
