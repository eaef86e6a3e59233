import { CreateBucketCommand, DeleteObjectsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';

/** The local S3 (MinIO) the benchmark writes to. */
export interface BenchS3 {
  readonly endpoint: string;
  readonly bucket: string;
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

export function s3Client(s3: BenchS3): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
  });
}

/** Creates the bucket unless it exists. */
export async function ensureBucket(s3: BenchS3): Promise<void> {
  const client = s3Client(s3);
  try {
    await client.send(new CreateBucketCommand({ Bucket: s3.bucket }));
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name !== 'BucketAlreadyOwnedByYou' && name !== 'BucketAlreadyExists') throw error;
  } finally {
    client.destroy();
  }
}

/** Count and total bytes of the `.parquet` objects under `prefix`; deletes them afterwards when `remove`. */
export async function parquetUnder(s3: BenchS3, prefix: string, remove: boolean): Promise<{ files: number; bytes: number }> {
  const client = s3Client(s3);
  let files = 0;
  let bytes = 0;
  try {
    let token: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: s3.bucket, Prefix: prefix, ContinuationToken: token }));
      const keys = (page.Contents ?? []).map((object) => ({ Key: object.Key ?? '' }));
      for (const object of page.Contents ?? []) {
        if (object.Key?.endsWith('.parquet') === true) {
          files += 1;
          bytes += object.Size ?? 0;
        }
      }
      if (remove && keys.length > 0) await client.send(new DeleteObjectsCommand({ Bucket: s3.bucket, Delete: { Objects: keys, Quiet: true } }));
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
  } finally {
    client.destroy();
  }
  return { files, bytes };
}
