/**
 * The identities a plan declares, as a set that hashes none of them while each inbox's contacts come in
 * source_id order (a config or a roster kept sorted, as exports and generated files are): an inbox is
 * then a sorted list, and a source_id declared twice is one not greater than the last. An inbox whose
 * contacts come out of order turns into a set of its own. At 100,000 contacts this is a few
 * comparisons each instead of a hash of a 50-character key and a table that grows to 100,000 slots.
 */
import { identityKey } from '../resolve/identity.js';

interface Inbox {
  /** Source ids in ascending order while they came so; null once the inbox is a set. */
  sorted: string[] | null;
  set: Set<string> | null;
}

export class DeclaredIdentities {
  /** Inbox UUID as written -> its group (spellings that differ in case share one). */
  private readonly byInboxId = new Map<string, Inbox>();
  /** Identity prefix (`<inbox uuid lower-cased>/`) -> its group. */
  private readonly byPrefix = new Map<string, Inbox>();
  /** Identities whose inbox part holds a `/` (never a UUID): kept whole. */
  private readonly odd = new Set<string>();

  /** Adds the identity of (inboxId, sourceId); false when it was declared before. */
  add(inboxId: string, sourceId: string): boolean {
    const inbox = this.byInboxId.get(inboxId) ?? this.group(inboxId);
    if (inbox === undefined) {
      const key = identityKey(inboxId, sourceId);
      const size = this.odd.size;
      return this.odd.add(key).size > size;
    }
    const sorted = inbox.sorted;
    if (sorted) {
      if (sorted.length === 0 || sourceId > (sorted[sorted.length - 1] as string)) {
        sorted.push(sourceId);
        return true;
      }
      inbox.set = new Set(sorted);
      inbox.sorted = null;
    }
    const set = inbox.set as Set<string>;
    const size = set.size;
    return set.add(sourceId).size > size;
  }

  /** Whether the identity key (identityKey's form) was declared. */
  has(identity: string): boolean {
    if (this.odd.size > 0 && this.odd.has(identity)) return true;
    const slash = identity.indexOf('/');
    if (slash < 0) return false;
    const inbox = this.byPrefix.get(identity.slice(0, slash + 1));
    if (!inbox) return false;
    const sourceId = identity.slice(slash + 1);
    if (inbox.set) return inbox.set.has(sourceId);
    const sorted = inbox.sorted as string[];
    let low = 0;
    let high = sorted.length - 1;
    while (low <= high) {
      const mid = (low + high) >>> 1;
      const at = sorted[mid] as string;
      if (at === sourceId) return true;
      if (at < sourceId) low = mid + 1;
      else high = mid - 1;
    }
    return false;
  }

  private group(inboxId: string): Inbox | undefined {
    const prefix = identityKey(inboxId, '');
    if (prefix.indexOf('/') !== prefix.length - 1) return undefined;
    let inbox = this.byPrefix.get(prefix);
    if (!inbox) this.byPrefix.set(prefix, (inbox = { sorted: [], set: null }));
    this.byInboxId.set(inboxId, inbox);
    return inbox;
  }
}
