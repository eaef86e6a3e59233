import { Worker } from 'node:worker_threads';
import { parseExactJson } from '../json/exact-json.js';
import { ConnectorError, systemError } from '../protocol/connector-error.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import type { FromSourceWorker, SerialisedError, SourceWorkerInput, ToSourceWorker } from './worker-protocol.js';

/** How long a stopped worker may take to close its point in time before it is terminated. */
const STOP_GRACE_MS = 15_000;

/** The worker's module: the compiled `.js` beside this file, or the `.ts` source when run with tsx. */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './source-worker.ts' : './source-worker.js', import.meta.url);

/**
 * The source's messages, read on a worker thread so that reading (requests,
 * parsing, conforming, encoding) and writing (typing, spooling) use two
 * cores. Pull-based: the worker reads ahead at most `CHUNKS_IN_FLIGHT`
 * chunks of lines, and only as fast as this generator is consumed. The
 * lines are those the source CLI prints, parsed exactly (big integers as
 * bigint). A worker error is rethrown here with its failure type. When the
 * consumer stops early or `signal` aborts, the worker is told to stop (its
 * read is cancelled and its point in time closed) and is awaited, then
 * terminated after `STOP_GRACE_MS` if it has not exited.
 */
export async function* readInWorker(input: SourceWorkerInput, signal: AbortSignal): AsyncGenerator<AirbyteMessage> {
  const worker = new Worker(WORKER_URL, { workerData: input, stdout: false, stderr: false });
  const queue: FromSourceWorker[] = [];
  let wake: (() => void) | undefined;
  let exited = false;
  let exitFailure: Error | undefined;
  const push = (message: FromSourceWorker): void => {
    queue.push(message);
    wake?.();
  };
  worker.on('message', push);
  worker.on('error', (error: Error) => {
    exitFailure = error;
    wake?.();
  });
  const exit = new Promise<void>((resolve) => worker.once('exit', () => {
    exited = true;
    wake?.();
    resolve();
  }));
  const tell = (message: ToSourceWorker): void => {
    if (!exited) worker.postMessage(message);
  };
  const onAbort = (): void => tell({ kind: 'stop', reason: String(signal.reason ?? 'signal') });
  signal.addEventListener('abort', onAbort, { once: true });
  let finished = false;
  try {
    for (;;) {
      const next = queue.shift();
      if (next === undefined) {
        if (exitFailure !== undefined) throw systemError(`The source thread of the sync failed: ${exitFailure.message}`, { internalMessage: exitFailure.stack ?? exitFailure.message });
        if (exited) throw systemError('The source thread of the sync ended without finishing its read.');
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
        continue;
      }
      if (next.kind === 'end') {
        finished = true;
        return;
      }
      if (next.kind === 'error') {
        finished = true;
        throw revive(next.error);
      }
      const text = next.text;
      let start = 0;
      for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
        yield parseExactJson(text.slice(start, end)) as unknown as AirbyteMessage;
        start = end + 1;
      }
      tell({ kind: 'credit' });
    }
  } finally {
    signal.removeEventListener('abort', onAbort);
    // Before the end: cancels the read. After it: lets the thread exit.
    tell({ kind: 'stop', reason: 'the destination stopped' });
    const timer = setTimeout(() => void worker.terminate(), finished ? 1_000 : STOP_GRACE_MS);
    await exit;
    clearTimeout(timer);
  }
}

/** The worker's error as thrown in it: a ConnectorError keeps its type; anything else is a system_error with its stack. */
function revive(error: SerialisedError): Error {
  if (error.failureType !== undefined) {
    return new ConnectorError(error.failureType, error.message, {
      ...(error.internalMessage === undefined ? {} : { internalMessage: error.internalMessage }),
      ...(error.stream === undefined ? {} : { stream: error.stream }),
    });
  }
  const revived = new Error(error.message);
  if (error.stack !== undefined) revived.stack = error.stack;
  return revived;
}
