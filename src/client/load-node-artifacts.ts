/**
 * Loads the Node-only artifact transfer module (src/client/node) on first use. The
 * specifier is computed so browser bundlers leave it alone: the dashboard never calls
 * these methods, and the rest of the SDK must not pull node:* into its bundle.
 */
type NodeArtifacts = typeof import('./node/index.js');

let loaded: Promise<NodeArtifacts> | undefined;

export function loadNodeArtifacts(): Promise<NodeArtifacts> {
  const specifier = new URL('./node/index.js', import.meta.url).href;
  loaded ??= import(/* @vite-ignore */ specifier) as Promise<NodeArtifacts>;
  return loaded;
}
