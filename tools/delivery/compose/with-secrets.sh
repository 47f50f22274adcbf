#!/bin/sh
# docker-compose.yml only: exports the generated settings of this service (SERVICE_NAME) that have no *_FILE form,
# then replaces itself with the service, so tini still delivers SIGTERM straight to node.
set -eu
env_file="${SECRETS_DIR:-/secrets}/${SERVICE_NAME:?SERVICE_NAME is required}.env"
if [ -f "$env_file" ]; then
  set -a
  # shellcheck source=/dev/null # generated at start-up per service; nothing to follow at lint time
  . "$env_file"
  set +a
fi
exec "$@"
