FROM node:26-bookworm-slim AS build
WORKDIR /app
# libxmljs2 (CycloneDX XML validation) builds a native addon.
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# Dependencies first (a cached layer); the build (`prepare`) runs once the sources are in.
RUN npm ci --no-audit --no-fund --ignore-scripts && npm rebuild
COPY . .
RUN npm run build && npm prune --omit=dev

FROM node:26-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production KANSHI_DATA_DIR=/data
COPY --from=build /app /app
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 8080
ENTRYPOINT ["node", "bin/kanshi.js"]
CMD ["start"]
