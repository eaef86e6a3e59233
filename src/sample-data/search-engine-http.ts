/**
 * Minimal HTTP helpers for talking to Elasticsearch or OpenSearch with the
 * global `fetch`, shared by the sample-data loader and the test fixtures.
 * No client library: these helpers must work against every server version.
 */

import { isJsonObject, type JsonObject, type JsonValue } from '../json/json-value.js';

export { isJsonObject, type JsonObject, type JsonValue };

/** Where a server is and how to authenticate to it. */
export interface SearchEngineTarget {
  /** Base URL without credentials and without a trailing slash. */
  readonly baseUrl: string;
  /** Headers sent with every request (at least `authorization` when the URL carried credentials). */
  readonly headers: Readonly<Record<string, string>>;
}

/**
 * Splits `url` into a base URL and headers. Credentials embedded in the URL
 * (`http://user:pass@host:9200`) become a Basic `authorization` header, because
 * `fetch` refuses URLs that carry credentials. Explicit `headers` win.
 */
export function searchEngineTarget(url: string, headers: Readonly<Record<string, string>> = {}): SearchEngineTarget {
  const parsed = new URL(url);
  const merged: Record<string, string> = {};
  if (parsed.username !== '' || parsed.password !== '') {
    const user = decodeURIComponent(parsed.username);
    const password = decodeURIComponent(parsed.password);
    merged['authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    parsed.username = '';
    parsed.password = '';
  }
  for (const [name, value] of Object.entries(headers)) merged[name.toLowerCase()] = value;
  return { baseUrl: parsed.toString().replace(/\/+$/, ''), headers: merged };
}

/** The outcome of one request: the HTTP status and the body parsed as JSON (or `null` when empty or not JSON). */
export interface JsonResponse {
  readonly status: number;
  readonly body: JsonValue;
  readonly text: string;
}

/** Options of {@link requestJson}. */
export interface RequestOptions {
  /** A JSON value, serialised with `JSON.stringify`. */
  readonly body?: JsonValue;
  /** Already serialised text (for example NDJSON); takes precedence over `body`. */
  readonly rawBody?: { readonly text: string; readonly contentType: string };
  /** Statuses that are not errors; by default any 2xx. */
  readonly okStatuses?: readonly number[];
  readonly signal?: AbortSignal;
}

/**
 * Sends one request to `target` and returns the parsed response.
 * Throws an `Error` naming the method, path, status and server reason when
 * the status is neither 2xx nor listed in `okStatuses`.
 */
export async function requestJson(
  target: SearchEngineTarget,
  method: string,
  path: string,
  options: RequestOptions = {},
): Promise<JsonResponse> {
  const headers: Record<string, string> = { accept: 'application/json', ...target.headers };
  let payload: string | undefined;
  if (options.rawBody !== undefined) {
    payload = options.rawBody.text;
    headers['content-type'] = options.rawBody.contentType;
  } else if (options.body !== undefined) {
    payload = JSON.stringify(options.body);
    headers['content-type'] = 'application/json';
  }
  const init: RequestInit = { method, headers };
  if (payload !== undefined) init.body = payload;
  if (options.signal !== undefined) init.signal = options.signal;
  const response = await fetch(`${target.baseUrl}${path.startsWith('/') ? path : `/${path}`}`, init);
  const text = await response.text();
  let parsed: JsonValue = null;
  if (text.length > 0) {
    try {
      parsed = JSON.parse(text) as JsonValue;
    } catch {
      parsed = null;
    }
  }
  const ok = response.status >= 200 && response.status < 300;
  if (!ok && !(options.okStatuses ?? []).includes(response.status)) {
    throw new Error(`${method} ${path} failed with HTTP ${response.status}: ${describeError(parsed, text)}`);
  }
  return { status: response.status, body: parsed, text };
}

/** A one-line description of a server error body (`error.type: error.reason`), or the raw text cut to 500 characters. */
export function describeError(body: JsonValue, text: string): string {
  if (isJsonObject(body)) {
    const error = body['error'];
    if (isJsonObject(error)) {
      const rootCause = error['root_cause'];
      const first = Array.isArray(rootCause) ? rootCause[0] : undefined;
      const cause = isJsonObject(first) && first['reason'] !== error['reason'] ? ` (root cause: ${String(first['reason'])})` : '';
      return `${String(error['type'])}: ${String(error['reason'])}${cause}`;
    }
    if (typeof error === 'string') return error;
  }
  return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}
