import type { JsonObject } from '../../json/json-value.js';
import { closePointInTime, openPointInTime, searchPointInTime } from '../elasticsearch/search-contexts.js';
import type { ReadPlan } from './read-plan.js';
import { baseSearchBody } from './search-body.js';
import { parseSearchResponse, type SearchPage } from './search-response.js';

/**
 * Pages of a point-in-time read sorted by `_shard_doc`, each request asking
 * for the hits after the last one of the previous page. The PIT is closed in
 * `finally`: after the last page, an error, or a consumer that stops early.
 */
export async function* pitPages(plan: ReadPlan): AsyncGenerator<SearchPage & { pitId: string }> {
  const { cluster, server, config, target } = plan;
  let pitId = await openPointInTime(cluster, server, target.name, config.keep_alive);
  try {
    const body = baseSearchBody(config, plan.pageSize, [{ _shard_doc: 'asc' }], 'pit');
    let searchAfter = plan.searchAfter;
    for (;;) {
      const request: JsonObject = { ...body, pit: { id: pitId, keep_alive: config.keep_alive } };
      if (searchAfter !== undefined) request['search_after'] = [...searchAfter];
      const page = parseSearchResponse(await searchPointInTime(cluster, request, `read ${target.name}`), target.name);
      if (page.pitId !== undefined) pitId = page.pitId;
      if (page.hits.length === 0) return;
      yield { ...page, pitId };
      if (page.hits.length < plan.pageSize) return;
      searchAfter = page.hits[page.hits.length - 1]?.sort;
    }
  } finally {
    await closePointInTime(cluster, server, pitId).catch(() => undefined);
  }
}
