# syntax=docker/dockerfile:1
# The drift reconciler as a container. Default command: `serve --host 0.0.0.0` (the scheduler,
# HTTP on 8080: /healthz, /readyz, /metrics, /). Any other command works too:
#   docker run --rm IMAGE reconcile --config /config/reconciler.yaml --stack prod --markdown
#
# Stages:
#   build    npm ci, the typecheck and the bundled CLI (dist/, scripts/bundle.ts; dev dependencies:
#            TypeScript, esbuild and the type packages).
#   deps     the production dependencies only; tsx (a dependency) loads the stack's TypeScript program.
#   pulumi   the pinned Pulumi CLI (checksum verified) and the provider plugins the program needs
#            (deploy/pulumi-plugins.txt: an archive with a pinned SHA-256 is checked against it;
#            one not pinned yet is installed and its SHA-256 recorded in
#            /opt/pulumi-home/plugin-archives.txt; --build-arg REQUIRE_PLUGIN_CHECKSUMS=true
#            refuses it instead), installed at build time: a running container never downloads anything.
#   runtime  node 22 slim, non-root (uid 10001), no write access to its own code.
#
# npm never runs install scripts here (--ignore-scripts): nothing needs them, and two packages'
# scripts would download Pulumi plugins unverified.
#
# Pins, each checked by test/unit/deploy/ (deploy-artifacts.test.ts, supply-chain.test.ts):
#   base images              by digest, the same node image in every node stage (the tag is for
#                            people; refresh both together)
#   PULUMI_VERSION           package.json → pulumiCli.version
#   provider plugins         deploy/pulumi-plugins.txt → node_modules' SDK versions
# After the build, deploy/label-image.sh IMAGE copies the plugin record into an image label.
ARG PULUMI_VERSION=3.274.0
# true: every plugin must have its SHA-256 in deploy/pulumi-plugins.txt (turn on once it is pinned).
ARG REQUIRE_PLUGIN_CHECKSUMS=false

FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
# The same check as `npm run typecheck`, and the same bundle as `npm run build`, without their
# Node-provisioning wrapper (this image has Node 22).
RUN npx tsc -p tsconfig.json \
 && npx tsx scripts/bundle.ts

FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund

FROM debian:bookworm-slim@sha256:d5d3f9c23164ea16f31852f95bd5959aad1c5e854332fe00f7b3a20fcc9f635c AS pulumi
ARG PULUMI_VERSION
ARG REQUIRE_PLUGIN_CHECKSUMS
ARG TARGETARCH
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates curl \
 && rm -rf /var/lib/apt/lists/*
ENV PULUMI_HOME=/opt/pulumi-home \
    PULUMI_SKIP_UPDATE_CHECK=true
# The reconciler looks for $PULUMI_CLI_ROOT/bin/pulumi; the tarball holds pulumi/<binaries>.
RUN case "${TARGETARCH:-amd64}" in arm64) arch=arm64 ;; *) arch=x64 ;; esac \
 && tarball="pulumi-v${PULUMI_VERSION}-linux-${arch}.tar.gz" \
 && curl -fsSL --retry 3 -o "/tmp/${tarball}" "https://get.pulumi.com/releases/sdk/${tarball}" \
 && curl -fsSL --retry 3 -o /tmp/checksums.txt "https://get.pulumi.com/releases/sdk/pulumi-${PULUMI_VERSION}-checksums.txt" \
 && (cd /tmp && grep " ${tarball}\$" checksums.txt | sha256sum --check --strict -) \
 && mkdir -p /opt/pulumi/bin \
 && tar -xzf "/tmp/${tarball}" -C /opt/pulumi/bin --strip-components=1 \
 && rm "/tmp/${tarball}" /tmp/checksums.txt \
 && test "$(/opt/pulumi/bin/pulumi version)" = "v${PULUMI_VERSION}"
# Read-only at run time: Pulumi only writes $PULUMI_HOME/workspaces and $PULUMI_HOME/logs
# (made writable in the runtime stage), never the plugins.
COPY deploy/pulumi-plugins.txt deploy/install-plugins.sh /tmp/plugins/
RUN PULUMI_CLI_ROOT=/opt/pulumi PLUGIN_PLATFORM="linux-${TARGETARCH:-amd64}" \
    REQUIRE_PLUGIN_CHECKSUMS="${REQUIRE_PLUGIN_CHECKSUMS}" bash /tmp/plugins/install-plugins.sh /tmp/plugins/pulumi-plugins.txt \
 && rm -rf /tmp/plugins "${PULUMI_HOME}/logs" "${PULUMI_HOME}/workspaces" \
 && chmod -R a+rX "${PULUMI_HOME}"

FROM node:22-bookworm-slim@sha256:43ac6c60b8f89723f746e8a92ce91abd5017e627ce1ddfe4238355d3a30b772c AS runtime
ARG REQUIRE_PLUGIN_CHECKSUMS
LABEL pulumi-drift-reconciler.plugin-checksums-required="${REQUIRE_PLUGIN_CHECKSUMS}"
# Pulumi resolves the current user by uid: it must exist in /etc/passwd ("unknown userid" otherwise).
RUN groupadd --gid 10001 reconciler \
 && useradd --uid 10001 --gid 10001 --home-dir /home/reconciler --create-home --shell /usr/sbin/nologin reconciler
# Only the verified plugins installed above: the engine never fetches another.
ENV PULUMI_CLI_ROOT=/opt/pulumi \
    PULUMI_HOME=/opt/pulumi-home \
    PULUMI_SKIP_UPDATE_CHECK=true \
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true \
    PATH=/opt/pulumi/bin:$PATH
COPY --from=pulumi /opt/pulumi /opt/pulumi
COPY --from=pulumi /opt/pulumi-home /opt/pulumi-home
WORKDIR /app
# Owned by root: the reconciler can read its code and the stack files, not change them.
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/tsconfig.json /app/reconciler.yaml /app/Pulumi.yaml ./
COPY --from=build /app/Pulumi.*.yaml ./
COPY --from=build /app/dist ./dist
COPY --from=build /app/infra ./infra
# Writable state: the audit journal (also behind the default config's audit.dir, /app/.reconciler)
# and the two folders Pulumi writes under PULUMI_HOME. In Kubernetes these are emptyDir mounts.
RUN mkdir -p /var/lib/reconciler /opt/pulumi-home/workspaces /opt/pulumi-home/logs \
 && chown 10001:10001 /var/lib/reconciler /opt/pulumi-home/workspaces /opt/pulumi-home/logs \
 && ln -s /var/lib/reconciler /app/.reconciler
USER 10001:10001
EXPOSE 8080
# Port 8080 is service.port's default; change both together. No curl in slim images: node's fetch.
# 127.0.0.1 is an address, so the Host check lets the probe in.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:8080/healthz',{signal:AbortSignal.timeout(4000)}).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# The bundled CLI; its source maps point stack traces at the TypeScript sources.
ENTRYPOINT ["node", "--enable-source-maps", "dist/reconciler/cli/main.js"]
# A container is reached from outside itself: listen on every interface (the default is 127.0.0.1).
CMD ["serve", "--host", "0.0.0.0"]
