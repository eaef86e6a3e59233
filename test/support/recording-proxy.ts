import { request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { listenOnLoopback, type LoopbackServer } from './loopback-server.js';

/**
 * A real HTTP reverse proxy on loopback in front of a real server, as a
 * user would put nginx in front of Elasticsearch. It records the first line
 * of every request it receives (`METHOD /path?query HTTP/1.1`, byte for byte
 * as the client sent it) and, with `pathPrefix`, serves the upstream only
 * under that prefix (`/elasticsearch/_search` goes to `/_search`) and answers
 * any other path with an HTML 404, as such a proxy does.
 */
export class RecordingProxy {
  private server: LoopbackServer | undefined;
  /** The request line of every request, in order. */
  readonly lines: string[] = [];
  /** The body of every request (text, empty when none), in the order of `lines`. */
  readonly bodies: string[] = [];
  /** The base URL to give the connector: the proxy's address plus the path prefix. */
  url = '';

  constructor(private readonly upstream: string, private readonly pathPrefix = '') {}

  async start(): Promise<this> {
    this.server = await listenOnLoopback((req, res) => void this.handle(req, res));
    this.url = `http://127.0.0.1:${this.server.port}${this.pathPrefix}`;
    return this;
  }

  /** The length in bytes of the longest request line seen so far, and the line. */
  longest(): { bytes: number; line: string } {
    let best = { bytes: 0, line: '' };
    for (const line of this.lines) {
      const bytes = Buffer.byteLength(line);
      if (bytes > best.bytes) best = { bytes, line };
    }
    return best;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    this.lines.push(`${req.method ?? 'GET'} ${url} HTTP/${req.httpVersion}`);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    this.bodies.push(Buffer.concat(chunks).toString('utf8'));
    if (this.pathPrefix !== '' && url !== this.pathPrefix && !url.startsWith(`${this.pathPrefix}/`) && !url.startsWith(`${this.pathPrefix}?`)) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html><head><title>404 Not Found</title></head><body><center><h1>404 Not Found</h1></center></body></html>\n');
      return;
    }
    const rest = url.slice(this.pathPrefix.length);
    const target = new URL(`${this.upstream.replace(/\/$/, '')}${rest.startsWith('/') ? rest : `/${rest}`}`);
    const upstreamRequest = httpRequest(target, { method: req.method, headers: { ...req.headers, host: target.host } }, (upstream) => {
      res.writeHead(upstream.statusCode ?? 502, upstream.headers);
      upstream.pipe(res);
    });
    upstreamRequest.on('error', () => req.socket.destroy());
    upstreamRequest.end(Buffer.concat(chunks));
  }
}
