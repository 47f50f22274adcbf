#!/usr/bin/env bash
# Tags an image CI pushed with its release version (tools/delivery/release-version.sh), on the very manifest its
# digest names, so the commit tag and the version tag are the same bytes. Tags are immutable in ECR
# (pulumi/components/registry.ts): a version is written once and never moved. The tag already on this image (a
# re-run) is fine; the tag on another image is an error, because a version must name one image forever.
# The lifecycle policy counts the image once whatever its tags (pulumi/registry/lifecycle.ts).
#
#   tools/delivery/tag-release.sh REPOSITORY_NAME DIGEST VERSION   (AWS CLI with ecr:BatchGetImage, ecr:PutImage)
set -euo pipefail

usage='usage: tag-release.sh REPOSITORY_NAME sha256:DIGEST MAJOR.MINOR.PATCH'
repository="${1:?$usage}"
digest="${2:?$usage}"
version="${3:?$usage}"
[[ "$digest" =~ ^sha256:[0-9a-f]{64}$ ]] || { echo "tag-release.sh: \"$digest\" is not a digest; $usage" >&2; exit 2; }
[[ "$version" =~ ^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$ ]] ||
  { echo "tag-release.sh: \"$version\" is not MAJOR.MINOR.PATCH; $usage" >&2; exit 2; }

manifest="$(aws ecr batch-get-image --repository-name "$repository" --image-ids "imageDigest=$digest" \
  --query 'images[0].imageManifest' --output text)"
if [ -z "$manifest" ] || [ "$manifest" = None ]; then
  echo "tag-release.sh: $repository has no image $digest" >&2
  exit 1
fi

if output="$(aws ecr put-image --repository-name "$repository" --image-tag "$version" \
  --image-manifest "$manifest" 2>&1)"; then
  echo "$repository: tagged $version ($digest)"
elif grep -q 'ImageAlreadyExistsException' <<<"$output"; then
  echo "$repository: $version already names $digest"
elif grep -q 'ImageTagAlreadyExistsException' <<<"$output"; then
  echo "::error::$repository: $version already names another image, and release versions never move." \
    "Bump MINOR in package.json (docs/operations/images.md#release-versions)." >&2
  exit 1
else
  echo "$output" >&2
  exit 1
fi
