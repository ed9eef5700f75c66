/** `GET /api/strata/v1/lineage?uri=&direction=&depth=`: one service call, mapped. */
import { invalidParameter } from '../../core/errors.js';
import type { LineageDirection } from '../../core/lineage/lineage-graph.js';
import type { LineageService } from '../../core/lineage/lineage-service.js';
import { lineageToWire } from '../mappers/lineage-mapper.js';
import type { ApiHandler } from './api-handler.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';

export function lineageRoute(lineage: LineageService): ApiHandler {
  return async ({ fields }) => {
    const direction = fields.string('direction') || 'up';
    if (direction !== 'up' && direction !== 'down') throw invalidParameter(`Invalid direction '${shortenForMessage(direction)}': expected up or down.`);
    const graph = await lineage.lineage({
      uri: fields.requiredString('uri'),
      direction: direction as LineageDirection,
      depth: fields.int64('depth'),
    });
    return lineageToWire(graph);
  };
}
