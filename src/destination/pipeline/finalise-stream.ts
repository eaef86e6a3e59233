import { logMessage } from '../../protocol/message-factory.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { athenaDdl, athenaTableName } from '../schema/athena-ddl.js';
import { classifyS3Error } from '../s3/classify-s3-error.js';
import { REJECTED_DIRECTORY } from './object-keys.js';
import { objectMetadata, METADATA_GENERATION, METADATA_STREAM } from './object-metadata.js';
import type { StreamTarget } from './stream-target.js';

/** Writes the stream's Athena DDL file (replacing the previous sync's). */
export async function writeAthenaDdl(store: ObjectStore, config: DestinationConfig, target: StreamTarget): Promise<string> {
  const key = target.keys.ddlKey();
  const ddl = athenaDdl({
    table: athenaTableName(target.descriptor),
    columns: target.columns,
    location: `s3://${config.bucket}/${target.keys.listPrefix()}`,
    partitioned: config.hive_partitioning,
    compression: config.compression,
  });
  try {
    await store.putObject({ key, body: ddl, contentType: 'application/sql; charset=utf-8' });
  } catch (error) {
    throw classifyS3Error(error, { action: 's3:PutObject', bucket: config.bucket, key, region: config.region, endpoint: config.endpoint });
  }
  return key;
}

/**
 * After a successful sync, deletes this stream's Parquet objects from
 * earlier generations (generation below `target.deleteBelowGeneration`).
 * Only objects this destination wrote for this very stream (by their
 * metadata) are candidates; objects written by this sync never are.
 * Returns the number of objects deleted.
 */
export async function deleteEarlierGenerations(store: ObjectStore, config: DestinationConfig, target: StreamTarget): Promise<number> {
  if (target.deleteBelowGeneration <= 0) return 0;
  const at = { bucket: config.bucket, region: config.region, endpoint: config.endpoint };
  const stale: string[] = [];
  const expected = objectMetadata(target, 0)[METADATA_STREAM];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await store.listObjects({ prefix: target.keys.listPrefix(), continuationToken: token });
    } catch (error) {
      throw classifyS3Error(error, { ...at, action: 's3:ListBucket', key: target.keys.listPrefix() });
    }
    for (const key of page.keys) {
      if (!key.endsWith('.parquet') || target.writtenKeys.has(key)) continue;
      let head;
      try {
        head = await store.headObject(key);
      } catch (error) {
        throw classifyS3Error(error, { ...at, action: 's3:GetObject', key });
      }
      const generation = Number(head.metadata[METADATA_GENERATION]);
      if (head.metadata[METADATA_STREAM] === expected && Number.isFinite(generation) && generation < target.deleteBelowGeneration) stale.push(key);
    }
    token = page.nextToken;
  } while (token !== undefined);
  for (let i = 0; i < stale.length; i += 1000) {
    const chunk = stale.slice(i, i + 1000);
    try {
      await store.deleteObjects(chunk);
    } catch (error) {
      throw classifyS3Error(error, { ...at, action: 's3:DeleteObject', key: chunk[0] });
    }
  }
  return stale.length;
}

/**
 * Called once every record is durable and every STATE echoed: for each
 * stream in catalog order, writes its Athena DDL (only when this sync wrote
 * files for it: an empty input leaves the table definition as it was),
 * deletes earlier generations as its sync mode asks, and yields one INFO
 * line of what it wrote (with the records written with values nulled,
 * whose originals are under `_airbyte_rejected/`: WARN then). `throwIfCancelled` runs before each stream, so a
 * cancellation meanwhile stops it.
 */
export async function* finaliseStreams(store: ObjectStore, config: DestinationConfig, targets: Iterable<StreamTarget>, throwIfCancelled: () => void): AsyncGenerator<AirbyteMessage> {
  for (const target of targets) {
    throwIfCancelled();
    if (target.writtenKeys.size > 0) await writeAthenaDdl(store, config, target);
    const deleted = await deleteEarlierGenerations(store, config, target);
    yield logMessage(
      target.rejected > 0 ? 'WARN' : 'INFO',
      `Stream "${target.descriptor.name}": ${target.records} records in ${target.writtenKeys.size} files under s3://${config.bucket}/${target.keys.listPrefix()}${rejectedNote(target)}${deleted > 0 ? `; ${deleted} files of earlier generations deleted` : ''}.`,
    );
  }
}

function rejectedNote(target: StreamTarget): string {
  if (target.rejected === 0) return '';
  return `; ${target.rejected} of them written with values nulled (too large or too deeply nested), the records as received in ${target.keys.listPrefix()}${REJECTED_DIRECTORY}/`;
}
