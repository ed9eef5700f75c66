/**
 * MLflow's UI routes live in the URL's hash (`/#/experiments/1/runs/abc`), and MLflow's client
 * prints such links after every run. Strata routes by path, so a hash route becomes the same path.
 * Returns the path to go to, or undefined when the hash is not an MLflow route.
 */
export function pathForMlflowHash(hash: string): string | undefined {
  if (!hash.startsWith('#/')) return undefined;
  const target = hash.slice(1);
  const [pathname = '/', query = ''] = target.split('?', 2);
  const parts = pathname.split('/').filter((p) => p !== '');
  const path = mapParts(parts);
  if (path === undefined) return undefined;
  return query === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${query}`;
}

function mapParts(parts: string[]): string | undefined {
  const [area, id, sub, subId] = parts;
  const enc = (s: string) => encodeURIComponent(decodeURIComponent(s));
  if (area === 'experiments' && id !== undefined) {
    if (sub === 'runs' && subId !== undefined) return `/experiments/${enc(id)}/runs/${enc(subId)}${artifactQuery(parts.slice(4))}`;
    return `/experiments/${enc(id)}`;
  }
  if (area === 'experiments' || area === undefined) return '/experiments';
  if (area === 'runs' && id !== undefined) return `/runs/${enc(id)}${artifactQuery(parts.slice(2))}`;
  if (area === 'models' && id !== undefined) {
    if (sub === 'versions' && subId !== undefined) return `/models/${enc(id)}/versions/${enc(subId)}`;
    return `/models/${enc(id)}`;
  }
  if (area === 'models') return '/models';
  return undefined;
}

/** MLflow links a file on the run page as `…/runs/<run>/artifactPath/<path>`; Strata keeps it in `?artifact=`. */
function artifactQuery(rest: string[]): string {
  if (rest[0] !== 'artifactPath' || rest.length < 2) return '';
  return `?artifact=${encodeURIComponent(rest.slice(1).map((p) => decodeURIComponent(p)).join('/'))}`;
}
