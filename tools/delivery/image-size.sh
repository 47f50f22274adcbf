#!/usr/bin/env bash
# Fails when an image is larger than the budget. The budget applies to the compressed size: what ECR stores and
# what a node pulls. The uncompressed size is printed too; the Node 24 binary alone is ~121 MB of it
# (see docs/operations/images.md, "Size budget").
# Usage: tools/delivery/image-size.sh IMAGE [LIMIT_MB]
set -euo pipefail

image="${1:?usage: image-size.sh IMAGE [LIMIT_MB]}"
limit_mb="${2:-150}"

uncompressed=$(docker image inspect --format '{{.Size}}' "$image")
compressed=$(docker save "$image" | gzip -6 | wc -c)
to_mb() { awk -v bytes="$1" 'BEGIN { printf "%.1f", bytes / 1048576 }'; }

echo "$image: $(to_mb "$compressed") MB compressed, $(to_mb "$uncompressed") MB uncompressed (budget ${limit_mb} MB compressed)"
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
  echo "| \`$image\` | $(to_mb "$compressed") MB | $(to_mb "$uncompressed") MB | ${limit_mb} MB |" >>"$GITHUB_STEP_SUMMARY"
fi
if [ "$compressed" -gt $((limit_mb * 1048576)) ]; then
  echo "::error::$image is $(to_mb "$compressed") MB compressed, over the ${limit_mb} MB budget"
  exit 1
fi
