import { streamStateMessage, streamStatusMessage, logMessage } from '../../protocol/message-factory.js';
import type { AirbyteMessage, StreamDescriptor } from '../../protocol/messages.js';
import { isJsonObject } from '../../json/json-value.js';
import { indexPath } from '../elasticsearch/cluster.js';
import { hitToRecord } from './hit-to-record.js';
import { pitPages } from './pit-pages.js';
import type { ReadPlan } from './read-plan.js';
import { scrollPages } from './scroll-pages.js';
import type { SearchPage } from './search-response.js';
import { completedStreamState } from './stream-state.js';

/**
 * Reads one stream: STARTED, then RUNNING with the first record, the
 * records, a STATE, COMPLETE. If anything fails the stream is marked
 * INCOMPLETE and the error propagates; the PIT or scroll is closed by the
 * page generator's `finally` in every case, an early stop of the consumer too.
 */
export async function* readStream(plan: Omit<ReadPlan, 'pageSize'> & { requestedPageSize: number }): AsyncGenerator<AirbyteMessage> {
  const descriptor: StreamDescriptor = { name: plan.target.name };
  yield streamStatusMessage(descriptor, 'STARTED');
  try {
    const window = await maxResultWindow(plan);
    const pageSize = Math.min(plan.requestedPageSize, window);
    if (pageSize < plan.requestedPageSize) yield logMessage('WARN', `page_size ${plan.requestedPageSize} is above the max_result_window (${window}) of ${plan.target.name}; reading ${pageSize} documents per page instead.`);
    const pages: AsyncIterable<SearchPage> = plan.server.readMode === 'pit' ? pitPages({ ...plan, pageSize }) : scrollPages({ ...plan, pageSize });
    let count = 0;
    for await (const page of pages) {
      if (count === 0) yield streamStatusMessage(descriptor, 'RUNNING');
      const emittedAt = Date.now();
      for (const hit of page.hits) yield hitToRecord(descriptor.name, hit, emittedAt);
      count += page.hits.length;
    }
    if (count === 0) yield streamStatusMessage(descriptor, 'RUNNING');
    yield streamStateMessage(descriptor, completedStreamState(descriptor.name, plan.server.readMode), count);
    yield streamStatusMessage(descriptor, 'COMPLETE');
  } catch (error) {
    yield streamStatusMessage(descriptor, 'INCOMPLETE');
    throw error;
  }
}

/** The smallest `index.max_result_window` of the target's indices (10000 unless set). */
async function maxResultWindow(plan: Omit<ReadPlan, 'pageSize'>): Promise<number> {
  const body = await plan.cluster.request({
    method: 'GET',
    path: `/${indexPath(plan.target.name)}/_settings/index.max_result_window`,
    querystring: { include_defaults: true, flat_settings: true },
    action: `read the settings of ${plan.target.name}`,
  });
  let smallest = Number.POSITIVE_INFINITY;
  if (isJsonObject(body)) {
    for (const entry of Object.values(body)) {
      if (!isJsonObject(entry)) continue;
      for (const group of [entry['settings'], entry['defaults']]) {
        const value = isJsonObject(group) ? group['index.max_result_window'] : undefined;
        if (value !== undefined) smallest = Math.min(smallest, Number(value));
      }
    }
  }
  return Number.isFinite(smallest) ? smallest : 10_000;
}
