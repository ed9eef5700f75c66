/** Reading the audit log; writing happens inside each mutation's transaction. */
import type { AuditEvent, Page } from '../entities.js';
import { invalidParameter } from '../errors.js';
import type { AuditQuery, MetadataStore } from '../ports/metadata-store.js';
import { ARTIFACT_AUDIT_ACTIONS } from './artifact-write-service.js';
import { PERMISSION_AUDIT_ACTIONS } from '../auth/authorization-service.js';

export const AUDIT_MAX_RESULTS_DEFAULT = 100;
export const AUDIT_MAX_RESULTS_THRESHOLD = 1000;

/** Every action the tracking and artifact services record, for filters and dashboards. */
export const AUDIT_ACTIONS = [
  'experiment.create',
  'experiment.rename',
  'experiment.delete',
  'experiment.restore',
  'experiment.set_tag',
  'experiment.delete_tag',
  'run.create',
  'run.update',
  'run.delete',
  'run.restore',
  'run.set_tag',
  'run.delete_tag',
  'run.log_param',
  'metric.log',
  'metric.log_batch',
  'run.log_inputs',
  'run.log_model',
  'run.purge',
  'experiment.purge',
  'saved_view.create',
  'saved_view.update',
  'saved_view.delete',
  ...ARTIFACT_AUDIT_ACTIONS,
  ...PERMISSION_AUDIT_ACTIONS,
  'gc.run',
] as const;

export type AuditListInput = Omit<AuditQuery, 'maxResults'> & { maxResults?: number };

export class AuditService {
  constructor(private readonly store: Pick<MetadataStore, 'listAuditEvents'>) {}

  list(input: AuditListInput): Promise<Page<AuditEvent>> {
    const maxResults = input.maxResults ?? AUDIT_MAX_RESULTS_DEFAULT;
    if (maxResults < 1 || maxResults > AUDIT_MAX_RESULTS_THRESHOLD) {
      throw invalidParameter(`max_results must be between 1 and ${AUDIT_MAX_RESULTS_THRESHOLD}.`);
    }
    return this.store.listAuditEvents({ ...input, maxResults, pageToken: input.pageToken || undefined });
  }
}
