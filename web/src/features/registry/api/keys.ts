export const registryKeys = {
  all: ['models'] as const,
  list: (search: string) => [...registryKeys.all, 'list', { search }] as const,
  detail: (name: string) => [...registryKeys.all, 'detail', name] as const,
  versions: (name: string) => [...registryKeys.detail(name), 'versions'] as const,
  version: (name: string, version: string) => [...registryKeys.detail(name), 'version', version] as const,
  gates: (name: string, version: string) => [...registryKeys.version(name, version), 'gates'] as const,
};
