/**
 * The top of the repository chain: adds lineage reads, so this class is the whole
 * MetadataRepository (what SqlMetadataStore is and what `transaction(fn)` hands out).
 */
import type { LineageRepository, LineageRun, RunTagMatch } from '../core/ports/lineage-repository.js';
import type { MetadataRepository } from '../core/ports/metadata-store.js';
import type { ModelVersion } from '../core/registry-entities.js';
import * as lineage from './lineage-queries.js';
import { SqlWebhookRepository } from './sql-webhook-repository.js';

export class SqlLineageRepository extends SqlWebhookRepository implements MetadataRepository, LineageRepository {
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
