/** Every migration, in order. Append only; migrations.test.ts freezes this list. */
import { initial } from './0001_initial.js';
import { modelRegistry } from './0002_model_registry.js';
import { datasetRegistry } from './0003_dataset_registry.js';
import { webhooksAndLineage } from './0004_webhooks_and_lineage.js';
import { latestMetricsByExperiment } from './0005_latest_metrics_by_experiment.js';
import { gcPendingArtifacts } from './0006_gc_pending_artifacts.js';
import { auditActorClaimed } from './0007_audit_actor_claimed.js';
import { metricRollups } from './0008_metric_rollups.js';
import { savedViews } from './0009_saved_views.js';
import { experimentKeyCounts } from './0010_experiment_key_counts.js';
import { identity } from './0011_identity.js';
import { promotions } from './0014_promotions.js';
import { grants } from './0012_grants.js';
import { auditChain } from './0013_audit_chain.js';
import { gateResults } from './0015_gate_results.js';
import { promotionJustification } from './0016_promotion_justification.js';
import { oidc } from './0017_oidc.js';
import { deployments } from './0018_deployments.js';
import { tagValueHashIndexes } from './0019_tag_value_hash_indexes.js';
import { keyValuesByExperiment } from './0020_key_values_by_experiment.js';
import type { Migration } from './migration.js';

export const MIGRATIONS: readonly Migration[] = [
  initial, modelRegistry, datasetRegistry, webhooksAndLineage, latestMetricsByExperiment, gcPendingArtifacts, auditActorClaimed, metricRollups, savedViews,
  experimentKeyCounts, identity, grants, auditChain, promotions, gateResults, promotionJustification,
  oidc, deployments, tagValueHashIndexes, keyValuesByExperiment,
];

export { runMigrations } from './run-migrations.js';
export type { Migration, MigrationContext } from './migration.js';
