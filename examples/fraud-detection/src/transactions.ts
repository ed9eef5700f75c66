/**
 * A synthetic card-transactions dataset: a few realistic features and a fraud label drawn from
 * a known logistic model plus noise, so a trained model has something true to find and a better
 * configuration measurably wins. `channel` is the slice the gate checks recall on.
 */
import { seededRandom } from './random.js';

export const FEATURES = ['amount_log', 'hour_sin', 'hour_cos', 'online', 'foreign', 'distance_log', 'merchant_risk', 'tx_last_24h', 'account_age_years'] as const;
export type Feature = (typeof FEATURES)[number];

export interface Transaction {
  id: number;
  channel: 'online' | 'pos' | 'atm';
  features: Record<Feature, number>;
  fraud: 0 | 1;
}

const CHANNELS = ['online', 'pos', 'atm'] as const;

export function generateTransactions(rows: number, seed: number): Transaction[] {
  const random = seededRandom(seed);
  const out: Transaction[] = [];
  for (let id = 0; id < rows; id++) {
    const channel = CHANNELS[random.next() < 0.5 ? 0 : random.next() < 0.8 ? 1 : 2]!;
    const hour = random.int(24);
    const features: Record<Feature, number> = {
      amount_log: random.normal(3.5, 1.1),
      hour_sin: Math.sin((2 * Math.PI * hour) / 24),
      hour_cos: Math.cos((2 * Math.PI * hour) / 24),
      online: channel === 'online' ? 1 : 0,
      foreign: random.next() < 0.08 ? 1 : 0,
      distance_log: Math.log1p(Math.abs(random.normal(0, 60))),
      merchant_risk: random.next() ** 2,
      tx_last_24h: Math.min(30, Math.floor(-Math.log(1 - random.next()) * 3)),
      account_age_years: Math.abs(random.normal(4, 3)),
    };
    // The true model: large, foreign, far-away, night-time, risky-merchant, burst transactions on young accounts.
    const logit = -6.2 + 0.55 * (features.amount_log - 3.5) + 1.6 * features.foreign + 0.45 * features.distance_log
      + 2.2 * features.merchant_risk + 0.12 * features.tx_last_24h - 0.25 * features.account_age_years
      + 0.9 * features.online + 0.7 * features.hour_cos * -1 + random.normal(0, 0.6)
      // an interaction a linear model only partly captures: bursts abroad
      + (features.foreign * features.tx_last_24h > 4 ? 1.5 : 0);
    const fraud = random.next() < 1 / (1 + Math.exp(-logit)) ? 1 : 0;
    out.push({ id, channel, features, fraud });
  }
  return out;
}

/** Feature engineering: the base columns, plus two interactions the second model adds (bursts and distance abroad). */
export function featureNames(interactions: boolean): string[] {
  return interactions ? [...FEATURES, 'foreign_x_tx_last_24h', 'foreign_x_distance_log'] : [...FEATURES];
}

export function featureRow(row: Transaction, interactions: boolean): Float64Array {
  const base = FEATURES.map((f) => row.features[f]);
  if (interactions) base.push(row.features.foreign * row.features.tx_last_24h, row.features.foreign * row.features.distance_log);
  return Float64Array.from(base);
}

export function toCsv(rows: readonly Transaction[]): string {
  const header = ['id', 'channel', ...FEATURES, 'fraud'].join(',');
  const lines = rows.map((r) => [r.id, r.channel, ...FEATURES.map((f) => r.features[f].toFixed(6)), r.fraud].join(','));
  return `${header}\n${lines.join('\n')}\n`;
}

export function fromCsv(text: string): Transaction[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = header!.split(',');
  const index = (name: string): number => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`transactions CSV has no column '${name}'`);
    return i;
  };
  const id = index('id');
  const channel = index('channel');
  const fraud = index('fraud');
  const featureIndex = FEATURES.map(index);
  return lines.map((line) => {
    const cells = line.split(',');
    const features = Object.fromEntries(FEATURES.map((f, i) => [f, Number(cells[featureIndex[i]!])])) as Record<Feature, number>;
    return { id: Number(cells[id]), channel: cells[channel] as Transaction['channel'], features, fraud: cells[fraud] === '1' ? 1 : 0 };
  });
}
