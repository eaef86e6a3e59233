/**
 * The source half of `sync`, on its own thread (see read-in-worker.ts): it
 * runs the same `read` as the source CLI and sends its messages as JSON
 * lines. It stops when the main thread says so (the read is cancelled, its
 * point in time closed in `finally`) and never holds more than
 * `CHUNKS_IN_FLIGHT` unacknowledged chunks.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { stringifyExactJson } from '../json/exact-json.js';
import { ConnectorError } from '../protocol/connector-error.js';
import { logMessage } from '../protocol/message-factory.js';
import { parseConfiguredCatalog } from '../protocol/parse-catalog.js';
import { DEFAULT_RETRY_POLICY } from '../core/retry.js';
import { endpointLabel, parseSourceConfig } from '../source/config/parse-source-config.js';
import { Cluster } from '../source/elasticsearch/cluster.js';
import { createClient } from '../source/elasticsearch/create-client.js';
import { read } from '../source/read/read.js';
import { parseStateInput } from '../source/state/read-state-file.js';
import { CHUNK_CHARS, CHUNKS_IN_FLIGHT, type FromSourceWorker, type SourceWorkerInput, type ToSourceWorker } from './worker-protocol.js';

const port = parentPort;
if (port === null) throw new Error('source-worker.ts runs only as a worker thread');
const input = workerData as SourceWorkerInput;
const controller = new AbortController();
let credits = CHUNKS_IN_FLIGHT;
let wake: (() => void) | undefined;
let done = false;
port.on('message', (message: ToSourceWorker) => {
  if (message.kind === 'credit') credits++;
  // After the last message the main thread's stop lets the thread end (an open port keeps it alive).
  else if (done) port.close();
  else controller.abort(message.reason);
  wake?.();
});

const send = (message: FromSourceWorker): void => port.postMessage(message);

/** Waits until a chunk may be sent (or the sync is stopping). */
async function creditOrStop(): Promise<void> {
  while (credits <= 0 && !controller.signal.aborted) await new Promise<void>((resolve) => (wake = resolve));
  wake = undefined;
  credits--;
}

async function run(): Promise<void> {
  const config = parseSourceConfig(input.sourceConfig, input.configOrigin);
  let pending = '';
  const flush = async (): Promise<void> => {
    if (pending === '') return;
    await creditOrStop();
    send({ kind: 'lines', text: pending });
    pending = '';
  };
  const cluster = new Cluster(createClient(config), endpointLabel(config), {
    signal: controller.signal,
    retryPolicy: { ...DEFAULT_RETRY_POLICY, maxAttempts: config.retry_max_attempts },
    onRetry: (message) => {
      pending += `${stringifyExactJson(logMessage('WARN', message))}\n`;
    },
  });
  try {
    const catalog = parseConfiguredCatalog(input.catalog, 'The catalog');
    for await (const message of read(cluster, config, catalog, parseStateInput(input.states, input.stateOrigin))) {
      pending += `${stringifyExactJson(message)}\n`;
      // A STATE goes out at once, so the destination can acknowledge it without waiting for the next chunk.
      if (pending.length >= CHUNK_CHARS || message.type === 'STATE') await flush();
    }
    await flush();
  } finally {
    await cluster.close();
  }
}

run().then(
  () => {
    done = true;
    send({ kind: 'end' });
  },
  (error: unknown) => {
    done = true;
    const failure = error instanceof ConnectorError
      ? { failureType: error.failureType, message: error.message, ...(error.internalMessage === undefined ? {} : { internalMessage: error.internalMessage }), ...(error.stream === undefined ? {} : { stream: error.stream }) }
      : { failureType: undefined, message: (error as Error)?.message ?? String(error), ...((error as Error)?.stack === undefined ? {} : { stack: (error as Error).stack }) };
    send({ kind: 'error', error: failure });
  },
).finally(() => {
  // Stopped by the main thread: it is not waiting for more, so the thread may end now.
  if (controller.signal.aborted) port.close();
});
