export const runPageKeys = {
  all: ['run'] as const,
  detail: (runId: string) => [...runPageKeys.all, runId] as const,
  children: (experimentId: string, runId: string) => [...runPageKeys.detail(runId), 'children', experimentId] as const,
  artifacts: (runId: string, path: string) => [...runPageKeys.detail(runId), 'artifacts', path] as const,
  artifactText: (runId: string, path: string) => [...runPageKeys.detail(runId), 'artifact-text', path] as const,
  artifactBlob: (runId: string, path: string) => [...runPageKeys.detail(runId), 'artifact-blob', path] as const,
  modelVersions: (runId: string) => [...runPageKeys.detail(runId), 'model-versions'] as const,
};
