import { randomUUID } from 'node:crypto';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { connectionStatusMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { ConnectorError } from '../protocol/connector-error.js';
import type { DestinationConfig } from './config/destination-config-schema.js';
import { classifyS3Error } from './s3/classify-s3-error.js';
import { encryptionParameters } from './s3/create-s3-client.js';

/**
 * The `check` command: writes a small probe object under the path prefix,
 * lists the prefix (overwrite needs s3:ListBucket) and deletes the probe
 * (overwrite needs s3:DeleteObject). Yields one CONNECTION_STATUS: FAILED
 * with the classified reason (missing bucket, access denied naming the
 * action, wrong region, unreachable endpoint, bad credentials) or SUCCEEDED.
 */
export async function* check(s3: S3Client, config: DestinationConfig): AsyncGenerator<AirbyteMessage> {
  const key = `${config.path_prefix === '' ? '' : `${config.path_prefix}/`}_airbyte_check_${randomUUID()}`;
  const at = { bucket: config.bucket, key, region: config.region, endpoint: config.endpoint };
  let step = 's3:PutObject';
  try {
    await s3.send(new PutObjectCommand({ Bucket: config.bucket, Key: key, Body: 'airbyte destination-s3-parquet connection check\n', ...encryptionParameters(config) }));
    step = 's3:ListBucket';
    await s3.send(new ListObjectsV2Command({ Bucket: config.bucket, Prefix: key, MaxKeys: 1 }));
    step = 's3:DeleteObject';
    await s3.send(new DeleteObjectCommand({ Bucket: config.bucket, Key: key }));
  } catch (error) {
    const classified = error instanceof ConnectorError ? error : classifyS3Error(error, { ...at, action: step });
    yield connectionStatusMessage(false, classified.message);
    return;
  }
  yield connectionStatusMessage(true);
}
