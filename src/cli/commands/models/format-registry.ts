/** Text output of the `strata models` commands. */
import type { ModelVersion, RegisteredModel } from '../../../api/mlflow-registry.js';
import type { RegistryHistoryEventWire } from '../../../api/strata-registry.js';
import { formatJustification } from '../promotions/format-promote.js';
import { formatFields, formatTable } from '../../format-table.js';
import { formatTime, summarise } from '../../format-values.js';

const aliasList = (model: RegisteredModel): string =>
  (model.aliases ?? []).map((a) => `${a.alias}=v${a.version}`).join(', ') || '-';

export function formatModelTable(models: RegisteredModel[]): string {
  return formatTable(
    ['NAME', 'LATEST', 'ALIASES', 'UPDATED', 'TAGS'],
    models.map((m) => [
      m.name,
      String(Math.max(0, ...(m.latest_versions ?? []).map((v) => Number(v.version))) || '-'),
      aliasList(m),
      formatTime(m.last_updated_timestamp),
      summarise(m.tags ?? []),
    ]),
  );
}

export function formatVersionTable(versions: ModelVersion[]): string {
  return formatTable(
    ['VERSION', 'STAGE', 'ALIASES', 'CREATED', 'RUN', 'SOURCE'],
    versions.map((v) => [
      v.version, v.current_stage, (v.aliases ?? []).join(', ') || '-', formatTime(v.creation_timestamp), v.run_id || '-', v.source,
    ]),
  );
}

export function formatModel(model: RegisteredModel, versions: ModelVersion[]): string {
  const fields = formatFields([
    ['name', model.name],
    ['description', model.description || '-'],
    ['created', formatTime(model.creation_timestamp)],
    ['updated', formatTime(model.last_updated_timestamp)],
    ['aliases', aliasList(model)],
    ['tags', summarise(model.tags ?? [], 20)],
  ]);
  return versions.length > 0 ? `${fields}\n\n${formatVersionTable(versions)}` : fields;
}

function describeEvent(e: RegistryHistoryEventWire): string {
  switch (e.kind) {
    case 'alias_set':
      return `alias ${e.alias} set to v${e.version}`;
    case 'alias_moved':
      return `alias ${e.alias} moved v${e.previous_version} -> v${e.version}`;
    case 'alias_deleted':
      return `alias ${e.alias} deleted (was v${e.version})`;
    case 'stage_transition':
      return `v${e.version} ${e.previous_stage} -> ${e.stage}`;
  }
}

/** A JUSTIFICATION column appears when a promotion made one of the moves. */
export function formatHistory(events: RegistryHistoryEventWire[]): string {
  if (events.length === 0) return 'no alias or stage changes recorded';
  if (!events.some((e) => e.justification !== undefined)) {
    return formatTable(['TIME', 'ACTOR', 'CHANGE'], events.map((e) => [formatTime(e.time), e.actor, describeEvent(e)]));
  }
  return formatTable(
    ['TIME', 'ACTOR', 'CHANGE', 'JUSTIFICATION'],
    events.map((e) => [formatTime(e.time), e.actor, describeEvent(e), e.justification === undefined ? '-' : formatJustification(e.justification)]),
  );
}
