/**
 * Headers sent on every response so a browser treats Strata's answers conservatively:
 * no MIME sniffing (a JSON error echoing user text must never run as HTML), no framing
 * (clickjacking), no Referer leaking run or model names to other sites. Whatever is not
 * JSON (the dashboard's pages, downloaded artifacts) also gets a Content-Security-Policy
 * that only loads from this origin, so an HTML artifact cannot run inline script.
 */

/** MLflow 3.5's --x-frame-options values; NONE sends no X-Frame-Options at all. */
export const X_FRAME_OPTIONS = ['DENY', 'SAMEORIGIN', 'NONE'] as const;
export type XFrameOptions = (typeof X_FRAME_OPTIONS)[number];

export const DEFAULT_X_FRAME_OPTIONS: XFrameOptions = 'DENY';

export interface SecurityHeaders {
  /** Name/value pairs for every response. */
  readonly always: ReadonlyArray<readonly [string, string]>;
  /** For every response that is not JSON. */
  readonly contentSecurityPolicy: string;
}

const FRAME_ANCESTORS: Record<XFrameOptions, string | undefined> = {
  DENY: "frame-ancestors 'none'",
  SAMEORIGIN: "frame-ancestors 'self'",
  NONE: undefined,
};

export function securityHeaders(xFrameOptions: XFrameOptions): SecurityHeaders {
  const always: Array<[string, string]> = [
    ['x-content-type-options', 'nosniff'],
    ['referrer-policy', 'no-referrer'],
  ];
  if (xFrameOptions !== 'NONE') always.push(['x-frame-options', xFrameOptions]);
  const directives = [
    "default-src 'self'",
    // An HTML artifact shown in the run page's sandboxed srcdoc frame inherits this policy, and
    // real reports style themselves inline (scikit-learn's estimator.html hides its fallback text
    // with a <style> block). Styles cannot run code; scripts stay blocked by default-src and the
    // frame's sandbox.
    "style-src 'self' 'unsafe-inline'",
    // Charts are exported as data: and blob: images.
    "img-src 'self' data: blob:",
    "object-src 'none'",
    // The run page shows a PDF artifact from a blob: URL in the browser's own viewer.
    "frame-src 'self' blob:",
    "base-uri 'self'",
    "form-action 'self'",
    FRAME_ANCESTORS[xFrameOptions],
  ];
  return { always, contentSecurityPolicy: directives.filter((d) => d !== undefined).join('; ') };
}

export function parseXFrameOptions(text: string): XFrameOptions | undefined {
  const value = text.trim().toUpperCase();
  return (X_FRAME_OPTIONS as readonly string[]).includes(value) ? (value as XFrameOptions) : undefined;
}
