/**
 * Where a model version's files sit inside its source run, or undefined when the source lies
 * outside that run. MLflow's clients register `runs:/<run>/<path>` or, as log_model(…,
 * registered_model_name=…) does, the run's resolved artifact URI plus the path
 * (`mlflow-artifacts:/1/<run>/artifacts/model`).
 */
export function modelPathInRun(source: string, runId: string | undefined, artifactUri: string | undefined): string | undefined {
  const runsUri = /^runs:\/([^/]+)\/(.+)$/.exec(source);
  if (runsUri) return runsUri[1] === runId ? trimSlashes(runsUri[2]!) : undefined;
  if (artifactUri === undefined || artifactUri === '') return undefined;
  const root = artifactUri.replace(/\/+$/, '');
  return source.startsWith(`${root}/`) ? trimSlashes(source.slice(root.length + 1)) || undefined : undefined;
}

function trimSlashes(path: string): string {
  return path.replace(/^\/+|\/+$/g, '');
}
