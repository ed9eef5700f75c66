import { useQuery } from '@tanstack/react-query';
import { strata, type RegisteredModel } from '../../../lib/strata';
import { runPageKeys } from '../../run/api/keys';
import { registryKeys } from './keys';

const MAX_LISTED = 5000;

export function useModelList(search: string) {
  return useQuery({
    queryKey: registryKeys.list(search),
    queryFn: async (): Promise<RegisteredModel[]> => {
      const models: RegisteredModel[] = [];
      const text = search.trim();
      const filter = text === '' ? undefined : `name ILIKE '%${text.replaceAll("'", "''")}%'`;
      let pageToken: string | undefined;
      do {
        const page = await strata.models.search({ max_results: 1000, order_by: ['name ASC'], ...(filter ? { filter } : {}), ...(pageToken ? { page_token: pageToken } : {}) });
        models.push(...(page.registered_models ?? []));
        pageToken = page.next_page_token || undefined;
      } while (pageToken !== undefined && models.length < MAX_LISTED);
      return models;
    },
    placeholderData: (previous) => previous,
  });
}

export function useModel(name: string) {
  return useQuery({ queryKey: registryKeys.detail(name), queryFn: () => strata.models.get(name) });
}

export function useModelVersions(name: string) {
  return useQuery({
    queryKey: registryKeys.versions(name),
    queryFn: async () => (await strata.models.listVersions(name)).sort((a, b) => Number(b.version) - Number(a.version)),
  });
}

export function useModelVersion(name: string, version: string) {
  return useQuery({ queryKey: registryKeys.version(name, version), queryFn: () => strata.models.getVersion(name, version) });
}

/** A version's source run, for linking to it (shares the run page's cache entry). */
export function useSourceRun(runId: string | undefined) {
  return useQuery({ queryKey: runPageKeys.detail(runId ?? ''), queryFn: () => strata.runs.get(runId ?? ''), enabled: runId !== undefined && runId !== '' });
}
