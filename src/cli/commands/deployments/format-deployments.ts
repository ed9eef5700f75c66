/** How deployment records read at a terminal. */
import type { DeploymentEventWire, DeploymentWire, RollbackDeploymentResponse, ServedAtResponse } from '../../../api/strata-deployments.js';
import { formatTable } from '../../format-table.js';
import { formatTime } from '../../format-values.js';

const followed = (d: DeploymentWire) => (d.alias === undefined ? d.model_uri : `${d.model_name}@${d.alias}`);

export function formatDeploymentTable(deployments: DeploymentWire[]): string {
  if (deployments.length === 0) return 'No deployments.';
  return formatTable(
    ['NAME', 'ENVIRONMENT', 'MODEL', 'VERSION', 'STATUS', 'ENDPOINT', 'HOST', 'STARTED', 'LAST HEARTBEAT', 'ID'],
    deployments.map((d) => [
      d.name, d.environment, followed(d), d.current_version ?? '-', d.status, d.endpoint_url, d.host, formatTime(d.started_time),
      d.stopped_time === undefined ? formatTime(d.last_heartbeat_time) : `stopped ${formatTime(d.stopped_time)}`, d.deployment_id,
    ]),
  );
}

function change(e: DeploymentEventWire): string {
  if (e.kind === 'stopped') return '';
  if (e.from_version !== undefined && e.to_version !== undefined) return `${e.from_version} -> ${e.to_version}`;
  return e.to_version ?? '';
}

export function formatDeploymentHistory(events: DeploymentEventWire[]): string {
  if (events.length === 0) return 'No deployment events.';
  return formatTable(
    ['TIME', 'EVENT', 'VERSION', 'REASON', 'HOST/INSTANCE'],
    events.map((e) => [formatTime(e.time), e.kind, change(e), e.message === undefined ? e.reason : `${e.reason}: ${e.message}`, e.deployment_id]),
  );
}

export function formatServedAt(answer: ServedAtResponse, what: string): string {
  const when = formatTime(answer.time);
  if (answer.serving.length === 0) return `Nothing served ${what} at ${when}.`;
  const head = answer.versions.length === 1
    ? `${what} was served by version ${answer.versions[0]} at ${when}.`
    : `${what} was served by versions ${answer.versions.join(', ')} at ${when} (instances disagreed: a switch was under way).`;
  const table = formatTable(
    ['VERSION', 'SINCE', 'NAME', 'ENVIRONMENT', 'ENDPOINT', 'HOST', 'ID'],
    answer.serving.map((s) => [s.version, formatTime(s.since), s.deployment.name, s.deployment.environment, s.deployment.endpoint_url, s.deployment.host, s.deployment.deployment_id]),
  );
  return `${head}\n${table}`;
}

export function formatRollback(result: RollbackDeploymentResponse): string {
  const target = `${result.model_name}@${result.alias}`;
  switch (result.outcome) {
    case 'moved':
      return `Moved ${target} from version ${result.from_version} back to version ${result.to_version}; serving processes follow the alias.`;
    case 'auto_approved':
      return `Moved ${target} from version ${result.from_version} back to version ${result.to_version} (applied by the policy's auto rule${result.request_id ? `, request ${result.request_id}` : ''}); serving processes follow the alias.`;
    case 'requested':
      return `${target} is protected: opened promotion request ${result.request_id ?? ''} to roll back from version ${result.from_version} to ${result.to_version}; it moves once approved (strata promotions approve ${result.request_id ?? ''}).`;
  }
}
