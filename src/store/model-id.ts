/** A registered model's name to the surrogate id its child tables use (registry and promotion queries share it). */
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';
import { StatementTemplate } from './statement-template.js';

const MODEL_ID_OF = new StatementTemplate((db, [name]: [string]) =>
  db.selectFrom('registered_models').select('model_id').where('name', '=', name),
);

export async function modelIdOf(db: Kysely<Database>, name: string): Promise<number | undefined> {
  const [row] = await MODEL_ID_OF.rows(db, [name]);
  return row?.model_id;
}
