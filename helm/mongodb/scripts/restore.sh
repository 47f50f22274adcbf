#!/usr/bin/env bash
# Restores a MongoDB backup from S3 into the running replica set of a release of helm/mongodb.
# It renders the chart's restore Job with the release's own values (so bucket, IAM role and users match),
# runs it, and waits. Runbook: docs/helm/mongodb-restore.md.
#
#   restore.sh [--namespace database] --list
#   restore.sh [--namespace database] --backup mongodb/2025-01-31T021500Z [--mode databases|full] [--yes]
#              [--from-bucket BUCKET [--from-region REGION]]
#   --from-bucket reads another bucket: another stack's (restore drills) or the replica in the second region
#   (pulumi stack output backupReplicaBucket, with --from-region = backupReplicaRegion) when the first is down.
# The namespace defaults to `database`, where the Pulumi stacks install the release.
#
# Needs: helm, kubectl (pointed at the cluster), and for --list the AWS CLI with read access to the bucket.
set -euo pipefail

chart_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
release=mongodb
namespace=database
backup_key=''
mode=databases
list=false
assume_yes=false
timeout_seconds=7200
from_bucket=''
from_region=''

usage() {
  sed -n '2,13p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
  exit "${1:-0}"
}

while [ $# -gt 0 ]; do
  case "$1" in
    --release) release="$2"; shift 2 ;;
    --namespace) namespace="$2"; shift 2 ;;
    --backup) backup_key="$2"; shift 2 ;;
    --mode) mode="$2"; shift 2 ;;
    --list) list=true; shift ;;
    --yes) assume_yes=true; shift ;;
    --timeout) timeout_seconds="$2"; shift 2 ;;
    --from-bucket) from_bucket="$2"; shift 2 ;;
    --from-region) from_region="$2"; shift 2 ;;
    -h | --help) usage 0 ;;
    *) echo "unknown argument: $1" >&2; usage 2 ;;
  esac
done

# A bucket name is global: another region only ever means another bucket.
[ -z "$from_region" ] || [ -n "$from_bucket" ] || { echo "--from-region needs --from-bucket (the bucket in that region)" >&2; exit 2; }

for tool in helm kubectl; do
  command -v "$tool" > /dev/null || { echo "restore.sh needs $tool on the PATH" >&2; exit 1; }
done

values_file="$(mktemp)"
trap 'rm -f "$values_file"' EXIT
helm get values "$release" --namespace "$namespace" --all --output yaml > "$values_file"

# The bucket and prefix as the backup CronJob really uses them. The CronJob itself carries the component label
# (not only its pods), so the selector finds it.
cronjob_env() {
  kubectl get cronjobs --namespace "$namespace" \
    --selector "app.kubernetes.io/instance=$release,app.kubernetes.io/component=backup" \
    --output "jsonpath={.items[0].spec.jobTemplate.spec.template.spec.containers[?(@.name=='upload')].env[?(@.name=='$1')].value}"
}

if [ "$list" = true ]; then
  command -v aws > /dev/null || { echo "--list needs the AWS CLI" >&2; exit 1; }
  bucket="${from_bucket:-$(cronjob_env S3_BUCKET)}"
  prefix="$(cronjob_env S3_PREFIX)"
  [ -n "$bucket" ] || { echo "no backup CronJob found for release $release in $namespace" >&2; exit 1; }
  echo "Complete backups in s3://$bucket/$prefix/ (newest last):"
  aws s3 ls "s3://$bucket/$prefix/" --recursive ${from_region:+--region "$from_region"} | awk '$4 ~ /\/COMPLETE$/ { sub(/\/COMPLETE$/, "", $4); print "  " $4 }'
  exit 0
fi

[ -n "$backup_key" ] || { echo "--backup is required (see --list)" >&2; usage 2; }
case "$mode" in databases | full) ;; *) echo "--mode must be databases or full" >&2; exit 2 ;; esac

if [ "$assume_yes" != true ]; then
  echo "This drops and restores the ${mode} of release $release in namespace $namespace from $backup_key."
  read -r -p "Type the namespace to go on: " answer
  [ "$answer" = "$namespace" ] || { echo "aborted" >&2; exit 1; }
fi

bash "$chart_dir/../vendor-common.sh" > /dev/null

selector="app.kubernetes.io/instance=$release,app.kubernetes.io/component=restore"
overrides=(--set restore.enabled=true --set-string restore.backupKey="$backup_key" --set restore.mode="$mode")
[ -z "$from_bucket" ] || overrides+=(--set-string backup.s3.bucket="$from_bucket")
# The Job's AWS CLI then talks to S3 (and S3 to the replica's KMS key) in that region.
[ -z "$from_region" ] || overrides+=(--set-string backup.s3.region="$from_region")
kubectl delete jobs --namespace "$namespace" --selector "$selector" --ignore-not-found
helm template "$release" "$chart_dir" --namespace "$namespace" --values "$values_file" "${overrides[@]}" \
  --show-only templates/restore-job.yaml |
  kubectl apply --namespace "$namespace" --filename -

echo "Waiting for the restore job (at most ${timeout_seconds}s)..."
deadline=$((SECONDS + timeout_seconds))
result=''
while [ "$SECONDS" -lt "$deadline" ]; do
  result="$(kubectl get jobs --namespace "$namespace" --selector "$selector" \
    --output 'jsonpath={.items[0].status.succeeded}/{.items[0].status.failed}')"
  case "$result" in 1/*) break ;; */[1-9]*) break ;; esac
  sleep 10
done
kubectl logs --namespace "$namespace" --selector "$selector" --all-containers --prefix --tail=-1 || true

case "$result" in
  1/*) echo "Restore finished. Check the services (helm test each release) before reopening traffic." ;;
  *) echo "Restore did not succeed (succeeded/failed: $result)." >&2; exit 1 ;;
esac
