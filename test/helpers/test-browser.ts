/**
 * A browser without pages, for redirect flows (OpenID Connect sign-in): fetch with manual
 * redirects and a cookie jar that honours Path and Max-Age. `aliases` maps an origin the
 * server calls itself (--public-url) to where it really listens.
 */
interface StoredCookie {
  value: string;
  path: string;
}

export class TestBrowser {
  private readonly jar = new Map<string, Map<string, StoredCookie>>();

  constructor(private readonly aliases: Record<string, string> = {}) {}

  /** One GET, no redirect followed; stores the cookies it sets. */
  async get(url: string): Promise<Response> {
    const target = this.resolve(url);
    const response = await fetch(target, { redirect: 'manual', headers: this.cookieHeader(target) });
    this.store(target, response.headers.getSetCookie());
    return response;
  }

  /** Follows redirects from `url` until one leads to a URL `stop` accepts (returned, not fetched). */
  async followUntil(url: string, stop: (location: string) => boolean, maxHops = 12): Promise<string> {
    let next = url;
    for (let hop = 0; hop < maxHops; hop++) {
      const response = await this.get(next);
      const location = response.headers.get('location');
      if (location === null) throw new Error(`No redirect from ${next}: ${response.status} ${await response.text()}`);
      next = new URL(location, this.resolve(next)).href;
      if (stop(next)) return next;
    }
    throw new Error(`Too many redirects from ${url}`);
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar.get(new URL(this.resolve(origin)).origin)?.get(name)?.value;
  }

  private resolve(url: string): URL {
    for (const [alias, real] of Object.entries(this.aliases)) {
      if (url.startsWith(alias)) return new URL(real + url.slice(alias.length));
    }
    return new URL(url);
  }

  private cookieHeader(url: URL): Record<string, string> {
    const cookies = [...(this.jar.get(url.origin) ?? new Map<string, StoredCookie>()).entries()]
      .filter(([, cookie]) => url.pathname.startsWith(cookie.path))
      .map(([name, cookie]) => `${name}=${cookie.value}`);
    return cookies.length === 0 ? {} : { cookie: cookies.join('; ') };
  }

  private store(url: URL, setCookies: string[]): void {
    const cookies = this.jar.get(url.origin) ?? new Map<string, StoredCookie>();
    this.jar.set(url.origin, cookies);
    for (const line of setCookies) {
      const [pair = '', ...attributes] = line.split(';').map((part) => part.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const attribute = (key: string) => attributes.find((a) => a.toLowerCase().startsWith(`${key}=`))?.slice(key.length + 1);
      const maxAge = attribute('max-age');
      const expires = attribute('expires');
      const gone = maxAge === '0' || (expires !== undefined && Date.parse(expires) <= Date.now());
      if (gone) cookies.delete(name);
      else cookies.set(name, { value: pair.slice(eq + 1), path: attribute('path') ?? '/' });
    }
  }
}
