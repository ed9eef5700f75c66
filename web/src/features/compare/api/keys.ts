export const compareKeys = {
  all: ['compare'] as const,
  runs: (runIds: readonly string[]) => [...compareKeys.all, 'runs', ...runIds] as const,
};
