/** `api.inbox_field`: the inbox of a written body as the seed's id string or the current `[{id}]` list. */
import type { ContactBody } from '../resolve/types.js';

export type InboxField = 'inbox' | 'inboxes';

/** The body with its inbox in the `field` shape, keys kept in place; unchanged without a field. */
export function shapeContactBody(body: ContactBody, field: InboxField | undefined): ContactBody {
  const inboxId = body.inbox ?? body.inboxes?.[0]?.id;
  if (field === undefined || inboxId === undefined || (field in body && body[field] !== undefined))
    return body;
  const entries = Object.entries(body).map(([key, value]): [string, unknown] =>
    key === 'inbox' || key === 'inboxes'
      ? field === 'inboxes'
        ? ['inboxes', [{ id: inboxId }]]
        : ['inbox', inboxId]
      : [key, value],
  );
  return Object.fromEntries(entries) as unknown as ContactBody;
}
