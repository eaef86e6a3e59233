import { Ajv } from 'ajv';
import { configError } from './connector-error.js';
import type { ConfiguredAirbyteCatalog } from './messages.js';
import { catalogWithoutNulls } from './protocol-nulls.js';

const SYNC_MODES = ['full_refresh', 'incremental'];
const DESTINATION_SYNC_MODES = ['append', 'overwrite', 'append_dedup', 'update', 'soft_delete'];

/** The part of ConfiguredAirbyteCatalog the connectors rely on. */
const CONFIGURED_CATALOG_SCHEMA = {
  type: 'object',
  required: ['streams'],
  properties: {
    streams: {
      type: 'array',
      items: {
        type: 'object',
        required: ['stream', 'sync_mode'],
        properties: {
          stream: {
            type: 'object',
            required: ['name', 'json_schema'],
            properties: { name: { type: 'string', minLength: 1 }, namespace: { type: 'string' }, json_schema: { type: 'object' } },
          },
          sync_mode: { enum: SYNC_MODES },
          destination_sync_mode: { enum: DESTINATION_SYNC_MODES },
          cursor_field: { type: 'array', items: { type: 'string' } },
          primary_key: { type: 'array', items: { type: 'array', items: { type: 'string' } } },
          generation_id: { type: 'integer' },
          minimum_generation_id: { type: 'integer' },
          sync_id: { type: 'integer' },
        },
      },
    },
  },
} as const;

const validate = new Ajv({ allErrors: true, strict: false }).compile(CONFIGURED_CATALOG_SCHEMA);

/**
 * Checks a configured catalog and returns it typed. Optional fields that
 * are null (as Airbyte's Python models write them) are treated as absent
 * and removed, so the typed catalog has no nulls; unknown fields are kept.
 * Stream names must be unique (per namespace). Throws a config_error naming
 * the file and field.
 */
export function parseConfiguredCatalog(input: unknown, origin: string): ConfiguredAirbyteCatalog {
  const raw = catalogWithoutNulls(input);
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((error) => `${error.instancePath || 'the top level'} ${error.message ?? 'is invalid'}`);
    throw configError(`${origin} is not a valid configured catalog: ${[...new Set(problems)].join('; ')}. Run discover and build the catalog from its streams.`);
  }
  const catalog = raw as unknown as ConfiguredAirbyteCatalog;
  const seen = new Set<string>();
  for (const { stream } of catalog.streams) {
    const key = `${stream.namespace ?? ''}.${stream.name}`;
    if (seen.has(key)) throw configError(`${origin} lists stream "${stream.name}" twice: keep one entry per stream.`);
    seen.add(key);
  }
  for (const configured of catalog.streams) configured.destination_sync_mode ??= 'append';
  return catalog;
}
