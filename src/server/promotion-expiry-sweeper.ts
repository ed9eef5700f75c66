/**
 * Marks promotion requests expired in the background, so their `promotion_request.expired`
 * audit and webhook events fire near their expiry even when nobody reads requests (reads and
 * decisions also expire lazily). Every replica may sweep: the conditional update in the store
 * lets one of them expire a request, once. One sweep at a time per process.
 */
import type { PromotionService } from '../core/services/promotion-service.js';

export const DEFAULT_PROMOTION_SWEEP_INTERVAL_MS = 60_000;

export function startPromotionExpirySweeper(promotions: PromotionService, intervalMs: number, warn: (message: string) => void): () => Promise<void> {
  let running: Promise<void> | undefined;
  const sweep = () => {
    running ??= promotions
      .expireDue()
      .then(() => undefined)
      .catch((error: unknown) => warn(`promotion expiry sweep failed: ${(error as Error).message}`))
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(sweep, intervalMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
