// The dashboard's one connection to the server: the SDK's browser entry, pointed at the origin
// that served the page (the dashboard is always served by `strata server` itself).
import { createClient } from '../../../src/client/browser.js';

export * from '../../../src/client/browser.js';

export const strata = createClient({
  trackingUri: window.location.origin,
  // TanStack Query decides what to refetch; the SDK only rides over a dropped connection.
  retry: { maxAttempts: 2 },
  timeoutMs: 60_000,
});
