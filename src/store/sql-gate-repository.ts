/**
 * Adds evaluation gate results to the top of the repository chain (above the grants), so a
 * result and its audit event commit in one transaction. A model's results follow its renames
 * (rows hold the model's id) and go with it when it is deleted (registry-model-queries.ts).
 */
import type { GateResult } from '../core/gates/gate-entities.js';
import type { GateRepository, GateResultQuery } from '../core/ports/gate-repository.js';
import * as gates from './gate-result-queries.js';
import { SqlGrantRepository } from './sql-grant-repository.js';

export class SqlGateRepository extends SqlGrantRepository implements GateRepository {
  insertGateResult(result: GateResult): Promise<void> {
    return gates.insertGateResult(this.db, result);
  }
  findGateResult(resultId: string): Promise<GateResult | undefined> {
    return gates.findGateResult(this.db, resultId);
  }
  listGateResults(query: GateResultQuery): Promise<GateResult[]> {
    return gates.listGateResults(this.db, query);
  }
}
