/**
 * What the lineage graph needs from the database, each call one batched query (or a few)
 * however many ids it is given, so walking a level of the graph costs the same for 1 run
 * as for 500. Storage only: the traversal lives in core/lineage.
 */
import type { RunInfo, Tag } from '../entities.js';
import type { ModelVersion } from '../registry-entities.js';

export interface LineageInput {
  name: string;
  digest: string;
  sourceType: string;
  source: string;
  /** The input tag `mlflow.data.context` (training, validation…), when logged. */
  context: string | null;
}

export interface LineageRun {
  info: RunInfo;
  /** Only the tags lineage reads (LINEAGE_RUN_TAG_KEYS). */
  tags: Tag[];
  inputs: LineageInput[];
}

export interface RunTagMatch {
  runId: string;
  value: string;
}

export interface LineageRepository {
  /** The runs that exist among `runIds`, with their lineage tags and dataset inputs. */
  loadLineageRuns(runIds: readonly string[]): Promise<LineageRun[]>;
  /** Runs that logged a dataset input with one of these digests (any experiment, any stage). */
  findRunIdsByDatasetDigests(digests: readonly string[]): Promise<Array<{ runId: string; digest: string }>>;
  /** Distinct digests of logged datasets that start with `prefix` (case-sensitive), sorted, at most `limit`. */
  findDatasetDigestsByPrefix(prefix: string, limit: number): Promise<string[]>;
  /** Runs whose tag `key` has one of `values` (e.g. a git commit, or a parent run id). */
  findRunIdsByTagValues(key: string, values: readonly string[]): Promise<RunTagMatch[]>;
  /** Model versions registered from any of these runs. */
  findModelVersionsByRunIds(runIds: readonly string[]): Promise<ModelVersion[]>;
}
