/**
 * What `strata models build-docker` writes: a Dockerfile that installs this release of
 * strata-mlops and runs `strata serve` for the model, with the resolved version already in the
 * image's serving cache (so the container serves at once, tracking server reachable or not), and
 * the tracking URI in its environment so it keeps following the alias and records its
 * deployment when the server answers. The token is never written into the image: it is passed
 * at `docker run`.
 */
import type { ServeTarget } from '../follow/model-uri.js';

export const IMAGE_CACHE_DIR = '/opt/strata/serving';
export const CONTEXT_CACHE_DIR = 'model-cache';
export const DEFAULT_BASE_IMAGE = 'node:20-slim';
export const CONTAINER_PORT = 8080;

export interface DockerContextInput {
  target: Extract<ServeTarget, { kind: 'alias' | 'version' }>;
  /** The version pre-downloaded into the context. */
  version: string;
  packageName: string;
  packageVersion: string;
  baseImage: string;
  /** The tracking server the container follows the alias on (empty: none). */
  trackingUri: string;
}

/** File name → content, relative to the context directory (the model cache is written separately). */
export function dockerContextFiles(input: DockerContextInput): Record<string, string> {
  return {
    Dockerfile: dockerfile(input),
    '.dockerignore': '*.partial\n',
  };
}

function dockerfile(input: DockerContextInput): string {
  const entrypoint = ['strata', 'serve', input.target.uri, '--host', '0.0.0.0', '--port', String(CONTAINER_PORT), '--cache-dir', IMAGE_CACHE_DIR];
  const probe = `fetch('http://127.0.0.1:${CONTAINER_PORT}/ping').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`;
  return [
    `# strata serve for ${input.target.uri} (version ${input.version} when built), by strata models build-docker.`,
    `# docker build -t ${imageName(input)} . && docker run -p ${CONTAINER_PORT}:${CONTAINER_PORT} -e STRATA_TOKEN=… ${imageName(input)}`,
    `FROM ${input.baseImage}`,
    '',
    '# onnxruntime-node\'s CPU libraries ship in its package; its install script would download CUDA ones.',
    'ENV ONNXRUNTIME_NODE_INSTALL=skip npm_config_onnxruntime_node_install=skip',
    `RUN npm install --global --omit=dev ${input.packageName}@${input.packageVersion} && npm cache clean --force`,
    '',
    `# Version ${input.version}, downloaded and SHA-256 verified at build time: served at start without the tracking server.`,
    `COPY --chown=node:node ${CONTEXT_CACHE_DIR}/ ${IMAGE_CACHE_DIR}/`,
    '',
    '# The tracking server to follow the alias on and record the deployment with; the token comes at run time',
    '# (docker run -e STRATA_TOKEN=…), never baked into the image.',
    `ENV STRATA_TRACKING_URI=${JSON.stringify(input.trackingUri)}`,
    'ENV NODE_ENV=production',
    '',
    'USER node',
    `EXPOSE ${CONTAINER_PORT}`,
    `HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 CMD ["node", "-e", ${JSON.stringify(probe)}]`,
    '# exec form: strata serve is PID 1 and gets SIGTERM from docker stop (graceful shutdown, `stopped` recorded).',
    `ENTRYPOINT ${JSON.stringify(entrypoint)}`,
    '',
  ].join('\n');
}

function imageName(input: DockerContextInput): string {
  return input.target.name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-');
}
