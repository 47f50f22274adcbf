#!/bin/sh
# Backup, S3 side. Uploads the archive as it streams out of the FIFO, then writes a COMPLETE marker only if
# both mongodump and the upload succeeded. A failed attempt's objects are removed, and restores refuse any
# backup without the marker.
set -eu

# The FIFO's folder, shared by the pod's two containers (an emptyDir); settable for tests.
stream="${STREAM_DIR:-/stream}"

target="s3://$S3_BUCKET/$S3_PREFIX/$(date -u +%Y-%m-%dT%H%M%SZ)"

# Opening the read end first means a failing upload breaks mongodump's pipe instead of leaving it waiting.
exec 3< "$stream/archive.fifo"
upload_status=0
aws s3 cp - "$target/mongodump.archive.gz" --only-show-errors <&3 || upload_status=$?
exec 3<&-

waited=0
while [ ! -f "$stream/mongo.status" ] && [ "$waited" -lt 120 ]; do
  sleep 1
  waited=$((waited + 1))
done
mongo_status=$(cat "$stream/mongo.status" 2> /dev/null || echo unknown)

if [ "$upload_status" -eq 0 ] && [ "$mongo_status" = "0" ]; then
  date -u +%Y-%m-%dT%H:%M:%SZ | aws s3 cp - "$target/COMPLETE" --only-show-errors
  echo "backup complete: $target"
  exit 0
fi

aws s3 rm "$target" --recursive --only-show-errors || true
echo "backup failed (mongodump status: $mongo_status, upload status: $upload_status); removed $target" >&2
exit 1
