/**
 * The data engine (src/data), imported when a `strata data` command runs rather than when
 * the program is built: `strata --help`, `strata server` and the client commands never load
 * it, its native BLAKE3 module or its YAML parser.
 */
export type DataEngine = typeof import('../../../data/index.js');

export function loadDataEngine(): Promise<DataEngine> {
  return import('../../../data/index.js');
}
