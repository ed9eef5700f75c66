/**
 * Pointing an alias at a version inside a registry transaction: MLflow's rule (the version
 * must exist) and Strata's (an Archived version takes no alias), and one registry-history row
 * for each actual move. Shared by a direct set and by an approved promotion request, which
 * records its request id on the history row.
 */
import { invalidParameter } from '../errors.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { PromotionJustification } from '../promotions/promotion-entities.js';
import { requireVersion } from './registry-mutation.js';

export interface AliasMove {
  name: string;
  alias: string;
  version: number;
  actor: string;
  time: number;
  requestId?: string;
  /** What justified a move made by a promotion; recorded on the history row. */
  justification?: PromotionJustification;
}

/** Returns the version that held the alias before (undefined when unset); nothing changes when it already held it. */
export async function moveAlias(tx: MetadataRepository, move: AliasMove): Promise<number | undefined> {
  const { name, alias, version, time } = move;
  const stage = await tx.findModelVersionStage(name, version);
  if (stage === undefined) await requireVersion(tx, name, version); // throws the right not-found error
  if (stage === 'Archived') {
    throw invalidParameter(
      `Model version (name=${name}, version=${version}) is archived and cannot take an alias. ` +
        'Transition it to another stage first.',
    );
  }
  const previous = await tx.findAliasVersion(name, alias);
  if (previous !== version) {
    await tx.setAlias(name, alias, version);
    await tx.appendRegistryHistory({
      modelName: name, version, kind: previous === undefined ? 'alias_set' : 'alias_moved', alias, stage: null,
      previousVersion: previous ?? null, previousStage: null, actor: move.actor, time,
      ...(move.requestId === undefined ? {} : { requestId: move.requestId }),
      ...(move.justification === undefined ? {} : { justification: move.justification }),
    });
    await tx.touchRegisteredModel(name, time);
  }
  return previous;
}
