/**
 * The statistical rule: both runs' per-example predictions, a paired bootstrap of the
 * improvement, and a pass only when the interval's lower bound clears min_delta — "better"
 * meaning better beyond noise, not better on this sample.
 */
import { findChampion, formatNumber, outcome, type RuleContext, type RuleOutcome } from './gate-rule-context.js';
import type { BootstrapRule } from './gate-spec-types.js';
import { HIGHER_IS_BETTER, pairedBootstrap } from './paired-bootstrap.js';
import { parsePredictions } from './prediction-file.js';

export async function evaluateBootstrapRule(ctx: RuleContext, rule: BootstrapRule): Promise<RuleOutcome> {
  const found = findChampion(ctx, rule);
  if ('outcome' in found) return found.outcome;
  const [mineText, theirsText] = await Promise.all([
    ctx.data.readArtifactText(ctx.data.candidate.runId, rule.predictions),
    ctx.data.readArtifactText(found.subject.runId, rule.championPredictions),
  ]);
  const mine = parsePredictions(mineText, rule.predictions);
  const theirs = parsePredictions(theirsText, rule.championPredictions);
  const result = pairedBootstrap(mine, theirs, rule);
  const level = `${formatNumber(rule.confidence * 100)}%`;
  const interval = `improvement ${formatNumber(result.estimate)} [${level} CI ${formatNumber(result.low)}, ${formatNumber(result.high)}]`;
  const passed = result.low > rule.minDelta;
  const verdict = passed ? ` > ${formatNumber(rule.minDelta)}` : `: the lower bound is not > ${formatNumber(rule.minDelta)}`;
  return outcome(passed ? 'passed' : 'failed', result.candidateMetric, `${rule.metric} ${formatNumber(result.candidateMetric)} vs ${found.label} ${formatNumber(result.championMetric)}; ${interval}${verdict}`, {
    championValue: result.championMetric,
    delta: result.candidateMetric - result.championMetric,
    threshold: rule.minDelta,
    details: {
      metric: rule.metric, higher_is_better: HIGHER_IS_BETTER[rule.metric], examples: result.examples, paired_by: result.pairedBy,
      improvement: result.estimate, ci_low: result.low, ci_high: result.high, confidence: rule.confidence, resamples: rule.resamples, seed: rule.seed,
    },
  });
}
