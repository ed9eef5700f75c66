/**
 * Wires `strata gc`: opens the metadata store and the artifacts destination named by
 * the server's configuration, plans, and (unless a dry run) removes.
 */
import { systemClock } from '../core/ports/clock.js';
import type { GcPlan } from '../core/services/gc-plan.js';
import { GcService, type GcResult } from '../core/services/gc-service.js';
import { openStore } from '../store/create-store.js';
import { createArtifactStore } from '../artifacts/create-artifact-store.js';
import { type ServerConfig, experimentArtifactLocation } from './config.js';

export interface GcRunOptions {
  olderThanMs: number;
  dryRun: boolean;
  /** gc's own identity (`cli:<user>`): whoever runs it holds the database's credentials. */
  actor: string;
}

export interface GcOutcome {
  plan: GcPlan;
  /** Absent on a dry run. */
  result?: GcResult;
}

export async function runGc(config: ServerConfig, options: GcRunOptions): Promise<GcOutcome> {
  const store = await openStore(config.backendStoreUri, { defaultArtifactLocation: experimentArtifactLocation(config) });
  try {
    const artifacts = await createArtifactStore(config.artifactsDestination);
    const gc = new GcService({ store, clock: systemClock, artifacts: { store: artifacts, destination: config.artifactsDestination } });
    const plan = await gc.plan(options.olderThanMs);
    if (options.dryRun) return { plan };
    return { plan, result: await gc.execute(plan, { name: options.actor }) };
  } finally {
    await store.close();
  }
}
