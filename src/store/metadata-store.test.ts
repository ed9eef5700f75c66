/**
 * The store's contracts (MetadataStore, registry, dataset registry, gc, run columns, key counts) on every metadata
 * database: SQLite in memory, and PostgreSQL on a fresh schema per test when one answers
 * (test/helpers/test-dialects.ts; STRATA_REQUIRE_POSTGRES=1 makes a missing one fail).
 * What only one database does is tested in metadata-store.sqlite.test.ts / .postgres.test.ts.
 */
import { after } from 'node:test';
import { storeDialects } from '../../test/helpers/test-dialects.js';
import { runDatasetRegistryContract } from './dataset-registry.contract.js';
import { runGcContract } from './gc.contract.js';
import { runKeyCountsContract } from './key-counts.contract.js';
import { runMetadataStoreContract } from './metadata-store.contract.js';
import { runRegistryContract } from './registry.contract.js';
import { runRunColumnsContract } from './run-columns.contract.js';

const dialects = await storeDialects();
after(() => Promise.all(dialects.map((d) => d.drop())));

for (const dialect of dialects) {
  const open = () => dialect.openStore();
  for (const run of [runMetadataStoreContract, runRegistryContract, runDatasetRegistryContract, runGcContract, runRunColumnsContract, runKeyCountsContract]) {
    run(dialect.name, open, { skip: dialect.skip });
  }
}
