import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isStrataError } from '../core/errors.js';
import { parseStoreUri } from './parse-store-uri.js';

describe('parseStoreUri', () => {
  it('reads SQLite URIs as SQLAlchemy does', () => {
    assert.deepEqual(parseStoreUri('sqlite:///:memory:'), { dialect: 'sqlite', filename: ':memory:' });
    assert.deepEqual(parseStoreUri('sqlite://'), { dialect: 'sqlite', filename: ':memory:' });
    assert.deepEqual(parseStoreUri('sqlite:///mlruns.db', '/srv'), { dialect: 'sqlite', filename: '/srv/mlruns.db' });
    assert.deepEqual(parseStoreUri('sqlite:///data/m.db', '/srv'), { dialect: 'sqlite', filename: '/srv/data/m.db' });
    assert.deepEqual(parseStoreUri('sqlite:////var/lib/m.db', '/srv'), { dialect: 'sqlite', filename: '/var/lib/m.db' });
  });

  it('reads PostgreSQL URIs, dropping a SQLAlchemy driver suffix', () => {
    const expected = { dialect: 'postgresql', connectionString: 'postgresql://u:p@h:5432/db' };
    assert.deepEqual(parseStoreUri('postgresql://u:p@h:5432/db'), expected);
    assert.deepEqual(parseStoreUri('postgres://u:p@h:5432/db'), expected);
    assert.deepEqual(parseStoreUri('postgresql+psycopg2://u:p@h:5432/db'), expected);
  });

  it('rejects unknown schemes and malformed SQLite URIs with a clear message', () => {
    for (const uri of ['mysql://h/db', 'file:///tmp/x', './mlruns', 'sqlite:relative.db', 'sqlite:///']) {
      assert.throws(() => parseStoreUri(uri), (error: unknown) => isStrataError(error) && error.code === 'INVALID_PARAMETER_VALUE', uri);
    }
    assert.throws(() => parseStoreUri('mysql://h/db'), /Unsupported backend store URI scheme "mysql"/);
  });
});
