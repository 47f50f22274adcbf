#!/usr/bin/env bash
# Gives a deploy job kubectl on its stack's EKS cluster, for the steps that follow the blue-green releases
# (promote-rollouts.sh): installs the pinned kubectl when the runner has none (checked against the release's own
# SHA-256), writes a kubeconfig for the stack's cluster under RUNNER_TEMP and exports it to the next steps.
# Needs the job's AWS credentials and a logged-in Pulumi (for the stack's clusterName output).
#
# Usage: tools/delivery/use-cluster.sh PULUMI_STACK
set -euo pipefail

stack="${1:?usage: use-cluster.sh PULUMI_STACK}"
kubectl_version=v1.33.5 # the clusters' minor version (pulumi/components/cluster.ts)
work="${RUNNER_TEMP:?RUNNER_TEMP is set by GitHub Actions}"

if ! command -v kubectl >/dev/null; then
  url="https://dl.k8s.io/release/$kubectl_version/bin/linux/amd64/kubectl"
  curl -fsSLo "$work/kubectl" "$url"
  echo "$(curl -fsSL "$url.sha256")  $work/kubectl" | sha256sum --check
  chmod +x "$work/kubectl"
  echo "$work" >>"${GITHUB_PATH:?}"
fi
aws eks update-kubeconfig --name "$(pulumi stack output clusterName --stack "$stack")" --kubeconfig "$work/kubeconfig"
echo "KUBECONFIG=$work/kubeconfig" >>"${GITHUB_ENV:?}"
