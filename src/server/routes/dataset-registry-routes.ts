/**
 * /api/strata/v1/datasets: register a version, list datasets, get one with its versions,
 * get a version with the runs that used it, find versions by digest. Path parameters
 * (`:name`, `:version`, `:digest`) are read like any other field.
 */
import type {
  FindDatasetVersionsByDigestResponse,
  GetDatasetResponse,
  GetDatasetVersionResponse,
  ListDatasetsResponse,
  RegisterDatasetVersionResponse,
  StrataDatasetEndpointName,
} from '../../api/strata-datasets.js';
import { invalidParameter } from '../../core/errors.js';
import { parseModelVersion } from '../../core/registry-validation.js';
import type { DatasetRegistryService } from '../../core/services/dataset-registry-service.js';
import { datasetVersionRunToWire, datasetVersionToWire, registeredDatasetToWire } from '../mappers/dataset-registry-mapper.js';
import type { RequestFields } from '../request-fields.js';
import type { ApiHandler } from './api-handler.js';
import { shortenForMessage } from '../../core/shorten-for-message.js';

/** schema/profile arrive as JSON objects (or JSON text of one); the service stores text. */
function jsonText(fields: RequestFields, name: 'schema' | 'profile'): unknown {
  const value = fields.raw(name);
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? JSON.stringify(value) : value;
}

function includeRuns(fields: RequestFields): boolean {
  const value = fields.string('include_runs');
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw invalidParameter(`Parameter 'include_runs' must be true or false, got '${shortenForMessage(value)}'.`);
}

export function datasetRegistryRoutes(datasets: DatasetRegistryService): Record<StrataDatasetEndpointName, ApiHandler> {
  return {
    registerDatasetVersion: async ({ fields, actor }): Promise<RegisterDatasetVersionResponse> => {
      const { version, created } = await datasets.registerVersion(actor, {
        name: fields.raw('name'),
        digest: fields.raw('digest'),
        size: fields.int64('size'),
        fileCount: fields.int64('file_count'),
        sourceUri: fields.raw('source_uri'),
        schema: jsonText(fields, 'schema'),
        profile: jsonText(fields, 'profile'),
        description: fields.raw('description'),
      });
      return { dataset_version: datasetVersionToWire(version), created };
    },
    listDatasets: async ({ fields, access }): Promise<ListDatasetsResponse> => {
      const readable = await access.readable('dataset');
      const page = await datasets.listDatasets({
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
        ...(readable.all ? {} : { onlyNames: readable.keys }),
      });
      return {
        datasets: page.items.map(registeredDatasetToWire),
        ...(page.nextPageToken ? { next_page_token: page.nextPageToken } : {}),
      };
    },
    getDataset: async ({ fields }): Promise<GetDatasetResponse> => {
      const found = await datasets.getDataset(fields.requiredString('name'), { includeRuns: includeRuns(fields) });
      const runs = found.runs;
      return {
        dataset: registeredDatasetToWire(found.dataset),
        versions: found.versions.map((v) => ({
          ...datasetVersionToWire(v),
          ...(runs ? { runs: runs.filter((r) => r.digest === v.digest).map(datasetVersionRunToWire) } : {}),
        })),
      };
    },
    getDatasetVersion: async ({ fields }): Promise<GetDatasetVersionResponse> => {
      const version = parseModelVersion(fields.requiredString('version'));
      const found = await datasets.getVersion(fields.requiredString('name'), version);
      return { dataset_version: datasetVersionToWire(found.version), runs: found.runs.map(datasetVersionRunToWire) };
    },
    findDatasetVersionsByDigest: async ({ fields, access }): Promise<FindDatasetVersionsByDigestResponse> => {
      const found = await datasets.findVersionsByDigest(fields.requiredString('digest'));
      // A digest matches a handful of versions: filtering the answer is enough.
      const readable = await access.readable('dataset');
      const visible = readable.all ? found : found.filter((version) => readable.keys.includes(version.name));
      return { dataset_versions: visible.map(datasetVersionToWire) };
    },
  };
}
