# syntax=docker/dockerfile:1
# Both connectors, one target each:
#   docker build --target source-elasticsearch    -t espq/source-elasticsearch:0.1.0 .
#   docker build --target destination-s3-parquet  -t espq/destination-s3-parquet:0.1.0 .
# Where image registries cannot be reached, make a local base image first
# (scripts/make-base-image.sh) and pass it: --build-arg BASE_IMAGE=localhost/...
# scripts/build-images.sh does both with podman.
#
# The base must be glibc (Debian): @duckdb/node-api loads a glibc native binding.
ARG BASE_IMAGE=node:24-bookworm-slim

# ---- compile TypeScript to dist/ (dev dependencies live only here) ----------
FROM ${BASE_IMAGE} AS build
# Only where the npm registry is reached through a TLS-inspecting proxy: the
# path of its CA bundle, mounted for the build (scripts/build-images.sh).
ARG NODE_EXTRA_CA_CERTS
WORKDIR /build
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
RUN npx --no-install tsc -p tsconfig.json \
 && find dist -name '*.map' -delete \
 && find dist -name '*.test.js' -delete

# ---- production dependencies, then each connector's share of them ----------
FROM ${BASE_IMAGE} AS prod-deps
ARG NODE_EXTRA_CA_CERTS
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts && rm -rf /root/.npm
COPY --from=build /build/dist ./dist
COPY scripts/prune-runtime-deps.mjs /tmp/prune-runtime-deps.mjs

FROM prod-deps AS source-elasticsearch-files
RUN node /tmp/prune-runtime-deps.mjs dist/src/cli/source-elasticsearch.js

FROM prod-deps AS destination-s3-parquet-files
RUN node /tmp/prune-runtime-deps.mjs dist/src/cli/destination-s3-parquet.js
RUN node -e "require('@duckdb/node-bindings')" \
 || { echo 'The DuckDB native binding does not load on this base image: it needs glibc (a Debian or Ubuntu based Node image).' >&2; exit 1; }

# ---- the runtime images --------------------------------------------------------
FROM ${BASE_IMAGE} AS runtime
ENV NODE_ENV=production
WORKDIR /airbyte/integration_code
# Airbyte mounts config, catalog and state files under /data or /config; work
# files (Parquet spool) go to a directory the non-root user owns.
RUN mkdir -p /data /config /tmp/connector && chown node:node /data /config /tmp/connector
ENV TMPDIR=/tmp/connector
USER node

# --max-semi-space-size=4: V8's young generation stays small; the benchmark measured the
# source's peak RSS at 147 MB with it instead of 205 MB, at the same speed (Node 20). On
# Node 24 it matters more: 176 MB with it, 328 MB without (a 200k-document read).
# --heap-growing-percent=70 (the source only): V8 collects its old generation once it has grown
# 70% past the live objects, not up to 4 times them. Pages outlive the small young generation, so
# each one's objects die in the old generation: a 1M-document read peaked at 149/187/213 MB with
# 1/2/4 slices instead of 201/272/324 MB, for 6-19% more CPU. Not for the destination or `sync`,
# which are within their 512 MB and short of their CPU target.
FROM runtime AS source-elasticsearch
COPY --from=source-elasticsearch-files --chown=root:root /app /airbyte/integration_code
ENV AIRBYTE_ENTRYPOINT="node --max-semi-space-size=4 --heap-growing-percent=70 /airbyte/integration_code/dist/src/cli/source-elasticsearch.js"
ENTRYPOINT ["node", "--max-semi-space-size=4", "--heap-growing-percent=70", "/airbyte/integration_code/dist/src/cli/source-elasticsearch.js"]
LABEL io.airbyte.name="espq/source-elasticsearch" \
      io.airbyte.version="0.1.0" \
      org.opencontainers.image.title="source-elasticsearch" \
      org.opencontainers.image.description="Airbyte source for Elasticsearch and OpenSearch" \
      org.opencontainers.image.licenses="MIT"

FROM runtime AS destination-s3-parquet
COPY --from=destination-s3-parquet-files --chown=root:root /app /airbyte/integration_code
ENV AIRBYTE_ENTRYPOINT="node --max-semi-space-size=4 /airbyte/integration_code/dist/src/cli/destination-s3-parquet.js"
ENTRYPOINT ["node", "--max-semi-space-size=4", "/airbyte/integration_code/dist/src/cli/destination-s3-parquet.js"]
LABEL io.airbyte.name="espq/destination-s3-parquet" \
      io.airbyte.version="0.1.0" \
      org.opencontainers.image.title="destination-s3-parquet" \
      org.opencontainers.image.description="Airbyte destination writing Snappy Parquet files to S3" \
      org.opencontainers.image.licenses="MIT"
