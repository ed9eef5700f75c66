/**
 * A registered model's promotion policy: which aliases are protected and what moving each
 * takes. Read by anyone who can read the model; replaced or removed by its managers and
 * admins (the route's permission), each change audited with the rules before and after.
 */
import { parseProtectedAliases, protectedAliasesDocument } from '../promotions/policy-document.js';
import type { ModelPolicy } from '../promotions/promotion-entities.js';
import { modelEntity, mutateRegistry, requireModel, type RegistryDeps } from './registry-mutation.js';
import { type Actor, displayName } from './service-deps.js';

export class ModelPolicyService {
  constructor(private readonly deps: RegistryDeps) {}

  /** The model's policy; one with no protected aliases when none was set. */
  async get(name: string): Promise<ModelPolicy> {
    await requireModel(this.deps.store, name);
    return (await this.deps.store.findModelPolicy(name)) ?? { modelName: name, protectedAliases: [], updatedBy: '', updatedTime: 0 };
  }

  /** Replaces the policy with `protectedAliases` (the document's field, validated whole first). */
  async set(actor: Actor, name: string, protectedAliases: unknown): Promise<ModelPolicy> {
    const rules = parseProtectedAliases(protectedAliases);
    return mutateRegistry(this.deps, actor, [name], async (tx, time) => {
      await requireModel(tx, name);
      const before = await tx.findModelPolicy(name);
      const policy: ModelPolicy = { modelName: name, protectedAliases: rules, updatedBy: displayName(actor), updatedTime: time };
      await tx.putModelPolicy(policy);
      return {
        result: policy,
        audit: { action: 'registered_model.set_policy', ...modelEntity(name), summary: { before: protectedAliasesDocument(before?.protectedAliases ?? []), after: protectedAliasesDocument(rules) } },
      };
    });
  }

  /** False when the model had no policy. */
  async delete(actor: Actor, name: string): Promise<boolean> {
    return mutateRegistry(this.deps, actor, [name], async (tx) => {
      await requireModel(tx, name);
      const before = await tx.findModelPolicy(name);
      const deleted = await tx.deleteModelPolicy(name);
      return { result: deleted, audit: { action: 'registered_model.delete_policy', ...modelEntity(name), summary: { before: protectedAliasesDocument(before?.protectedAliases ?? []) } } };
    });
  }
}
