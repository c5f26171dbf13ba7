# syntax=docker/dockerfile:1

# The current Node.js LTS runs the image; the code also runs on Node 20 and later
# (package.json engines), as the tests do.
ARG NODE_IMAGE=node:24-bookworm-slim

# Build: all dependencies, compile TypeScript to dist/, then drop the dev dependencies.
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund && chmod 755 dist/cli/esia-bridge.js

# Run: production dependencies and compiled code only, as the unprivileged `node` user.
# `esia-bridge` (the package's bin) is on PATH: `docker compose exec esia-bridge esia-bridge clients list`.
FROM ${NODE_IMAGE}
# The OpenSSL GOST engine for PROVIDER_DIALECT=esia with the in-process signer
# (found at /usr/lib/<arch>/engines-3/gost.so).
RUN apt-get update && apt-get install -y --no-install-recommends libengine-gost-openssl && rm -rf /var/lib/apt/lists/*
# Memory: V8 sizes its young generation at 16 MB per semi-space by default, and lets
# the old generation grow far past what the service keeps alive. These bounds keep
# one instance under 100 MB idle and 150 MB under load at the same CPU per request
# (npm run bench measures the service with them; README "Performance"). A heap of
# 384 MB leaves ample room: the service keeps logins in Redis, not in its heap.
# glibc's malloc: two arenas instead of one per thread (V8's and libuv's threads),
# and freed memory returned to the system sooner.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    NODE_OPTIONS="--max-semi-space-size=4 --max-old-space-size=384" \
    MALLOC_ARENA_MAX=2 \
    MALLOC_TRIM_THRESHOLD_=65536
WORKDIR /app
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/dist ./dist
COPY --chown=root:root package.json ./
COPY --chown=root:root migrations ./migrations
COPY --chown=root:root openapi.yaml ./
RUN ln -s /app/dist/cli/esia-bridge.js /usr/local/bin/esia-bridge
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/readyz').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "dist/main.js"]
