import { ConnectorError } from '../protocol/connector-error.js';
import { errorTraceMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { MessageWriter } from '../protocol/message-writer.js';
import { scrubSecrets } from '../config/secrets.js';
import { stringifyExactJson } from '../json/exact-json.js';

/** Holds the secrets of the config in use, once it is loaded, for scrubbing. */
export class SecretRegistry {
  private values: string[] = [];
  add(values: readonly string[]): void {
    this.values = [...new Set([...this.values, ...values])].sort((a, b) => b.length - a.length);
  }
  scrub(text: string): string {
    return this.values.length === 0 ? text : scrubSecrets(text, this.values);
  }
  /** A message with every secret removed. RECORDs and STATEs carry data only and pass as they are. */
  scrubMessage(message: AirbyteMessage): AirbyteMessage {
    if (this.values.length === 0 || message.type === 'RECORD' || message.type === 'STATE') return message;
    return JSON.parse(this.scrub(stringifyExactJson(message))) as AirbyteMessage;
  }
}

/**
 * Runs one command's message stream to stdout and sets the exit code.
 * Any error becomes exactly one TRACE error (failure_type from a
 * ConnectorError, system_error otherwise) with secrets scrubbed, and exit
 * code 1. Nothing else in the connectors writes to stdout.
 *
 * Once the command has ended (its cleanup, in `finally`, has run by then)
 * and its output is flushed, the process exits within `EXIT_GRACE_MS` even
 * when something still holds the event loop (a request the SDK keeps
 * retrying, a socket kept alive): a connector that printed its last message
 * must never hang the platform's job.
 */
export async function runCommand(produce: (secrets: SecretRegistry) => AsyncIterable<AirbyteMessage>): Promise<void> {
  const writer = new MessageWriter(process.stdout);
  const secrets = new SecretRegistry();
  try {
    for await (const message of produce(secrets)) await writer.write(secrets.scrubMessage(message));
    await writer.flush();
    process.exitCode = 0;
  } catch (error) {
    const trace = error instanceof ConnectorError
      ? errorTraceMessage({
          message: error.message,
          failure_type: error.failureType,
          ...(error.internalMessage === undefined ? {} : { internal_message: error.internalMessage }),
          ...(error.stream === undefined ? {} : { stream_descriptor: error.stream }),
        })
      : errorTraceMessage({ message: `Unexpected internal error: ${(error as Error)?.message ?? String(error)}`, failure_type: 'system_error', stack_trace: (error as Error)?.stack ?? '' });
    await writer.write(secrets.scrubMessage(trace));
    await writer.flush();
    process.exitCode = 1;
  } finally {
    setTimeout(() => process.exit(), EXIT_GRACE_MS).unref();
  }
}

/** How long a finished command may wait for lingering handles before the process exits. */
const EXIT_GRACE_MS = 5_000;
