/**
 * Which CI job is running `strata gate`, from the variables GitHub Actions and GitLab CI set,
 * so the gate result links back to the job and records the commit and ref it judged.
 */
export interface CiEnvironment {
  jobUrl: string | undefined;
  /** provider, commit, ref, and the provider's run/pipeline ids; empty outside CI. */
  ci: Record<string, string>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function detectCiEnvironment(env: Env): CiEnvironment {
  if (env.GITHUB_ACTIONS === 'true' || (nonEmpty(env.GITHUB_REPOSITORY) && nonEmpty(env.GITHUB_RUN_ID))) return gitHub(env);
  if (env.GITLAB_CI === 'true' || nonEmpty(env.CI_JOB_URL)) return gitLab(env);
  return { jobUrl: undefined, ci: {} };
}

function gitHub(env: Env): CiEnvironment {
  const server = (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/+$/, '');
  const runUrl = nonEmpty(env.GITHUB_REPOSITORY) && nonEmpty(env.GITHUB_RUN_ID) ? `${server}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}` : undefined;
  const attempt = env.GITHUB_RUN_ATTEMPT;
  const jobUrl = runUrl !== undefined && nonEmpty(attempt) && attempt !== '1' ? `${runUrl}/attempts/${attempt}` : runUrl;
  return {
    jobUrl,
    ci: compact({
      provider: 'github-actions', commit: env.GITHUB_SHA, ref: env.GITHUB_REF, repository: env.GITHUB_REPOSITORY,
      run_id: env.GITHUB_RUN_ID, workflow: env.GITHUB_WORKFLOW, job: env.GITHUB_JOB, actor: env.GITHUB_ACTOR,
    }),
  };
}

function gitLab(env: Env): CiEnvironment {
  return {
    jobUrl: nonEmpty(env.CI_JOB_URL) ? env.CI_JOB_URL : undefined,
    ci: compact({
      provider: 'gitlab-ci', commit: env.CI_COMMIT_SHA, ref: env.CI_COMMIT_REF_NAME, pipeline_id: env.CI_PIPELINE_ID,
      pipeline_url: env.CI_PIPELINE_URL, project: env.CI_PROJECT_PATH, job_id: env.CI_JOB_ID, merge_request: env.CI_MERGE_REQUEST_IID,
    }),
  };
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value.trim() !== '';
}

function compact(fields: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => nonEmpty(entry[1])));
}
