import { createReadStream } from 'node:fs';
import type { S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';

/** Part size of multipart uploads; each upload holds at most `queueSize` parts in memory. */
export const PART_SIZE_BYTES = 16 * 1024 * 1024;
export const PARTS_IN_FLIGHT_PER_UPLOAD = 2;

export interface UploadRequest {
  bucket: string;
  key: string;
  path: string;
  contentType: string;
  metadata: Record<string, string>;
  encryption: { ServerSideEncryption?: 'AES256' | 'aws:kms'; SSEKMSKeyId?: string };
  signal: AbortSignal;
}

/**
 * Uploads a local file to its final key with `@aws-sdk/lib-storage`:
 * multipart for files above one part (each part retried by the SDK), a
 * single PutObject below that. Either way the object appears under its key
 * only when complete. A multipart upload that fails, or is aborted through
 * `signal`, is aborted on the server (its parts are discarded), so nothing
 * half-written is ever visible.
 */
export async function uploadFile(client: S3Client, request: UploadRequest): Promise<void> {
  if (request.signal.aborted) throw new Error('Upload aborted before it started.');
  const body = createReadStream(request.path);
  const upload = new Upload({
    client,
    queueSize: PARTS_IN_FLIGHT_PER_UPLOAD,
    partSize: PART_SIZE_BYTES,
    leavePartsOnError: false,
    params: {
      Bucket: request.bucket,
      Key: request.key,
      Body: body,
      ContentType: request.contentType,
      Metadata: request.metadata,
      ...request.encryption,
    },
  });
  const onAbort = (): void => void upload.abort().catch(() => undefined);
  request.signal.addEventListener('abort', onAbort, { once: true });
  try {
    await upload.done();
  } finally {
    request.signal.removeEventListener('abort', onAbort);
    // An aborted upload stops reading: close the file before the caller deletes it.
    body.destroy();
  }
}
