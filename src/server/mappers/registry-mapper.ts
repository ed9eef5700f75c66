/**
 * Registry entities to MLflow's JSON (ModelVersion.to_proto / RegisteredModel.to_proto):
 * version numbers as strings, unset optionals and empty lists left out, and the
 * registry history as Strata's wire events.
 */
import type {
  ModelVersion as WireModelVersion,
  RegisteredModel as WireRegisteredModel,
} from '../../api/mlflow-registry.js';
import type { RegistryHistoryEventWire } from '../../api/strata-registry.js';
import { justificationToWire } from './promotion-mapper.js';
import type { ModelVersion, RegisteredModel, RegistryHistoryEvent } from '../../core/registry-entities.js';

export function modelVersionToWire(version: ModelVersion): WireModelVersion {
  const wire: WireModelVersion = {
    name: version.name,
    version: String(version.version),
    creation_timestamp: version.creationTime,
    last_updated_timestamp: version.lastUpdatedTime,
    current_stage: version.currentStage,
    source: version.source,
    status: version.status,
  };
  if (version.userId !== null) wire.user_id = version.userId;
  if (version.description !== null) wire.description = version.description;
  if (version.runId !== null) wire.run_id = version.runId;
  if (version.statusMessage !== null) wire.status_message = version.statusMessage;
  if (version.runLink !== null) wire.run_link = version.runLink;
  if (version.tags.length > 0) wire.tags = version.tags.map(({ key, value }) => ({ key, value }));
  if (version.aliases.length > 0) wire.aliases = [...version.aliases];
  return wire;
}

export function registeredModelToWire(model: RegisteredModel): WireRegisteredModel {
  const wire: WireRegisteredModel = {
    name: model.name,
    creation_timestamp: model.creationTime,
    last_updated_timestamp: model.lastUpdatedTime,
  };
  if (model.description !== null) wire.description = model.description;
  if (model.latestVersions.length > 0) wire.latest_versions = model.latestVersions.map(modelVersionToWire);
  if (model.tags.length > 0) wire.tags = model.tags.map(({ key, value }) => ({ key, value }));
  if (model.aliases.length > 0) wire.aliases = model.aliases.map((a) => ({ alias: a.alias, version: String(a.version) }));
  return wire;
}

export function historyEventToWire(event: RegistryHistoryEvent): RegistryHistoryEventWire {
  const wire: RegistryHistoryEventWire = {
    event_id: event.eventId,
    name: event.name,
    kind: event.kind,
    version: String(event.version),
    actor: event.actor,
    time: event.time,
  };
  if (event.alias !== null) wire.alias = event.alias;
  if (event.stage !== null) wire.stage = event.stage;
  if (event.previousVersion !== null) wire.previous_version = String(event.previousVersion);
  if (event.previousStage !== null) wire.previous_stage = event.previousStage;
  if (event.requestId !== undefined) wire.request_id = event.requestId;
  if (event.justification !== undefined) wire.justification = justificationToWire(event.justification);
  return wire;
}
