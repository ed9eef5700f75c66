/**
 * `strata gc --backend-store-uri … --artifacts-destination …`: gc without a server, on a
 * database and artifact store named explicitly. Both must exist: a mistyped path fails
 * instead of quietly creating an empty database and reporting that nothing was deleted.
 * (Without those flags, `strata gc` asks the tracking server: POST /api/strata/v1/gc.)
 */
import type { RunGcResponse } from '../api/strata-gc.js';
import { systemClock } from '../core/ports/clock.js';
import { GcService, type GcRunOptions } from '../core/services/gc-service.js';
import { openStore } from '../store/create-store.js';
import { createArtifactStore } from '../artifacts/create-artifact-store.js';
import { experimentArtifactLocation, resolveServerConfig } from './config.js';
import { gcOutcomeToWire } from './mappers/gc-mapper.js';

export interface DirectGcTarget {
  backendStoreUri: string;
  artifactsDestination: string;
}

export async function runGcDirectly(target: DirectGcTarget, options: GcRunOptions, actor: string): Promise<RunGcResponse> {
  // Resolved as `strata server` resolves them (a relative destination against the working
  // directory), and from these flags alone: no environment, no defaults.
  const config = resolveServerConfig(target, {});
  // The location only seeds the Default experiment of a new database, which mustExist rules out.
  const store = await openStore(config.backendStoreUri, { defaultArtifactLocation: experimentArtifactLocation(config), mustExist: true });
  try {
    const artifacts = await createArtifactStore(config.artifactsDestination, { mustExist: true });
    const gc = new GcService({ store, clock: systemClock, artifacts: { store: artifacts, destination: config.artifactsDestination } });
    return gcOutcomeToWire(await gc.run(options, { name: actor }));
  } finally {
    await store.close();
  }
}
