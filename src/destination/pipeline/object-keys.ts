/**
 * Object keys: the key template, the stream directory (Athena LOCATION) and
 * the optional Hive partition. A key is
 * `{path_prefix}/{directory part of the template}/[dt=<partition>/]{file name part}`.
 */
import { partitionDirectory } from '../partition/partition-scheme.js';

const DIRECTORY_VARIABLES = new Set(['NAMESPACE', 'STREAM_NAME']);
const FILE_VARIABLES = new Set(['NAMESPACE', 'STREAM_NAME', 'YEAR', 'MONTH', 'DAY', 'HOUR', 'EPOCH', 'UUID', 'PART_NUMBER']);
const VARIABLE = /\$\{([A-Z_]+)\}/g;

/** Returns why `template` cannot be used (a phrase), or undefined when it is fine. */
export function checkKeyTemplate(template: string): string | undefined {
  const slash = template.lastIndexOf('/');
  const directory = slash < 0 ? '' : template.slice(0, slash);
  const file = template.slice(slash + 1);
  for (const [, name] of template.matchAll(VARIABLE)) {
    if (!FILE_VARIABLES.has(name ?? '')) return `uses unknown variable \${${name ?? ''}}: use only ${[...FILE_VARIABLES].map((v) => `\${${v}}`).join(', ')}`;
  }
  for (const [, name] of directory.matchAll(VARIABLE)) {
    if (!DIRECTORY_VARIABLES.has(name ?? '')) return `uses \${${name ?? ''}} before the last slash: only \${NAMESPACE} and \${STREAM_NAME} may form the stream directory (the Athena LOCATION)`;
  }
  if (!directory.includes('${STREAM_NAME}')) return 'must contain ${STREAM_NAME} before the last slash, so each stream has a directory of its own';
  if (!file.includes('${UUID}') || !file.includes('${PART_NUMBER}')) return 'must contain ${UUID} and ${PART_NUMBER} in the file name, so no file of another sync is overwritten';
  if (!file.endsWith('.parquet')) return 'must end with .parquet';
  if (directory.startsWith('/') || template.includes('//')) return 'must not start with a slash or contain empty path segments';
  return undefined;
}

/** The directory, beside a stream's files, of the records it could not write whole. */
export const REJECTED_DIRECTORY = '_airbyte_rejected';

/** Values fixed for one sync. */
export interface SyncKeyContext {
  /** Sync start. */
  startedAt: Date;
  /** Unique id of this sync run. */
  uuid: string;
}

/** A path segment safe in S3 keys and Hive locations: slashes and control characters become `_`. */
function segment(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[/\\\u0000-\u001f\u007f]/g, '_');
}

function render(template: string, values: Record<string, string>): string {
  const rendered = template.replace(VARIABLE, (_, name: string) => values[name] ?? '');
  return rendered.split('/').filter((part) => part !== '').join('/');
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Calculates keys for one stream of one sync. */
export class StreamKeys {
  private readonly values: Record<string, string>;
  readonly directory: string;
  private readonly fileTemplate: string;
  private readonly partition: string | undefined;

  /** `syncPartition`: the partition value every file of this sync goes under (sync-start partitioning), if any. */
  constructor(prefix: string, template: string, syncPartition: string | undefined, stream: { name: string; namespace?: string | undefined }, context: SyncKeyContext) {
    const at = context.startedAt;
    this.values = {
      NAMESPACE: segment(stream.namespace ?? ''),
      STREAM_NAME: segment(stream.name),
      YEAR: String(at.getUTCFullYear()),
      MONTH: pad(at.getUTCMonth() + 1),
      DAY: pad(at.getUTCDate()),
      HOUR: pad(at.getUTCHours()),
      EPOCH: String(at.getTime()),
      UUID: context.uuid,
    };
    const slash = template.lastIndexOf('/');
    this.directory = render(`${prefix}/${template.slice(0, Math.max(slash, 0))}`, this.values);
    this.fileTemplate = template.slice(slash + 1);
    this.partition = syncPartition === undefined ? undefined : partitionDirectory(syncPartition);
  }

  /**
   * Key of the `partNumber`th file (from 0) of this stream in this sync;
   * under `dt=<partition>` when given (event-time partitioning), else under
   * the sync's partition, if any.
   */
  fileKey(partNumber: number, partition?: string): string {
    const file = render(this.fileTemplate, { ...this.values, PART_NUMBER: pad(partNumber, 5) });
    const directory = partition === undefined ? this.partition : partitionDirectory(partition);
    return [this.directory, directory, file].filter((part) => part !== undefined && part !== '').join('/');
  }

  /** Key of the Athena `ALTER TABLE ... ADD PARTITION` statements (partitioned streams); skipped by readers like the DDL file. */
  partitionsDdlKey(): string {
    return [this.directory, '_airbyte_athena_partitions.sql'].filter((part) => part !== '').join('/');
  }

  /** Key of the Athena DDL file; `_` makes Athena, Hive and Trino skip it when reading the table. */
  ddlKey(): string {
    return [this.directory, '_airbyte_athena_ddl.sql'].filter((part) => part !== '').join('/');
  }

  /**
   * Key of the object holding record number `seq` (from 1, in input order)
   * of this sync, which could not be written whole (reject-record.ts):
   * `{stream directory}/_airbyte_rejected/{EPOCH}_{UUID}_{seq}.jsonl`. The
   * leading `_` makes Athena, Hive and Trino skip the directory when reading the table.
   */
  rejectedKey(seq: number): string {
    return [this.directory, REJECTED_DIRECTORY, `${this.values['EPOCH'] ?? ''}_${this.values['UUID'] ?? ''}_${pad(seq, 10)}.jsonl`].filter((part) => part !== '').join('/');
  }

  /** The prefix (ending in `/`) that holds every file of this stream, of every sync. */
  listPrefix(): string {
    return this.directory === '' ? '' : `${this.directory}/`;
  }
}
