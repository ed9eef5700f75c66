/**
 * Experiment ids are strings in the domain and integers in the database. An id that
 * is not a plain non-negative integer names no experiment (undefined), rather than
 * reaching the database as NaN.
 */
export function toExperimentKey(experimentId: string): number | undefined {
  if (!/^\d{1,15}$/.test(experimentId)) return undefined;
  return Number(experimentId);
}
