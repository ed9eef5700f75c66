/**
 * The atomic switch between model versions. A request leases the current model for its whole life;
 * `swap` points new leases at the next model at once and closes the previous one only when its last
 * lease is released, so an in-flight request never sees its session freed under it.
 */
import type { LoadedModel, ModelSlot } from '../contracts.js';

interface Held {
  model: LoadedModel;
  leases: number;
  retired: boolean;
}

export interface ModelSlotOptions {
  /** Told when a retired model could not be closed (the switch itself has already happened). */
  onCloseError?: (model: LoadedModel, error: unknown) => void;
}

export function createModelSlot(initial?: LoadedModel, options: ModelSlotOptions = {}): ModelSlot {
  let held: Held | undefined = initial ? { model: initial, leases: 0, retired: false } : undefined;

  const closeRetired = (entry: Held): void => {
    entry.model.close().catch((error: unknown) => options.onCloseError?.(entry.model, error));
  };

  return {
    current: () => held?.model,
    lease() {
      const entry = held;
      if (!entry) return undefined;
      entry.leases += 1;
      let released = false;
      return {
        model: entry.model,
        release() {
          // Idempotent: a request that both times out and finishes must not release twice.
          if (released) return;
          released = true;
          entry.leases -= 1;
          if (entry.retired && entry.leases === 0) closeRetired(entry);
        },
      };
    },
    swap(next) {
      const previous = held;
      held = { model: next, leases: 0, retired: false };
      if (previous && previous.model !== next) {
        previous.retired = true;
        if (previous.leases === 0) closeRetired(previous);
      }
    },
  };
}
