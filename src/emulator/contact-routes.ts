/**
 * `contacts/` and `contacts/{id}/`: list (filters `inboxes`, `inbox`, `query`, `search`; `ordering`
 * `-created_at` for newest first), POST 201,
 * GET, PUT, PATCH, soft DELETE 204. source_id is unique per inbox among live contacts (a soft-deleted
 * contact's source_id may be used again); an empty source_id is never a conflict.
 */
import type { EmulatorContext, Handler, Reply, RouteRequest } from './context.js';
import { notFound } from './context.js';
import type { ContactFields, StoredContact } from './contact-store.js';
import { snakeKeysDeep } from '../util/key-case.js';
import { listReply } from './list-reply.js';
import { presentContact, presentErrors, renderContact } from './present.js';
import { validateContactBody, type FieldErrors, type Mode } from './validate-contact-body.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const badRequest = (ctx: EmulatorContext, errors: FieldErrors): Reply => ({
  status: 400,
  body: presentErrors(errors, ctx.shape),
});

const present = (ctx: EmulatorContext, c: StoredContact): unknown =>
  presentContact(c, ctx.shape, (id) => ctx.resources.inboxName(id));

export const listContacts: Handler = (ctx, req) => {
  const params = req.url.searchParams;
  let inboxIds: string[] | undefined;
  for (const name of ['inboxes', 'inbox']) {
    const values = params
      .getAll(name)
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter(Boolean);
    if (values.length === 0) continue;
    const bad = values.find((v) => !UUID.test(v));
    if (bad) return badRequest(ctx, { [name]: [`“${bad}” is not a valid UUID.`] });
    const ids = values.map((v) => v.toLowerCase());
    inboxIds = inboxIds ? inboxIds.filter((id) => ids.includes(id)) : [...new Set(ids)];
  }
  const text = ['query', 'search'].map((name) => params.get(name)?.trim() ?? '');
  const view = ctx.store.view(inboxIds ? { inboxIds, text } : { text });
  // DRF's OrderingFilter on the creation time, either casing; anything else keeps creation order.
  const ordering = ctx.paging.ordering === false ? undefined : params.get('ordering')?.trim();
  const items = ordering === '-created_at' || ordering === '-createdAt' ? [...view].reverse() : view;
  return listReply(ctx, req, items, (c) => renderContact(c, ctx.shape, (id) => ctx.resources.inboxName(id)));
};

export const getContact: Handler = (ctx, req) => {
  const contact = ctx.store.get(String(req.params[0]).toLowerCase());
  return contact ? { status: 200, body: present(ctx, contact) } : notFound();
};

export const deleteContact: Handler = (ctx, req) => {
  const contact = ctx.store.get(String(req.params[0]).toLowerCase());
  if (!contact) return notFound();
  ctx.store.softDelete(contact, ctx.now());
  ctx.changed();
  return { status: 204 };
};

export const createContact: Handler = (ctx, req) => write(ctx, req, 'create');
export const replaceContact: Handler = (ctx, req) => write(ctx, req, 'replace');
export const patchContact: Handler = (ctx, req) => write(ctx, req, 'partial');

function write(ctx: EmulatorContext, req: RouteRequest, mode: Mode): Reply {
  const existing = mode === 'create' ? undefined : ctx.store.get(String(req.params[0]).toLowerCase());
  if (mode !== 'create' && !existing) return notFound();
  if (req.body === null || typeof req.body !== 'object' || Array.isArray(req.body)) {
    const got = Array.isArray(req.body) ? 'list' : req.body === null ? 'null' : typeof req.body;
    return badRequest(ctx, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
  }
  const parsed = validateContactBody(snakeKeysDeep(req.body) as Record<string, unknown>, mode);
  if (!parsed.ok) return badRequest(ctx, parsed.errors);
  const fields = parsed.fields;
  const inboxField = parsed.inboxField ?? 'inboxes';
  const unknown = (fields.inboxIds ?? []).find((id) => !ctx.resources.inbox(id));
  if (unknown) return badRequest(ctx, { [inboxField]: [`Invalid pk "${unknown}" - object does not exist.`] });

  const inboxIds = fields.inboxIds ?? existing?.inboxIds ?? [];
  const sourceId = fields.sourceId ?? existing?.sourceId ?? '';
  if (mode === 'create') for (const inboxId of inboxIds) ctx.stats.countPost(inboxId, sourceId);
  // What the API answers to a duplicate is not documented (MAIAGENT_API.md §1.7: source_id is unique
  // per inbox, the response unknown); as DRF's unique validators do, a write whose identity another
  // live copy holds is a 400 field error: a POST, and a PUT to one of several copies of one source_id
  // (every copy is checked, not one per source_id). A PATCH that sets neither source_id nor inbox
  // skips the check, as DRF does for a partial update, so copies can still be revoked one by one.
  const touchesIdentity =
    mode !== 'partial' || fields.sourceId !== undefined || fields.inboxIds !== undefined;
  const clash =
    touchesIdentity &&
    inboxIds.some((inboxId) => ctx.store.holdersOf(inboxId, sourceId).some((holder) => holder !== existing));
  if (clash)
    return badRequest(ctx, { source_id: ['A contact with this source_id already exists in this inbox.'] });

  const now = ctx.now();
  if (existing) {
    ctx.store.update(existing, fields, now);
    ctx.changed();
    return { status: 200, body: present(ctx, existing) };
  }
  const complete: ContactFields = {
    inboxIds,
    name: fields.name ?? '',
    avatar: fields.avatar ?? null,
    sourceId,
    email: fields.email ?? null,
    phoneNumber: fields.phoneNumber ?? null,
    queryMetadata: fields.queryMetadata ?? null,
  };
  const contact = ctx.store.create(ctx.newId(), complete, now);
  for (const inboxId of inboxIds) ctx.stats.countCreate(inboxId, sourceId);
  ctx.changed();
  return { status: 201, body: present(ctx, contact) };
}
