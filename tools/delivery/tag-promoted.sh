#!/usr/bin/env bash
# Tags every image a stack file runs (and its cosign signature and attestation) `promoted-<digest hex>` in
# its ECR repository, so the repositories' lifecycle policy never expires them (pulumi/registry/lifecycle.ts):
# prod runs digests out of staging's repositories, which expire old builds. Tags are immutable and named
# after the digest, so tagging an image promoted before (a rollback) finds the tag there and moves on.
#
#   tools/delivery/tag-promoted.sh Pulumi.prod.yaml        (needs the AWS CLI with ecr:BatchGetImage, ecr:PutImage)
set -euo pipefail

stack_file="${1:?usage: tag-promoted.sh STACK_FILE}"
lines="$(npx tsx "$(dirname "$0")/promoted-images.ts" "$stack_file")"

# put-image with the manifest the reference already has; "already exists" means it is protected already.
tag_manifest() {
  local repository="$1" image_id="$2" tag="$3" manifest output
  manifest="$(aws ecr batch-get-image --repository-name "$repository" --image-ids "$image_id" \
    --query 'images[0].imageManifest' --output text)"
  if [ -z "$manifest" ] || [ "$manifest" = None ]; then
    echo "  $repository: no manifest for $image_id (nothing to protect)"
    return 0
  fi
  if output="$(aws ecr put-image --repository-name "$repository" --image-tag "$tag" \
    --image-manifest "$manifest" 2>&1)"; then
    echo "  $repository: tagged $tag"
  elif grep -qE 'ImageAlreadyExistsException|ImageTagAlreadyExistsException' <<<"$output"; then
    echo "  $repository: $tag already there"
  else
    echo "$output" >&2
    return 1
  fi
}

while read -r repository digest tag; do
  [ -n "$repository" ] || continue
  echo "protecting $repository@$digest"
  tag_manifest "$repository" "imageDigest=$digest" "$tag"
  for suffix in sig att; do
    tag_manifest "$repository" "imageTag=${digest/:/-}.$suffix" "$tag.$suffix"
  done
done <<<"$lines"
