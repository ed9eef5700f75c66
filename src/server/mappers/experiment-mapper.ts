/** Domain experiments to MLflow's JSON, leaving out what message_to_json leaves out. */
import type { Experiment as WireExperiment } from '../../api/mlflow-tracking.js';
import type { Experiment } from '../../core/entities.js';

export function experimentToWire(experiment: Experiment): WireExperiment {
  const wire: WireExperiment = {
    experiment_id: experiment.experimentId,
    name: experiment.name,
    artifact_location: experiment.artifactLocation,
    lifecycle_stage: experiment.lifecycleStage,
    last_update_time: experiment.lastUpdateTime,
    creation_time: experiment.creationTime,
  };
  if (experiment.tags.length > 0) wire.tags = experiment.tags.map(({ key, value }) => ({ key, value }));
  return wire;
}
