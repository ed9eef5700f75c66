/** The metric envelope contract on every metadata database (SQLite in memory, PostgreSQL when one answers). */
import { after } from 'node:test';
import { storeDialects } from '../../test/helpers/test-dialects.js';
import { runMetricEnvelopeContract } from './metric-envelope.contract.js';

const dialects = await storeDialects();
after(() => Promise.all(dialects.map((d) => d.drop())));

for (const dialect of dialects) runMetricEnvelopeContract(dialect.name, () => dialect.openStore(), { skip: dialect.skip });
