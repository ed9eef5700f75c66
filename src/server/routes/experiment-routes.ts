import type { MlflowEndpointName } from '../../api/mlflow-tracking.js';
import type { ExperimentService } from '../../core/services/experiment-service.js';
import { toViewType } from '../../core/validation.js';
import { experimentToWire } from '../mappers/experiment-mapper.js';
import { keyValuesFromWire } from '../mappers/run-mapper.js';
import { type ApiHandler, EMPTY } from './api-handler.js';

type ExperimentEndpoint = Extract<
  MlflowEndpointName,
  | 'createExperiment'
  | 'getExperiment'
  | 'getExperimentByName'
  | 'searchExperiments'
  | 'updateExperiment'
  | 'deleteExperiment'
  | 'restoreExperiment'
  | 'setExperimentTag'
  | 'deleteExperimentTag'
>;

export function experimentRoutes(experiments: ExperimentService): Record<ExperimentEndpoint, ApiHandler> {
  return {
    createExperiment: async ({ fields, actor }) => ({
      experiment_id: await experiments.create(actor, {
        name: fields.requiredString('name'),
        artifactLocation: fields.string('artifact_location'),
        tags: keyValuesFromWire(fields.objectList('tags')),
      }),
    }),
    getExperiment: async ({ fields }) => ({
      experiment: experimentToWire(await experiments.get(fields.requiredString('experiment_id'))),
    }),
    getExperimentByName: async ({ fields }) => ({
      experiment: experimentToWire(await experiments.getByName(fields.requiredString('experiment_name'))),
    }),
    searchExperiments: async ({ fields, access }) => {
      const readable = await access.readable('experiment');
      const page = await experiments.search({
        ...(readable.all ? {} : { onlyIds: readable.keys }),
        filter: fields.string('filter'),
        orderBy: fields.stringList('order_by'),
        viewType: toViewType(fields.raw('view_type')),
        maxResults: fields.int64('max_results'),
        pageToken: fields.string('page_token'),
      });
      const body: { experiments?: object[]; next_page_token?: string } = {};
      if (page.items.length > 0) body.experiments = page.items.map(experimentToWire);
      if (page.nextPageToken) body.next_page_token = page.nextPageToken;
      return body;
    },
    updateExperiment: async ({ fields, actor }) => {
      const id = fields.requiredString('experiment_id');
      await experiments.rename(actor, id, fields.requiredString('new_name'));
      return EMPTY;
    },
    deleteExperiment: async ({ fields, actor }) => {
      await experiments.delete(actor, fields.requiredString('experiment_id'));
      return EMPTY;
    },
    restoreExperiment: async ({ fields, actor }) => {
      await experiments.restore(actor, fields.requiredString('experiment_id'));
      return EMPTY;
    },
    setExperimentTag: async ({ fields, actor }) => {
      const id = fields.requiredString('experiment_id');
      await experiments.setTag(actor, id, fields.requiredString('key'), fields.string('value') ?? '');
      return EMPTY;
    },
    deleteExperimentTag: async ({ fields, actor }) => {
      const id = fields.requiredString('experiment_id');
      await experiments.deleteTag(actor, id, fields.requiredString('key'));
      return EMPTY;
    },
  };
}
