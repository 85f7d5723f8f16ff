/** What the emulator has seen, for tests and benchmarks: requests, POSTs and creates per (inbox, source_id), faults. */
const key = (inboxId: string, sourceId: string): string => `${inboxId.toLowerCase()}\n${sourceId}`;

export class EmulatorStats {
  /** Requests received (faulted ones included). */
  requests = 0;
  byMethod: Record<string, number> = {};
  /** Requests being handled now, and the most at once (how parallel a client really was). */
  inFlight = 0;
  maxInFlight = 0;
  /** Faults injected, by kind. */
  faults = { throttled: 0, rateLimited: 0, errors: 0, resets: 0, shifts: 0, hangs: 0 };
  private readonly posts = new Map<string, number>();
  private readonly creates = new Map<string, number>();

  countRequest(method: string): void {
    this.requests++;
    this.byMethod[method] = (this.byMethod[method] ?? 0) + 1;
  }

  countPost(inboxId: string, sourceId: string): void {
    const k = key(inboxId, sourceId);
    this.posts.set(k, (this.posts.get(k) ?? 0) + 1);
  }

  countCreate(inboxId: string, sourceId: string): void {
    const k = key(inboxId, sourceId);
    this.creates.set(k, (this.creates.get(k) ?? 0) + 1);
  }

  /** POSTs that reached the contacts handler for this (inbox, source_id), rejected ones included. */
  postCount(inboxId: string, sourceId: string): number {
    return this.posts.get(key(inboxId, sourceId)) ?? 0;
  }

  /** Contacts ever created for this (inbox, source_id), soft-deleted ones included. */
  createdCount(inboxId: string, sourceId: string): number {
    return this.creates.get(key(inboxId, sourceId)) ?? 0;
  }

  /** (inbox, source_id) pairs created more than once, e.g. `["<inbox>/<source_id>"]`. */
  duplicates(): string[] {
    return [...this.creates.entries()]
      .filter(([, n]) => n > 1)
      .map(([k]) => k.replace('\n', '/'))
      .sort();
  }

  reset(): void {
    this.requests = 0;
    this.byMethod = {};
    this.maxInFlight = this.inFlight;
    this.faults = { throttled: 0, rateLimited: 0, errors: 0, resets: 0, shifts: 0, hangs: 0 };
    this.posts.clear();
    this.creates.clear();
  }
}
