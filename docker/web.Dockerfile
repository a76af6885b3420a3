# The web app (Next.js production server). Build from the repository root:
#   docker build -f docker/web.Dockerfile -t asyncio-course-web .
FROM node:20-bookworm-slim AS build
ENV NEXT_TELEMETRY_DISABLED=1 CHECKPOINT_DISABLE=1
WORKDIR /app
COPY package.json package-lock.json ./
# node-gyp builds the similarity check's tree-sitter parsers (a dependency the web app never loads).
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
RUN npm ci --no-audit --no-fund
COPY . .
# `generate` needs no schema engine; pointing at /bin/true stops the CLI from downloading one.
RUN PRISMA_SCHEMA_ENGINE_BINARY=/bin/true node_modules/.bin/prisma generate \
 && node_modules/.bin/next build

FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000 NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 3000
CMD ["sh", "-c", "exec node_modules/.bin/next start -p \"$PORT\""]
