import type { FromSchema } from 'json-schema-to-ts';
import { NO_CONTROL_CHARACTERS, PRINTABLE_ASCII } from '../../config/text-patterns.js';

/**
 * Upper bounds of the credential fields, far above any real value, so that a
 * pasted file or a runaway value is a config error naming the field rather
 * than an HTTP header S3 cannot parse. AWS access key ids are at most 128
 * characters (IAM's AccessKeyId), secret keys 40; session tokens have no
 * documented size (real ones are 0.5-4 KB) but travel in a request header,
 * and S3 accepts at most 8 KB of headers; KMS key ARNs are at most 2048
 * characters.
 */
const MAX_ACCESS_KEY_ID_LENGTH = 256;
const MAX_SECRET_ACCESS_KEY_LENGTH = 1024;
const MAX_SESSION_TOKEN_LENGTH = 8192;
const MAX_KMS_KEY_ID_LENGTH = 2048;

/**
 * The one declaration of destination-s3-parquet's config. spec.json, the ajv
 * validation, the `DestinationConfig` type and secret redaction are all
 * derived from it.
 */
export const DESTINATION_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'S3 Parquet Destination Spec',
  type: 'object',
  additionalProperties: false,
  required: ['bucket', 'region'],
  properties: {
    bucket: {
      title: 'Bucket',
      description: 'Name of the S3 bucket the files are written to (it must exist).',
      type: 'string',
      pattern: '^[a-z0-9][a-z0-9.\\-]{1,61}[a-z0-9]$',
      order: 0,
    },
    path_prefix: {
      title: 'Path prefix',
      description: 'Key prefix under which every stream directory is created, without leading or trailing slash, for example airbyte/raw. Empty writes at the bucket root.',
      type: 'string',
      pattern: '^([^/].*[^/]|[^/])?$',
      default: '',
      order: 1,
    },
    region: {
      title: 'Region',
      description: 'The bucket region, for example us-east-1 (S3-compatible stores usually accept us-east-1).',
      type: 'string',
      pattern: '^[a-z0-9-]+$',
      order: 2,
    },
    endpoint: {
      title: 'Endpoint',
      description: 'Only for S3-compatible stores (MinIO, Ceph, R2): their URL, for example http://localhost:9000. Leave out for AWS S3.',
      type: 'string',
      pattern: '^https?://[^\\s/]+(/.*)?$',
      order: 3,
    },
    path_style: {
      title: 'Path-style addressing',
      description: 'Address the bucket as ENDPOINT/BUCKET instead of BUCKET.ENDPOINT (needed by most S3-compatible stores).',
      type: 'boolean',
      default: false,
      order: 4,
    },
    credentials: {
      title: 'Credentials',
      description: 'Access keys, or the default AWS credential chain (environment, profile, web identity, instance role).',
      type: 'object',
      default: { method: 'default_chain' },
      order: 5,
      oneOf: [
        {
          title: 'Default AWS credential chain',
          type: 'object',
          additionalProperties: false,
          required: ['method'],
          properties: { method: { type: 'string', const: 'default_chain', default: 'default_chain', order: 0 } },
        },
        {
          title: 'Access key',
          type: 'object',
          additionalProperties: false,
          required: ['method', 'access_key_id', 'secret_access_key'],
          properties: {
            method: { type: 'string', const: 'access_key', default: 'access_key', order: 0 },
            access_key_id: { title: 'Access key id', type: 'string', minLength: 1, maxLength: MAX_ACCESS_KEY_ID_LENGTH, pattern: PRINTABLE_ASCII, airbyte_secret: true, order: 1 },
            secret_access_key: { title: 'Secret access key', type: 'string', minLength: 1, maxLength: MAX_SECRET_ACCESS_KEY_LENGTH, pattern: PRINTABLE_ASCII, airbyte_secret: true, order: 2 },
            session_token: {
              title: 'Session token',
              description: 'Only for temporary credentials (STS).',
              type: 'string',
              minLength: 1,
              maxLength: MAX_SESSION_TOKEN_LENGTH,
              pattern: PRINTABLE_ASCII,
              airbyte_secret: true,
              order: 3,
            },
          },
        },
      ],
    },
    encryption: {
      title: 'Server-side encryption',
      description: 'How S3 encrypts the objects at rest.',
      type: 'object',
      default: { method: 'none' },
      order: 6,
      oneOf: [
        {
          title: 'Bucket default',
          type: 'object',
          additionalProperties: false,
          required: ['method'],
          properties: { method: { type: 'string', const: 'none', default: 'none', order: 0 } },
        },
        {
          title: 'SSE-S3 (AES256)',
          type: 'object',
          additionalProperties: false,
          required: ['method'],
          properties: { method: { type: 'string', const: 'sse_s3', default: 'sse_s3', order: 0 } },
        },
        {
          title: 'SSE-KMS',
          type: 'object',
          additionalProperties: false,
          required: ['method'],
          properties: {
            method: { type: 'string', const: 'sse_kms', default: 'sse_kms', order: 0 },
            kms_key_id: { title: 'KMS key id or ARN', description: 'Leave out to use the AWS managed key aws/s3.', type: 'string', minLength: 1, maxLength: MAX_KMS_KEY_ID_LENGTH, pattern: PRINTABLE_ASCII, order: 1 },
          },
        },
      ],
    },
    object_key_template: {
      title: 'Object key template',
      description:
        'Key of each file under the path prefix. Variables: ${NAMESPACE}, ${STREAM_NAME} (the only ones allowed before the last slash, which must contain ${STREAM_NAME}), ${YEAR}, ${MONTH}, ${DAY}, ${HOUR} (zero-padded, sync start in UTC), ${EPOCH} (sync start, ms), ${UUID} (unique per sync) and ${PART_NUMBER}; the file name must contain ${UUID} and ${PART_NUMBER} and end in .parquet.',
      type: 'string',
      default: '${NAMESPACE}/${STREAM_NAME}/${YEAR}_${MONTH}_${DAY}_${EPOCH}_${UUID}_${PART_NUMBER}.parquet',
      order: 7,
    },
    partitioning: {
      title: 'Partitioning',
      description:
        'Hive-style partition directories so Athena, Trino, Spark and DuckDB can prune by date. event_time: each record goes under the partition of its own timestamp (the column named by partition_field, in UTC, at partition_granularity); rows where it is missing or not a timestamp go to the first partition, dt=1970-01-01 (1970-01 by month, 1970-01-01-00 by hour). Streams without that column are not partitioned. sync_start: every file of a sync under dt=YYYY-MM-DD of the sync start (UTC). none: no partitions. The Athena DDL then uses partition projection, and ALTER TABLE statements for engines without it are written beside it.',
      type: 'string',
      enum: ['none', 'event_time', 'sync_start'],
      default: 'none',
      order: 8,
    },
    partition_field: {
      title: 'Partition field',
      description: 'For event_time partitioning: the top-level timestamp (or date) column records are partitioned by.',
      type: 'string',
      minLength: 1,
      default: '@timestamp',
      order: 9,
    },
    partition_granularity: {
      title: 'Partition granularity',
      description: 'For event_time partitioning: one partition per UTC day (dt=2024-03-01), hour (dt=2024-03-01-13) or month (dt=2024-03).',
      type: 'string',
      enum: ['day', 'hour', 'month'],
      default: 'day',
      order: 10,
    },
    hive_partitioning: {
      title: 'Hive-style partitioning by sync start (deprecated)',
      description: 'Deprecated: use partitioning sync_start. true is the same as partitioning sync_start; it cannot be combined with another partitioning.',
      type: 'boolean',
      default: false,
      order: 17,
    },
    compression: {
      title: 'Compression',
      description: 'Parquet compression codec.',
      type: 'string',
      enum: ['SNAPPY', 'ZSTD', 'GZIP', 'UNCOMPRESSED'],
      default: 'SNAPPY',
      order: 11,
    },
    row_group_size: {
      title: 'Row group size (rows)',
      description: 'Rows per Parquet row group, rounded up to a multiple of 2048 (DuckDB works in vectors of 2048 rows). Larger groups compress better; each one is held in memory while it is written.',
      type: 'integer',
      minimum: 2048,
      maximum: 10000000,
      default: 122880,
      order: 12,
    },
    target_file_size_mb: {
      title: 'Target file size (MB)',
      description:
        'Approximate size of each Parquet file. Records wait in local disk files (not memory) until this size is reached or a state must be acknowledged, so larger files cost local disk and checkpoint latency, not memory. Athena scans best with files of 128 MB and more.',
      type: 'integer',
      minimum: 1,
      maximum: 4096,
      default: 128,
      order: 13,
    },
    flush_interval_seconds: {
      title: 'State flush interval (seconds)',
      description:
        'When a state arrives and the oldest record not yet in S3 is older than this, every open file is closed and uploaded early so the state can be acknowledged. 0 uploads on every state (smallest checkpoint delay, smallest files).',
      type: 'integer',
      minimum: 0,
      maximum: 86400,
      default: 900,
      order: 14,
    },
    max_uploads_in_flight: {
      title: 'Uploads in flight',
      description: 'How many files are uploaded at the same time (the conversion to Parquet before each upload runs one file at a time); each upload holds up to 2 parts of 16 MB in memory.',
      type: 'integer',
      minimum: 1,
      maximum: 16,
      default: 2,
      order: 15,
    },
    local_spool_directory: {
      title: 'Local spool directory',
      description: 'Directory for the temporary local files (default: the system temp directory). It needs free space for about 7 times the target file size for the open file of each stream and for each upload in flight.',
      type: 'string',
      minLength: 1,
      pattern: NO_CONTROL_CHARACTERS,
      order: 16,
    },
  },
} as const;

/** The validated, defaulted config that every part of the destination receives. */
export type DestinationConfig = FromSchema<typeof DESTINATION_CONFIG_SCHEMA, { keepDefaultedPropertiesOptional: false }>;
