/** The body a revoke sends: the contact as last applied, with the explicit deny-all query_metadata. */
import { deepFreeze } from '../resolve/deep-freeze.js';
import type { ContactBody, QueryMetadata } from '../resolve/types.js';

/** `{ knowledge_bases: [] }`: nothing may be queried (an absent query_metadata could mean everything). */
export const DENY_ALL: QueryMetadata = deepFreeze({ knowledge_bases: [] });

export function revokedBody(body: ContactBody): ContactBody {
  return { ...body, query_metadata: DENY_ALL };
}
