import { errors } from '@elastic/transport';
import { ConnectorError, configError, systemError, transientError } from '../../protocol/connector-error.js';
import type { RetryDecision } from '../../core/retry.js';
import { isJsonObject, type JsonValue } from '../../json/json-value.js';

const RETRIABLE_STATUS = new Set([429, 502, 503, 504]);
/** How Node's TLS layer words an untrusted chain; the client keeps only the message. */
const UNTRUSTED_CERTIFICATE = /self[- ]signed certificate( in certificate chain)?|unable to verify the first certificate|unable to get (local )?issuer certificate|certificate has expired|Hostname\/IP does not match certificate's altnames|certificate is not yet valid/i;

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  const match = /\b(E[A-Z_]{3,}|UND_ERR_[A-Z_]+|CERT_[A-Z_]+|UNABLE_TO_[A-Z_]+|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN)\b/.exec(String((error as Error)?.message ?? ''));
  return match?.[1];
}

function retryAfterMs(error: InstanceType<typeof errors.ResponseError>): number | undefined {
  const header = error.meta.headers?.['retry-after'];
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Which failures are worth another attempt: 429, 502-504, timeouts, dropped and refused connections. */
export function classifyElasticsearchError(error: unknown): RetryDecision {
  if (error instanceof errors.ResponseError) {
    const after = retryAfterMs(error);
    return after === undefined ? { retriable: RETRIABLE_STATUS.has(error.statusCode ?? 0) } : { retriable: RETRIABLE_STATUS.has(error.statusCode ?? 0), retryAfterMs: after };
  }
  if (error instanceof errors.TimeoutError) return { retriable: true };
  if (error instanceof errors.ConnectionError) {
    // The client keeps only the message of most socket errors ("other side closed", "socket hang up").
    // A dropped or refused connection is worth another attempt (a node restarting); a wrong host name,
    // certificate or scheme is not.
    const message = error.message;
    const code = errorCode(error);
    if (code === 'ENOTFOUND' || /fingerprint|wrong version number|EPROTO|ERR_SSL/i.test(message) || UNTRUSTED_CERTIFICATE.test(message)) return { retriable: false };
    if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code)) return { retriable: false };
    return { retriable: true };
  }
  return { retriable: false };
}

/** The `error.type` and `error.reason` of an Elasticsearch error body. */
export function elasticsearchErrorType(error: unknown): { type?: string; reason?: string } {
  if (!(error instanceof errors.ResponseError)) return {};
  const body = error.meta.body as JsonValue;
  const inner = isJsonObject(body) && isJsonObject(body['error']) ? body['error'] : undefined;
  const rootCause = inner !== undefined && Array.isArray(inner['root_cause']) && isJsonObject(inner['root_cause'][0]) ? inner['root_cause'][0] : undefined;
  const type = rootCause?.['type'] ?? inner?.['type'];
  // Some answers carry the error as text: {"error": "Incorrect HTTP method for uri [/x] ...", "status": 405}.
  const text = isJsonObject(body) && typeof body['error'] === 'string' ? body['error'] : undefined;
  const reason = rootCause?.['reason'] ?? inner?.['reason'] ?? text;
  const result: { type?: string; reason?: string } = {};
  if (typeof type === 'string') result.type = type;
  if (typeof reason === 'string') result.reason = reason;
  return result;
}

/** A few words on a failed attempt, for the WARN line before a retry. */
export function briefFailure(error: unknown): string {
  if (error instanceof errors.ResponseError) {
    const { type, reason } = elasticsearchErrorType(error);
    return `HTTP ${error.statusCode ?? '?'}${type === undefined ? '' : ` ${type}`}${reason === undefined ? '' : `: ${reason}`}`;
  }
  if (error instanceof errors.TimeoutError) return 'no answer within the request timeout';
  return error instanceof Error ? error.message : String(error);
}

/**
 * A point in time or scroll that the cluster no longer knows (expired or
 * closed). Its positions cannot be continued; the reader decides what to do.
 */
export class SearchContextMissingError extends ConnectorError {}

/**
 * The cluster refused the request itself (HTTP 400): its query, sort or
 * parameters. `internalMessage` holds the cluster's error type and reason.
 */
export class RejectedRequestError extends ConnectorError {}

/** The request that failed, as far as the message needs it. */
export interface FailedRequest {
  readonly method?: string;
  /** The path after the node URL's own path, `/` for the root. */
  readonly path?: string;
  /** The privilege it needs, named when the cluster refuses it (403). */
  readonly privilege?: string;
  /** The path of the node URL (a reverse proxy's `/elasticsearch`), without trailing slash; empty for none. */
  readonly urlPath?: string;
}

/**
 * Whether an answer says the URL path, not the request, is wrong: anything
 * but 401/403/429/5xx on `GET /` (Elasticsearch reads `/foo` as an index
 * name: 404 index_not_found_exception), an HTTP method the path does not
 * take (405) or a path it has no handler for (400 "no handler found"), and a
 * 404 that is not from Elasticsearch (a reverse proxy's page).
 */
function pathIsWrong(status: number, body: unknown, detail: string, request: FailedRequest): boolean {
  if (request.path === '/' && (status === 400 || status === 404 || status === 405)) return true;
  if (status === 405) return true;
  if (status === 400 && /no handler found for uri/i.test(detail)) return true;
  return status === 404 && !isJsonObject(body as JsonValue);
}

/**
 * Turns any failure of a request to the cluster into the ConnectorError a
 * user reads: what went wrong, in words that say what to fix. `action`
 * names what we were doing ("list indices", "read index logs"); `request`
 * what was sent, for the messages that depend on it.
 */
export function toConnectorError(error: unknown, action: string, endpoint: string, request: FailedRequest = {}): ConnectorError {
  if (error instanceof ConnectorError) return error;
  const code = errorCode(error);
  if (error instanceof errors.ResponseError) {
    const status = error.statusCode ?? 0;
    const { type, reason } = elasticsearchErrorType(error);
    const detail = reason ?? type ?? `HTTP ${status}`;
    if (type === 'too_long_http_line_exception') {
      return configError(`The cluster at ${endpoint} refused the request to ${action} because its first line (method, path and query string) is longer than the cluster's http.max_initial_line_length (4096 bytes by default): ${detail} The index names or patterns the request lists are too long for one request: use fewer, broader patterns (wildcards) in include_indices, exclude_indices and index_families, or raise http.max_initial_line_length on the cluster.`, { internalMessage: detail });
    }
    if (pathIsWrong(status, error.meta.body, detail, request)) {
      const cloud = endpoint.startsWith('Elastic Cloud');
      const prefix = request.urlPath ?? '';
      const sent = request.method === undefined || request.path === undefined ? '' : ` to ${request.method} ${prefix}${request.path}`;
      const field = cloud ? '"endpoint.cloud_id"' : '"endpoint.urls"';
      const cause = cloud ? 'the Cloud ID likely points at something other than an Elasticsearch deployment' : prefix === '' ? `the URL has no path, so the server at that address is likely not Elasticsearch or OpenSearch, or wants a path prefix` : `the path "${prefix}" of the URL is the likely cause`;
      return configError(`The server at ${endpoint} answered HTTP ${status}${sent} while trying to ${action} (${detail}): ${cause}. Check ${field}: a node URL is a scheme, host and port (https://es.example.com:9200), plus only the path prefix a reverse proxy puts in front of the cluster, if there is one.`, { internalMessage: detail });
    }
    if (status === 401) return configError(`Authentication failed (401) while trying to ${action}: the username/password, API key or token was refused by ${endpoint}. Check the credentials in "authentication".`, { internalMessage: detail });
    if (status === 403) {
      const privilege = /(?:action|no permissions for) \[([^\]]+)\]/.exec(detail)?.[1];
      return configError(
        `Permission denied (403) while trying to ${action}${request.privilege === undefined ? '' : ` (privilege ${request.privilege})`}${privilege === undefined ? '' : ` (action ${privilege})`}: give the user the read-only role of the README's "Privileges" section. On Elasticsearch: the "read" and "view_index_metadata" index privileges on the selected indices and "monitor" on the cluster. On OpenSearch: the "read", "indices:admin/mappings/get" and "indices:monitor/settings/get" index permissions and the "cluster:monitor/main", "indices:data/read/scroll" and "indices:data/read/scroll/clear" cluster permissions. ${detail}`,
        { internalMessage: detail },
      );
    }
    if (type === 'search_context_missing_exception' || (status === 404 && /search context|point in time|pit/i.test(detail))) {
      return new SearchContextMissingError('transient_error', `The point in time or scroll of the read expired on ${endpoint} while trying to ${action} (${detail}). Raise keep_alive if pages take longer than it to consume.`, { internalMessage: detail });
    }
    if (status === 404 && type === 'index_not_found_exception') return configError(`Index not found while trying to ${action}: ${detail}. Run discover again to refresh the catalog.`, { internalMessage: detail });
    if (RETRIABLE_STATUS.has(status)) return transientError(`The cluster at ${endpoint} is overloaded or unavailable (HTTP ${status}) while trying to ${action}, and retries ran out: ${detail}. Run the sync again later; it resumes from the last state.`, { internalMessage: detail });
    if (status === 400) return new RejectedRequestError('config_error', `The cluster rejected the request to ${action} (400 ${type ?? ''}): ${detail}. Check the query filter, page size and source filters in the config.`, { internalMessage: `${type === undefined ? '' : `${type}: `}${detail}` });
    return systemError(`The cluster answered HTTP ${status} while trying to ${action}: ${detail}.`, { internalMessage: detail });
  }
  if (error instanceof errors.TimeoutError) return transientError(`The cluster at ${endpoint} did not answer within the request timeout while trying to ${action}, and retries ran out. Raise request_timeout_seconds or check the cluster's load.`);
  if (code === 'ECONNREFUSED') return configError(`Connection refused by ${endpoint}: nothing listens on that host and port. Check the URL and port in "endpoint" (the HTTP port is usually 9200) and that the cluster is running.`, { internalMessage: code });
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return configError(`The host of ${endpoint} could not be resolved (DNS ${code}): check the host name in "endpoint".`, { internalMessage: code });
  const message = error instanceof Error ? error.message : String(error);
  if (/fingerprint/i.test(message)) return configError(`The TLS certificate of ${endpoint} does not match tls.ca_fingerprint: check the fingerprint (SHA-256 of the CA certificate).`, { internalMessage: message });
  const untrusted = UNTRUSTED_CERTIFICATE.exec(message)?.[0] ?? (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/.test(code) ? code : undefined);
  if (untrusted !== undefined) return configError(`The TLS certificate of ${endpoint} is not trusted (${untrusted}): set tls.ca_certificate to the CA's PEM or tls.ca_fingerprint to its SHA-256 fingerprint.`, { internalMessage: message });
  if (/wrong version number|EPROTO|packet length|ERR_SSL/i.test(message)) return configError(`TLS handshake with ${endpoint} failed: the server does not speak TLS on that port. Use http:// for a plain-HTTP node and https:// for TLS.`, { internalMessage: message });
  if (error instanceof errors.ConnectionError) return transientError(`The connection to ${endpoint} failed while trying to ${action}: ${message}.`, { internalMessage: message });
  return systemError(`Unexpected failure while trying to ${action}: ${message}.`, { internalMessage: message });
}
