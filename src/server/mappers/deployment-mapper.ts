/** Deployment records to Strata's wire shape (src/api/strata-deployments.ts): versions as strings, absent stays absent. */
import type { DeploymentEventWire, DeploymentWire, RollbackDeploymentResponse, ServedAtResponse } from '../../api/strata-deployments.js';
import type { DeploymentEvent } from '../../core/deployments/deployment-entities.js';
import type { DeploymentView, RollbackResult, ServedAtView } from '../../core/services/deployment-service.js';

export function deploymentToWire(d: DeploymentView): DeploymentWire {
  return {
    deployment_id: d.deploymentId,
    name: d.name,
    environment: d.environment,
    endpoint_url: d.endpointUrl,
    host: d.host,
    ...(d.pid === null ? {} : { pid: d.pid }),
    model_uri: d.modelUri,
    model_name: d.modelName,
    ...(d.alias === null ? {} : { alias: d.alias }),
    ...(d.currentVersion === null ? {} : { current_version: String(d.currentVersion) }),
    status: d.status,
    started_time: d.startedTime,
    last_heartbeat_time: d.lastHeartbeatTime,
    ...(d.stoppedTime === null ? {} : { stopped_time: d.stoppedTime }),
    ...(d.registeredBy === null ? {} : { registered_by: d.registeredBy }),
  };
}

export function deploymentEventToWire(e: DeploymentEvent): DeploymentEventWire {
  return {
    event_id: e.eventId,
    deployment_id: e.deploymentId,
    deployment_name: e.deploymentName,
    model_name: e.modelName,
    ...(e.alias === null ? {} : { alias: e.alias }),
    kind: e.kind,
    time: e.time,
    ...(e.fromVersion === null ? {} : { from_version: String(e.fromVersion) }),
    ...(e.toVersion === null ? {} : { to_version: String(e.toVersion) }),
    reason: e.reason,
    ...(e.message === null ? {} : { message: e.message }),
  };
}

export function servedAtToWire(answer: ServedAtView): ServedAtResponse {
  return {
    time: answer.time,
    serving: answer.serving.map((s) => ({ deployment: deploymentToWire(s.deployment), version: String(s.version), since: s.since })),
    versions: answer.versions.map(String),
  };
}

export function rollbackToWire(result: RollbackResult): RollbackDeploymentResponse {
  return {
    model_name: result.modelName,
    alias: result.alias,
    from_version: String(result.fromVersion),
    to_version: String(result.toVersion),
    outcome: result.promotion.outcome,
    ...(result.promotion.request === undefined ? {} : { request_id: result.promotion.request.requestId }),
  };
}
