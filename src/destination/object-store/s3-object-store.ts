import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from '@aws-sdk/client-s3';
import type { CompletedPart, ObjectHead, ObjectHeaders, ObjectStore, PutObjectRequest, UploadPartRequest } from './object-store.js';

/** Server-side encryption parameters as the SDK takes them (see `encryptionParameters`). */
export interface S3Encryption {
  ServerSideEncryption?: 'AES256' | 'aws:kms';
  SSEKMSKeyId?: string;
}

/**
 * The object store on S3 (or any S3-compatible service): each call is one
 * SDK command on `bucket`, retried by the client's own retry strategy, and
 * its error is rethrown unchanged. Objects and multipart uploads are
 * created with `encryption`; multipart parts carry CRC32 checksums. The
 * caller owns the client (and destroys it).
 */
export class S3ObjectStore implements ObjectStore {
  constructor(private readonly client: S3Client, private readonly bucket: string, private readonly encryption: S3Encryption = {}) {}

  async putObject(request: PutObjectRequest, signal?: AbortSignal): Promise<void> {
    await this.client.send(
      new PutObjectCommand({ Bucket: this.bucket, Key: request.key, Body: request.body, ContentType: request.contentType, Metadata: request.metadata, ...this.encryption }),
      signal === undefined ? {} : { abortSignal: signal },
    );
  }

  async createMultipartUpload(request: ObjectHeaders): Promise<string> {
    const created = await this.client.send(
      new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: request.key, ContentType: request.contentType, Metadata: request.metadata, ChecksumAlgorithm: 'CRC32', ...this.encryption }),
    );
    return created.UploadId ?? '';
  }

  async uploadPart(request: UploadPartRequest, signal?: AbortSignal): Promise<CompletedPart> {
    const result = await this.client.send(
      new UploadPartCommand({ Bucket: this.bucket, Key: request.key, UploadId: request.uploadId, PartNumber: request.partNumber, Body: request.body, ChecksumAlgorithm: 'CRC32' }),
      signal === undefined ? {} : { abortSignal: signal },
    );
    return { partNumber: request.partNumber, etag: result.ETag, ...(result.ChecksumCRC32 === undefined ? {} : { checksumCrc32: result.ChecksumCRC32 }) };
  }

  async completeMultipartUpload(request: { key: string; uploadId: string; parts: readonly CompletedPart[] }): Promise<void> {
    await this.client.send(
      new CompleteMultipartUploadCommand({
        Bucket: this.bucket,
        Key: request.key,
        UploadId: request.uploadId,
        MultipartUpload: { Parts: request.parts.map((part) => ({ PartNumber: part.partNumber, ETag: part.etag, ...(part.checksumCrc32 === undefined ? {} : { ChecksumCRC32: part.checksumCrc32 }) })) },
      }),
    );
  }

  async abortMultipartUpload(request: { key: string; uploadId: string }): Promise<void> {
    await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: request.key, UploadId: request.uploadId }));
  }

  async headObject(key: string): Promise<ObjectHead> {
    const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
    return { size: head.ContentLength, metadata: head.Metadata ?? {} };
  }

  async listObjects(request: { prefix: string; maxKeys?: number; continuationToken?: string | undefined }): Promise<{ keys: string[]; nextToken?: string | undefined }> {
    const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: request.prefix, MaxKeys: request.maxKeys, ContinuationToken: request.continuationToken }));
    const keys = (page.Contents ?? []).flatMap((object) => (object.Key === undefined ? [] : [object.Key]));
    return { keys, nextToken: page.IsTruncated === true ? page.NextContinuationToken : undefined };
  }

  async deleteObject(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }

  async deleteObjects(keys: readonly string[]): Promise<void> {
    const result = await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true } }));
    const failed = result.Errors?.[0];
    if (failed !== undefined) throw Object.assign(new Error(failed.Message ?? 'delete failed'), { name: failed.Code ?? 'DeleteFailed' });
  }
}
