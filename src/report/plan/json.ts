import type { Change, Plan } from '../../plan/types.js';
import type { ContactBody } from '../../resolve/types.js';
import type { PlanReporter } from './index.js';

/** The JSON plan (schemas/plan.schema.json), as it is. */
export const formatPlanJson: PlanReporter = (plan) => JSON.stringify(plan, null, 2);

/** Changes per piece: small pieces keep the garbage collector out of a 180 MB string. */
const BATCH = 50;
const MARKER = '\n  "changes": [],\n';
/** `JSON.stringify({ changes: [...] }, null, 2)` indents the changes as the plan does; cut its frame. */
const FRAME_START = '{\n  "changes": [\n'.length;
const FRAME_END = '\n  ]\n}'.length;

/**
 * The text of formatPlanJson in pieces, for writing as they come: at 100,000 contacts this is faster
 * and needs hundreds of MB less memory than one string.
 */
export function* planJsonChunks(plan: Plan): Generator<string> {
  const envelope = JSON.stringify({ ...plan, changes: [] }, null, 2);
  const at = envelope.indexOf(MARKER);
  if (plan.changes.length === 0 || at < 0) {
    yield formatPlanJson(plan, { color: false });
    return;
  }
  yield `${envelope.slice(0, at)}\n  "changes": [\n`;
  const shared = new SharedText();
  for (let i = 0; i < plan.changes.length; i += BATCH) {
    const batch = plan.changes.slice(i, i + BATCH).map((c) => shared.stand(c));
    const text = shared.fill(JSON.stringify({ changes: batch }, null, 2));
    yield `${i ? ',\n' : ''}${text.slice(FRAME_START, -FRAME_END)}`;
  }
  yield `\n  ],\n${envelope.slice(at + MARKER.length)}`;
}

/**
 * Contacts of one tier share its (frozen) query_metadata object: its text is made once and pasted in,
 * instead of being serialised again for each of thousands of contacts. Each shared object stands in the
 * change as a marker string, replaced in the text by the object's JSON at the marker's indentation.
 */
class SharedText {
  private readonly ids = new Map<object, number>();
  private readonly texts: string[] = [];
  private readonly indented = new Map<string, string>();
  /** Unguessable, so that no string of the config can look like a marker. */
  private readonly nonce = Math.random().toString(36).slice(2, 10);
  private readonly marker = new RegExp(`"\\\\u0000${this.nonce}:(\\d+)"`, 'g');

  /** The change, with each shared query_metadata replaced by its marker. */
  stand(change: Change): Change {
    const before = this.body(change.before);
    const after = this.body(change.after);
    return before === change.before && after === change.after ? change : { ...change, before, after };
  }

  private body(body: ContactBody | null): ContactBody | null {
    const metadata = body?.query_metadata;
    if (!body || !metadata || typeof metadata !== 'object' || !Object.isFrozen(metadata)) return body;
    let id = this.ids.get(metadata);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(metadata, id);
      this.texts.push(JSON.stringify(metadata, null, 2));
    }
    return {
      ...body,
      query_metadata: `\u0000${this.nonce}:${id}` as unknown as ContactBody['query_metadata'],
    };
  }

  /** `text` with every marker replaced by its object's JSON, indented as the marker's line. */
  fill(text: string): string {
    return text.replace(this.marker, (_match: string, id: string, offset: number) => {
      const lineStart = text.lastIndexOf('\n', offset) + 1;
      let indent = lineStart;
      while (text.charCodeAt(indent) === 32) indent++;
      const key = `${id}:${indent - lineStart}`;
      let out = this.indented.get(key);
      if (out === undefined) {
        out = (this.texts[Number(id)] as string).replaceAll('\n', `\n${' '.repeat(indent - lineStart)}`);
        this.indented.set(key, out);
      }
      return out;
    });
  }
}
