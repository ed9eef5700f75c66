import type { MlflowRegistryEndpointName } from '../../api/mlflow-registry.js';
import type { RegistryService } from '../../core/services/registry-service.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import { modelVersionToWire, registeredModelToWire } from '../mappers/registry-mapper.js';
import { keyValuesFromWire } from '../mappers/run-mapper.js';
import { type ApiHandler, EMPTY } from './api-handler.js';

type ModelEndpoint = Extract<
  MlflowRegistryEndpointName,
  | 'createRegisteredModel'
  | 'renameRegisteredModel'
  | 'updateRegisteredModel'
  | 'deleteRegisteredModel'
  | 'getRegisteredModel'
  | 'searchRegisteredModels'
  | 'getLatestVersions'
  | 'setRegisteredModelTag'
  | 'deleteRegisteredModelTag'
  | 'setRegisteredModelAlias'
  | 'deleteRegisteredModelAlias'
  | 'getModelVersionByAlias'
>;

export function registeredModelRoutes({ models, aliases }: RegistryService): Record<ModelEndpoint, ApiHandler> {
  return {
    createRegisteredModel: async ({ fields, actor }) => ({
      registered_model: registeredModelToWire(
        await models.create(actor, {
          name: fields.requiredString('name'),
          tags: keyValuesFromWire(fields.objectList('tags')),
          description: fields.string('description'),
        }),
      ),
    }),
    renameRegisteredModel: async ({ fields, actor }) => ({
      registered_model: registeredModelToWire(
        await models.rename(actor, fields.requiredString('name'), fields.requiredString('new_name')),
      ),
    }),
    updateRegisteredModel: async ({ fields, actor }) => ({
      registered_model: registeredModelToWire(
        await models.update(actor, fields.requiredString('name'), fields.string('description')),
      ),
    }),
    deleteRegisteredModel: async ({ fields, actor }) => {
      await models.delete(actor, fields.requiredString('name'));
      return EMPTY;
    },
    getRegisteredModel: async ({ fields }) => ({
      registered_model: registeredModelToWire(await models.get(fields.requiredString('name'))),
    }),
    searchRegisteredModels: async ({ fields, access }) => {
      const readable = await access.readable('model');
      const page = await models.search({
        ...(readable.all ? {} : { onlyNames: readable.keys }),
        filter: fields.string('filter'),
        orderBy: fields.stringList('order_by'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
      });
      const body: { registered_models?: object[]; next_page_token?: string } = {};
      if (page.items.length > 0) body.registered_models = page.items.map(registeredModelToWire);
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    },
    getLatestVersions: async ({ fields }) => {
      const versions = await models.getLatestVersions(fields.requiredString('name'), fields.stringList('stages'));
      return versions.length > 0 ? { model_versions: versions.map(modelVersionToWire) } : {};
    },
    setRegisteredModelTag: async ({ fields, actor }) => {
      await models.setTag(actor, fields.requiredString('name'), fields.requiredString('key'), fields.string('value') ?? '');
      return EMPTY;
    },
    deleteRegisteredModelTag: async ({ fields, actor }) => {
      await models.deleteTag(actor, fields.requiredString('name'), fields.requiredString('key'));
      return EMPTY;
    },
    setRegisteredModelAlias: async ({ fields, actor }) => {
      const name = fields.requiredString('name');
      const alias = fields.requiredString('alias');
      await aliases.set(actor, name, alias, parseModelVersion(fields.requiredString('version')));
      return EMPTY;
    },
    deleteRegisteredModelAlias: async ({ fields, actor }) => {
      await aliases.delete(actor, fields.requiredString('name'), fields.requiredString('alias'));
      return EMPTY;
    },
    getModelVersionByAlias: async ({ fields }) => ({
      model_version: modelVersionToWire(await aliases.getVersion(fields.requiredString('name'), fields.requiredString('alias'))),
    }),
  };
}
