/** The gate results contract on every metadata database (test/helpers/test-dialects.ts). */
import { after } from 'node:test';
import { storeDialects } from '../../test/helpers/test-dialects.js';
import { runGateResultsContract } from './gate-results.contract.js';

const dialects = await storeDialects();
after(() => Promise.all(dialects.map((d) => d.drop())));

for (const dialect of dialects) runGateResultsContract(dialect.name, () => dialect.openStore(), { skip: dialect.skip });
