#!/usr/bin/env bash
# The full chart check for CI (GitHub Actions), where helm and kubeconform are installed:
#   1. vendor the library chart into every chart;
#   2. helm lint --strict every chart, with its defaults and with the staging and prod values;
#   3. helm template every chart with the staging and prod values, piped to kubeconform -strict (Kubernetes
#      schemas plus the CRD catalog for ServiceMonitor and MongoDBCommunity);
#   4. the same for the on-demand restore Job of the mongodb chart.
# The staging and prod renders add helm/ci/*-stack-overrides.yaml: placeholders for the values only the
# Pulumi program knows (digests, ARNs, CIDRs), in exactly the keys it sets.
#
#   helm/check.sh        env: KUBE_VERSION (default 1.32.0), CRD_SCHEMA_LOCATION (kubeconform template)
set -euo pipefail

helm_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kube_version="${KUBE_VERSION:-1.32.0}"
crd_schemas="${CRD_SCHEMA_LOCATION:-https://raw.githubusercontent.com/datreeio/CRDs-catalog/main/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json}"
namespace=ecommerce
charts=(product-service user-service cart-service order-service mongodb)

for tool in helm kubeconform; do
  command -v "$tool" > /dev/null || { echo "check.sh needs $tool on the PATH" >&2; exit 1; }
done

overrides_for() {
  if [ "$1" = mongodb ]; then echo "$helm_dir/ci/mongodb-stack-overrides.yaml"; else echo "$helm_dir/ci/service-stack-overrides.yaml"; fi
}

validate() {
  kubeconform -strict -summary -kubernetes-version "$kube_version" \
    -schema-location default -schema-location "$crd_schemas"
}

bash "$helm_dir/vendor-common.sh"

echo "== helm lint common"
helm lint --strict "$helm_dir/common"

for chart in "${charts[@]}"; do
  dir="$helm_dir/$chart"
  overrides="$(overrides_for "$chart")"
  echo "== $chart: lint with default values"
  helm lint --strict --kube-version "$kube_version" --namespace "$namespace" "$dir"
  for stack in staging prod; do
    echo "== $chart: lint and kubeconform with $stack values"
    helm lint --strict --kube-version "$kube_version" --namespace "$namespace" "$dir" \
      --values "$dir/values-$stack.yaml" --values "$overrides"
    helm template "$chart" "$dir" --kube-version "$kube_version" --namespace "$namespace" \
      --values "$dir/values-$stack.yaml" --values "$overrides" | validate
  done
done

echo "== mongodb: restore job (prod values)"
helm template mongodb "$helm_dir/mongodb" --kube-version "$kube_version" --namespace "$namespace" \
  --values "$helm_dir/mongodb/values-prod.yaml" --values "$(overrides_for mongodb)" \
  --set restore.enabled=true --set-string restore.backupKey=mongodb/2025-01-31T021500Z \
  --show-only templates/restore-job.yaml | validate

echo "All charts passed helm lint --strict and kubeconform -strict."
