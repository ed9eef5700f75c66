/** The usual binary-classification metrics, computed from labels and predicted probabilities. */

export interface ClassificationMetrics {
  auc: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  log_loss: number;
}

/** ROC AUC by the rank statistic (ties share their average rank). */
export function rocAuc(labels: ArrayLike<number>, scores: ArrayLike<number>): number {
  const order = Array.from({ length: labels.length }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let rankSumPositive = 0;
  let positives = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && scores[order[j + 1]!] === scores[order[i]!]) j++;
    const averageRank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) {
      if (labels[order[k]!] === 1) {
        rankSumPositive += averageRank;
        positives++;
      }
    }
    i = j + 1;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return Number.NaN;
  return (rankSumPositive - (positives * (positives + 1)) / 2) / (positives * negatives);
}

export function classificationMetrics(labels: ArrayLike<number>, scores: ArrayLike<number>, threshold: number): ClassificationMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  let logLoss = 0;
  for (let i = 0; i < labels.length; i++) {
    const predicted = scores[i]! >= threshold ? 1 : 0;
    const label = labels[i]!;
    if (predicted === label) correct++;
    if (predicted === 1 && label === 1) tp++;
    if (predicted === 1 && label === 0) fp++;
    if (predicted === 0 && label === 1) fn++;
    const p = Math.min(1 - 1e-12, Math.max(1e-12, scores[i]!));
    logLoss -= label === 1 ? Math.log(p) : Math.log(1 - p);
  }
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp + fn === 0 ? Number.NaN : tp / (tp + fn);
  return {
    auc: rocAuc(labels, scores),
    accuracy: correct / labels.length,
    precision,
    recall,
    f1: precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall),
    log_loss: logLoss / labels.length,
  };
}
