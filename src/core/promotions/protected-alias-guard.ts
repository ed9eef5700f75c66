/**
 * The one check that keeps protected aliases protected: a direct set or delete of an alias the
 * model's policy names is refused with PERMISSION_DENIED, whoever asks — admins included (they
 * may change the policy instead, which is audited; there is no silent override). The message
 * names the policy and says how to ask for the move.
 */
import { StrataError } from '../errors.js';
import type { PromotionRepository } from '../ports/promotion-repository.js';

export async function refuseProtectedAlias(repo: PromotionRepository, name: string, alias: string, version?: number): Promise<void> {
  const policy = await repo.findModelPolicy(name);
  const rule = policy?.protectedAliases.find((r) => r.alias === alias);
  if (!rule) return;
  const uri = `models:/${name}/${version ?? '<version>'}`;
  throw new StrataError(
    'PERMISSION_DENIED',
    `Alias '${alias}' of registered model '${name}' is protected by the model's promotion policy ` +
      `(${rule.auto ? 'auto: applied when its conditions hold' : `${rule.approvals} approval${rule.approvals === 1 ? '' : 's'} required`}) and cannot be set or deleted directly. ` +
      `Request a promotion instead: strata promote ${uri} --alias ${alias} --reason "…" ` +
      `(POST /api/strata/v1/promotions/promote).`,
  );
}

/**
 * Deleting what holds a protected alias would remove the alias without a request: a model
 * version holding one cannot be deleted (move the alias by promotion first), nor can a model
 * while a protected alias is set (delete its policy first — a manager's audited change).
 */
export async function refuseRemovingProtectedAliases(
  repo: PromotionRepository,
  name: string,
  heldAliases: readonly string[],
  what: { version: number } | 'model',
): Promise<void> {
  if (heldAliases.length === 0) return;
  const policy = await repo.findModelPolicy(name);
  const protectedHeld = heldAliases.filter((alias) => policy?.protectedAliases.some((r) => r.alias === alias));
  const first = protectedHeld[0];
  if (first === undefined) return;
  const named = protectedHeld.map((alias) => `'${alias}'`).join(', ');
  throw new StrataError(
    'PERMISSION_DENIED',
    what === 'model'
      ? `Registered model '${name}' has protected alias ${named} set by its promotion policy and cannot be deleted while it does. ` +
          `Delete the model's policy first (DELETE /api/strata/v1/models/policy; an audited change managers and admins may make).`
      : `Version ${what.version} of registered model '${name}' holds protected alias ${named} and cannot be deleted while it does. ` +
          `Promote another version first: strata promote models:/${name}/<version> --alias ${first} --reason "…".`,
  );
}
