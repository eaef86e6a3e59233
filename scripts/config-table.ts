import { isJsonObject, type JsonObject } from '../src/json/json-value.js';

/**
 * A markdown table of a connector's config options, generated from its one
 * config declaration (README.md holds it between markers; a test checks it).
 */
export function configTable(schema: JsonObject): string {
  const rows: string[] = ['| option | type | default | description |', '|---|---|---|---|'];
  const walk = (properties: JsonObject, prefix: string): void => {
    const entries = Object.entries(properties).filter((entry): entry is [string, JsonObject] => isJsonObject(entry[1]));
    entries.sort((a, b) => Number(a[1]['order'] ?? 0) - Number(b[1]['order'] ?? 0));
    for (const [name, field] of entries) {
      const path = `${prefix}${name}`;
      const type = Array.isArray(field['oneOf']) ? 'one of' : String(field['type'] ?? '');
      const secret = field['airbyte_secret'] === true ? ' (secret)' : '';
      const defaultValue = field['default'] === undefined || 'const' in field ? '' : `\`${JSON.stringify(field['default'])}\``;
      const description = String(field['description'] ?? field['title'] ?? '').replace(/\|/g, '\\|');
      if ('const' in field) continue;
      rows.push(`| \`${path}\` | ${type}${secret} | ${defaultValue} | ${description} |`);
      if (Array.isArray(field['oneOf'])) {
        for (const branch of field['oneOf']) {
          if (!isJsonObject(branch) || !isJsonObject(branch['properties'])) continue;
          const tag = Object.entries(branch['properties']).find(([, p]) => isJsonObject(p) && 'const' in p);
          const label = tag === undefined ? '' : `${tag[0]}=${JSON.stringify((tag[1] as JsonObject)['const'])}`;
          rows.push(`| \`${path}\` ${label} | object | | ${String(branch['title'] ?? '')} |`);
          walk(branch['properties'], `${path}.`);
        }
      } else if (isJsonObject(field['properties'])) walk(field['properties'], `${path}.`);
      else if (isJsonObject(field['items']) && isJsonObject(field['items']['properties'])) walk(field['items']['properties'], `${path}[].`);
    }
  };
  walk(isJsonObject(schema['properties']) ? schema['properties'] : {}, '');
  return rows.join('\n');
}

/** Replaces the text between `<!-- name:start -->` and `<!-- name:end -->`. */
export function replaceBetweenMarkers(text: string, name: string, content: string): string {
  const start = `<!-- ${name}:start -->`;
  const end = `<!-- ${name}:end -->`;
  const from = text.indexOf(start);
  const to = text.indexOf(end);
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} markers`);
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`;
}
