import type { Client } from '@elastic/elasticsearch';
import type { TransportRequestParams } from '@elastic/transport';
import { withRetries, type RetryPolicy } from '../../core/retry.js';
import type { JsonValue } from '../../json/json-value.js';
import { briefFailure, classifyElasticsearchError, toConnectorError } from './classify-error.js';
import { parseServerInfo, type ServerInfo } from './server-info.js';
import { transientError, type ConnectorError } from '../../protocol/connector-error.js';

export interface ClusterRequest {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'HEAD';
  path: string;
  body?: JsonValue;
  querystring?: Record<string, string | number | boolean>;
  /** What we are doing, in words for an error message: "open a point in time on logs". */
  action: string;
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

  constructor(
    readonly client: Client,
    /** The endpoint as a user would recognise it, without credentials. */
    readonly endpointLabel: string,
    private readonly options: { retryPolicy?: RetryPolicy; onRetry?: (message: string) => void; signal?: AbortSignal } = {},
  ) {}

  async request<T = JsonValue>(request: ClusterRequest): Promise<T> {
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
      throw toConnectorError(error, request.action, this.endpointLabel);
    }
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

/** Path segment for one or more index names. */
export function indexPath(indices: string | readonly string[]): string {
  const names = typeof indices === 'string' ? [indices] : indices;
  return names.map((name) => encodeURIComponent(name)).join(',');
}
