import type { KeyKind } from './columns';

export interface AvailableKey {
  kind: KeyKind;
  key: string;
  /** How many runs have it. */
  count: number;
}
