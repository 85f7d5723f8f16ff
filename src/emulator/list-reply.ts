/** A paginated listing reply in the DRF envelope, `results` nested one level too deep when asked. */
import type { EmulatorContext, Reply, RouteRequest } from './context.js';
import { paginate } from './paginate.js';

export function listReply<T>(
  ctx: EmulatorContext,
  req: RouteRequest,
  items: readonly T[],
  present: (item: T) => unknown,
): Reply {
  const page = paginate(items, req.url, ctx.paging);
  if (!page.ok) return { status: page.status, body: page.body };
  const results = page.results.map(present);
  return {
    status: 200,
    body: {
      count: page.count,
      next: page.next,
      previous: page.previous,
      results: ctx.shape.nestResults ? [results] : results,
    },
  };
}
