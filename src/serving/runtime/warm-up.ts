/**
 * Warm a freshly loaded model by scoring its saved input example: the first session.run pays for
 * allocations, and a model that cannot score its own example must not be switched to.
 */
import type { LoadedModel } from '../contracts.js';
import { ModelLoadError } from './model-load-error.js';

export interface WarmUpOptions {
  /** How many times to run the example (default 3). */
  runs?: number;
}

/** Resolves when the model scored its example; rejects with ModelLoadError('warm_up_failed'). */
export async function warmUpModel(model: LoadedModel, options: WarmUpOptions = {}): Promise<void> {
  const example = model.inputExample;
  if (!example) return;
  const runs = options.runs ?? 3;
  for (let i = 0; i < runs; i++) {
    try {
      await model.predict(example);
    } catch (error) {
      throw new ModelLoadError(
        'warm_up_failed',
        `version ${model.version} failed to score its input example: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
  }
}
