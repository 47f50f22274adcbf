#!/usr/bin/env bash
# The prod deploy job's promotion of the blue-green releases (docs/operations/runbooks/blue-green-release.md): once
# `pulumi up` has updated the Rollouts, waits for each new version to pass its pre-promotion analysis, promotes it
# (the job's environment approval is the promotion's), and waits until it serves. A Rollout that aborts (a failed
# analysis: the old version keeps serving) or does not finish in time fails the job, whose rollback step follows.
# Promoting is what `kubectl argo rollouts promote NAME` does for a paused blue-green rollout: clear its pause
# conditions through the status subresource. Only the controller's own pause (BlueGreenPause) is cleared, never a
# pause a person set, and never with --full: the analysis is never skipped.
#
# Usage: tools/delivery/promote-rollouts.sh NAMESPACE TIMEOUT_SECONDS [RUN_URL]
#   RUN_URL is written on each Rollout as ecommerce/run-url, the link its notifications carry.
#   POLL_SECONDS (default 10) is the time between two looks.
set -euo pipefail

namespace="${1:?usage: promote-rollouts.sh NAMESPACE TIMEOUT_SECONDS [RUN_URL]}"
timeout="${2:?usage: promote-rollouts.sh NAMESPACE TIMEOUT_SECONDS [RUN_URL]}"
run_url="${3:-}"
poll="${POLL_SECONDS:-10}"

mapfile -t rollouts < <(kubectl --namespace "$namespace" get rollouts.argoproj.io -o name)
if [ "${#rollouts[@]}" -eq 0 ]; then
  echo "no Rollouts in $namespace: nothing to promote (rollout.enabled is off)"
  exit 0
fi
if [ -n "$run_url" ]; then
  kubectl --namespace "$namespace" annotate --overwrite "${rollouts[@]}" "ecommerce/run-url=$run_url" >/dev/null
fi

declare -A finished promoted
failed=0
deadline=$((SECONDS + timeout))
while :; do
  pending=0
  for rollout in "${rollouts[@]}"; do
    [ -n "${finished[$rollout]:-}" ] && continue
    state="$(kubectl --namespace "$namespace" get "$rollout" -o \
      jsonpath='{.metadata.generation}|{.status.observedGeneration}|{.status.phase}|{.status.pauseConditions[*].reason}|{.status.message}')"
    IFS='|' read -r generation observed phase pauses message <<<"$state"
    if [ "$observed" != "$generation" ]; then
      pending=1 # the controller has not seen the new spec yet
      continue
    fi
    case "$phase" in
      Healthy)
        finished[$rollout]=1
        echo "${rollout#*/}: ${promoted[$rollout]:+promoted, }serving its current version"
        ;;
      Degraded)
        finished[$rollout]=1
        failed=1
        echo "::error::${rollout#*/} aborted, the previous version keeps serving: $message" >&2
        ;;
      Paused)
        if [[ " $pauses " == *" BlueGreenPause "* ]] && [ -z "${promoted[$rollout]:-}" ]; then
          kubectl --namespace "$namespace" patch "$rollout" --subresource=status --type=merge \
            -p '{"status":{"pauseConditions":null}}' >/dev/null
          promoted[$rollout]=1
          echo "${rollout#*/}: analysis passed, promoted"
        elif [[ " $pauses " != *" BlueGreenPause "* ]]; then
          echo "${rollout#*/}: paused by hand ($pauses), not promoted" >&2
        fi
        pending=1
        ;;
      *)
        pending=1 # Progressing: the new version is coming up, or its analysis runs
        ;;
    esac
  done
  [ "$pending" -eq 0 ] && break
  if [ "$SECONDS" -ge "$deadline" ]; then
    for rollout in "${rollouts[@]}"; do
      [ -z "${finished[$rollout]:-}" ] && echo "::error::${rollout#*/} did not finish within ${timeout}s" >&2
    done
    exit 1
  fi
  sleep "$poll"
done
exit "$failed"
