/** What `strata promote` did, in words, and a justification in one line (also used by `strata models history`). */
import type { PromoteResponse, PromotionJustificationWire } from '../../../api/strata-promotions.js';

const SHORT_COMMIT = 12;

/** `reason "…"; commit abc…; datasets tx@sha256:… (training); gates offline-eval (passed); approved by alice, carol`. */
export function formatJustification(j: PromotionJustificationWire): string {
  const parts = [`reason "${j.reason}"`];
  if (j.rollback_of_version !== undefined) parts.push(`rollback of version ${j.rollback_of_version}`);
  parts.push(j.commit === null ? 'no commit recorded' : `commit ${j.commit.slice(0, SHORT_COMMIT)}`);
  if (j.datasets.length > 0) parts.push(`datasets ${j.datasets.map((d) => `${d.name}@${d.digest}${d.context === null ? '' : ` (${d.context})`}`).join(', ')}`);
  if (j.gates.length > 0) parts.push(`gates ${j.gates.map((g) => `${g.gate} (${g.status}${g.result_id === null ? '' : `, result ${g.result_id}`})`).join(', ')}`);
  if (j.approvers.length > 0) parts.push(`approved by ${j.approvers.map((a) => a.approver).join(', ')}`);
  if (j.request_id !== null) parts.push(`request ${j.request_id}`);
  return parts.join('; ');
}

function was(response: PromoteResponse): string {
  if (response.rollback_of_version !== undefined) return ` (rolled back from version ${response.rollback_of_version})`;
  return response.previous_version === undefined ? ' (it was unset)' : ` (was version ${response.previous_version})`;
}

export function formatPromoteResult(response: PromoteResponse): string {
  const where = `${response.name}@${response.alias}`;
  const lines: string[] = [];
  switch (response.outcome) {
    case 'moved':
      lines.push(`Moved ${where} to version ${response.version}${was(response)}: the alias is not protected.`);
      break;
    case 'auto_approved':
      lines.push(`Auto-approved: ${where} moved to version ${response.version}${was(response)}; every condition of the policy held, decided by ${response.request?.decided_by ?? 'policy:auto'} (request ${response.request?.request_id}).`);
      break;
    case 'requested': {
      const request = response.request;
      const needed = request?.rule.approvals ?? 0;
      lines.push(`Requested: ${where} -> version ${response.version}${response.rollback_of_version === undefined ? '' : ` (a rollback from version ${response.rollback_of_version})`} needs ${needed} approval${needed === 1 ? '' : 's'}; the alias has not moved yet.`);
      lines.push(`Request ${request?.request_id}. Approvers: strata promotions approve ${request?.request_id} --comment "…"`);
      break;
    }
  }
  if (response.justification !== undefined) lines.push(`Justification: ${formatJustification(response.justification)}`);
  return lines.join('\n');
}
