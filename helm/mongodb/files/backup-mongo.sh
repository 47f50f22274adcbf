#!/bin/sh
# Backup, mongo side. Streams a point-in-time dump of the whole replica set (--oplog) into the FIFO that the
# upload container reads, then writes its exit status next to the FIFO so the uploader can tell a complete
# archive from one that was cut short.
set -u

# The FIFO's folder, shared by the pod's two containers (an emptyDir); settable for tests.
stream="${STREAM_DIR:-/stream}"
# How long to wait for the other container when unblocking it after a failure.
release_seconds="${FIFO_RELEASE_SECONDS:-10}"

status=0
mongodump --uri="$MONGODB_URI" --readPreference="$READ_PREFERENCE" --oplog --gzip \
  --archive="$stream/archive.fifo" || status=$?
echo "$status" > "$stream/mongo.status"

if [ "$status" -ne 0 ]; then
  # mongodump may have failed before opening the FIFO, leaving the uploader blocked on its open: open and
  # close the write end once so it sees end-of-file (bounded, in case the uploader is already gone).
  # shellcheck disable=SC2016 # $1 is expanded by the inner sh, which gets the FIFO path as its argument.
  timeout "$release_seconds" sh -c ': > "$1"' release "$stream/archive.fifo" || true
  echo "mongodump failed with status $status" >&2
fi
exit "$status"
