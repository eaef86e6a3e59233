import type { FromSchema } from 'json-schema-to-ts';

/**
 * The one declaration of source-elasticsearch's config. spec.json, the ajv
 * validation, the `SourceConfig` type, secret redaction and the README's
 * option table are all derived from it.
 */
export const SOURCE_CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'Elasticsearch Source Spec',
  type: 'object',
  additionalProperties: false,
  required: ['endpoint'],
  properties: {
    endpoint: {
      title: 'Endpoint',
      description: 'Where the cluster is: one or more node URLs, or an Elastic Cloud ID.',
      order: 0,
      type: 'object',
      oneOf: [
        {
          title: 'Node URLs',
          type: 'object',
          additionalProperties: false,
          required: ['mode', 'urls'],
          properties: {
            mode: { type: 'string', const: 'nodes', default: 'nodes', order: 0 },
            urls: {
              title: 'Node URLs',
              description: 'One or more URLs with scheme and port, for example https://es1.example.com:9200.',
              type: 'array',
              minItems: 1,
              items: { type: 'string', pattern: '^https?://[^\\s/]+(:\\d+)?(/.*)?$', description: 'a URL starting with http:// or https://, for example https://localhost:9200' },
              examples: [['https://localhost:9200']],
              order: 1,
            },
          },
        },
        {
          title: 'Elastic Cloud',
          type: 'object',
          additionalProperties: false,
          required: ['mode', 'cloud_id'],
          properties: {
            mode: { type: 'string', const: 'cloud', default: 'cloud', order: 0 },
            cloud_id: { title: 'Cloud ID', description: 'The Cloud ID from the Elastic Cloud console (deployment page).', type: 'string', minLength: 1, order: 1 },
          },
        },
      ],
    },
    authentication: {
      title: 'Authentication',
      description: 'How to authenticate to the cluster.',
      order: 1,
      type: 'object',
      default: { method: 'none' },
      oneOf: [
        {
          title: 'None',
          type: 'object',
          additionalProperties: false,
          required: ['method'],
          properties: { method: { type: 'string', const: 'none', default: 'none', order: 0 } },
        },
        {
          title: 'Username and password',
          type: 'object',
          additionalProperties: false,
          required: ['method', 'username', 'password'],
          properties: {
            method: { type: 'string', const: 'basic', default: 'basic', order: 0 },
            username: { title: 'Username', type: 'string', minLength: 1, order: 1 },
            password: { title: 'Password', type: 'string', airbyte_secret: true, order: 2 },
          },
        },
        {
          title: 'API key (encoded)',
          type: 'object',
          additionalProperties: false,
          required: ['method', 'api_key'],
          properties: {
            method: { type: 'string', const: 'api_key', default: 'api_key', order: 0 },
            api_key: { title: 'Encoded API key', description: 'The base64 "encoded" value returned by the create API key API.', type: 'string', minLength: 1, airbyte_secret: true, order: 1 },
          },
        },
        {
          title: 'API key (id and key)',
          type: 'object',
          additionalProperties: false,
          required: ['method', 'api_key_id', 'api_key_secret'],
          properties: {
            method: { type: 'string', const: 'api_key_id', default: 'api_key_id', order: 0 },
            api_key_id: { title: 'API key id', type: 'string', minLength: 1, order: 1 },
            api_key_secret: { title: 'API key', type: 'string', minLength: 1, airbyte_secret: true, order: 2 },
          },
        },
        {
          title: 'Bearer token',
          type: 'object',
          additionalProperties: false,
          required: ['method', 'token'],
          properties: {
            method: { type: 'string', const: 'bearer', default: 'bearer', order: 0 },
            token: { title: 'Token', type: 'string', minLength: 1, airbyte_secret: true, order: 1 },
          },
        },
      ],
    },
    tls: {
      title: 'TLS',
      description: 'How to trust the cluster certificate. Verification stays on unless you turn it off.',
      order: 2,
      type: 'object',
      additionalProperties: false,
      default: {},
      properties: {
        ca_certificate: { title: 'CA certificate (PEM)', description: 'PEM text of the CA that signed the cluster certificate.', type: 'string', multiline: true, order: 0 },
        ca_fingerprint: {
          title: 'CA SHA-256 fingerprint',
          description: 'SHA-256 fingerprint of the CA certificate, hex with or without colons (as printed by Elasticsearch at first start).',
          type: 'string',
          pattern: '^([0-9A-Fa-f]{2}:?){31}[0-9A-Fa-f]{2}$',
          order: 1,
        },
        verify_certificates: {
          title: 'Verify certificates',
          description: 'Turn off only for testing: without verification anyone on the network path can read the data.',
          type: 'boolean',
          default: true,
          order: 2,
        },
      },
    },
    include_indices: {
      title: 'Include indices',
      description: 'Index name patterns to read (wildcards allowed). The default reads every open, non-hidden index.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: ['*'],
      order: 3,
    },
    exclude_indices: {
      title: 'Exclude indices',
      description: 'Index name patterns to leave out (wildcards allowed).',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      order: 4,
    },
    include_aliases: {
      title: 'Aliases as streams',
      description: 'Also offer each alias matching the include patterns as a stream of its own (its documents are then also in the streams of its indices).',
      type: 'boolean',
      default: false,
      order: 5,
    },
    include_data_streams: {
      title: 'Data streams as streams',
      description: 'Offer each data stream matching the include patterns as one stream (its hidden backing indices are not offered separately).',
      type: 'boolean',
      default: true,
      order: 6,
    },
    query: {
      title: 'Query filter',
      description: 'Optional Query DSL as JSON, for example {"range": {"@timestamp": {"gte": "now-30d"}}}. Only matching documents are read.',
      type: 'string',
      multiline: true,
      order: 7,
    },
    source_includes: {
      title: '_source includes',
      description: 'Only these _source fields (wildcards allowed) are read.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      order: 8,
    },
    source_excludes: {
      title: '_source excludes',
      description: 'These _source fields (wildcards allowed) are left out.',
      type: 'array',
      items: { type: 'string', minLength: 1 },
      default: [],
      order: 9,
    },
    page_size: {
      title: 'Page size',
      description: 'Documents per search request: at least 1 and at most the index max_result_window (10000 by default).',
      type: 'integer',
      minimum: 1,
      maximum: 100000,
      default: 1000,
      order: 10,
    },
    request_timeout_seconds: {
      title: 'Request timeout (seconds)',
      description: 'How long one request to the cluster may take before it is retried.',
      type: 'integer',
      minimum: 1,
      maximum: 3600,
      default: 60,
      order: 11,
    },
    keep_alive: {
      title: 'Point-in-time keep-alive',
      description: 'How long the cluster keeps the point in time (or scroll) open between two pages, as an Elasticsearch time value such as 5m.',
      type: 'string',
      pattern: '^[1-9][0-9]*(s|m|h)$',
      default: '5m',
      order: 12,
    },
  },
} as const;

/** The validated, defaulted config that every part of the source receives. */
export type SourceConfig = FromSchema<typeof SOURCE_CONFIG_SCHEMA, { keepDefaultedPropertiesOptional: false }>;
export type SourceAuthentication = SourceConfig['authentication'];
