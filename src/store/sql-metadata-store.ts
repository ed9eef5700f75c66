/**
 * The MetadataStore on SQLite or PostgreSQL: the whole repository chain (tracking,
 * registries, webhooks, lineage, saved views, promotions, identities, grants, gate results, deployment records) over the database, plus transactions, migrations and shutdown.
 */
import type { Kysely } from 'kysely';
import type { MetadataRepository, MetadataStore } from '../core/ports/metadata-store.js';
import type { DialectQuirks } from './dialect-quirks.js';
import type { HealthCheck } from './health-check.js';
import { MIGRATIONS, runMigrations } from './migrations/index.js';
import type { Database } from './schema.js';
import { SqlDeploymentRepository } from './sql-deployment-repository.js';
import { SqlAuditLedger } from './sql-audit-ledger.js';

export interface SqlMetadataStoreOptions {
  /** Artifact location of the seeded "Default" experiment (id 0), e.g. `mlflow-artifacts:/0`. */
  defaultArtifactLocation: (experimentId: string) => string;
}

export class SqlMetadataStore extends SqlDeploymentRepository implements MetadataStore {
  readonly dialect: DialectQuirks['name'];
  readonly auditLedger: SqlAuditLedger;

  constructor(
    db: Kysely<Database>,
    quirks: DialectQuirks,
    private readonly options: SqlMetadataStoreOptions,
    private readonly health: HealthCheck,
  ) {
    super(db, quirks);
    this.dialect = quirks.name;
    this.auditLedger = new SqlAuditLedger(db, quirks);
  }

  transaction<T>(fn: (tx: MetadataRepository) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => fn(new SqlDeploymentRepository(trx, this.quirks)));
  }

  migrate(): Promise<number[]> {
    return runMigrations(this.db, MIGRATIONS, {
      quirks: this.quirks,
      defaultArtifactLocation: this.options.defaultArtifactLocation,
    });
  }

  checkHealth(timeoutMs: number): Promise<string | undefined> {
    return this.health(timeoutMs);
  }

  close(): Promise<void> {
    return this.db.destroy();
  }
}
