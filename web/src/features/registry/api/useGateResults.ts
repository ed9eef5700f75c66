import { useQuery } from '@tanstack/react-query';
import { strata, type GateResultWire } from '../../../lib/strata';
import { registryKeys } from './keys';

/**
 * The newest result of each gate for a model version, newest gate first: what promotion
 * policies read ("gate G passed for this version"). Older runs of a gate are history.
 */
export function useLatestGateResults(name: string, version: string) {
  return useQuery({
    queryKey: registryKeys.gates(name, version),
    queryFn: async (): Promise<GateResultWire[]> => {
      const results = await strata.gates.list({ name, version: Number(version), max_results: 200 });
      const latest = new Map<string, GateResultWire>();
      for (const result of results) if (!latest.has(result.gate)) latest.set(result.gate, result);
      return [...latest.values()];
    },
  });
}
