import { logMessage } from '../../protocol/message-factory.js';
import type { AirbyteMessage } from '../../protocol/messages.js';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { addPartitionsDdl, athenaDdl, athenaTableName } from '../schema/athena-ddl.js';
import { formatPartition, GRANULARITY_FORMATS, partitionOfKey } from '../partition/partition-scheme.js';
import { classifyS3Error } from '../s3/classify-s3-error.js';
import { REJECTED_DIRECTORY } from './object-keys.js';
import { objectMetadata, METADATA_GENERATION, METADATA_STREAM } from './object-metadata.js';
import type { StreamTarget } from './stream-target.js';

/**
 * Writes the stream's Athena DDL file (replacing the previous sync's). A
 * partitioned stream's DDL projects the partitions present under the
 * stream's directory (this sync's and those kept from earlier ones), and
 * the `ALTER TABLE ... ADD PARTITION` statements for them go to a file of
 * their own beside it.
 */
export async function writeAthenaDdl(store: ObjectStore, config: DestinationConfig, target: StreamTarget): Promise<string> {
  const key = target.keys.ddlKey();
  const table = athenaTableName(target.descriptor);
  const location = `s3://${config.bucket}/${target.keys.listPrefix()}`;
  const { partitioning } = target;
  const granularity = partitioning.kind === 'event_time' ? partitioning.granularity : partitioning.kind === 'sync_start' ? 'day' : undefined;
  const values = granularity === undefined ? [] : await partitionsPresent(store, config, target);
  const partitions = granularity === undefined ? undefined : { format: GRANULARITY_FORMATS[granularity], values, now: formatPartition(new Date(), granularity) };
  const put = async (objectKey: string, body: string): Promise<void> => {
    try {
      await store.putObject({ key: objectKey, body, contentType: 'application/sql; charset=utf-8' });
    } catch (error) {
      throw classifyS3Error(error, { action: 's3:PutObject', bucket: config.bucket, key: objectKey, region: config.region, endpoint: config.endpoint });
    }
  };
  await put(key, athenaDdl({ table, columns: target.columns, location, partitions, compression: config.compression }));
  if (partitions !== undefined) await put(target.keys.partitionsDdlKey(), addPartitionsDdl({ table, location, values }));
  return key;
}

/** The partition values (`dt=<value>/` directories) that hold Parquet objects under the stream's directory. */
async function partitionsPresent(store: ObjectStore, config: DestinationConfig, target: StreamTarget): Promise<string[]> {
  const prefix = target.keys.listPrefix();
  const values = new Set<string>(target.partitionsWritten);
  let token: string | undefined;
  do {
    let page;
    try {
      page = await store.listObjects({ prefix, continuationToken: token });
    } catch (error) {
      throw classifyS3Error(error, { action: 's3:ListBucket', bucket: config.bucket, key: prefix, region: config.region, endpoint: config.endpoint });
    }
    for (const key of page.keys) {
      const value = key.endsWith('.parquet') ? partitionOfKey(key, prefix) : undefined;
      if (value !== undefined) values.add(value);
    }
    token = page.nextToken;
  } while (token !== undefined);
  return [...values].sort();
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
 * stream in catalog order, deletes earlier generations as its sync mode
 * asks (in every partition), then writes its Athena DDL (only when this
 * sync wrote files for it: an empty input leaves the table definition as it
 * was; a partitioned DDL covers the partitions left), and yields one INFO
 * line of what it wrote (with the records written with values nulled,
 * whose originals are under `_airbyte_rejected/`: WARN then). `throwIfCancelled` runs before each stream, so a
 * cancellation meanwhile stops it.
 */
export async function* finaliseStreams(store: ObjectStore, config: DestinationConfig, targets: Iterable<StreamTarget>, throwIfCancelled: () => void): AsyncGenerator<AirbyteMessage> {
  for (const target of targets) {
    throwIfCancelled();
    const deleted = await deleteEarlierGenerations(store, config, target);
    if (target.writtenKeys.size > 0) await writeAthenaDdl(store, config, target);
    const partitions = target.partitionsWritten.size > 0 ? ` in ${target.partitionsWritten.size} partitions` : '';
    const unpartitioned = target.unpartitionedReason === undefined ? '' : `; not partitioned by event time: ${target.unpartitionedReason}`;
    yield logMessage(
      target.rejected > 0 ? 'WARN' : 'INFO',
      `Stream "${target.descriptor.name}": ${target.records} records in ${target.writtenKeys.size} files${partitions} under s3://${config.bucket}/${target.keys.listPrefix()}${rejectedNote(target)}${deleted > 0 ? `; ${deleted} files of earlier generations deleted` : ''}${unpartitioned}.`,
    );
  }
}

function rejectedNote(target: StreamTarget): string {
  if (target.rejected === 0) return '';
  return `; ${target.rejected} of them written with values nulled (too large or too deeply nested), the records as received in ${target.keys.listPrefix()}${REJECTED_DIRECTORY}/`;
}
