/**
 * The model registry as the server sees it: one object per area. Each mutation takes
 * the acting user first and commits with its audit event, its registry-history rows
 * and its domain events (see registry-mutation.ts).
 */
import type { ModelVersion } from '../registry-entities.js';
import { ModelAliasService } from './model-alias-service.js';
import { ModelPolicyService } from './model-policy-service.js';
import { PromotionService } from './promotion-service.js';
import { ModelUriResolver } from './model-uri-resolver.js';
import { ModelVersionService } from './model-version-service.js';
import { RegisteredModelService } from './registered-model-service.js';
import type { RegistryDeps } from './registry-mutation.js';

export interface RegistryService {
  models: RegisteredModelService;
  versions: ModelVersionService;
  aliases: ModelAliasService;
  /** Protected aliases: each model's promotion policy. */
  policies: ModelPolicyService;
  /** Promotion requests: how a protected alias moves. */
  promotions: PromotionService;
  /** `models:/name/3`, `models:/name@alias`, `models:/name/Production`, `models:/name/latest`. */
  resolve(uri: string): Promise<ModelVersion>;
  /** Storage locations of every registered version: artifacts `strata gc` must keep. */
  referencedStorageLocations(): Promise<string[]>;
}

export function createRegistryService(deps: RegistryDeps): RegistryService {
  const resolver = new ModelUriResolver();
  return {
    models: new RegisteredModelService(deps),
    versions: new ModelVersionService(deps, resolver),
    aliases: new ModelAliasService(deps, resolver),
    policies: new ModelPolicyService(deps),
    promotions: new PromotionService(deps),
    resolve: (uri) => resolver.resolve(deps.store, uri),
    referencedStorageLocations: () => deps.store.listModelVersionStorageLocations(),
  };
}

export type { RegistryDeps } from './registry-mutation.js';
export type { RegistryEvent, RegistryEventListener, RegistryEventType } from './registry-events.js';
