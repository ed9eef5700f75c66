/**
 * Binary logistic regression trained by full-batch gradient descent with L2 regularisation on
 * standardised features, and optional class weighting (fraud is rare). Small and exact enough
 * for the example; the saved model is plain JSON any runtime can score.
 */
export interface LogisticModel {
  features: string[];
  mean: number[];
  scale: number[];
  weights: number[];
  bias: number;
}

export interface TrainOptions {
  learningRate: number;
  epochs: number;
  l2: number;
  /** Weight of a positive example relative to a negative one. */
  positiveWeight: number;
}

export function fit(features: string[], x: readonly Float64Array[], y: Uint8Array, options: TrainOptions): LogisticModel {
  const n = x.length;
  const d = features.length;
  const mean = new Array<number>(d).fill(0);
  const scale = new Array<number>(d).fill(0);
  for (const row of x) for (let j = 0; j < d; j++) mean[j]! += row[j]! / n;
  for (const row of x) for (let j = 0; j < d; j++) scale[j]! += (row[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < d; j++) scale[j] = Math.sqrt(scale[j]!) || 1;
  const z = x.map((row) => Float64Array.from(row, (v, j) => (v - mean[j]!) / scale[j]!));
  const weights = new Float64Array(d);
  let bias = 0;
  const gradient = new Float64Array(d);
  for (let epoch = 0; epoch < options.epochs; epoch++) {
    gradient.fill(0);
    let gradientBias = 0;
    let totalWeight = 0;
    for (let i = 0; i < n; i++) {
      const row = z[i]!;
      let logit = bias;
      for (let j = 0; j < d; j++) logit += weights[j]! * row[j]!;
      const weight = y[i] === 1 ? options.positiveWeight : 1;
      const error = (1 / (1 + Math.exp(-logit)) - y[i]!) * weight;
      for (let j = 0; j < d; j++) gradient[j]! += error * row[j]!;
      gradientBias += error;
      totalWeight += weight;
    }
    for (let j = 0; j < d; j++) weights[j]! -= options.learningRate * (gradient[j]! / totalWeight + options.l2 * weights[j]!);
    bias -= options.learningRate * (gradientBias / totalWeight);
  }
  return { features, mean, scale, weights: [...weights], bias };
}

export function predictProbability(model: LogisticModel, row: ArrayLike<number>): number {
  let logit = model.bias;
  for (let j = 0; j < model.weights.length; j++) logit += model.weights[j]! * ((row[j]! - model.mean[j]!) / model.scale[j]!);
  return 1 / (1 + Math.exp(-logit));
}
