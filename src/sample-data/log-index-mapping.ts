import type { JsonObject } from './search-engine-http.js';

/**
 * The index mapping for documents made by `generateLogDocuments`.
 *
 * Contract: uses only core field types that Elasticsearch 7.10+, 8, 9 and
 * OpenSearch 2, 3 all accept without plugins (date, keyword, text with a
 * `.keyword` multi-field, long, integer, double, ip, geo_point, object).
 * `dynamic: strict` makes a generator change that adds an unmapped field
 * fail at load time instead of silently growing the mapping.
 */
export const LOG_INDEX_MAPPING: JsonObject = {
  dynamic: 'strict',
  properties: {
    '@timestamp': { type: 'date' },
    message: { type: 'text', fields: { keyword: { type: 'keyword', ignore_above: 256 } } },
    host: {
      properties: {
        name: { type: 'keyword' },
        cpu: { properties: { usage: { type: 'double' } } },
      },
    },
    service: {
      properties: {
        name: { type: 'keyword' },
        version: { type: 'keyword' },
        environment: { type: 'keyword' },
      },
    },
    log: { properties: { level: { type: 'keyword' }, logger: { type: 'keyword' } } },
    event: {
      properties: {
        dataset: { type: 'keyword' },
        outcome: { type: 'keyword' },
        duration: { type: 'long' },
        sequence: { type: 'long' },
      },
    },
    http: {
      properties: {
        version: { type: 'keyword' },
        request: {
          properties: {
            method: { type: 'keyword' },
            referrer: { type: 'keyword' },
            bytes: { type: 'long' },
          },
        },
        response: {
          properties: {
            status_code: { type: 'integer' },
            bytes: { type: 'long' },
          },
        },
      },
    },
    url: {
      properties: {
        path: { type: 'keyword' },
        query: { type: 'keyword' },
      },
    },
    bytes: { type: 'long' },
    tags: { type: 'keyword' },
    user: {
      properties: {
        name: { type: 'keyword' },
        id: { type: 'keyword' },
        roles: { type: 'keyword' },
      },
    },
    user_agent: { properties: { original: { type: 'keyword', ignore_above: 1024 } } },
    source: {
      properties: {
        geo: {
          properties: {
            location: { type: 'geo_point' },
            city_name: { type: 'keyword' },
            country_iso_code: { type: 'keyword' },
          },
        },
      },
    },
    client: { properties: { ip: { type: 'ip' } } },
    labels: {
      properties: {
        team: { type: 'keyword' },
        region: { type: 'keyword' },
        canary: { type: 'keyword' },
        build: { type: 'keyword' },
        feature_flag: { type: 'keyword' },
        customer_tier: { type: 'keyword' },
        experiment: { type: 'keyword' },
        cost_center: { type: 'keyword' },
      },
    },
    trace: { properties: { id: { type: 'keyword' } } },
    span: { properties: { id: { type: 'keyword' } } },
  },
};
