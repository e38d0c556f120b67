# syntax=docker/dockerfile:1
# Build stage: install everything, compile TypeScript, then keep only production dependencies.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY scripts ./scripts
COPY migrations ./migrations
COPY mappings ./mappings
RUN npm run build && npm prune --omit=dev

# Runtime stage: compiled code, production dependencies, migrations and default mappings only.
FROM node:22-slim
ENV NODE_ENV=production \
    LOG_FORMAT=json \
    PORT=8080 \
    HANDOFF_DATA_DIR=/var/lib/handoff
WORKDIR /app
RUN groupadd --system handoff && useradd --system --gid handoff --home /app handoff \
 && mkdir -p /var/lib/handoff && chown handoff:handoff /var/lib/handoff
COPY --from=build --chown=handoff:handoff /app/package.json ./package.json
COPY --from=build --chown=handoff:handoff /app/node_modules ./node_modules
COPY --from=build --chown=handoff:handoff /app/dist ./dist
COPY --from=build --chown=handoff:handoff /app/migrations ./migrations
COPY --from=build --chown=handoff:handoff /app/mappings ./mappings
USER handoff
EXPOSE 8080
VOLUME ["/var/lib/handoff"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "dist/src/cli/index.js"]
CMD ["run"]
