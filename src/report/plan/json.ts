import type { Change, Plan } from '../../plan/types.js';
import type { ContactBody } from '../../resolve/types.js';
import type { PlanReporter } from './index.js';

/**
 * The JSON plan (schemas/plan.schema.json), as it is, on one line: it is read by programs (`jq .` shows
 * it indented), and at 100,000 contacts indentation alone would add 75 MB.
 */
export const formatPlanJson: PlanReporter = (plan) => JSON.stringify(plan);

/** Changes per piece: small pieces keep the garbage collector out of a 100 MB string. */
const BATCH = 100;
const MARKER = '"changes":[],';

/**
 * The text of formatPlanJson in pieces, for writing as they come: at 100,000 contacts this is faster
 * and needs hundreds of MB less memory than one string.
 */
export function* planJsonChunks(plan: Plan): Generator<string> {
  const envelope = JSON.stringify({ ...plan, changes: [] });
  const at = envelope.indexOf(MARKER);
  if (plan.changes.length === 0 || at < 0) {
    yield formatPlanJson(plan, { color: false });
    return;
  }
  yield `${envelope.slice(0, at)}"changes":[`;
  const shared = new SharedText();
  for (let i = 0; i < plan.changes.length; i += BATCH) {
    const batch = plan.changes.slice(i, i + BATCH).map((c) => shared.stand(c));
    const text = shared.fill(JSON.stringify(batch));
    yield `${i ? ',' : ''}${text.slice(1, -1)}`;
  }
  yield `],${envelope.slice(at + MARKER.length)}`;
}

/**
 * Contacts of one tier share its (frozen) query_metadata object: its text is made once and pasted in,
 * instead of being serialised again for each of thousands of contacts. Each shared object stands in the
 * change as a marker string, replaced in the text by the object's JSON.
 */
class SharedText {
  private readonly ids = new Map<object, number>();
  private readonly texts: string[] = [];
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
      this.texts.push(JSON.stringify(metadata));
    }
    return {
      ...body,
      query_metadata: `\u0000${this.nonce}:${id}` as unknown as ContactBody['query_metadata'],
    };
  }

  /** `text` with every marker replaced by its object's JSON. */
  fill(text: string): string {
    return text.replace(this.marker, (_match: string, id: string) => this.texts[Number(id)] as string);
  }
}
