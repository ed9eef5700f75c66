/**
 * A claimed user name as it may be stored and shown. Control characters could forge lines
 * or terminal escapes in whatever displays the audit log, and bidirectional controls could
 * make one name look like another (`admin` spelled backwards behind U+202E); each such
 * character becomes U+FFFD rather than vanishing, so `ad\u0000min` cannot pass for `admin`.
 * Names longer than MAX_CLAIMED_NAME_LENGTH code points are cut, ending in `…`.
 */

export const MAX_CLAIMED_NAME_LENGTH = 256;

const REPLACEMENT = '\uFFFD';

/**
 * C0 controls and DEL, C1 controls, the line and paragraph separators (line breaks to many
 * viewers), and the bidi controls: LRM/RLM, ALM, the embeddings/overrides and the isolates.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const DISGUISING_CHARACTERS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/gu;

export function sanitizeClaimedName(raw: string): string {
  const cleaned = raw.replace(DISGUISING_CHARACTERS, REPLACEMENT);
  const codePoints = Array.from(cleaned);
  if (codePoints.length <= MAX_CLAIMED_NAME_LENGTH) return cleaned;
  return `${codePoints.slice(0, MAX_CLAIMED_NAME_LENGTH - 1).join('')}…`;
}
