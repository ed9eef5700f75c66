/** How promotion requests read at a terminal. */
import type { PromotionRequestWire } from '../../../api/strata-promotions.js';
import { formatFields, formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';
import { formatJustification } from './format-promote.js';

export function formatPromotionLine(request: PromotionRequestWire): string {
  return `${request.request_id} ${request.state}: ${request.model}@${request.alias} -> version ${request.version} (${request.approvals}/${request.rule.approvals ?? 0} approvals)`;
}

export function formatPromotion(request: PromotionRequestWire): string {
  const fields: [string, string][] = [
    ['request', request.request_id],
    ['model', `models:/${request.model}/${request.version}`],
    ['alias', request.alias],
    ['state', request.state],
    ['approvals', request.rule.auto ? 'none (auto: decided by its conditions)' : `${request.approvals} of ${request.rule.approvals ?? 0}`],
    ['requested by', request.requested_by],
    ['reason', request.reason],
    ['created', formatTime(request.created_time)],
    ['expires', formatTime(request.expires_time)],
  ];
  if (request.rollback_of_version !== undefined) fields.push(['rollback of', `version ${request.rollback_of_version}`]);
  if (request.decided_time !== undefined) fields.push(['decided', formatTime(request.decided_time)]);
  if (request.decided_by !== undefined) fields.push(['decided by', request.decided_by]);
  for (const vote of request.votes) fields.push([vote.decision === 'approve' ? 'approved by' : 'rejected by', `${vote.approver}${vote.comment ? `: ${vote.comment}` : ''}`]);
  if (request.justification !== undefined) fields.push(['justification', formatJustification(request.justification)]);
  return formatFields(fields);
}

export function formatPromotionTable(requests: PromotionRequestWire[]): string {
  if (requests.length === 0) return 'No promotion requests.';
  return formatTable(
    ['REQUEST', 'MODEL', 'VERSION', 'ALIAS', 'STATE', 'APPROVALS', 'REQUESTED BY', 'CREATED'],
    requests.map((r) => [r.request_id, r.model, r.version, r.alias, r.state, `${r.approvals}/${r.rule.approvals ?? 0}`, r.requested_by, formatTime(r.created_time)]),
  );
}
