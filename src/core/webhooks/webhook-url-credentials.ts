/**
 * Credentials in a webhook URL (`https://user:password@host/`). New webhooks may not have
 * them (the secret authenticates deliveries); one stored before that rule is masked
 * wherever it is shown (API, audit log, error messages), because those reach people and
 * logs that must not learn the password.
 */
export const REDACTED_CREDENTIALS = '***';

function parsed(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

export function hasUrlCredentials(url: string): boolean {
  const parsedUrl = parsed(url);
  return parsedUrl !== undefined && (parsedUrl.username !== '' || parsedUrl.password !== '');
}

/** `https://user:pw@host/x` → `https://***@host/x`; any other URL is returned as it was written. */
export function redactUrlCredentials(url: string): string {
  const parsedUrl = parsed(url);
  if (parsedUrl === undefined) return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/?#]*@/i, `$1${REDACTED_CREDENTIALS}@`);
  if (parsedUrl.username === '' && parsedUrl.password === '') return url;
  parsedUrl.username = REDACTED_CREDENTIALS;
  parsedUrl.password = '';
  return parsedUrl.href;
}
