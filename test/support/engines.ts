import { requestJson, searchEngineTarget } from '../../src/sample-data/search-engine-http.js';

/** The real search engines `npm test` started (scripts/test.sh), by name. */
export interface Engine {
  readonly name: 'es8' | 'os2';
  readonly url: string;
}

function required(variable: string): string {
  const value = process.env[variable];
  if (value === undefined || value === '') throw new Error(`${variable} is not set: run the tests with \`npm test\`, which starts Elasticsearch, OpenSearch and MinIO and sets it.`);
  return value;
}

export function engines(): Engine[] {
  return [
    { name: 'es8', url: required('ES_URL') },
    { name: 'os2', url: required('OS_URL') },
  ];
}

export function engine(name: Engine['name']): Engine {
  return engines().find((candidate) => candidate.name === name)!;
}

/** Open search contexts (PITs and scrolls) on every node of the engine (credentials may be in the URL). */
export async function openSearchContexts(url: string): Promise<number> {
  const stats = (await requestJson(searchEngineTarget(url), 'GET', '/_nodes/stats/indices/search')).body as unknown as { nodes: Record<string, { indices: { search: { open_contexts: number } } }> };
  return Object.values(stats.nodes).reduce((sum, node) => sum + node.indices.search.open_contexts, 0);
}
