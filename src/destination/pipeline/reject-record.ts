import { stringifyDeepJson } from '../../json/exact-json.js';
import { logMessage } from '../../protocol/message-factory.js';
import type { AirbyteMessage, AirbyteRecord, AirbyteRecordMetaChange } from '../../protocol/messages.js';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { classifyS3Error } from '../s3/classify-s3-error.js';
import { MAX_MESSAGE_BYTES } from './message-guards.js';
import { objectMetadata } from './object-metadata.js';
import type { StreamTarget } from './stream-target.js';

/** A record that could not be written whole, as received. */
export interface RejectedRecord {
  readonly target: StreamTarget;
  /** Its number in input order (from 1). */
  readonly seq: number;
  readonly record: AirbyteRecord;
  /** Its input line, byte for byte (without the line ending); undefined for message objects (`sync`). */
  readonly text: string | undefined;
  /** What its row lost (fit-row.ts). */
  readonly nulled: readonly AirbyteRecordMetaChange[];
}

export interface RejectOptions {
  readonly config: DestinationConfig;
  readonly store: ObjectStore;
  /** This sync's id, in the object's metadata. */
  readonly syncRun: string;
  readonly signal?: AbortSignal | undefined;
}

/**
 * Stores a record whose row had values nulled (too large or too deeply
 * nested, see fit-row.ts) whole, as one object of its own under the
 * stream's `_airbyte_rejected/` directory (`StreamKeys.rejectedKey`), which
 * Athena does not read: its input line followed by a newline, byte for
 * byte as it arrived, or for message objects (`sync`) the message's JSON.
 * Counts it on the target and returns the WARN line that says where it is.
 *
 * The caller awaits it before the record's row is spooled, so the object
 * is complete before any STATE received after the record can be
 * acknowledged. One PutObject (retried by the S3 client); a failure is
 * the classified S3 error, which stops the sync like a failed upload.
 * Memory: the text, which is in memory anyway, plus the request's copy.
 */
export async function storeRejectedRecord(rejected: RejectedRecord, options: RejectOptions): Promise<AirbyteMessage> {
  const { target, seq } = rejected;
  const { config } = options;
  const key = target.keys.rejectedKey(seq);
  const body = lineBytes(rejected.text ?? stringifyDeepJson({ type: 'RECORD', record: rejected.record }));
  try {
    await options.store.putObject({ key, body, contentType: 'application/x-ndjson', metadata: objectMetadata(target, 1, options.syncRun) }, options.signal);
  } catch (error) {
    throw classifyS3Error(error, { action: 's3:PutObject', bucket: config.bucket, key, region: config.region, endpoint: config.endpoint });
  }
  target.rejected++;
  const reasons = [...new Set(rejected.nulled.map((change) => (change.reason === 'DESTINATION_RECORD_SIZE_LIMITATION' ? `the row would be above ${MAX_MESSAGE_BYTES / 1024 ** 2} MB` : 'nested too deep to serialise')))].join(' and ');
  const fields = rejected.nulled.map((change) => change.field).join(', ');
  return logMessage(
    'WARN',
    `Record ${seq} of the input (stream "${target.descriptor.name}") was written with ${rejected.nulled.length} value(s) nulled (${truncate(fields, 300)}) because ${reasons}; the record as received is in s3://${config.bucket}/${key}, and _airbyte_meta.changes of its row names each nulled field.`,
  );
}

/** `text` and a newline as UTF-8, in one buffer (no second copy of the text as a string). */
function lineBytes(text: string): Buffer {
  const bytes = Buffer.byteLength(text);
  const body = Buffer.allocUnsafe(bytes + 1);
  body.write(text, 0, bytes, 'utf8');
  body[bytes] = 0x0a;
  return body;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
