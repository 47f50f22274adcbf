#!/usr/bin/env bash
# The release version of the images a CD run publishes (docs/operations/images.md#release-versions):
# MAJOR.MINOR from the root package.json, which people bump in a pull request (its patch stays 0), and PATCH =
# the run number of cd.yml (GITHUB_RUN_NUMBER: unique per run, increasing, unchanged on a re-run of that run).
# Prints GITHUB_OUTPUT lines:
#   version=0.1.57          the tag pushed to ECR beside the commit tag, once, never moved (tags are immutable)
#   label=0.1.57+abc1234    org.opencontainers.image.version (semver build metadata: the short commit)
# With --unreleased (pull request builds, never pushed) there is no version, and the label says it is a CI build:
#   version=
#   label=0.1.0-ci.57+abc1234
#
#   tools/delivery/release-version.sh [--unreleased] [PACKAGE_JSON]     (default ./package.json)
set -euo pipefail

unreleased=false
if [ "${1:-}" = --unreleased ]; then
  unreleased=true
  shift
fi
package_json="${1:-package.json}"
run_number="${GITHUB_RUN_NUMBER:?GITHUB_RUN_NUMBER is not set: the CD run number is the patch}"
commit="${GITHUB_SHA:?GITHUB_SHA is not set}"

fail() {
  echo "release-version.sh: $*" >&2
  exit 1
}

[ -f "$package_json" ] || fail "$package_json not found"
package_version="$(node -p 'require(require("path").resolve(process.argv[1])).version ?? ""' "$package_json")"
if [[ ! "$package_version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.0$ ]]; then
  fail "the version in $package_json is \"$package_version\"; it must be MAJOR.MINOR.0 (the patch is the CD run number)"
fi
major_minor="${BASH_REMATCH[1]}.${BASH_REMATCH[2]}"
[[ "$run_number" =~ ^[1-9][0-9]*$ ]] || fail "GITHUB_RUN_NUMBER \"$run_number\" is not a run number"
[[ "$commit" =~ ^[0-9a-f]{7,40}$ ]] || fail "GITHUB_SHA \"$commit\" is not a commit"

if [ "$unreleased" = true ]; then
  echo "version="
  echo "label=$major_minor.0-ci.$run_number+${commit:0:7}"
else
  echo "version=$major_minor.$run_number"
  echo "label=$major_minor.$run_number+${commit:0:7}"
fi
