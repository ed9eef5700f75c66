/**
 * The policy file `strata models policy apply` reads: YAML with `model:` and
 * `protected_aliases:` (the API's shape, src/api/strata-promotions.ts). The CLI checks the
 * file's own shape; the server checks every rule and names each bad field.
 */
import { parse, stringify } from 'yaml';
import type { ModelPolicyWire, SetModelPolicyRequest } from '../../../../api/strata-promotions.js';
import { UsageError } from '../../../cli-context.js';

const TOP_LEVEL = new Set(['model', 'protected_aliases']);

export function parsePolicyFile(text: string, file: string): SetModelPolicyRequest {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new UsageError(`${file}: not valid YAML: ${(error as Error).message}`);
  }
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UsageError(`${file}: expected a mapping with model and protected_aliases`);
  }
  const fields = document as Record<string, unknown>;
  const problems = Object.keys(fields).filter((key) => !TOP_LEVEL.has(key)).map((key) => `${key}: unknown field (expected model, protected_aliases)`);
  if (typeof fields.model !== 'string' || fields.model === '') problems.push('model: the registered model\'s name is required');
  if (fields.protected_aliases === undefined) problems.push('protected_aliases: required (use {} to protect nothing)');
  if (problems.length > 0) throw new UsageError(`${file}: ${problems.join('; ')}`);
  return { name: fields.model as string, protected_aliases: fields.protected_aliases as SetModelPolicyRequest['protected_aliases'] };
}

/** The policy as a file `apply` would accept. */
export function policyToYaml(policy: ModelPolicyWire): string {
  return stringify({ model: policy.name, protected_aliases: policy.protected_aliases });
}
