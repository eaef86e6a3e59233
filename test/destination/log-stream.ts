/** The catalog stream and input lines for log-like records (the sample-data generator, ~1 KB each). */
import { generateLogDocuments } from '../../src/sample-data/log-documents.js';

const str = { type: ['null', 'string'] };
const int = { type: ['null', 'integer'] };
const num = { type: ['null', 'number'] };
const obj = (properties: Record<string, unknown>): Record<string, unknown> => ({ type: ['null', 'object'], properties });

/** A JSON schema like the one the source discovers for the log index. */
export const LOG_SCHEMA = obj({
  '@timestamp': { type: ['null', 'string'], format: 'date-time' },
  message: str,
  host: obj({ name: str, cpu: obj({ usage: num }) }),
  service: obj({ name: str, version: str, environment: str }),
  log: obj({ level: str, logger: str }),
  event: obj({ dataset: str, outcome: str, duration: int, sequence: int }),
  http: obj({ version: str, request: obj({ method: str, referrer: str, bytes: int }), response: obj({ status_code: int, bytes: int }) }),
  url: obj({ path: str, query: str }),
  bytes: int,
  tags: { type: ['null', 'array'], items: str },
  user: obj({ name: str, id: str, roles: { type: ['null', 'array'], items: str } }),
  user_agent: obj({ original: str }),
  source: obj({ geo: obj({ location: obj({ lat: num, lon: num }), city_name: str, country_iso_code: str }) }),
  client: obj({ ip: str }),
  labels: { type: ['null', 'object'] },
  trace: obj({ id: str }),
  span: obj({ id: str }),
});

/** RECORD lines of `count` log documents for stream `stream`, with a STATE every `stateEvery` records. */
export function* logInputLines(stream: string, count: number, stateEvery = 10_000): Generator<string> {
  let i = 0;
  for (const document of generateLogDocuments({ count })) {
    yield JSON.stringify({ type: 'RECORD', record: { stream, data: document, emitted_at: 1_714_521_600_000 + i } });
    if (++i % stateEvery === 0) yield JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: { position: i } } } });
  }
  yield JSON.stringify({ type: 'STATE', state: { type: 'STREAM', stream: { stream_descriptor: { name: stream }, stream_state: { position: i } } } });
}

/** Peak resident set size (VmHWM) of a running process in bytes, or 0 once it is gone. */
export async function peakRss(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises');
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+) kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}
