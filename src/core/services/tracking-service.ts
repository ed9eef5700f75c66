/**
 * The tracking API as the server sees it: one object per area. Each mutation takes
 * the acting user first and commits together with its audit event.
 */
import { AuditService } from './audit-service.js';
import { ExperimentService } from './experiment-service.js';
import { MetricEnvelopeService } from './metric-envelope-service.js';
import { MetricService } from './metric-service.js';
import { RunService } from './run-service.js';
import { RunGroupService } from './run-group-service.js';
import { SavedViewService } from './saved-view-service.js';
import type { ServiceDeps } from './service-deps.js';

export interface TrackingService {
  experiments: ExperimentService;
  runs: RunService;
  metrics: MetricService;
  envelopes: MetricEnvelopeService;
  audit: AuditService;
  /** The runs table's saved views, per experiment. */
  views: SavedViewService;
  /** The runs table's groups: run counts per value of a param or tag. */
  groups: RunGroupService;
}

export function createTrackingService(deps: ServiceDeps): TrackingService {
  return {
    experiments: new ExperimentService(deps),
    runs: new RunService(deps),
    metrics: new MetricService(deps),
    envelopes: new MetricEnvelopeService(deps.store),
    audit: new AuditService(deps.store),
    views: new SavedViewService(deps),
    groups: new RunGroupService(deps.store),
  };
}
