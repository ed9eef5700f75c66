/** Example payloads per event, as MLflow's test endpoint sends them (domain shape). */
import type { WebhookEventName } from './webhook-entities.js';

const EXAMPLE_TAGS = [{ key: 'example_key', value: 'example_value' }];
const EXAMPLE_DEPLOYMENT = {
  deploymentId: 'example_deployment', deploymentName: 'fraud-production', environment: 'production', endpointUrl: 'http://serving.example.com:8080', host: 'serving-1',
  name: 'example_model', alias: 'production', time: 1_700_000_000_000,
};
const EXAMPLE_PROMOTION = { requestId: 'example_request', name: 'example_model', version: 1, alias: 'production', requestedBy: 'example_user', reason: 'An example promotion' };

export const WEBHOOK_EXAMPLE_PAYLOADS: Record<WebhookEventName, Record<string, unknown>> = {
  'registered_model.created': { name: 'example_model', tags: EXAMPLE_TAGS, description: 'An example registered model' },
  'registered_model_tag.set': { name: 'example_model', key: 'example_key', value: 'example_value' },
  'registered_model_tag.deleted': { name: 'example_model', key: 'example_key' },
  'model_version.created': {
    name: 'example_model',
    version: 1,
    source: 'models:/123',
    runId: 'abcd1234abcd5678',
    tags: EXAMPLE_TAGS,
    description: 'An example model version',
  },
  'model_version_tag.set': { name: 'example_model', version: 1, key: 'example_key', value: 'example_value' },
  'model_version_tag.deleted': { name: 'example_model', version: 1, key: 'example_key' },
  'model_version_alias.created': { name: 'example_model', alias: 'example_alias', version: 1 },
  'model_version_alias.deleted': { name: 'example_model', alias: 'example_alias', version: 1 },
  'model_version.stage_transitioned': { name: 'example_model', version: 1, fromStage: 'Staging', toStage: 'Production' },
  'promotion_request.created': { ...EXAMPLE_PROMOTION, state: 'pending' },
  'promotion_request.approved': { ...EXAMPLE_PROMOTION, state: 'pending', approver: 'example_approver', comment: 'looks good', approvals: 1, requiredApprovals: 2 },
  'promotion_request.rejected': { ...EXAMPLE_PROMOTION, state: 'rejected', approver: 'example_approver', comment: 'not yet' },
  'promotion_request.applied': { ...EXAMPLE_PROMOTION, state: 'approved', previousVersion: null },
  'promotion_request.expired': { ...EXAMPLE_PROMOTION, state: 'expired' },
  'promotion_request.cancelled': { ...EXAMPLE_PROMOTION, state: 'cancelled' },
  'gate_result.created': {
    resultId: 'example_result', gate: 'offline-eval', status: 'passed', specHash: '0'.repeat(64), runId: 'abcd1234abcd5678', name: 'example_model', version: 1,
    ranBy: 'example_user', ciJobUrl: 'https://ci.example.com/jobs/1',
  },
  'deployment.started': { ...EXAMPLE_DEPLOYMENT, version: 1, reason: 'initial load' },
  'deployment.switched': { ...EXAMPLE_DEPLOYMENT, version: 2, fromVersion: '1', reason: 'alias moved (webhook)' },
  'deployment.switch_failed': { ...EXAMPLE_DEPLOYMENT, version: 3, fromVersion: '2', reason: 'alias moved (poll)', message: 'SHA-256 mismatch for model.onnx' },
  'deployment.stopped': { ...EXAMPLE_DEPLOYMENT, reason: 'shutdown (SIGTERM)' },
};
