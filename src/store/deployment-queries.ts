/**
 * Deployment records (migration 0018). "What served at T" is one statement: the candidate
 * instances by an index range (model and alias, or name, started by T), each with its last
 * version-setting event at or before T read by correlated subqueries on
 * (deployment_id, time desc, seq desc) — a few index probes per instance, whatever the history.
 */
import type { Kysely, Selectable } from 'kysely';
import type { Deployment, DeploymentAtTime, DeploymentEvent, DeploymentEventKind } from '../core/deployments/deployment-entities.js';
import type { DeploymentEventQuery, DeploymentQuery, ServedAtQuery } from '../core/ports/deployment-repository.js';
import type { Database, DeploymentEventsTable, DeploymentsTable } from './schema.js';

type Db = Kysely<Database>;

const VERSION_SETTING_KINDS: DeploymentEventKind[] = ['started', 'switched'];

const optionalNumber = (value: number | string | null): number | null => (value === null ? null : Number(value));

function toDeployment(row: Selectable<DeploymentsTable>): Deployment {
  return {
    deploymentId: row.deployment_id,
    name: row.name,
    environment: row.environment,
    endpointUrl: row.endpoint_url,
    host: row.host,
    pid: optionalNumber(row.pid),
    modelUri: row.model_uri,
    modelName: row.model_name,
    alias: row.alias,
    currentVersion: optionalNumber(row.current_version),
    startedTime: Number(row.started_time),
    lastHeartbeatTime: Number(row.last_heartbeat_time),
    stoppedTime: optionalNumber(row.stopped_time),
    registeredBy: row.registered_by,
  };
}

function toEvent(row: Selectable<DeploymentEventsTable>): DeploymentEvent {
  return {
    eventId: row.event_id,
    deploymentId: row.deployment_id,
    deploymentName: row.deployment_name,
    modelName: row.model_name,
    alias: row.alias,
    kind: row.kind as DeploymentEventKind,
    time: Number(row.time),
    fromVersion: optionalNumber(row.from_version),
    toVersion: optionalNumber(row.to_version),
    reason: row.reason,
    message: row.message,
  };
}

export async function insertDeployment(db: Db, d: Deployment): Promise<void> {
  await db
    .insertInto('deployments')
    .values({
      deployment_id: d.deploymentId,
      name: d.name,
      environment: d.environment,
      endpoint_url: d.endpointUrl,
      host: d.host,
      pid: d.pid,
      model_uri: d.modelUri,
      model_name: d.modelName,
      alias: d.alias,
      current_version: d.currentVersion,
      started_time: d.startedTime,
      last_heartbeat_time: d.lastHeartbeatTime,
      stopped_time: d.stoppedTime,
      registered_by: d.registeredBy,
    })
    .execute();
}

export async function findDeployment(db: Db, deploymentId: string): Promise<Deployment | undefined> {
  const row = await db.selectFrom('deployments').selectAll().where('deployment_id', '=', deploymentId).executeTakeFirst();
  return row === undefined ? undefined : toDeployment(row);
}

export async function touchDeployment(db: Db, deploymentId: string, time: number): Promise<boolean> {
  const result = await db
    .updateTable('deployments')
    .set((eb) => ({ last_heartbeat_time: eb.case().when('last_heartbeat_time', '<', time).then(time).else(eb.ref('last_heartbeat_time')).end() }))
    .where('deployment_id', '=', deploymentId)
    .where('stopped_time', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/**
 * Applies the event to its instance first, conditioned on the instance still running, so of two
 * racing events the one that finds it stopped inserts nothing (false) and its transaction ends.
 */
export async function insertDeploymentEvent(db: Db, event: DeploymentEvent, update: { currentVersion?: number; stoppedTime?: number; heartbeatTime: number }): Promise<boolean> {
  const updated = await db
    .updateTable('deployments')
    .set((eb) => ({
      last_heartbeat_time: eb.case().when('last_heartbeat_time', '<', update.heartbeatTime).then(update.heartbeatTime).else(eb.ref('last_heartbeat_time')).end(),
      ...(update.currentVersion === undefined ? {} : { current_version: update.currentVersion }),
      ...(update.stoppedTime === undefined ? {} : { stopped_time: update.stoppedTime }),
    }))
    .where('deployment_id', '=', event.deploymentId)
    .where('stopped_time', 'is', null)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) return false;
  await db
    .insertInto('deployment_events')
    .values({
      event_id: event.eventId,
      deployment_id: event.deploymentId,
      deployment_name: event.deploymentName,
      model_name: event.modelName,
      alias: event.alias,
      kind: event.kind,
      time: event.time,
      from_version: event.fromVersion,
      to_version: event.toVersion,
      reason: event.reason,
      message: event.message,
    })
    .execute();
  return true;
}

export async function listDeployments(db: Db, query: DeploymentQuery): Promise<Deployment[]> {
  if (query.onlyModels !== undefined && query.onlyModels.length === 0) return [];
  let select = db.selectFrom('deployments').selectAll();
  if (query.name !== undefined) select = select.where('name', '=', query.name);
  if (query.modelName !== undefined) select = select.where('model_name', '=', query.modelName);
  if (query.version !== undefined) select = select.where('current_version', '=', query.version);
  if (query.environment !== undefined) select = select.where('environment', '=', query.environment);
  if (!query.includeStopped) select = select.where('stopped_time', 'is', null);
  if (query.onlyModels !== undefined) select = select.where('model_name', 'in', [...query.onlyModels]);
  const rows = await select.orderBy('started_time', 'desc').orderBy('deployment_id').limit(query.maxResults).execute();
  return rows.map(toDeployment);
}

export async function listDeploymentEvents(db: Db, query: DeploymentEventQuery): Promise<DeploymentEvent[]> {
  if (query.onlyModels !== undefined && query.onlyModels.length === 0) return [];
  let select = db.selectFrom('deployment_events').selectAll();
  if (query.deploymentId !== undefined) select = select.where('deployment_id', '=', query.deploymentId);
  if (query.name !== undefined) select = select.where('deployment_name', '=', query.name);
  if (query.modelName !== undefined) select = select.where('model_name', '=', query.modelName);
  if (query.kinds !== undefined) select = select.where('kind', 'in', [...query.kinds]);
  if (query.since !== undefined) select = select.where('time', '>=', query.since);
  if (query.until !== undefined) select = select.where('time', '<=', query.until);
  if (query.onlyModels !== undefined) select = select.where('model_name', 'in', [...query.onlyModels]);
  const rows = await select.orderBy('time', 'desc').orderBy('seq', 'desc').limit(query.maxResults).execute();
  return rows.map(toEvent);
}

export async function listDeploymentsAt(db: Db, query: ServedAtQuery): Promise<DeploymentAtTime[]> {
  if (query.onlyModels !== undefined && query.onlyModels.length === 0) return [];
  const { time } = query;
  let select = db
    .selectFrom('deployments as d')
    .selectAll('d')
    .select((eb) => {
      const lastSetting = () =>
        eb
          .selectFrom('deployment_events as e')
          .whereRef('e.deployment_id', '=', 'd.deployment_id')
          .where('e.time', '<=', time)
          .where('e.kind', 'in', VERSION_SETTING_KINDS)
          .where('e.to_version', 'is not', null)
          .orderBy('e.time', 'desc')
          .orderBy('e.seq', 'desc')
          .limit(1);
      return [lastSetting().select('e.to_version').as('serving_version'), lastSetting().select('e.time').as('serving_since')];
    })
    .where('d.started_time', '<=', time)
    .where((eb) => eb.or([eb('d.stopped_time', 'is', null), eb('d.stopped_time', '>', time)]));
  select = 'name' in query
    ? select.where('d.name', '=', query.name)
    : select.where('d.model_name', '=', query.modelName).where('d.alias', '=', query.alias);
  if (query.onlyModels !== undefined) select = select.where('d.model_name', 'in', [...query.onlyModels]);
  const rows = await select.execute();
  return rows.map((row) => ({
    deployment: toDeployment(row),
    serving: row.serving_version === null || row.serving_since === null ? null : { version: Number(row.serving_version), since: Number(row.serving_since) },
  }));
}
