/**
 * Statements of a fixed shape, built and compiled by Kysely once per dialect and then run
 * with new parameters. The write paths every request takes (the audit insert, the run
 * lookup, runs/create's inserts) would otherwise rebuild the same operation tree and SQL
 * on each call: that costs as much as SQLite takes to run them, and far more while the
 * process is young and V8 has not optimised Kysely's many small functions yet.
 *
 * `build` receives a placeholder for each argument instead of its value, so it may decide
 * the shape only from the number of arguments (one statement is kept per count), never
 * from their values; constants it writes in are kept as they are.
 */
import { CompiledQuery, type Compilable, type Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Stands for argument `index` while the statement is compiled; never sent to a database. */
class Slot {
  constructor(readonly index: number) {}
}

interface Compiled {
  sql: string;
  /** Slots where an argument goes, constants otherwise. */
  parameters: readonly unknown[];
}

export class StatementTemplate<Args extends readonly unknown[], Row> {
  /** By dialect adapter (one per database, shared by its transactions), then argument count. */
  readonly #compiled = new WeakMap<object, Map<number, Compiled>>();

  /** `args` are placeholders typed as the values they stand for. */
  constructor(private readonly build: (db: Kysely<Database>, args: Args) => Compilable<Row>) {}

  async rows(db: Kysely<Database>, args: Args): Promise<Row[]> {
    const compiled = this.#compile(db, args.length);
    const parameters = compiled.parameters.map((p) => (p instanceof Slot ? args[p.index] : p));
    return (await db.executeQuery<Row>(CompiledQuery.raw(compiled.sql, parameters))).rows;
  }

  async run(db: Kysely<Database>, args: Args): Promise<void> {
    await this.rows(db, args);
  }

  #compile(db: Kysely<Database>, count: number): Compiled {
    const adapter = db.getExecutor().adapter;
    let byCount = this.#compiled.get(adapter);
    if (byCount === undefined) this.#compiled.set(adapter, (byCount = new Map()));
    let compiled = byCount.get(count);
    if (compiled === undefined) {
      const slots = Array.from({ length: count }, (_, index) => new Slot(index));
      const { sql, parameters } = this.build(db, slots as unknown as Args).compile();
      const used = new Set(parameters.filter((p): p is Slot => p instanceof Slot).map((p) => p.index));
      if (used.size !== count) throw new Error(`statement template uses ${used.size} of its ${count} arguments: ${sql}`);
      compiled = { sql, parameters };
      byCount.set(count, compiled);
    }
    return compiled;
  }
}
