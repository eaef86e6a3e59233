import { S3Client } from '@aws-sdk/client-s3';
import type { DestinationConfig } from '../config/destination-config-schema.js';

/**
 * The S3 client for a config. The SDK's standard retry strategy is the one
 * retry layer for S3 calls (throttling such as SlowDown, 5xx, timeouts,
 * connection resets), with `maxAttempts` attempts per request; multipart
 * parts are retried one by one. No credentials given means the default AWS
 * credential chain.
 */
export function createS3Client(config: DestinationConfig, options: { maxAttempts?: number; requestTimeoutMs?: number } = {}): S3Client {
  const credentials = config.credentials.method === 'access_key'
    ? {
        accessKeyId: config.credentials.access_key_id,
        secretAccessKey: config.credentials.secret_access_key,
        ...(config.credentials.session_token === undefined ? {} : { sessionToken: config.credentials.session_token }),
      }
    : undefined;
  return new S3Client({
    region: config.region,
    ...(config.endpoint === undefined ? {} : { endpoint: config.endpoint }),
    forcePathStyle: config.path_style,
    ...(credentials === undefined ? {} : { credentials }),
    maxAttempts: options.maxAttempts ?? 5,
    retryMode: 'standard',
    requestHandler: { connectionTimeout: 10_000, requestTimeout: options.requestTimeoutMs ?? 120_000 },
  });
}

/** The server-side encryption parameters of PutObject / CreateMultipartUpload. */
export function encryptionParameters(config: DestinationConfig): { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string } {
  switch (config.encryption.method) {
    case 'sse_s3':
      return { ServerSideEncryption: 'AES256' };
    case 'sse_kms':
      return { ServerSideEncryption: 'aws:kms', ...(config.encryption.kms_key_id === undefined ? {} : { SSEKMSKeyId: config.encryption.kms_key_id }) };
    default:
      return {};
  }
}
