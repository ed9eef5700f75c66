/**
 * Adds deployment records to the top of the repository chain (above gate results), so an event
 * and its audit and webhook events commit in one transaction.
 */
import type { Deployment, DeploymentAtTime, DeploymentEvent } from '../core/deployments/deployment-entities.js';
import type { DeploymentEventQuery, DeploymentQuery, DeploymentRepository, ServedAtQuery } from '../core/ports/deployment-repository.js';
import type { MetadataRepository } from '../core/ports/metadata-store.js';
import * as deployments from './deployment-queries.js';
import { SqlGateRepository } from './sql-gate-repository.js';

export class SqlDeploymentRepository extends SqlGateRepository implements MetadataRepository, DeploymentRepository {
  insertDeployment(deployment: Deployment): Promise<void> {
    return deployments.insertDeployment(this.db, deployment);
  }
  findDeployment(deploymentId: string): Promise<Deployment | undefined> {
    return deployments.findDeployment(this.db, deploymentId);
  }
  touchDeployment(deploymentId: string, time: number): Promise<boolean> {
    return deployments.touchDeployment(this.db, deploymentId, time);
  }
  insertDeploymentEvent(event: DeploymentEvent, update: { currentVersion?: number; stoppedTime?: number; heartbeatTime: number }): Promise<boolean> {
    return deployments.insertDeploymentEvent(this.db, event, update);
  }
  listDeployments(query: DeploymentQuery): Promise<Deployment[]> {
    return deployments.listDeployments(this.db, query);
  }
  listDeploymentEvents(query: DeploymentEventQuery): Promise<DeploymentEvent[]> {
    return deployments.listDeploymentEvents(this.db, query);
  }
  listDeploymentsAt(query: ServedAtQuery): Promise<DeploymentAtTime[]> {
    return deployments.listDeploymentsAt(this.db, query);
  }
}
