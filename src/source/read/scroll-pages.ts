import { clearScroll, continueScroll, startScroll } from '../elasticsearch/search-contexts.js';
import type { ReadPlan } from './read-plan.js';
import { baseSearchBody } from './search-body.js';
import { parseSearchResponse, type SearchPage } from './search-response.js';

/**
 * Pages of a scroll sorted by `_doc`, for servers without PIT + `_shard_doc`.
 * The scroll is cleared in `finally`, whatever ends the read.
 */
export async function* scrollPages(plan: ReadPlan): AsyncGenerator<SearchPage & { scrollId: string }> {
  const { cluster, config, target } = plan;
  const body = baseSearchBody(config, plan.pageSize, ['_doc'], 'scroll');
  let page = parseSearchResponse(await startScroll(cluster, target.name, body, config.keep_alive, `read ${target.name}`), target.name);
  let scrollId = page.scrollId;
  try {
    while (page.hits.length > 0 && scrollId !== undefined) {
      yield { ...page, scrollId };
      page = parseSearchResponse(await continueScroll(cluster, scrollId, config.keep_alive, `read ${target.name}`), target.name);
      scrollId = page.scrollId ?? scrollId;
    }
  } finally {
    if (scrollId !== undefined) await clearScroll(cluster, scrollId).catch(() => undefined);
  }
}
