import type { AliasHistoryResponse, ResolveModelUriResponse } from '../../api/strata-registry.js';
import { invalidParameter } from '../../core/errors.js';
import { validateModelName } from '../../core/registry-validation.js';
import { parseTimeParameter } from '../../core/time-parameter.js';
import type { RegistryService } from '../../core/services/registry-service.js';
import { historyEventToWire } from '../mappers/registry-mapper.js';
import type { ApiHandler } from './api-handler.js';

export function strataRegistryRoutes(registry: RegistryService): { resolveModelUri: ApiHandler; aliasHistory: ApiHandler } {
  return {
    resolveModelUri: async ({ fields }) => {
      const version = await registry.resolve(fields.requiredString('uri'));
      const body: ResolveModelUriResponse = {
        name: version.name,
        version: String(version.version),
        source: version.source,
        storage_location: version.storageLocation,
        current_stage: version.currentStage,
      };
      if (version.runId !== null) body.run_id = version.runId;
      return body;
    },
    aliasHistory: async ({ fields }): Promise<AliasHistoryResponse> => {
      const name = validateModelName(fields.requiredString('name'));
      const alias = fields.string('alias') || undefined;
      const at = fields.string('at');
      if (!at) return { events: (await registry.aliases.history(name, alias)).map(historyEventToWire) };
      if (alias === undefined) throw invalidParameter("Parameter 'at' needs 'alias': which alias to look up at that time.");
      const time = parseTimeParameter(at, 'at');
      const found = await registry.aliases.holderAt(name, alias, time);
      return {
        name,
        alias,
        at: time,
        ...(found.version !== undefined ? { version: String(found.version) } : {}),
        ...(found.event ? { event: historyEventToWire(found.event) } : {}),
      };
    },
  };
}
