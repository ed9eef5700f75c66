import { isStrataApiError } from '../../lib/strata';

/** A failed request: the server's own message (and code), never a blank page. */
export function ErrorState({ error, title = 'Could not load this', onRetry }: { error: unknown; title?: string; onRetry?: () => void }) {
  return (
    <div className="state error" role="alert" data-testid="error-state">
      <h3>{title}</h3>
      <div className="detail">{describeError(error)}</div>
      {onRetry && (
        <p>
          <button onClick={onRetry}>Try again</button>
        </p>
      )}
    </div>
  );
}

export function describeError(error: unknown): string {
  if (isStrataApiError(error)) {
    if (error.status === 0) return `The server could not be reached. Is \`strata server\` running? (${error.message})`;
    return `${error.errorCode}: ${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}
