// Query keys of the runs feature. Every input that changes a result is in its key.
export const runKeys = {
  all: ['runs'] as const,
  searches: (experimentId: string) => [...runKeys.all, 'search', experimentId] as const,
  search: (experimentId: string, filter: string, orderBy: readonly string[], deleted: boolean) =>
    [...runKeys.searches(experimentId), { filter, orderBy: [...orderBy], deleted }] as const,
};
