import { Random } from './random.js';
import {
  CITIES, ERROR_REASONS, LABEL_VALUES, METHODS, REFERRERS, ROLES, SERVICES, STATUS_CODES, TAGS, UPSTREAMS, USER_AGENTS, USER_NAMES,
} from './log-vocabulary.js';

export { LOG_INDEX_MAPPING } from './log-index-mapping.js';

/** One ECS-style web/application log event, as stored in `_source`. */
export interface LogDocument {
  '@timestamp': string;
  message: string;
  host: { name: string; cpu: { usage: number } };
  service: { name: string; version: string; environment: string };
  log: { level: LogLevel; logger: string };
  event: { dataset: string; outcome: 'success' | 'failure'; duration: number; sequence: number };
  http: {
    version: string;
    request: { method: string; referrer: string; bytes: number };
    response: { status_code: number; bytes: number };
  };
  url: { path: string; query?: string };
  bytes: number;
  tags: string[];
  user?: { name: string; id: string; roles: string[] };
  user_agent: { original: string };
  source: { geo: { location: { lat: number; lon: number }; city_name: string; country_iso_code: string } };
  client: { ip: string };
  labels?: Record<string, string>;
  trace: { id: string };
  span: { id: string };
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** Options of {@link generateLogDocuments}. */
export interface LogDocumentOptions {
  /** How many documents to yield. */
  readonly count: number;
  /** PRNG seed; the same seed always yields the same documents. Default {@link DEFAULT_LOG_SEED}. */
  readonly seed?: number;
  /** Timestamp of the first document. Default {@link DEFAULT_LOG_START_TIME}. */
  readonly startTime?: Date;
}

export const DEFAULT_LOG_SEED = 20240501;
export const DEFAULT_LOG_START_TIME = new Date('2024-05-01T00:00:00.000Z');

/**
 * The `_id` of the document at `position` (0-based) of a generated sequence:
 * `log-000000001` for position 0. Unique for positions below 999,999,999
 * and sorts in generation order as a string.
 */
export function logDocumentId(position: number): string {
  return `log-${String(position + 1).padStart(9, '0')}`;
}

/**
 * Yields `count` deterministic log documents of about 1 KB of JSON each.
 *
 * Guarantees: the same options yield the same documents (byte for byte once
 * serialised with `JSON.stringify`); `@timestamp` never decreases and about
 * 8% of documents share the millisecond of the one before; `user` is missing
 * from about 30% and `labels` present in about 20%; all numbers are safe
 * integers or doubles. Lazy: memory does not grow with `count`.
 */
export function* generateLogDocuments(options: LogDocumentOptions): Generator<LogDocument> {
  const random = new Random(options.seed ?? DEFAULT_LOG_SEED);
  let time = (options.startTime ?? DEFAULT_LOG_START_TIME).getTime();
  for (let position = 0; position < options.count; position += 1) {
    if (position > 0 && !random.chance(0.08)) time += random.int(1, 250);
    yield makeDocument(random, time, position);
  }
}

/**
 * The generated documents ready for `loadDocuments`: `{ id, source }` with
 * `id` from {@link logDocumentId} and `source` the JSON text of the document.
 */
export function* generateLogBulkItems(options: LogDocumentOptions): Generator<{ id: string; source: string }> {
  let position = 0;
  for (const document of generateLogDocuments(options)) {
    yield { id: logDocumentId(position), source: JSON.stringify(document) };
    position += 1;
  }
}

function makeDocument(random: Random, time: number, position: number): LogDocument {
  const service = random.pick(SERVICES);
  const hostName = random.pick(service.hosts);
  const method = random.weighted(METHODS);
  const status = random.weighted(STATUS_CODES);
  const level = levelFor(random, status);
  const path = fillPath(random, random.pick(service.paths));
  const query = random.chance(0.35) ? `page=${random.int(1, 40)}&size=${random.pick([10, 20, 50])}&sort=${random.pick(['price', 'name', '-created'])}` : undefined;
  const durationMs = durationFor(random, status);
  const responseBytes = status === 204 || status === 304 ? 0 : random.int(120, 48_000);
  const requestBytes = method === 'GET' || method === 'HEAD' ? random.int(180, 900) : random.int(400, 12_000);
  const city = random.pick(CITIES);
  const clientIp = random.chance(0.06)
    ? `2001:db8:${random.hex(4)}::${random.hex(4)}`
    : `${random.int(1, 223)}.${random.int(0, 255)}.${random.int(0, 255)}.${random.int(1, 254)}`;
  const userName = random.chance(0.7) ? random.pick(USER_NAMES) : undefined;
  const userAgent = random.pick(USER_AGENTS);
  const referrer = random.pick(REFERRERS);
  const original = query === undefined ? path : `${path}?${query}`;
  const document: LogDocument = {
    '@timestamp': new Date(time).toISOString(),
    message: messageFor(random, { level, method, original, status, durationMs, responseBytes, clientIp, userName, time }),
    host: {
      name: `${hostName}.prod.example.internal`,
      cpu: { usage: Math.round(random.float(0.02, 0.97) * 10_000) / 10_000 },
    },
    service: { name: service.name, version: service.version, environment: random.chance(0.9) ? 'production' : 'staging' },
    log: { level, logger: service.logger },
    event: {
      dataset: `${service.name}.${service.name === 'frontend' ? 'access' : 'app'}`,
      outcome: status >= 400 ? 'failure' : 'success',
      duration: durationMs * 1_000_000 + random.int(0, 999_999),
      sequence: position + 1,
    },
    http: {
      version: random.weighted([['1.1', 6], ['2', 3], ['3', 1]]),
      request: { method, referrer, bytes: requestBytes },
      response: { status_code: status, bytes: responseBytes },
    },
    url: query === undefined ? { path } : { path, query },
    bytes: requestBytes + responseBytes,
    tags: random.subset(TAGS, 0, 3),
    user_agent: { original: userAgent },
    source: {
      geo: {
        location: { lat: round6(city.lat + random.float(-0.2, 0.2)), lon: round6(city.lon + random.float(-0.2, 0.2)) },
        city_name: city.name,
        country_iso_code: city.country,
      },
    },
    client: { ip: clientIp },
    trace: { id: random.hex(32) },
    span: { id: random.hex(16) },
  };
  if (userName !== undefined) {
    document.user = { name: userName, id: `u-${String(USER_NAMES.indexOf(userName) * 7919 + 100_000)}`, roles: random.subset(ROLES, 1, 2) };
  }
  if (random.chance(0.2)) document.labels = labelsFor(random);
  return document;
}

function levelFor(random: Random, status: number): LogLevel {
  if (status >= 500) return 'error';
  if (status >= 400) return random.chance(0.8) ? 'warn' : 'info';
  return random.weighted([['info', 85], ['debug', 12], ['warn', 3]]);
}

function durationFor(random: Random, status: number): number {
  if (status === 504) return random.int(30_000, 60_000);
  return random.weighted([[random.int(1, 20), 50], [random.int(20, 200), 35], [random.int(200, 2_000), 12], [random.int(2_000, 15_000), 3]]);
}

function fillPath(random: Random, template: string): string {
  return template.replace('{id}', String(random.int(1, 999_999))).replace('{hex}', random.hex(8));
}

function labelsFor(random: Random): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const key of random.subset(Object.keys(LABEL_VALUES), 1, 4)) labels[key] = random.pick(LABEL_VALUES[key] ?? ['unknown']);
  return labels;
}

interface MessageParts {
  level: LogLevel;
  method: string;
  original: string;
  status: number;
  durationMs: number;
  responseBytes: number;
  clientIp: string;
  userName: string | undefined;
  time: number;
}

function messageFor(random: Random, parts: MessageParts): string {
  const access = `${parts.clientIp} - ${parts.userName ?? '-'} [${new Date(parts.time).toUTCString()}] "${parts.method} ${parts.original} HTTP/1.1" ${parts.status} ${parts.responseBytes} ${parts.durationMs}ms`;
  switch (parts.level) {
    case 'error': {
      const upstream = random.pick(UPSTREAMS);
      const summary = `Request failed: upstream ${upstream} returned ${parts.status} after ${random.int(1, 3)} retries: ${random.pick(ERROR_REASONS)}`;
      if (!random.chance(0.4)) return `${summary} | ${access}`;
      return `${summary}\n    at Upstream.call (src/upstream/${upstream}.ts:${random.int(20, 400)}:${random.int(5, 40)})\n    at async Handler.handle (src/http/handler.ts:${random.int(20, 200)}:${random.int(5, 40)})\n    at async Server.dispatch (src/http/server.ts:88:7)`;
    }
    case 'warn':
      return random.chance(0.5)
        ? `Slow request: ${parts.method} ${parts.original} took ${parts.durationMs} ms (threshold ${random.pick([250, 500, 1000])} ms) | ${access}`
        : `Client error ${parts.status} for ${parts.method} ${parts.original}: ${parts.status === 429 ? 'rate limit exceeded' : 'rejected request'} | ${access}`;
    case 'debug':
      return `Cache ${random.chance(0.7) ? 'hit' : 'miss'} for key session:${random.hex(12)} on ${random.pick(UPSTREAMS)}; ${access}`;
    case 'info':
      return access;
  }
}

function round6(value: number): number {
  return Math.round(value * 1_000_000) / 1_000_000;
}
