/**
 * Rules about what a run recorded rather than how well it did: a required artifact, a logged
 * dataset input, a git commit tag, no dirty-tree flag.
 */
import { outcome, type RuleContext, type RuleOutcome } from './gate-rule-context.js';
import { GIT_COMMIT_TAG, GIT_DIRTY_TAG, type ArtifactRule, type LineageRule } from './gate-spec-types.js';

export async function evaluateArtifactRule(ctx: RuleContext, rule: ArtifactRule): Promise<RuleOutcome> {
  const { runId } = ctx.data.candidate;
  if (await ctx.data.artifactExists(runId, rule.path)) return outcome('passed', 'present', `artifact ${rule.path} is present`);
  return outcome('failed', 'missing', `artifact ${rule.path} is not in run ${runId}`);
}

export function evaluateLineageRule(ctx: RuleContext, rule: LineageRule): RuleOutcome {
  const { candidate } = ctx.data;
  switch (rule.requirement) {
    case 'dataset': {
      const names = [...new Set(candidate.datasets.map((d) => d.name))];
      if (rule.dataset === null) {
        return names.length > 0
          ? outcome('passed', names.join(', '), `dataset input(s) logged: ${names.join(', ')}`)
          : outcome('failed', null, `run ${candidate.runId} logged no dataset input`);
      }
      const found = candidate.datasets.find((d) => d.name === rule.dataset);
      if (found !== undefined) return outcome('passed', found.name, `dataset ${found.name} logged (digest ${found.digest})`);
      const among = names.length === 0 ? 'it logged no dataset input' : `its inputs are ${names.join(', ')}`;
      return outcome('failed', null, `run ${candidate.runId} did not log dataset '${rule.dataset}': ${among}`);
    }
    case 'git_commit': {
      const commit = candidate.tags.get(GIT_COMMIT_TAG)?.trim() ?? '';
      return commit === ''
        ? outcome('failed', null, `run ${candidate.runId} has no ${GIT_COMMIT_TAG} tag`)
        : outcome('passed', commit, `trained from commit ${commit}`);
    }
    case 'clean_tree': {
      const flag = candidate.tags.get(GIT_DIRTY_TAG);
      return flag?.trim().toLowerCase() === 'true'
        ? outcome('failed', flag, `run ${candidate.runId} was trained from a working tree with uncommitted changes (${GIT_DIRTY_TAG} = true)`)
        : outcome('passed', flag ?? null, `no dirty-tree flag (${GIT_DIRTY_TAG} ${flag === undefined ? 'not set' : `= ${flag}`})`);
    }
  }
}
