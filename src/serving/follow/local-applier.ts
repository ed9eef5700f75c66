/**
 * The applier of a single serving process (and of each worker of a cluster): load the model
 * directory, warm it with its input example, then swap it into the slot. A model that fails to
 * load or warm is closed and never reaches the slot; requests keep being answered by the old one.
 */
import type { ModelSlot } from '../contracts.js';
import { loadModelDirectory, warmUpModel, type ServingMetrics } from '../index.js';
import type { ModelApplier } from './switch-controller.js';

export interface LocalApplierOptions {
  slot: ModelSlot;
  metrics: ServingMetrics;
  modelUri: string;
  maxRows?: number;
}

export function createLocalApplier(options: LocalApplierOptions): ModelApplier {
  return {
    async apply(dir, version) {
      const model = await loadModelDirectory(dir, { version, modelUri: options.modelUri, ...(options.maxRows !== undefined ? { maxRows: options.maxRows } : {}) });
      try {
        await warmUpModel(model);
      } catch (error) {
        await model.close().catch(() => undefined);
        throw error;
      }
      options.slot.swap(model);
      options.metrics.setServedVersion(version, options.modelUri);
    },
  };
}
