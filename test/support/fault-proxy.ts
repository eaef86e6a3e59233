import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

/** One fault to inject into the next request whose method and path match. */
export type Fault =
  | { kind: 'status'; status: number; retryAfterSeconds?: number; body?: string; headers?: Record<string, string> }
  | { kind: 'reset-mid-body' }
  /** The request reaches the upstream (which acts on it), then the connection is reset before any byte of the response. */
  | { kind: 'reset-after-upstream' }
  | { kind: 'reset-before-response' }
  | { kind: 'stall'; ms: number };

interface Rule {
  match: RegExp;
  fault: Fault;
  skip: number;
  remaining: number;
}

/** An S3 error response as S3 sends it (XML body), e.g. `s3Error(503, 'SlowDown', 'Please reduce your request rate.')`. */
export function s3Error(status: number, code: string, message: string, retryAfterSeconds?: number): Fault {
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${message}</Message><RequestId>INJECTED${status}</RequestId><HostId>fault-proxy</HostId></Error>`;
  return { kind: 'status', status, body, headers: { 'content-type': 'application/xml' }, ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) };
}

/**
 * A real HTTP proxy on loopback between a connector and a real server
 * (Elasticsearch or S3). Faults are armed per request path; everything else
 * is forwarded unchanged. `down(ms)` resets every connection for a while, as
 * a stopped upstream would.
 */
export class FaultProxy {
  private server: LoopbackServer | undefined;
  private readonly rules: Rule[] = [];
  private downUntil = 0;
  private readonly stalls = new Set<() => void>();
  /** Requests seen, as "METHOD path", in order. */
  readonly seen: string[] = [];
  url = '';

  /**
   * `preserveHost` forwards the client's Host header unchanged (needed for
   * S3: the request is signed over it); by default it is the upstream's.
   */
  constructor(private readonly upstream: string, private readonly options: { preserveHost?: boolean } = {}) {}

  async start(): Promise<this> {
    this.server = await listenOnLoopback((req, res) => void this.handle(req, res));
    this.url = `http://127.0.0.1:${this.server.port}`;
    return this;
  }

  /** Applies `fault` to `times` requests matching `match` ("POST /_search"), after letting `skip` of them through. */
  inject(match: RegExp, fault: Fault, times = 1, skip = 0): void {
    this.rules.push({ match, fault, skip, remaining: times });
  }

  /** Resets every request for `ms` milliseconds. */
  down(ms: number): void {
    this.downUntil = Date.now() + ms;
  }

  /** Faults armed and not yet applied. */
  unfired(): number {
    return this.rules.reduce((sum, rule) => sum + rule.remaining, 0);
  }

  clear(): void {
    this.rules.length = 0;
    this.downUntil = 0;
  }

  async stop(): Promise<void> {
    for (const end of this.stalls) end();
    await this.server?.stop();
  }

  private takeFault(line: string): Fault | undefined {
    const rule = this.rules.find((candidate) => candidate.remaining > 0 && candidate.match.test(line));
    if (rule === undefined) return undefined;
    if (rule.skip > 0) {
      rule.skip--;
      return undefined;
    }
    rule.remaining--;
    return rule.fault;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const line = `${req.method ?? 'GET'} ${req.url ?? '/'}`;
    this.seen.push(line);
    if (Date.now() < this.downUntil) {
      req.socket.destroy();
      return;
    }
    const fault = this.takeFault(line);
    if (fault?.kind === 'reset-before-response') {
      req.socket.destroy();
      return;
    }
    if (fault?.kind === 'status') {
      const headers: Record<string, string> = { 'content-type': 'application/json', ...fault.headers };
      if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
      res.writeHead(fault.status, headers);
      res.end(fault.body ?? JSON.stringify({ error: { type: 'injected_fault', reason: `injected ${fault.status}` }, status: fault.status }));
      return;
    }
    if (fault?.kind === 'stall') {
      await new Promise<void>((resolve) => {
        const end = (): void => {
          clearTimeout(timer);
          this.stalls.delete(end);
          resolve();
        };
        const timer = setTimeout(end, fault.ms);
        this.stalls.add(end); // stop() ends stalls at once
      });
      if (req.socket.destroyed) return;
    }
    const target = new URL(req.url ?? '/', this.upstream);
    const upstreamRequest = httpRequest(target, { method: req.method, headers: { ...req.headers, host: this.options.preserveHost === true ? req.headers.host : target.host } }, (upstream) => {
      if (fault?.kind === 'reset-after-upstream') {
        upstream.resume();
        upstream.on('end', () => req.socket.destroy());
        return;
      }
      if (fault?.kind === 'reset-mid-body') {
        const upstreamChunks: Buffer[] = [];
        upstream.on('data', (chunk: Buffer) => upstreamChunks.push(chunk));
        upstream.on('end', () => {
          const whole = Buffer.concat(upstreamChunks);
          const { 'transfer-encoding': _chunked, ...headers } = upstream.headers;
          res.writeHead(upstream.statusCode ?? 200, { ...headers, 'content-length': String(whole.length) });
          res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => req.socket.destroy());
        });
        return;
      }
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    upstreamRequest.on('error', () => req.socket.destroy());
    upstreamRequest.end(body);
  }
}
