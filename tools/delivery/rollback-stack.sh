#!/usr/bin/env bash
# Automatic rollback after a failed smoke test: CD commits a stack's config only once its smoke test passed, so the
# Pulumi.<stack>.yaml on main always names the last images that were verified there. Re-applying that file with
# `pulumi up` puts those images back. Program changes of the new commit are not undone (see
# docs/operations/promote-and-rollback.md).
# Usage: tools/delivery/rollback-stack.sh STACK   (PULUMI_STACK names the stack in the backend, default STACK)
set -euo pipefail

stack="${1:?usage: rollback-stack.sh STACK}"
file="Pulumi.$stack.yaml"

git fetch --quiet origin main
git checkout origin/main -- "$file"
echo "restored $file from main ($(git rev-parse --short origin/main)); re-applying it"
pulumi up --stack "${PULUMI_STACK:-$stack}" --yes --non-interactive --skip-preview --suppress-progress
