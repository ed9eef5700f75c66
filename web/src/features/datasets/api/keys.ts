export const datasetKeys = {
  all: ['datasets'] as const,
  detail: (name: string) => [...datasetKeys.all, 'detail', name] as const,
  version: (name: string, version: number) => [...datasetKeys.detail(name), 'version', version] as const,
  byDigest: (digest: string) => [...datasetKeys.all, 'by-digest', digest] as const,
};
