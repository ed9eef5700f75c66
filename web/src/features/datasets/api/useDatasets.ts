import { useQuery } from '@tanstack/react-query';
import { REGISTRY_DIGEST, strata } from '../../../lib/strata';
import { datasetKeys } from './keys';

export function useDataset(name: string) {
  return useQuery({ queryKey: datasetKeys.detail(name), queryFn: () => strata.datasets.get(name, { includeRuns: true }) });
}

export function useDatasetVersion(name: string, version: number) {
  return useQuery({ queryKey: datasetKeys.version(name, version), queryFn: () => strata.datasets.getVersion(name, version), enabled: Number.isSafeInteger(version) && version > 0 });
}

/** Registered versions holding this content; digests the registry cannot hold (not hex) are never asked. */
export function useRegisteredVersions(digest: string) {
  return useQuery({
    queryKey: datasetKeys.byDigest(digest),
    queryFn: async () => (await strata.datasets.byDigest(digest)).dataset_versions,
    enabled: REGISTRY_DIGEST.test(digest),
  });
}
