/**
 * The object operations the destination performs, in front of S3 (see
 * s3-object-store.ts) or memory (memory-object-store.ts, for unit tests).
 * One store is bound to one bucket and applies the configured server-side
 * encryption to everything it creates.
 *
 * Errors are thrown as the backing service reports them (for S3: the SDK's
 * error, with its `name` and `$metadata`), so that `classifyS3Error` turns
 * them into one user-facing message; the store neither retries (the S3
 * client's retry strategy does) nor classifies. A call given a `signal`
 * rejects soon after it is aborted.
 */
export interface ObjectStore {
  /** Creates or replaces the object `key` with `body`, complete or not at all. */
  putObject(request: PutObjectRequest, signal?: AbortSignal): Promise<void>;
  /** Starts a multipart upload of `key`; returns its upload id. Nothing is visible under `key` until it completes. */
  createMultipartUpload(request: ObjectHeaders): Promise<string>;
  /** Stores one part (numbered from 1) of an upload; returns what `completeMultipartUpload` needs of it. */
  uploadPart(request: UploadPartRequest, signal?: AbortSignal): Promise<CompletedPart>;
  /** Makes the object appear under `key` from `parts` (sorted by number). A retry after a lost response may throw `NoSuchUpload`. */
  completeMultipartUpload(request: { key: string; uploadId: string; parts: readonly CompletedPart[] }): Promise<void>;
  /** Discards an upload and its parts; the caller must call it for every upload it does not complete. */
  abortMultipartUpload(request: { key: string; uploadId: string }): Promise<void>;
  /** Size and user metadata of `key`; throws (`NotFound`) when there is no such object. */
  headObject(key: string): Promise<ObjectHead>;
  /** One page of the keys under `prefix`, in key order; `nextToken` is set when more follow. */
  listObjects(request: { prefix: string; maxKeys?: number; continuationToken?: string | undefined }): Promise<{ keys: string[]; nextToken?: string | undefined }>;
  /** Deletes one object (no error when it does not exist). */
  deleteObject(key: string): Promise<void>;
  /** Deletes up to 1000 objects; throws the first per-key failure. */
  deleteObjects(keys: readonly string[]): Promise<void>;
}

/** What describes an object besides its bytes. */
export interface ObjectHeaders {
  key: string;
  contentType?: string | undefined;
  /** User metadata (x-amz-meta-*), ASCII values. */
  metadata?: Record<string, string>;
}

export interface PutObjectRequest extends ObjectHeaders {
  body: Uint8Array | string;
}

export interface UploadPartRequest {
  key: string;
  uploadId: string;
  partNumber: number;
  body: Uint8Array;
}

/** A stored part, as `completeMultipartUpload` takes it back. */
export interface CompletedPart {
  partNumber: number;
  etag: string | undefined;
  checksumCrc32?: string | undefined;
}

export interface ObjectHead {
  size: number | undefined;
  metadata: Record<string, string>;
}
