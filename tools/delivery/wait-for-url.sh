#!/usr/bin/env bash
# Waits until URL answers 2xx (new pods registered behind the ALB), or fails after TIMEOUT seconds.
# Usage: tools/delivery/wait-for-url.sh URL [TIMEOUT_SECONDS]
set -euo pipefail

url="${1:?usage: wait-for-url.sh URL [TIMEOUT_SECONDS]}"
timeout="${2:-300}"
deadline=$((SECONDS + timeout))
until curl --silent --fail --max-time 5 --output /dev/null "$url"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "::error::$url did not answer 2xx within ${timeout}s"
    exit 1
  fi
  sleep 5
done
echo "$url answers"
