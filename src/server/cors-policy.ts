/**
 * Which browser origins may call the API from their own pages (--cors-allowed-origins, as
 * MLflow 3.5 takes it): exact origins (`https://app.example.com`), `*` inside one as a
 * wildcard (`https://*.example.com`, `http://localhost:*`), or `*` for every origin.
 * None by default: without CORS headers a browser lets no other site read the answers.
 */

export interface CorsPolicy {
  /** False when no origin is configured: the server sends no CORS headers at all. */
  readonly isEnabled: boolean;
  allows(origin: string): boolean;
}

function normalise(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}

function globToRegExp(glob: string): RegExp {
  // A wildcard never spans a '/', so it cannot swallow the scheme or add a path.
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replaceAll('*', '[^/]*');
  return new RegExp(`^${escaped}$`);
}

export function createCorsPolicy(origins: readonly string[]): CorsPolicy {
  const cleaned = origins.map(normalise).filter((origin) => origin !== '');
  if (cleaned.includes('*')) return { isEnabled: true, allows: () => true };
  const exact = new Set(cleaned.filter((origin) => !origin.includes('*')));
  const patterns = cleaned.filter((origin) => origin.includes('*')).map(globToRegExp);
  return {
    isEnabled: cleaned.length > 0,
    allows(origin) {
      const candidate = normalise(origin);
      return exact.has(candidate) || patterns.some((pattern) => pattern.test(candidate));
    },
  };
}

/** A page on the server's own origin (the dashboard) sends Origin too: it names the host the request went to. */
export function isSameOrigin(origin: string, hostHeader: string | undefined): boolean {
  if (!hostHeader) return false;
  try {
    return new URL(origin).host === hostHeader.trim().toLowerCase();
  } catch {
    // `Origin: null` (sandboxed frames, file:// pages) and garbage are never our own origin.
    return false;
  }
}
