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

/**
 * Masks every `scheme://user:pw@` in free text, such as the error fetch recorded for such a URL
 * before they were refused ("Request cannot be constructed from a URL that includes
 * credentials: http://user:pw@host/"). Up to the last `@` of the authority, as URL parsing reads it.
 */
export function redactCredentialsInText(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#]*@/gi, `$1${REDACTED_CREDENTIALS}@`);
}

/** `https://user:pw@host/x` → `https://***@host/x`; any other URL is returned as it was written. */
export function redactUrlCredentials(url: string): string {
  const parsedUrl = parsed(url);
  if (parsedUrl === undefined) return redactCredentialsInText(url);
  if (parsedUrl.username === '' && parsedUrl.password === '') return url;
  parsedUrl.username = REDACTED_CREDENTIALS;
  parsedUrl.password = '';
  return parsedUrl.href;
}
