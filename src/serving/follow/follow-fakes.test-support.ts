/** Fakes shared by the follow/ unit tests: a registry that answers what the test says, an applier that records. */
import type { SwitchMetrics } from '../contracts.js';
import type { ModelFetcher, ResolvedVersion } from './model-fetcher.js';
import type { ModelApplier } from './switch-controller.js';

export function resolvedVersion(version: string): ResolvedVersion {
  return { name: 'fraud', version, runId: `run-${version}`, artifactPath: 'model' };
}

export function fakeFetcher(alias: { version: string; unreachable?: boolean }): ModelFetcher & { resolves: number; fetched: string[] } {
  const fake = {
    resolves: 0,
    fetched: [] as string[],
    async resolve() {
      fake.resolves += 1;
      if (alias.unreachable) throw new Error('connect ECONNREFUSED 127.0.0.1:5000');
      return resolvedVersion(alias.version);
    },
    async fetch(resolved: ResolvedVersion) {
      fake.fetched.push(resolved.version);
      return `/cache/fraud/${resolved.version}`;
    },
  };
  return fake;
}

export function recordingApplier(options: { failing?: Set<string>; gate?: () => Promise<void> } = {}): ModelApplier & { applied: string[] } {
  const applied: string[] = [];
  return {
    applied,
    async apply(dir, version) {
      await options.gate?.();
      if (options.failing?.has(version)) throw new Error(`version ${version}: model.onnx is not a valid ONNX model`);
      applied.push(`${version}@${dir}`);
    },
  };
}

export function countingMetrics(): SwitchMetrics & { succeeded: string[]; failed: string[] } {
  const succeeded: string[] = [];
  const failed: string[] = [];
  return { succeeded, failed, switchSucceeded: (v) => succeeded.push(v), switchFailed: (v) => failed.push(v) };
}
