/** `POST /api/strata/v1/gc {older_than_ms?, dry_run?}`: one service call, mapped. */
import { GC_DEFAULT_OLDER_THAN_MS } from '../../api/strata-gc.js';
import type { GcService } from '../../core/services/gc-service.js';
import { gcOutcomeToWire } from '../mappers/gc-mapper.js';
import type { ApiHandler } from './api-handler.js';

export function gcRoute(gc: GcService): ApiHandler {
  return async ({ fields, actor }) => {
    const options = { olderThanMs: fields.int64('older_than_ms') ?? GC_DEFAULT_OLDER_THAN_MS, dryRun: fields.boolean('dry_run') };
    return gcOutcomeToWire(await gc.run(options, actor));
  };
}
