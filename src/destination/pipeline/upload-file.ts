import { open, stat } from 'node:fs/promises';
import type { CompletedPart, ObjectStore } from '../object-store/object-store.js';

/**
 * Part size of multipart uploads (16 MB); each upload holds at most
 * `PARTS_IN_FLIGHT_PER_UPLOAD` parts in memory. The hidden env var
 * DESTINATION_S3_PART_SIZE_MB (at least 5, S3's minimum) overrides it; the
 * fault tests use it to get several parts from small files.
 */
export const PART_SIZE_BYTES = Math.max(5, Number(process.env['DESTINATION_S3_PART_SIZE_MB'] ?? 16) || 16) * 1024 * 1024;
export const PARTS_IN_FLIGHT_PER_UPLOAD = 2;

export interface UploadRequest {
  key: string;
  path: string;
  contentType: string;
  metadata: Record<string, string>;
  signal: AbortSignal;
}

/** An upload failure, naming the S3 operation that failed (for the user's message). */
export class UploadError extends Error {
  constructor(readonly operation: string, readonly sdkError: unknown) {
    super(`${operation} failed: ${(sdkError as Error)?.message ?? String(sdkError)}`, { cause: sdkError });
    this.name = 'UploadError';
  }
}

/**
 * Uploads a local file to its final key in `store`: a single PutObject up to one part,
 * else a multipart upload whose parts are read from the file at their
 * offsets (so every part can be resent) and sent at most
 * `PARTS_IN_FLIGHT_PER_UPLOAD` at a time. The S3 client's retry strategy
 * retries each request (each part) on its own (S3ObjectStore). Either way the object
 * appears under its key only when complete.
 *
 * A multipart upload that fails, or is cancelled through `signal` (the
 * requests in flight are cancelled at once), is aborted on the server
 * before this returns, so nothing half-written stays behind (unless the
 * process is killed: then only an S3 lifecycle rule removes the parts).
 * A CompleteMultipartUpload whose response was lost and whose retry finds
 * the upload gone is checked with HeadObject: the object is there, with
 * this size, so it succeeded. Throws an `UploadError`.
 */
export async function uploadFile(store: ObjectStore, request: UploadRequest): Promise<void> {
  if (request.signal.aborted) throw new UploadError('Upload', new Error('The upload was cancelled before it started.'));
  const { size } = await stat(request.path);
  const file = await open(request.path, 'r');
  const { key } = request;
  const headers = { key, contentType: request.contentType, metadata: request.metadata };
  try {
    if (size <= PART_SIZE_BYTES) {
      const body = await readPart(file, 0, size);
      await send('PutObject', () => store.putObject({ ...headers, body }, request.signal));
      return;
    }
    // Not cancelled by the signal: the upload id must come back so that the upload can be aborted.
    const uploadId = await send('CreateMultipartUpload', () => store.createMultipartUpload(headers));
    let completed = false;
    try {
      const partCount = Math.ceil(size / PART_SIZE_BYTES);
      const parts: CompletedPart[] = [];
      let nextPart = 1;
      let failed = false;
      const worker = async (): Promise<void> => {
        while (!failed && nextPart <= partCount) {
          if (request.signal.aborted) throw new UploadError('UploadPart', new Error('The upload was cancelled.'));
          const number = nextPart++;
          const offset = (number - 1) * PART_SIZE_BYTES;
          const body = await readPart(file, offset, Math.min(PART_SIZE_BYTES, size - offset));
          const part = await send(`UploadPart of part ${number} of ${partCount}`, () => store.uploadPart({ key, uploadId, partNumber: number, body }, request.signal)).catch((error: unknown) => {
            failed = true; // the other worker stops after its current part
            throw error;
          });
          parts.push(part);
        }
      };
      const workers = Array.from({ length: Math.min(PARTS_IN_FLIGHT_PER_UPLOAD, partCount) }, () => worker());
      const settled = await Promise.allSettled(workers);
      const rejected = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected');
      if (rejected !== undefined) throw rejected.reason;
      parts.sort((a, b) => a.partNumber - b.partNumber);
      try {
        await store.completeMultipartUpload({ key, uploadId, parts });
      } catch (error) {
        // A retry after a lost response finds the upload already completed (NoSuchUpload).
        if ((error as { name?: string }).name !== 'NoSuchUpload' || !(await objectHasSize(store, key, size))) throw new UploadError('CompleteMultipartUpload', error);
      }
      completed = true;
    } finally {
      if (!completed) await store.abortMultipartUpload({ key, uploadId }).catch(() => undefined);
    }
  } finally {
    await file.close();
  }
}

async function send<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw error instanceof UploadError ? error : new UploadError(operation, error);
  }
}

async function readPart(file: Awaited<ReturnType<typeof open>>, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let read = 0;
  while (read < length) {
    const { bytesRead } = await file.read(buffer, read, length - read, offset + read);
    if (bytesRead === 0) throw new Error(`The local file ended at byte ${offset + read}, before ${offset + length}.`);
    read += bytesRead;
  }
  return buffer;
}

async function objectHasSize(store: ObjectStore, key: string, size: number): Promise<boolean> {
  try {
    const head = await store.headObject(key);
    return head.size === size;
  } catch {
    return false;
  }
}
