import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { detectCiEnvironment } from './ci-environment.js';

describe('CI environment', () => {
  it('links a GitHub Actions run and records its commit and ref', () => {
    assert.deepEqual(detectCiEnvironment({
      GITHUB_ACTIONS: 'true', GITHUB_SERVER_URL: 'https://github.example/', GITHUB_REPOSITORY: 'acme/fraud', GITHUB_RUN_ID: '42',
      GITHUB_RUN_ATTEMPT: '2', GITHUB_SHA: 'abc', GITHUB_REF: 'refs/pull/7/merge', GITHUB_WORKFLOW: 'train', GITHUB_ACTOR: '',
    }), {
      jobUrl: 'https://github.example/acme/fraud/actions/runs/42/attempts/2',
      ci: { provider: 'github-actions', commit: 'abc', ref: 'refs/pull/7/merge', repository: 'acme/fraud', run_id: '42', workflow: 'train' },
    });
    assert.equal(detectCiEnvironment({ GITHUB_REPOSITORY: 'acme/fraud', GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' }).jobUrl, 'https://github.com/acme/fraud/actions/runs/42');
  });

  it('links a GitLab job', () => {
    assert.deepEqual(detectCiEnvironment({
      GITLAB_CI: 'true', CI_JOB_URL: 'https://gitlab.example/acme/fraud/-/jobs/9', CI_COMMIT_SHA: 'def', CI_COMMIT_REF_NAME: 'main', CI_PIPELINE_ID: '77',
    }), {
      jobUrl: 'https://gitlab.example/acme/fraud/-/jobs/9',
      ci: { provider: 'gitlab-ci', commit: 'def', ref: 'main', pipeline_id: '77' },
    });
  });

  it('records nothing outside CI', () => {
    assert.deepEqual(detectCiEnvironment({ HOME: '/home/me', CI: 'true' }), { jobUrl: undefined, ci: {} });
  });
});
