#!/usr/bin/env bash
# Commits one stack's config (Pulumi.<stack>.yaml) to main as the github-actions bot and pushes it, rebasing onto
# newer commits if main moved meanwhile. Only stack config files are ever committed by CD, so the rebase cannot
# conflict with people's work; the deploy jobs are serialised per stack, so it cannot conflict with another deploy.
# Usage: tools/delivery/commit-stack-config.sh STACK "commit message"
set -euo pipefail

stack="${1:?usage: commit-stack-config.sh STACK MESSAGE}"
message="${2:?usage: commit-stack-config.sh STACK MESSAGE}"
file="Pulumi.$stack.yaml"

git config user.name 'github-actions[bot]'
git config user.email '41898282+github-actions[bot]@users.noreply.github.com'
if git diff --quiet -- "$file"; then
  echo "$file is unchanged: nothing to commit"
  echo "commit=$(git rev-parse HEAD)" >>"${GITHUB_OUTPUT:-/dev/null}"
  exit 0
fi
git add -- "$file"
git commit --quiet -m "$message"
for attempt in 1 2 3; do
  if git push --quiet origin HEAD:main; then
    echo "committed $file as $(git rev-parse HEAD)"
    echo "commit=$(git rev-parse HEAD)" >>"${GITHUB_OUTPUT:-/dev/null}"
    exit 0
  fi
  echo "push attempt $attempt was rejected; rebasing onto the newest main"
  git pull --quiet --rebase origin main
done
echo "::error::could not push $file to main after 3 attempts"
exit 1
