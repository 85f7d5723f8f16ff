/**
 * The lookups `validate --remote` needs: `inboxes/`, `knowledge-bases/` and, per knowledge base,
 * `labels/`, `files/` and `faqs/` (each also as `…/{id}/`). Items are written snake_case here and
 * camelized on output like every response.
 */
import type { EmulatorContext, Handler, Reply, RouteRequest } from './context.js';
import { notFound } from './context.js';
import { listReply } from './list-reply.js';
import { presentOther } from './present.js';
import type { InboxResource, KnowledgeBaseResource } from './resources.js';

const iso = (ms: number): string => new Date(ms).toISOString();

const inboxItem = (i: InboxResource): unknown => ({
  id: i.id,
  name: i.name,
  channel_type: i.channelType,
  unread_conversations_count: 0,
  chatbot: i.chatbot,
});

const kbItem = (k: KnowledgeBaseResource): unknown => ({
  id: k.id,
  name: k.name,
  description: k.description,
  chatbots: k.chatbots,
  files_count: k.files.length,
  created_at: iso(k.createdAt),
});

const byName = <T extends { name?: string; filename?: string; question?: string }>(items: T[]): T[] =>
  [...items].sort((a, b) => {
    const x = a.name ?? a.filename ?? a.question ?? '';
    const y = b.name ?? b.filename ?? b.question ?? '';
    return x < y ? -1 : x > y ? 1 : 0;
  });

const one = (ctx: EmulatorContext, item: unknown): Reply =>
  item === undefined ? notFound() : { status: 200, body: presentOther(item, ctx.shape) };

const list = <T>(
  ctx: EmulatorContext,
  req: RouteRequest,
  items: readonly T[],
  shape: (t: T) => unknown,
): Reply => listReply(ctx, req, items, (t) => JSON.stringify(presentOther(shape(t), ctx.shape)));

export const listInboxes: Handler = (ctx, req) =>
  list(ctx, req, byName([...ctx.resources.inboxes.values()]), inboxItem);

export const getInbox: Handler = (ctx, req) => {
  const inbox = ctx.resources.inboxes.get(String(req.params[0]).toLowerCase());
  return one(ctx, inbox && inboxItem(inbox));
};

export const listKnowledgeBases: Handler = (ctx, req) =>
  list(ctx, req, byName([...ctx.resources.knowledgeBases.values()]), kbItem);

const kbOf = (ctx: EmulatorContext, req: RouteRequest): KnowledgeBaseResource | undefined =>
  ctx.resources.knowledgeBases.get(String(req.params[0]).toLowerCase());

export const getKnowledgeBase: Handler = (ctx, req) => {
  const kb = kbOf(ctx, req);
  return one(ctx, kb && kbItem(kb));
};

type Part = 'labels' | 'files' | 'faqs';

const partItem = (part: Part, item: KnowledgeBaseResource[Part][number]): unknown =>
  part === 'files' ? { ...item, raw_user_define_metadata: {} } : item;

/** `knowledge-bases/{kb}/{part}/` and `knowledge-bases/{kb}/{part}/{id}/`. */
export const knowledgeBasePart =
  (part: Part): Handler =>
  (ctx, req) => {
    const kb = kbOf(ctx, req);
    if (!kb) return notFound();
    const items = kb[part] as KnowledgeBaseResource[Part][number][];
    const id = req.params[1];
    if (id === undefined) return list(ctx, req, byName(items), (item) => partItem(part, item));
    const item = items.find((i) => i.id === id.toLowerCase());
    return one(ctx, item && partItem(part, item));
  };
