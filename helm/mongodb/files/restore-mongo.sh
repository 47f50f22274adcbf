#!/bin/sh
# Restore, mongo side. mongorestore reads the archive from the FIFO, dropping each collection it restores.
#   databases: only the ecommerce_* databases. Safe in any cluster; without oplog replay each collection is
#              as of its own moment during the dump.
#   full:      --oplogReplay restores the point-in-time state of everything, which mongorestore only allows
#              for the whole dump, admin users included (read docs/helm/mongodb-restore.md first).
set -u

# The FIFO's folder, shared by the pod's two containers (an emptyDir); settable for tests.
stream="${STREAM_DIR:-/stream}"
# How long to wait for the other container when unblocking it after a failure.
release_seconds="${FIFO_RELEASE_SECONDS:-10}"

status=0
case "$RESTORE_MODE" in
  databases) scope="--nsInclude=ecommerce_*.*" ;;
  full) scope="--oplogReplay" ;;
  *)
    echo "unknown RESTORE_MODE '$RESTORE_MODE' (expected databases or full)" >&2
    status=2
    ;;
esac

if [ "$status" -eq 0 ]; then
  mongorestore --uri="$MONGODB_URI" --gzip --archive="$stream/archive.fifo" --drop "$scope" || status=$?
fi

if [ "$status" -ne 0 ]; then
  # mongorestore may have stopped before opening the FIFO: read it once so the downloader is not left
  # blocked (bounded, in case it is already gone).
  timeout "$release_seconds" cat "$stream/archive.fifo" > /dev/null || true
  echo "restore failed with status $status" >&2
fi
exit "$status"
