/** Adds lineage reads to the repository chain (sql-saved-view-repository.ts is its top). */
import type { LineageRepository, LineageRun, RunTagMatch } from '../core/ports/lineage-repository.js';
import type { ModelVersion } from '../core/registry-entities.js';
import * as lineage from './lineage-queries.js';
import { SqlWebhookRepository } from './sql-webhook-repository.js';

export class SqlLineageRepository extends SqlWebhookRepository implements LineageRepository {
  loadLineageRuns(runIds: readonly string[]): Promise<LineageRun[]> {
    return lineage.loadLineageRuns(this.db, runIds);
  }
  findRunIdsByDatasetDigests(digests: readonly string[]): Promise<Array<{ runId: string; digest: string }>> {
    return lineage.findRunIdsByDatasetDigests(this.db, digests);
  }
  findDatasetDigestsByPrefix(prefix: string, limit: number): Promise<string[]> {
    return lineage.findDatasetDigestsByPrefix(this.db, prefix, limit);
  }
  findRunIdsByTagValues(key: string, values: readonly string[]): Promise<RunTagMatch[]> {
    return lineage.findRunIdsByTagValues(this.db, key, values);
  }
  findModelVersionsByRunIds(runIds: readonly string[]): Promise<ModelVersion[]> {
    return lineage.findModelVersionsByRunIds(this.db, runIds);
  }
}
