/**
 * A paginated listing reply in the DRF envelope, `results` nested one level too deep when asked.
 * Items are rendered to JSON text by the caller (contacts come from a cache), so a page is assembled,
 * not serialised again.
 */
import type { EmulatorContext, Reply, RouteRequest } from './context.js';
import { paginate } from './paginate.js';

export function listReply<T>(
  ctx: EmulatorContext,
  req: RouteRequest,
  items: readonly T[],
  render: (item: T) => string,
): Reply {
  const page = paginate(items, req.url, ctx.paging);
  if (!page.ok) return { status: page.status, body: page.body };
  const results = `[${page.results.map(render).join(',')}]`;
  const head = JSON.stringify({ count: page.count, next: page.next, previous: page.previous }).slice(0, -1);
  return { status: 200, json: `${head},"results":${ctx.shape.nestResults ? `[${results}]` : results}}` };
}
