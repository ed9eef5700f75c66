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
      `(${rule.approvals} approval${rule.approvals === 1 ? '' : 's'} required) and cannot be set or deleted directly. ` +
      `Request a promotion instead: strata promote ${uri} --alias ${alias} --reason "…" ` +
      `(POST /api/strata/v1/promotions).`,
  );
}
