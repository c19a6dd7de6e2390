# syntax=docker/dockerfile:1
# One image, three roles (MEETLOOP_ROLE=all|web|worker). See docs/deploy.md.

# --- build: all dependencies, compile with SWC, then drop the dev dependencies ---------------------------------
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY migrations ./migrations
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

# --- run: compiled code, production dependencies, templates and assets; not root -----------------------------
FROM node:20-bookworm-slim
ENV NODE_ENV=production PORT=3000
WORKDIR /app
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY views ./views
COPY public ./public
# The image's files belong to root and are read-only to the app; it writes nothing to its own folder
# (DATABASE_URL and SMTP_URL point at real servers in production, so nothing embedded starts).
USER node
EXPOSE 3000
# Liveness only: a database outage should take instances out of the balancer (readiness), not restart them all.
HEALTHCHECK --interval=15s --timeout=3s --start-period=40s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/health/live').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/src/main.js"]
