/** The runs table's groups: run counts per value of a param or tag, under the table's filter. */
import { MAX_ENTITY_KEY_LENGTH } from '../../api/limits.js';
import { RUN_VALUE_COUNTS_MAX_RESULTS, RUN_VALUE_COUNTS_MAX_VALUES } from '../../api/strata-views.js';
import type { ViewType } from '../entities.js';
import { invalidParameter } from '../errors.js';
import type { MetadataStore } from '../ports/metadata-store.js';
import type { RunValueCounts } from '../ports/run-group-repository.js';
import { parseRunFilter } from '../search/index.js';
import { requireExperiment } from './experiment-service.js';

export interface RunValueCountsInput {
  experimentId: string;
  kind: 'param' | 'tag';
  key: string;
  filter?: string;
  viewType?: ViewType;
  values?: string[];
  maxResults?: number;
}

export class RunGroupService {
  constructor(private readonly store: MetadataStore) {}

  async countByValue(input: RunValueCountsInput): Promise<RunValueCounts> {
    if (input.key === '' || input.key.length > MAX_ENTITY_KEY_LENGTH) throw invalidParameter(`key must have 1 to ${MAX_ENTITY_KEY_LENGTH} characters`);
    const maxResults = input.maxResults ?? RUN_VALUE_COUNTS_MAX_RESULTS;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > RUN_VALUE_COUNTS_MAX_RESULTS) {
      throw invalidParameter(`max_results must be between 1 and ${RUN_VALUE_COUNTS_MAX_RESULTS}, got ${maxResults}`);
    }
    if (input.values !== undefined && input.values.length > RUN_VALUE_COUNTS_MAX_VALUES) {
      throw invalidParameter(`values: at most ${RUN_VALUE_COUNTS_MAX_VALUES} per request, got ${input.values.length}`);
    }
    const filter = parseRunFilter(input.filter ?? '');
    await requireExperiment(this.store, input.experimentId);
    return this.store.countRunsByValue({
      experimentId: input.experimentId,
      kind: input.kind,
      key: input.key,
      filter,
      viewType: input.viewType ?? 'ACTIVE_ONLY',
      maxResults,
      ...(input.values === undefined ? {} : { values: input.values }),
    });
  }
}
