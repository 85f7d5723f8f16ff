import type { Change, Plan } from '../../plan/types.js';
import type { ContactBody } from '../../resolve/types.js';
import type { PlanReporter } from './index.js';

/**
 * The JSON plan (schemas/plan.schema.json), as it is, on one line: it is read by programs (`jq .` shows
 * it indented), and at 100,000 contacts indentation alone would add 75 MB.
 */
export const formatPlanJson: PlanReporter = (plan) => JSON.stringify(plan);

/** Changes stringified at a time. */
const BATCH = 100;
const MARKER = '"changes":[],';
/** Bytes per piece: large enough for few writes, small enough to stay out of the old generation. */
const PIECE = 1 << 20;

/**
 * The text of formatPlanJson as UTF-8 pieces, for writing as they come: at 100,000 contacts this is
 * faster and needs hundreds of MB less memory than one string. Each tier's query_metadata is encoded
 * once and copied into place; each piece is whole UTF-8 (no character is cut between two).
 */
export function* planJsonChunks(plan: Plan, pieceBytes = PIECE): Generator<Uint8Array> {
  const envelope = JSON.stringify({ ...plan, changes: [] });
  const at = envelope.indexOf(MARKER);
  if (plan.changes.length === 0 || at < 0) {
    yield Buffer.from(formatPlanJson(plan, { color: false }));
    return;
  }
  const out = new Pieces(pieceBytes);
  out.text(`${envelope.slice(0, at)}"changes":[`);
  const shared = new SharedText();
  for (let i = 0; i < plan.changes.length; i += BATCH) {
    const batch = plan.changes.slice(i, i + BATCH);
    let text: string;
    try {
      for (let j = 0; j < batch.length; j++) batch[j] = shared.stand(batch[j] as Change);
      text = JSON.stringify(batch);
    } finally {
      shared.putBack();
    }
    if (i) out.text(',');
    shared.fill(text.slice(1, -1), out);
    yield* out.take();
  }
  out.text(`],${envelope.slice(at + MARKER.length)}`);
  out.flush();
  yield* out.take();
}

/** UTF-8 pieces of about `size` bytes, filled from text and from bytes encoded before. */
class Pieces {
  private buffer: Buffer;
  private used = 0;
  private readonly done: Uint8Array[] = [];

  constructor(private readonly size: number) {
    this.buffer = Buffer.allocUnsafe(size);
  }

  text(text: string): void {
    // A UTF-16 unit is at most 3 bytes of UTF-8; a text that may not fit starts a new piece.
    if (text.length * 3 > this.size - this.used) {
      this.flush();
      if (text.length * 3 > this.size) {
        this.done.push(Buffer.from(text));
        return;
      }
    }
    this.used += this.buffer.write(text, this.used);
  }

  bytes(bytes: Uint8Array): void {
    if (bytes.length > this.size - this.used) {
      this.flush();
      if (bytes.length > this.size) {
        this.done.push(bytes);
        return;
      }
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  flush(): void {
    if (this.used === 0) return;
    this.done.push(this.buffer.subarray(0, this.used));
    this.buffer = Buffer.allocUnsafe(this.size);
    this.used = 0;
  }

  /** The pieces completed so far. */
  take(): Uint8Array[] {
    return this.done.splice(0);
  }
}

/**
 * Contacts of one tier share its (frozen) query_metadata object: its text is made once and pasted in,
 * instead of being serialised again for each of thousands of contacts. Each shared object stands in the
 * change as a marker string, replaced in the text by the object's JSON.
 */
class SharedText {
  private readonly ids = new Map<object, number>();
  private readonly texts: Uint8Array[] = [];
  /** Unguessable, so that no string of the config can look like a marker. */
  private readonly nonce = Math.random().toString(36).slice(2, 10);
  private readonly marker = new RegExp(`"\\\\u0000${this.nonce}:(\\d+)"`, 'g');

  private readonly markers: string[] = [];
  /** Bodies whose query_metadata stands in by a marker until putBack, and what each was. */
  private readonly swappedBodies: ContactBody[] = [];
  private readonly swappedMetadata: ContactBody['query_metadata'][] = [];

  /**
   * The change, with each shared query_metadata standing in by its marker until putBack: in the body
   * itself (no copy of a hundred thousand bodies and changes), or in a copy of a frozen one.
   */
  stand(change: Change): Change {
    const before = this.body(change.before);
    const after = this.body(change.after);
    return before === change.before && after === change.after ? change : { ...change, before, after };
  }

  /** Every body as it was. */
  putBack(): void {
    const bodies = this.swappedBodies;
    for (let i = 0; i < bodies.length; i++)
      (bodies[i] as ContactBody).query_metadata = this.swappedMetadata[i] as ContactBody['query_metadata'];
    bodies.length = 0;
    this.swappedMetadata.length = 0;
  }

  private body(body: ContactBody | null): ContactBody | null {
    const metadata = body?.query_metadata;
    if (!body || !metadata || typeof metadata !== 'object' || !Object.isFrozen(metadata)) return body;
    let id = this.ids.get(metadata);
    if (id === undefined) {
      id = this.texts.length;
      this.ids.set(metadata, id);
      this.texts.push(Buffer.from(JSON.stringify(metadata)));
      this.markers.push(`\u0000${this.nonce}:${id}`);
    }
    const marker = this.markers[id] as unknown as ContactBody['query_metadata'];
    if (Object.isFrozen(body)) return { ...body, query_metadata: marker };
    this.swappedBodies.push(body);
    this.swappedMetadata.push(metadata);
    body.query_metadata = marker;
    return body;
  }

  /** `text` into `out`, with every marker replaced by its object's JSON. */
  fill(text: string, out: Pieces): void {
    let from = 0;
    this.marker.lastIndex = 0;
    for (let found = this.marker.exec(text); found; found = this.marker.exec(text)) {
      out.text(text.slice(from, found.index));
      out.bytes(this.texts[Number(found[1])] as Uint8Array);
      from = found.index + found[0].length;
    }
    out.text(text.slice(from));
  }
}
