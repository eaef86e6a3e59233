import { DeleteObjectsCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { DestinationConfig } from '../config/destination-config-schema.js';
import { athenaDdl, athenaTableName } from '../schema/athena-ddl.js';
import { classifyS3Error } from '../s3/classify-s3-error.js';
import { encryptionParameters } from '../s3/create-s3-client.js';
import { objectMetadata, METADATA_GENERATION, METADATA_STREAM } from './object-metadata.js';
import type { StreamTarget } from './stream-target.js';

/** Writes the stream's Athena DDL file (replacing the previous sync's). */
export async function writeAthenaDdl(s3: S3Client, config: DestinationConfig, target: StreamTarget): Promise<string> {
  const key = target.keys.ddlKey();
  const ddl = athenaDdl({
    table: athenaTableName(target.descriptor),
    columns: target.columns,
    location: `s3://${config.bucket}/${target.keys.listPrefix()}`,
    partitioned: config.hive_partitioning,
    compression: config.compression,
  });
  try {
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: ddl, ContentType: 'application/sql; charset=utf-8', ...encryptionParameters(config) }));
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
export async function deleteEarlierGenerations(s3: S3Client, config: DestinationConfig, target: StreamTarget): Promise<number> {
  if (target.deleteBelowGeneration <= 0) return 0;
  const at = { bucket: config.bucket, region: config.region, endpoint: config.endpoint };
  const stale: string[] = [];
  const expected = objectMetadata(target, 0)[METADATA_STREAM];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: target.keys.listPrefix(), ContinuationToken: token }));
    } catch (error) {
      throw classifyS3Error(error, { ...at, action: 's3:ListBucket', key: target.keys.listPrefix() });
    }
    for (const object of page.Contents ?? []) {
      const key = object.Key;
      if (key === undefined || !key.endsWith('.parquet') || target.writtenKeys.has(key)) continue;
      let head;
      try {
        head = await s3.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }));
      } catch (error) {
        throw classifyS3Error(error, { ...at, action: 's3:GetObject', key });
      }
      const generation = Number(head.Metadata?.[METADATA_GENERATION]);
      if (head.Metadata?.[METADATA_STREAM] === expected && Number.isFinite(generation) && generation < target.deleteBelowGeneration) stale.push(key);
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token !== undefined);
  for (let i = 0; i < stale.length; i += 1000) {
    const chunk = stale.slice(i, i + 1000);
    try {
      const result = await s3.send(new DeleteObjectsCommand({ Bucket: config.bucket, Delete: { Objects: chunk.map((Key) => ({ Key })), Quiet: true } }));
      const failed = result.Errors?.[0];
      if (failed !== undefined) throw Object.assign(new Error(failed.Message ?? 'delete failed'), { name: failed.Code ?? 'DeleteFailed' });
    } catch (error) {
      throw classifyS3Error(error, { ...at, action: 's3:DeleteObject', key: chunk[0] });
    }
  }
  return stale.length;
}
