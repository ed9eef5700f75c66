/**
 * Step selection for metrics/get-history-bulk-interval, as MLflow's handler does it
 * (`_get_sampled_steps_from_steps` + the min/max rule): sample the union of every
 * run's steps evenly down to `maxResults`, always keep the last step of the range,
 * and add back each run's first and last step so no run's curve loses its ends.
 */

export interface StepRange {
  start: number;
  end: number;
}

/** Index of the first element >= value (Python's bisect_left) in an ascending array. */
function bisectLeft(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index after the last element <= value (Python's bisect_right). */
function bisectRight(values: readonly number[], value: number): number {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((values[mid] as number) <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Evenly spaced picks from the ascending `allSteps` within the range, plus its last step. */
export function sampleStepsInRange(allSteps: readonly number[], range: StepRange, maxResults: number): number[] {
  const startIdx = bisectLeft(allSteps, range.start);
  const endIdx = bisectRight(allSteps, range.end);
  if (endIdx - startIdx <= maxResults) return allSteps.slice(startIdx, endIdx);
  const interval = (endIdx - startIdx) / maxResults;
  const picked = new Set<number>();
  for (let i = 0; i < maxResults; i++) {
    picked.add(allSteps[startIdx + Math.floor(i * interval)] as number);
  }
  picked.add(allSteps[endIdx - 1] as number);
  return [...picked];
}

/**
 * The steps to return for several runs. `stepsPerRun` holds each run's distinct steps,
 * ascending. Without a range MLflow samples from step 0 to the largest step seen.
 */
export function sampleMetricSteps(
  stepsPerRun: ReadonlyArray<readonly number[]>,
  maxResults: number,
  range?: StepRange,
): number[] {
  const allSteps = [...new Set(stepsPerRun.flat())].sort((a, b) => a - b);
  const effective = range ?? { start: 0, end: allSteps.length > 0 ? (allSteps[allSteps.length - 1] as number) : 0 };
  const result = new Set(sampleStepsInRange(allSteps, effective, maxResults));
  for (const steps of stepsPerRun) {
    if (steps.length === 0) continue;
    for (const end of [steps[0] as number, steps[steps.length - 1] as number]) {
      if (end >= effective.start && end <= effective.end) result.add(end);
    }
  }
  return [...result].sort((a, b) => a - b);
}
