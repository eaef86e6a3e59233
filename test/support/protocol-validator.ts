import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { Ajv } from 'ajv';
import { parse as parseYaml } from 'yaml';
import { parseExactJson } from '../../src/json/exact-json.js';
import type { JsonValue } from '../../src/json/json-value.js';

const here = dirname(fileURLToPath(import.meta.url));
/** The protocol schema shipped beside the repository (`../shared/airbyte`). */
export const PROTOCOL_SCHEMA_PATH = resolve(here, '../../../shared/airbyte/airbyte_protocol.yaml');

const protocol = parseYaml(readFileSync(PROTOCOL_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
const ajv = new Ajv({ strict: false, allErrors: true, logger: false });
ajv.addSchema(protocol, 'airbyte_protocol');
const validateMessage = ajv.getSchema('airbyte_protocol#/definitions/AirbyteMessage');
if (validateMessage === undefined) throw new Error('AirbyteMessage definition not found in the protocol schema');

/**
 * Parses every stdout line as JSON and validates it against the
 * AirbyteMessage schema; fails the test on the first line that does not.
 * Returns the parsed messages (big integers as bigint).
 */
export function assertValidAirbyteMessages(lines: readonly string[]): JsonValue[] {
  return lines.map((line, index) => {
    let message: JsonValue;
    try {
      message = parseExactJson(line);
    } catch (error) {
      assert.fail(`stdout line ${index + 1} is not JSON: ${line.slice(0, 200)}`);
    }
    // ajv cannot see bigint; validate a copy where big integers are numbers (their type is what matters).
    const plain = JSON.parse(JSON.stringify(message, (_key, value: unknown) => (typeof value === 'bigint' ? Number(value) : value))) as unknown;
    if (!validateMessage!(plain)) {
      assert.fail(`stdout line ${index + 1} is not a valid AirbyteMessage: ${ajv.errorsText(validateMessage!.errors)}\n${line.slice(0, 500)}`);
    }
    return message;
  });
}
