/**
 * Loads the Node-only `logDataset` (src/client/node/log-dataset.ts, which hashes with the
 * data engine) on first use. The specifier is computed so browser bundlers leave it alone,
 * as load-node-artifacts.ts does.
 */
type NodeDatasets = typeof import('./node/log-dataset.js');

let loaded: Promise<NodeDatasets> | undefined;

export function loadNodeDatasets(): Promise<NodeDatasets> {
  const specifier = new URL('./node/log-dataset.js', import.meta.url).href;
  loaded ??= import(/* @vite-ignore */ specifier) as Promise<NodeDatasets>;
  return loaded;
}
