#!/usr/bin/env bash
# Prepares the kind cluster for `ct install`: one namespace holding a MongoDB, fresh JWT keys and one Secret per
# service (the keys the charts expect in `existingSecret`). Everything is generated here and lives only as long as
# the CI job's cluster.
# Usage: tools/delivery/ct-prepare.sh NAMESPACE
set -euo pipefail

namespace="${1:?usage: ct-prepare.sh NAMESPACE}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

kubectl create namespace "$namespace" --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$namespace" create deployment mongo --image=mongo:8 --port=27017 --dry-run=client -o yaml | kubectl apply -f -
kubectl -n "$namespace" expose deployment mongo --port=27017 --dry-run=client -o yaml | kubectl apply -f -

openssl ecparam -name prime256v1 -genkey -noout -out "$work/private.pem"
openssl pkcs8 -topk8 -nocrypt -in "$work/private.pem" -out "$work/jwt-private.pem"
openssl ec -in "$work/private.pem" -pubout -out "$work/jwt-public.pem"
cart_secret=$(openssl rand -hex 32)
order_secret=$(openssl rand -hex 32)
sha256() { printf '%s' "$1" | openssl dgst -sha256 -r | cut -d' ' -f1; }
# user-service holds only hashes of the client secrets (docs/contracts/internal-api.md).
service_clients=$(printf '[{"clientId":"cart-service","secretSha256":"%s"},{"clientId":"order-service","secretSha256":"%s"}]' \
  "$(sha256 "$cart_secret")" "$(sha256 "$order_secret")")

secret() {
  local service="$1" database="$2"
  shift 2
  kubectl -n "$namespace" create secret generic "ct-$service" \
    --from-literal=MONGODB_URI="mongodb://mongo.$namespace.svc.cluster.local:27017/$database" \
    --from-file=JWT_PUBLIC_KEY="$work/jwt-public.pem" "$@" \
    --dry-run=client -o yaml | kubectl apply -f -
}
secret product-service ecommerce_products
secret user-service ecommerce_users --from-file=JWT_PRIVATE_KEY="$work/jwt-private.pem" \
  --from-literal=SERVICE_CLIENTS="$service_clients"
secret cart-service ecommerce_carts --from-literal=SERVICE_CLIENT_SECRET="$cart_secret"
secret order-service ecommerce_orders --from-literal=SERVICE_CLIENT_SECRET="$order_secret"

kubectl -n "$namespace" rollout status deployment/mongo --timeout=180s
