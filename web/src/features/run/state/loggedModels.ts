export interface LoggedModel {
  artifactPath: string;
  flavors: string[];
}

/**
 * The models a run logged, from MLflow's `mlflow.log-model.history` tag: a JSON list of MLmodel
 * summaries ({artifact_path, flavors, …}), one per log_model call. Logging the same path twice
 * keeps the later entry. Anything unreadable yields an empty list.
 */
export function loggedModels(history: string | undefined): LoggedModel[] {
  if (history === undefined || history === '') return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(history);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  const byPath = new Map<string, LoggedModel>();
  for (const entry of parsed) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { artifact_path: artifactPath, flavors } = entry as { artifact_path?: unknown; flavors?: unknown };
    if (typeof artifactPath !== 'string' || artifactPath === '') continue;
    const names = typeof flavors === 'object' && flavors !== null ? Object.keys(flavors).sort(byFlavor) : [];
    byPath.set(artifactPath, { artifactPath, flavors: names });
  }
  return [...byPath.values()];
}

/** The framework flavor first: python_function is present on nearly every model and says least. */
function byFlavor(a: string, b: string): number {
  if (a === 'python_function') return 1;
  if (b === 'python_function') return -1;
  return a.localeCompare(b);
}
