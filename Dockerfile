# syntax=docker/dockerfile:1
# One Dockerfile for every service (apps/<name>-service), chosen by a build argument:
#   docker build --build-arg SERVICE=product-service -t product-service .
# One file keeps the images identical in everything but their code and packages (why: see
# docs/operations/images.md). Stages: packages (the repository's npm packages) -> build (compile + bundle) -> deps
# (production packages of that service only) -> node-runtime (Node without npm/yarn/corepack) -> runtime (the
# image). The `edge` stage, on packages too, is docker-compose's local edge, built only with --target edge.

ARG NODE_VERSION=24.21.0

# ---- packages: the repository's npm packages at the lockfile's versions, shared by build and edge ----
FROM node:${NODE_VERSION}-alpine AS packages
WORKDIR /repo
# mongodb-memory-server would download a mongod binary on install; images never need it.
ENV MONGOMS_DISABLE_POSTINSTALL=1 \
    SCARF_ANALYTICS=false \
    npm_config_update_notifier=false
COPY package.json package-lock.json ./
# `npm install`, not `npm ci`: the lockfile is made where the registry lacks other platforms' packages.
RUN --mount=type=cache,target=/root/.npm npm install --no-audit --no-fund

# ---- build: type-check with tsc, compile with SWC (decorator metadata), then bundle the service's own code ----
FROM packages AS build
COPY tsconfig.json nest-cli.json .swcrc ./
COPY libs ./libs
COPY apps ./apps
COPY tools/delivery ./tools/delivery
# Declared this late so the dependency layers above are shared by every service build.
ARG SERVICE
RUN test -n "$SERVICE" || { echo 'build with --build-arg SERVICE=<name>-service' >&2; exit 1; }
# SWC does not type-check (docs/decisions/0020-swc-builds.md): tsc checks the service's program (its sources and
# every library they import, strict) first, so a type error still fails the image build.
RUN npx tsc --noEmit -p "apps/$SERVICE/tsconfig.app.json" \
 && npx nest build "$SERVICE" \
 && npx tsx tools/delivery/package-service.ts --service "$SERVICE" --out /out

# ---- deps: exactly the npm packages the bundle imports, production only, at the lockfile's versions ----
FROM node:${NODE_VERSION}-alpine AS deps
WORKDIR /out
COPY --from=build /out/package.json /out/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm npm install --omit=dev --ignore-scripts --no-audit --no-fund \
 && find node_modules -type f \( -name '*.ts' -o -name '*.d.mts' -o -name '*.d.cts' -o -name '*.map' \
      -o -name '*.md' -o -name '*.markdown' -o -name '*.tsbuildinfo' \) ! -iname 'licen[cs]e*' -delete

# ---- node-runtime: the Node binary and tini on Alpine; npm, yarn and corepack removed (size, CVE surface) ----
FROM node:${NODE_VERSION}-alpine AS node-runtime
RUN apk add --no-cache tini \
 && rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* /usr/local/include /usr/local/share/doc \
      /usr/local/share/man /root/.npm /tmp/* \
 && addgroup -S -g 10001 app \
 && adduser -S -D -H -u 10001 -G app -h /tmp -s /sbin/nologin app

# ---- edge: the local edge of docker-compose.yml (tools/edge, `--target edge`); never deployed, the cluster's
# gateway is Envoy (helm/gateway). It reads the same route table, helm/gateway/values.yaml, as both, and checks it
# against the chart's schema as Helm does.
FROM packages AS edge
COPY tsconfig.json ./
COPY libs ./libs
COPY tools/edge ./tools/edge
COPY helm/tools/charts.ts helm/tools/values-file.ts helm/tools/values-schema.ts ./helm/tools/
COPY helm/gateway/values.yaml helm/gateway/values.schema.json ./helm/gateway/
USER node
EXPOSE 8080
CMD ["node", "--import", "tsx", "tools/edge/edge-cli.ts"]

# ---- runtime ----
# Copying the filesystem into scratch flattens it, so the removed npm never ships in a lower layer.
FROM scratch AS runtime
COPY --from=node-runtime / /
ARG NODE_VERSION
ARG SERVICE
ARG VERSION=0.0.0-dev
ARG REVISION=unknown
ARG CREATED=1970-01-01T00:00:00Z
ARG SOURCE=https://github.com/ecommerce-platform/ecommerce-platform
ARG LICENSES=LicenseRef-Proprietary
LABEL org.opencontainers.image.title="${SERVICE}" \
      org.opencontainers.image.description="${SERVICE} of the e-commerce platform (NestJS on Node ${NODE_VERSION})" \
      org.opencontainers.image.source="${SOURCE}" \
      org.opencontainers.image.revision="${REVISION}" \
      org.opencontainers.image.version="${VERSION}" \
      org.opencontainers.image.created="${CREATED}" \
      org.opencontainers.image.licenses="${LICENSES}" \
      org.opencontainers.image.base.name="docker.io/library/node:${NODE_VERSION}-alpine"
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    HOME=/tmp \
    TMPDIR=/tmp
WORKDIR /app
# Root-owned and read-only for the app: it writes nothing but /tmp, so the root filesystem can be mounted read-only.
COPY --from=deps /out/node_modules ./node_modules
COPY --from=deps /out/package.json ./package.json
COPY --from=build /out/main.js /out/main.js.map ./
# Any non-root uid works; this one has a passwd entry so os.userInfo() and friends behave.
USER 10001:10001
EXPOSE 3000
STOPSIGNAL SIGTERM
# For docker and compose; Kubernetes ignores it and uses the chart's startup/liveness/readiness probes instead.
HEALTHCHECK --interval=15s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# tini is PID 1: it forwards SIGTERM to node (which drains for SHUTDOWN_DRAIN_MS, then exits) and reaps zombies.
ENTRYPOINT ["/sbin/tini", "--"]
CMD ["node", "main.js"]
