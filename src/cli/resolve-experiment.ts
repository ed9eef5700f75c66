import type { StrataClient } from '../client/strata-client.js';
import { StrataApiError, isStrataApiError } from '../client/strata-api-error.js';

/**
 * An experiment id from what a person typed: a name first (names are what people
 * remember), then an id, since MLflow's numeric ids could also be names.
 */
export async function resolveExperimentId(client: StrataClient, nameOrId: string): Promise<string> {
  try {
    return (await client.getExperimentByName({ experiment_name: nameOrId })).experiment.experiment_id;
  } catch (error) {
    if (!isStrataApiError(error, 'RESOURCE_DOES_NOT_EXIST')) throw error;
  }
  try {
    return (await client.getExperiment({ experiment_id: nameOrId })).experiment.experiment_id;
  } catch (error) {
    if (!isStrataApiError(error, 'RESOURCE_DOES_NOT_EXIST') && !isStrataApiError(error, 'INVALID_PARAMETER_VALUE')) throw error;
  }
  throw new StrataApiError(404, 'RESOURCE_DOES_NOT_EXIST', `no experiment is named or has id "${nameOrId}"`);
}
