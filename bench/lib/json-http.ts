// A minimal keep-alive JSON client for benchmarks: node:http with a pooled agent has
// less per-request overhead than fetch, so the figures measure the server.
import http from 'node:http';

export class JsonHttp {
  private readonly agent: http.Agent;
  private readonly host: string;
  private readonly port: number;

  /** `headers` go with every request (an Authorization header, say). */
  constructor(baseUrl: string, maxSockets = 16, private readonly headers: Record<string, string> = {}) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.agent = new http.Agent({ keepAlive: true, maxSockets });
  }

  request(method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; text: string }> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: this.host,
          port: this.port,
          method,
          path,
          agent: this.agent,
          headers: payload === undefined ? this.headers : { ...this.headers, 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  }

  async post<T>(path: string, body: unknown): Promise<T> {
    const res = await this.request('POST', path, body);
    if (res.status !== 200) throw new Error(`POST ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text) as T;
  }

  async get<T>(path: string): Promise<T> {
    const res = await this.request('GET', path);
    if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${res.text.slice(0, 300)}`);
    return JSON.parse(res.text) as T;
  }

  close(): void {
    this.agent.destroy();
  }
}
