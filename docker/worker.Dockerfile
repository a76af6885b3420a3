# The grading worker, and the one-shot migrate/seed job (same code, different command). Build from
# the repository root:  docker build -f docker/worker.Dockerfile -t asyncio-course-worker .
# The worker starts sandbox containers through a Docker engine it reaches by socket or DOCKER_HOST;
# the sandboxes receive code on stdin, so the engine needs nothing from this image's filesystem.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true node_modules/.bin/prisma generate
ENV NODE_ENV=production CHECKPOINT_DISABLE=1
CMD ["node_modules/.bin/tsx", "grader/worker.ts"]
