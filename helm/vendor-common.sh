#!/usr/bin/env bash
# Packs the library chart into charts/common-<version>.tgz of every chart that depends on it: the same file
# `helm dependency update` writes for the file://../common dependency (which the Pulumi releases run with
# dependencyUpdate), so the two never leave two copies side by side. Any other copy is removed first: with
# both a charts/common/ folder and a .tgz, Helm loads whichever it reads first. Needs only bash and tar.
# Run it after a clone (and after changing helm/common) before `helm install`, `helm lint` or `helm template`;
# the copies and Chart.lock are git-ignored so the library has a single source.
#
#   helm/vendor-common.sh [HELM_DIR]     (HELM_DIR defaults to the folder of this script)
set -euo pipefail

helm_dir="$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")}" && pwd)"
library="$helm_dir/common"
[ -f "$library/Chart.yaml" ] || { echo "vendor-common.sh: no library chart at $library" >&2; exit 1; }
version="$(sed -n 's/^version:[[:space:]]*//p' "$library/Chart.yaml" | tr -d "\"'")"
[ -n "$version" ] || { echo "vendor-common.sh: no version in $library/Chart.yaml" >&2; exit 1; }

vendored=0
for chart_yaml in "$helm_dir"/*/Chart.yaml; do
  chart_dir="$(dirname "$chart_yaml")"
  [ "$chart_dir" = "$library" ] && continue
  grep -q 'repository: file://../common' "$chart_yaml" || continue
  rm -rf "$chart_dir/charts/common" "$chart_dir"/charts/common-*.tgz
  mkdir -p "$chart_dir/charts"
  tar -czf "$chart_dir/charts/common-$version.tgz" -C "$helm_dir" --exclude=common/charts common
  vendored=$((vendored + 1))
  echo "vendored common $version into $(basename "$chart_dir")/charts/common-$version.tgz"
done
[ "$vendored" -gt 0 ] || { echo "vendor-common.sh: no chart depends on common" >&2; exit 1; }
