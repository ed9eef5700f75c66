/** Storage of evaluation gate results (migration 0015). */
import type { GateResult } from '../gates/gate-entities.js';

export interface GateResultQuery {
  runId?: string;
  modelName?: string;
  version?: number;
  gate?: string;
  /** Newest first, at most this many. */
  maxResults: number;
}

export interface GateRepository {
  insertGateResult(result: GateResult): Promise<void>;
  findGateResult(resultId: string): Promise<GateResult | undefined>;
  listGateResults(query: GateResultQuery): Promise<GateResult[]>;
}
