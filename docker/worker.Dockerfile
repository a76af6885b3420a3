# The grading worker, and the one-shot migrate/seed job (same code, different command). Build from
# the repository root:  docker build -f docker/worker.Dockerfile -t asyncio-course-worker .
# The worker starts sandbox containers through a Docker engine it reaches by socket or DOCKER_HOST;
# the sandboxes receive code on stdin, so the engine needs nothing from this image's filesystem.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# The similarity check's tree-sitter parsers (@dodona/dolos-parsers) compile at install: the tools
# are removed in the same layer.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ \
 && npm ci --no-audit --no-fund \
 && apt-get purge -y python3 make g++ && apt-get autoremove -y && rm -rf /var/lib/apt/lists/*
COPY . .
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true node_modules/.bin/prisma generate
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
CMD ["node_modules/.bin/tsx", "grader/worker.ts"]
