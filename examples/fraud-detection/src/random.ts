/**
 * A seeded random source, so the same seed gives the same dataset, split and model on every
 * machine: mulberry32 (Tommy Ettinger's 32-bit generator, public domain) for uniforms, and
 * Box–Muller for normals.
 */
export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  normal(mean?: number, sd?: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
}

export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    normal(mean = 0, sd = 1) {
      const u = 1 - next();
      const v = next();
      return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int(n) {
      return Math.floor(next() * n);
    },
  };
}
