// The serving engine's surface for cli/commands/serve and serving/follow: import from here.
export type * from './contracts.js';
export { loadModelDirectory, type LoadModelDirectoryOptions } from './runtime/load-model-directory.js';
export { ModelLoadError, type ModelLoadFailure } from './runtime/model-load-error.js';
export { createModelSlot, type ModelSlotOptions } from './runtime/model-slot.js';
export { warmUpModel, type WarmUpOptions } from './runtime/warm-up.js';
export { createServingMetrics, type ServingMetrics } from './http/serving-metrics.js';
export { createScoringServer, type ScoringServer, type ScoringServerOptions } from './http/scoring-server.js';
export { ScoringError } from './scoring/scoring-error.js';
