/** The CAT spec and catalog rules of spec-checks.ts catch what they should (table-driven). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { catalogProblems, specProblems } from './spec-checks.js';

const spec = (properties: Record<string, unknown>): Record<string, unknown> => ({ $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties });
const option = (mode: string, extra: Record<string, unknown> = {}, defaultValue: string = mode) => ({
  type: 'object', required: ['mode'], properties: { mode: { type: 'string', const: mode, default: defaultValue }, ...extra },
});

const SPEC_CASES: Array<[string, Record<string, unknown>, RegExp | null]> = [
  ['a clean spec', spec({ host: { type: 'string' }, auth: { type: 'object', oneOf: [option('a'), option('b', { password: { type: 'string', airbyte_secret: true } })] } }), null],
  ['an unmarked secret', spec({ password: { type: 'string' } }), /password looks like a secret/],
  ['$ref', spec({ a: { $ref: '#/definitions/x' } }), /uses \$ref/],
  ['allOf', spec({ a: { allOf: [{ type: 'string' }] } }), /uses allOf/],
  ['patternProperties', spec({ a: { type: 'object', patternProperties: { '^x': { type: 'string' } } } }), /uses patternProperties/],
  ['two types', spec({ a: { type: ['string', 'integer'] } }), /one type, or one type and null/],
  ['a nullable type', spec({ a: { type: ['string', 'null'] } }), null],
  ['repeated enum values', spec({ a: { type: 'string', enum: ['x', 'x'] } }), /repeated enum values/],
  ['a oneOf default that is not its const', spec({ a: { type: 'object', oneOf: [option('a'), option('b', {}, 'a')] } }), /default "a" differs from const "b"/],
  ['a oneOf without a shared const', spec({ a: { type: 'object', oneOf: [option('a'), { type: 'object', properties: { other: { type: 'string' } } }] } }), /share 0 const properties/],
  ['a oneOf with repeated consts', spec({ a: { type: 'object', oneOf: [option('a'), option('a')] } }), /consts repeat/],
  ['an invalid schema', spec({ a: { type: 'no-such-type' } }), /not a valid draft-07 schema/],
];

for (const [name, schema, expected] of SPEC_CASES) {
  test(`specProblems: ${name}`, () => {
    const problems = specProblems(schema);
    if (expected === null) assert.deepEqual(problems, []);
    else assert.ok(problems.some((problem) => expected.test(problem)), problems.join('\n'));
  });
}

test('catalogProblems: repeated names, empty sync modes, a cursor or key missing from the schema', () => {
  const schema = { type: 'object', properties: { _id: { type: 'string' }, at: { type: 'string' } } };
  assert.deepEqual(catalogProblems({ streams: [{ name: 's', json_schema: schema, supported_sync_modes: ['full_refresh'], default_cursor_field: ['at'], source_defined_primary_key: [['_id']] }] }), []);
  const problems = catalogProblems({
    streams: [
      { name: 's', json_schema: schema, supported_sync_modes: [], default_cursor_field: ['nope'] },
      { name: 's', json_schema: schema, supported_sync_modes: ['full_refresh'], source_defined_primary_key: [['missing']] },
    ],
  });
  for (const expected of [/names repeat/, /no supported_sync_modes/, /nope is not in its schema/, /missing is not in its schema/]) assert.ok(problems.some((p) => expected.test(p)), `${String(expected)} in ${problems.join('; ')}`);
});
