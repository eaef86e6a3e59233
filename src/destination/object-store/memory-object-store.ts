import type { CompletedPart, ObjectHead, ObjectHeaders, ObjectStore, PutObjectRequest, UploadPartRequest } from './object-store.js';

/** One call to the store, as seen by `intercept` and recorded in `calls`. */
export interface StoreCall {
  operation: 'putObject' | 'createMultipartUpload' | 'uploadPart' | 'completeMultipartUpload' | 'abortMultipartUpload' | 'headObject' | 'listObjects' | 'deleteObject' | 'deleteObjects';
  key: string;
}

/** An object held in memory. */
export interface StoredObject {
  body: Buffer;
  contentType: string | undefined;
  metadata: Record<string, string>;
}

/** An error shaped like the S3 SDK's (a `name` and an HTTP status), so that `classifyS3Error` reads it. */
export function storeError(name: string, status: number, message = name): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

/**
 * An object store in memory, for fast deterministic tests: objects appear
 * only when complete (a put, or a completed multipart upload), as on S3.
 * `intercept`, when set, runs before every call and may wait (to hold an
 * upload in flight) or throw (to inject a failure); a call's `signal`
 * cancels that wait with an `AbortError`. `calls` records every call in
 * order, `uploads` the multipart uploads neither completed nor aborted.
 */
export class MemoryObjectStore implements ObjectStore {
  readonly objects = new Map<string, StoredObject>();
  readonly uploads = new Map<string, { key: string; headers: ObjectHeaders; parts: Map<number, Buffer> }>();
  readonly calls: StoreCall[] = [];
  intercept: ((call: StoreCall) => Promise<void> | void) | undefined;
  private nextUploadId = 1;

  async putObject(request: PutObjectRequest, signal?: AbortSignal): Promise<void> {
    await this.enter({ operation: 'putObject', key: request.key }, signal);
    this.objects.set(request.key, { body: Buffer.from(request.body), contentType: request.contentType, metadata: { ...request.metadata } });
  }

  async createMultipartUpload(request: ObjectHeaders): Promise<string> {
    await this.enter({ operation: 'createMultipartUpload', key: request.key });
    const uploadId = `upload-${this.nextUploadId++}`;
    this.uploads.set(uploadId, { key: request.key, headers: request, parts: new Map() });
    return uploadId;
  }

  async uploadPart(request: UploadPartRequest, signal?: AbortSignal): Promise<CompletedPart> {
    await this.enter({ operation: 'uploadPart', key: request.key }, signal);
    const upload = this.upload(request.key, request.uploadId);
    upload.parts.set(request.partNumber, Buffer.from(request.body));
    return { partNumber: request.partNumber, etag: `"${request.uploadId}-${request.partNumber}"` };
  }

  async completeMultipartUpload(request: { key: string; uploadId: string; parts: readonly CompletedPart[] }): Promise<void> {
    await this.enter({ operation: 'completeMultipartUpload', key: request.key });
    const upload = this.upload(request.key, request.uploadId);
    const bodies = request.parts.map((part) => {
      const body = upload.parts.get(part.partNumber);
      if (body === undefined) throw storeError('InvalidPart', 400, `Part ${part.partNumber} was not uploaded.`);
      return body;
    });
    this.uploads.delete(request.uploadId);
    this.objects.set(request.key, { body: Buffer.concat(bodies), contentType: upload.headers.contentType, metadata: { ...upload.headers.metadata } });
  }

  async abortMultipartUpload(request: { key: string; uploadId: string }): Promise<void> {
    await this.enter({ operation: 'abortMultipartUpload', key: request.key });
    this.upload(request.key, request.uploadId);
    this.uploads.delete(request.uploadId);
  }

  async headObject(key: string): Promise<ObjectHead> {
    await this.enter({ operation: 'headObject', key });
    const object = this.objects.get(key);
    if (object === undefined) throw storeError('NotFound', 404);
    return { size: object.body.length, metadata: { ...object.metadata } };
  }

  async listObjects(request: { prefix: string; maxKeys?: number; continuationToken?: string | undefined }): Promise<{ keys: string[]; nextToken?: string | undefined }> {
    await this.enter({ operation: 'listObjects', key: request.prefix });
    const after = request.continuationToken ?? '';
    const all = [...this.objects.keys()].filter((key) => key.startsWith(request.prefix) && key > after).sort();
    const keys = all.slice(0, request.maxKeys ?? 1000);
    return { keys, nextToken: keys.length < all.length ? keys.at(-1) : undefined };
  }

  async deleteObject(key: string): Promise<void> {
    await this.enter({ operation: 'deleteObject', key });
    this.objects.delete(key);
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    await this.enter({ operation: 'deleteObjects', key: keys[0] ?? '' });
    for (const key of keys) this.objects.delete(key);
  }

  private upload(key: string, uploadId: string): { key: string; headers: ObjectHeaders; parts: Map<number, Buffer> } {
    const upload = this.uploads.get(uploadId);
    if (upload === undefined || upload.key !== key) throw storeError('NoSuchUpload', 404, `No upload ${uploadId} of ${key}.`);
    return upload;
  }

  /** Records the call and runs `intercept`, cancelled by `signal`. */
  private async enter(call: StoreCall, signal?: AbortSignal): Promise<void> {
    this.calls.push(call);
    const aborted = (): Error => storeError('AbortError', 0, `${call.operation} of ${call.key} was aborted.`);
    if (signal?.aborted === true) throw aborted();
    const intercepted = this.intercept?.(call);
    if (intercepted === undefined) return;
    if (signal === undefined) return await intercepted;
    let onAbort = (): void => undefined;
    try {
      await Promise.race([
        intercepted,
        new Promise<never>((_, reject) => {
          onAbort = () => reject(aborted());
          signal.addEventListener('abort', onAbort, { once: true });
        }),
      ]);
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }
}
