/**
 * Readable default run names in MLflow's shape, "adjective-noun-NNN". The word lists
 * are our own; only the shape matters to users who parse names in scripts.
 */
const ADJECTIVES = [
  'able', 'amber', 'ample', 'bold', 'brave', 'bright', 'brisk', 'calm', 'clever', 'crisp',
  'curious', 'daring', 'eager', 'fair', 'fleet', 'gentle', 'glad', 'golden', 'grand', 'happy',
  'honest', 'humble', 'jolly', 'keen', 'kind', 'lively', 'lucid', 'merry', 'mighty', 'nimble',
  'noble', 'patient', 'placid', 'polite', 'proud', 'quick', 'quiet', 'rapid', 'serene', 'sharp',
  'silent', 'sleek', 'steady', 'sunny', 'swift', 'tidy', 'vivid', 'warm', 'wise', 'witty',
];

const NOUNS = [
  'badger', 'bear', 'bee', 'bird', 'bison', 'crane', 'crow', 'deer', 'dove', 'eagle',
  'falcon', 'finch', 'fox', 'frog', 'gull', 'hare', 'hawk', 'heron', 'ibis', 'koala',
  'lark', 'lion', 'lynx', 'mole', 'moth', 'newt', 'otter', 'owl', 'panda', 'quail',
  'raven', 'robin', 'seal', 'shark', 'sloth', 'snail', 'stork', 'swan', 'tiger', 'toad',
  'trout', 'whale', 'wolf', 'wren', 'yak', 'zebra', 'oak', 'pine', 'river', 'comet',
];

/** `random` returns a float in [0, 1), like Math.random; injectable for tests. */
export function randomRunName(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  return `${pick(ADJECTIVES)}-${pick(NOUNS)}-${Math.floor(random() * 1000)}`;
}
