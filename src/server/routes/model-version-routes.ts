import type { MlflowRegistryEndpointName } from '../../api/mlflow-registry.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import type { RegistryService } from '../../core/services/registry-service.js';
import { modelVersionToWire } from '../mappers/registry-mapper.js';
import { keyValuesFromWire } from '../mappers/run-mapper.js';
import type { RequestFields } from '../request-fields.js';
import { type ApiHandler, EMPTY } from './api-handler.js';

type VersionEndpoint = Extract<
  MlflowRegistryEndpointName,
  | 'createModelVersion'
  | 'updateModelVersion'
  | 'transitionModelVersionStage'
  | 'deleteModelVersion'
  | 'getModelVersion'
  | 'searchModelVersions'
  | 'getModelVersionDownloadUri'
  | 'setModelVersionTag'
  | 'deleteModelVersionTag'
>;

const nameAndVersion = (fields: RequestFields): [string, number] => [
  fields.requiredString('name'),
  parseModelVersion(fields.requiredString('version')),
];

export function modelVersionRoutes({ versions }: RegistryService): Record<VersionEndpoint, ApiHandler> {
  return {
    createModelVersion: async ({ fields, actor }) => ({
      model_version: modelVersionToWire(
        await versions.create(actor, {
          name: fields.requiredString('name'),
          source: fields.requiredString('source'),
          runId: fields.string('run_id'),
          runLink: fields.string('run_link'),
          description: fields.string('description'),
          tags: keyValuesFromWire(fields.objectList('tags')),
        }),
      ),
    }),
    updateModelVersion: async ({ fields, actor }) => ({
      model_version: modelVersionToWire(await versions.update(actor, ...nameAndVersion(fields), fields.string('description'))),
    }),
    transitionModelVersionStage: async ({ fields, actor }) => {
      const [name, version] = nameAndVersion(fields);
      const stage = fields.requiredString('stage');
      const updated = await versions.transitionStage(actor, name, version, stage, fields.boolean('archive_existing_versions'));
      return { model_version: modelVersionToWire(updated) };
    },
    deleteModelVersion: async ({ fields, actor }) => {
      await versions.delete(actor, ...nameAndVersion(fields), fields.boolean('force'));
      return EMPTY;
    },
    getModelVersion: async ({ fields }) => ({
      model_version: modelVersionToWire(await versions.get(...nameAndVersion(fields))),
    }),
    searchModelVersions: async ({ fields, access }) => {
      const readable = await access.readable('model');
      const page = await versions.search({
        ...(readable.all ? {} : { onlyNames: readable.keys }),
        filter: fields.string('filter'),
        orderBy: fields.stringList('order_by'),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
      });
      const body: { model_versions?: object[]; next_page_token?: string } = {};
      if (page.items.length > 0) body.model_versions = page.items.map(modelVersionToWire);
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    },
    getModelVersionDownloadUri: async ({ fields }) => ({
      artifact_uri: await versions.getDownloadUri(...nameAndVersion(fields)),
    }),
    setModelVersionTag: async ({ fields, actor }) => {
      const [name, version] = nameAndVersion(fields);
      await versions.setTag(actor, name, version, fields.requiredString('key'), fields.string('value') ?? '');
      return EMPTY;
    },
    deleteModelVersionTag: async ({ fields, actor }) => {
      const [name, version] = nameAndVersion(fields);
      await versions.deleteTag(actor, name, version, fields.requiredString('key'));
      return EMPTY;
    },
  };
}
