#!/bin/sh
# Restore, S3 side. Streams the chosen archive into the FIFO that mongorestore reads, after checking that
# the backup was marked complete.
set -eu

# The FIFO's folder, shared by the pod's two containers (an emptyDir); settable for tests.
stream="${STREAM_DIR:-/stream}"

source="s3://$S3_BUCKET/$BACKUP_KEY"

# Open the write end first (it waits for mongorestore): if anything below fails, closing it ends
# mongorestore's input instead of leaving it waiting.
exec 3> "$stream/archive.fifo"

if ! aws s3 ls "$source/COMPLETE" > /dev/null; then
  echo "$source has no COMPLETE marker: it is not a finished backup" >&2
  exit 1
fi
aws s3 cp "$source/mongodump.archive.gz" - --only-show-errors >&3
echo "streamed $source/mongodump.archive.gz"
