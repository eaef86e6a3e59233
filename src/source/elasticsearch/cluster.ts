import type { Client } from '@elastic/elasticsearch';
import type { TransportRequestParams } from '@elastic/transport';
import { withRetries, type RetryPolicy } from '../../core/retry.js';
import type { JsonValue } from '../../json/json-value.js';
import { briefFailure, classifyElasticsearchError, toConnectorError } from './classify-error.js';
import { parseServerInfo, type ServerInfo } from './server-info.js';
import { configError, transientError, type ConnectorError } from '../../protocol/connector-error.js';
import { chunkIndexExpressions, indexPath, MAX_REQUEST_LINE_BYTES, REQUEST_LINE_BUDGET_BYTES, requestLineBytes } from './request-line.js';

export { indexPath } from './request-line.js';

export interface ClusterRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  body?: JsonValue;
  querystring?: Record<string, string | number | boolean>;
  /** What we are doing, in words for an error message: "open a point in time on logs". */
  action: string;
  /** The privilege the request needs, named only when the cluster refuses it (403): "view_index_metadata". */
  privilege?: string;
  /** Whether sending it twice is harmless (true for searches with PIT, false for a scroll page). */
  idempotent?: boolean;
  /** Cleanup (closing a PIT or scroll) must still be sent after a cancel: not tied to the abort signal. */
  cleanup?: boolean;
}

/**
 * The one door to the cluster. Every request goes through `request`, which
 * retries what is retriable (idempotent requests only) and turns failures
 * into ConnectorErrors with a message a user can act on.
 */
export class Cluster {
  private serverInfo: ServerInfo | undefined;
  private prefix: string | undefined;

  constructor(
    readonly client: Client,
    /** The endpoint as a user would recognise it, without credentials. */
    readonly endpointLabel: string,
    private readonly options: { retryPolicy?: RetryPolicy; onRetry?: (message: string) => void; signal?: AbortSignal } = {},
  ) {}

  async request<T = JsonValue>(request: ClusterRequest): Promise<T> {
    const line = this.requestLineBytes(request);
    if (line > MAX_REQUEST_LINE_BYTES) {
      throw configError(`The request to ${request.action} would have a first line of ${line} bytes, above the ${MAX_REQUEST_LINE_BYTES} bytes Elasticsearch and OpenSearch accept by default (http.max_initial_line_length): the index names or patterns it must name in one request are too long. Use fewer, broader patterns (wildcards) in include_indices, exclude_indices and index_families, or a shorter path prefix in the endpoint URL.`);
    }
    const send = async (): Promise<T> => {
      const params: TransportRequestParams = { method: request.method, path: request.path };
      if (request.body !== undefined) params.body = request.body as unknown as Record<string, unknown>;
      if (request.querystring !== undefined) params.querystring = request.querystring;
      const transportOptions = this.options.signal === undefined || request.cleanup === true ? {} : { signal: this.options.signal };
      return (await this.client.transport.request(params, transportOptions)) as T;
    };
    try {
      if (this.options.signal?.aborted === true && request.cleanup !== true) throw cancelledError();
      if (request.idempotent === false) return await send();
      const retryOptions: Parameters<typeof withRetries>[2] = {
        onRetry: (error, attempt, delayMs) =>
          this.options.onRetry?.(`Retrying "${request.action}" in ${Math.round(delayMs)} ms: attempt ${attempt} failed (${briefFailure(error)}).`),
      };
      if (this.options.retryPolicy !== undefined) retryOptions.policy = this.options.retryPolicy;
      if (this.options.signal !== undefined && request.cleanup !== true) retryOptions.signal = this.options.signal;
      const classify = (error: unknown): ReturnType<typeof classifyElasticsearchError> => (this.options.signal?.aborted === true ? { retriable: false } : classifyElasticsearchError(error));
      return await withRetries(send, classify, retryOptions);
    } catch (error) {
      if (this.options.signal?.aborted === true && request.cleanup !== true) throw cancelledError();
      throw toConnectorError(error, request.action, this.endpointLabel, { method: request.method, path: request.path, urlPath: this.pathPrefix(), ...(request.privilege === undefined ? {} : { privilege: request.privilege }) });
    }
  }

  /**
   * Sends one request per group of `expressions` (index names or patterns)
   * whose request line stays within REQUEST_LINE_BUDGET_BYTES, whatever the
   * number of names, and returns the answers in order. `build` makes the
   * request for a path segment of names (see `indexPath`). The caller merges
   * the answers; see `chunkIndexExpressions` for how exclusions travel.
   */
  async requestEach<T = JsonValue>(expressions: readonly string[], build: (indexSegment: string) => ClusterRequest): Promise<T[]> {
    const fixed = this.requestLineBytes(build(''));
    const answers: T[] = [];
    for (const group of chunkIndexExpressions(expressions, Math.max(1, REQUEST_LINE_BUDGET_BYTES - fixed))) answers.push(await this.request<T>(build(indexPath(group))));
    return answers;
  }

  /** The bytes of the request line the transport will send for `request`, the node URL's path prefix included. */
  requestLineBytes(request: Pick<ClusterRequest, 'method' | 'path' | 'querystring'>): number {
    const query = request.querystring === undefined ? '' : this.client.serializer.qserialize({ ...request.querystring });
    return requestLineBytes(request.method, `${this.pathPrefix()}${request.path}`, query);
  }

  /** The longest path prefix of the node URLs (a reverse proxy's `/elasticsearch`), without its trailing slash. */
  private pathPrefix(): string {
    this.prefix ??= this.client.connectionPool.connections.map((connection) => connection.url.pathname.replace(/\/$/, '')).reduce((longest, path) => (path.length > longest.length ? path : longest), '');
    return this.prefix;
  }

  /** `GET /`, once: the distribution, version and read capabilities. */
  async info(): Promise<ServerInfo> {
    this.serverInfo ??= parseServerInfo(await this.request({ method: 'GET', path: '/', action: 'connect to the cluster' }));
    return this.serverInfo;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}

function cancelledError(): ConnectorError {
  return transientError('The read was cancelled (SIGTERM or SIGINT) before it finished; its point in time or scroll was closed. Run it again with the last STATE to resume.');
}
