/**
 * Evaluation gates from recorded results (gate-service.ts records them; nothing else can, so a
 * tag or a client-side claim cannot pass a gate). A version passed gate G when the newest
 * result of G for that version — or, when there is none, the newest recorded against its source
 * run alone — passed, and was evaluated with the model's current spec of G: the spec hash of
 * the newest result of G on any version of the model. A changed spec makes older passes stale,
 * and a newer failed run of the gate replaces an older pass.
 */
import type { GateResult } from '../gates/gate-entities.js';
import type { MetadataRepository } from '../ports/metadata-store.js';
import type { ModelVersion } from '../registry-entities.js';
import type { EvaluationGates, GateVerdict } from './evaluation-gates.js';

/** How far back a run's results are searched for one recorded against the bare run. */
const RUN_RESULTS_SCANNED = 100;

const shortHash = (hash: string) => `${hash.slice(0, 8)}…`;
const when = (result: GateResult) => new Date(result.createdTime).toISOString();

async function newestForVersion(repo: MetadataRepository, version: ModelVersion, gate: string): Promise<GateResult | undefined> {
  const [newest] = await repo.listGateResults({ modelName: version.name, version: version.version, gate, maxResults: 1 });
  if (newest !== undefined || version.runId === null) return newest;
  const ofRun = await repo.listGateResults({ runId: version.runId, gate, maxResults: RUN_RESULTS_SCANNED });
  return ofRun.find((result) => result.modelName === null);
}

function refused(reason: string): GateVerdict {
  return { passed: false, reason, resultId: null };
}

export const RECORDED_EVALUATION_GATES: EvaluationGates = {
  async check(repo, version, gate) {
    const subject = `gate '${gate}'`;
    const on = `version ${version.version}`;
    const newest = await newestForVersion(repo, version, gate);
    if (newest === undefined) return refused(`${subject} has never run on ${on} (run \`strata gate --model models:/${version.name}/${version.version}\`)`);
    if (newest.status !== 'passed') {
      return refused(`${subject} ${newest.status === 'error' ? 'ended in error' : 'failed'} on ${on} (result ${newest.resultId}, ${when(newest)})`);
    }
    const [current] = await repo.listGateResults({ modelName: version.name, gate, maxResults: 1 });
    if (current !== undefined && current.specHash !== newest.specHash) {
      return refused(
        `${subject} passed on ${on} with an older spec (hash ${shortHash(newest.specHash)} ≠ current ${shortHash(current.specHash)}, ` +
          `result ${current.resultId} on version ${current.version}); run the gate again`,
      );
    }
    return { passed: true, reason: '', resultId: newest.resultId };
  },
};
