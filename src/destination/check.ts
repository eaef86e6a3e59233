import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { connectionStatusMessage } from '../protocol/message-factory.js';
import type { AirbyteMessage } from '../protocol/messages.js';
import { ConnectorError } from '../protocol/connector-error.js';
import type { DestinationConfig } from './config/destination-config-schema.js';
import type { ObjectStore } from './object-store/object-store.js';
import { classifyS3Error } from './s3/classify-s3-error.js';
import { createSpoolDirectory } from './spool-directory.js';

/**
 * The `check` command: creates (and removes) a spool directory where
 * `write` would, then writes a small probe object under the path prefix,
 * lists the prefix (overwrite needs s3:ListBucket) and deletes the probe
 * (overwrite needs s3:DeleteObject), through `store` (bound to
 * `config.bucket`). Yields one CONNECTION_STATUS: FAILED with the classified
 * reason (a spool directory that cannot be created, missing bucket, access
 * denied naming the action, wrong region, unreachable endpoint, bad
 * credentials) or SUCCEEDED.
 */
export async function* check(store: ObjectStore, config: DestinationConfig): AsyncGenerator<AirbyteMessage> {
  try {
    await rm(await createSpoolDirectory(config, 'destination-s3-parquet-check-'), { recursive: true, force: true });
  } catch (error) {
    if (!(error instanceof ConnectorError)) throw error;
    yield connectionStatusMessage(false, error.message);
    return;
  }
  const key = `${config.path_prefix === '' ? '' : `${config.path_prefix}/`}_airbyte_check_${randomUUID()}`;
  const at = { bucket: config.bucket, key, region: config.region, endpoint: config.endpoint };
  let step = 's3:PutObject';
  try {
    await store.putObject({ key, body: 'airbyte destination-s3-parquet connection check\n' });
    step = 's3:ListBucket';
    await store.listObjects({ prefix: key, maxKeys: 1 });
    step = 's3:DeleteObject';
    await store.deleteObject(key);
  } catch (error) {
    const classified = error instanceof ConnectorError ? error : classifyS3Error(error, { ...at, action: step });
    yield connectionStatusMessage(false, classified.message);
    return;
  }
  yield connectionStatusMessage(true);
}
