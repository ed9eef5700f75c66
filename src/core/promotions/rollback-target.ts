/**
 * Where a rollback moves an alias: the version it pointed to before its current one, read from
 * the alias's registry history (newest first, from the event that gave the alias its current
 * version back), skipping versions deleted since. Read inside the transaction that moves it,
 * under the model's lock, so two rollbacks cannot both pick the same "previous" holder.
 */
import { StrataError } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { RegistryHistoryEvent } from '../registry-entities.js';

export interface RollbackTarget {
  /** The version to move the alias to. */
  version: number;
  /** The version the alias holds now (what the rollback undoes). */
  current: number;
  /** Earlier holders passed over because they were deleted, newest first. */
  skippedDeleted: number[];
}

const conflict = (message: string) => new StrataError('INVALID_STATE', message, 409);

/** Versions that held the alias before `current` got it (last time), newest first, without repeats or `current`. */
function earlierHolders(events: readonly RegistryHistoryEvent[], current: number): number[] {
  const newestFirst = [...events].reverse();
  const since = newestFirst.findIndex((e) => e.kind !== 'alias_deleted' && e.version === current);
  const holders: number[] = [];
  for (const event of newestFirst.slice(since + 1)) {
    if (event.kind === 'alias_deleted' || event.version === current || holders.includes(event.version)) continue;
    holders.push(event.version);
  }
  return holders;
}

export async function rollbackTarget(tx: MetadataRepository, name: string, alias: string): Promise<RollbackTarget> {
  const where = `${name}@${alias}`;
  const current = await tx.findAliasVersion(name, alias);
  const events = await tx.listRegistryHistory({ modelName: name, alias });
  if (current === undefined) {
    throw conflict(events.length === 0
      ? `Alias '${alias}' of registered model '${name}' has never been set: there is nothing to roll back.`
      : `Alias '${alias}' of registered model '${name}' is not set (it was deleted): there is nothing to roll back; promote a version instead.`);
  }
  const holders = earlierHolders(events, current);
  if (holders.length === 0) {
    throw conflict(`${where} has pointed to no version other than ${current} (the alias never moved): there is no previous holder to roll back to.`);
  }
  const skippedDeleted: number[] = [];
  for (const version of holders) {
    if ((await tx.findModelVersionStage(name, version)) !== undefined) return { version, current, skippedDeleted };
    skippedDeleted.push(version);
  }
  const list = skippedDeleted.map((v) => `version ${v}`).join(', ');
  throw conflict(`${where}: every previous holder (${list}) has been deleted since; there is no version to roll back to.`);
}
