/**
 * PingOne is eventually consistent: a resource read (or written, or used as the parent of another) right after
 * it was created may answer 404, and permissions not yet propagated 403, for some seconds. The client remembers
 * what it created itself, by URL path, for `windowMs`; a 404 or 403 on that path or below it within the window
 * is retried (decision.ts). Anything else keeps its 404 at once: a genuine "not found" is not made to wait.
 *
 * The clock is injected, so the window is tested without waiting (test/unit/eventual-consistency.test.ts).
 */
export class RecentlyCreated {
  /** Path of a created resource -> when its window ends, in the order they were added (oldest first). */
  private readonly until = new Map<string, number>();

  constructor(
    private readonly now: () => number = Date.now,
    /** The most paths remembered: a client creating thousands a minute forgets the oldest first. */
    private readonly capacity = 1_000,
  ) {}

  /** `path` (e.g. `/v1/environments/{id}`) was created now: it and everything below it are new for `windowMs`. */
  add(path: string, windowMs: number): void {
    if (windowMs <= 0) return;
    const now = this.now();
    this.prune(now);
    this.until.delete(path); // re-inserted at the end: Map order stays the order of expiry
    this.until.set(path, now + windowMs);
    if (this.until.size > this.capacity) this.until.delete(this.until.keys().next().value!);
  }

  /** How much of the window is left for `path`: that of the resource it is, or is below, created last. */
  remainingMs(path: string): number {
    if (this.until.size === 0) return 0;
    const now = this.now();
    let remaining = 0;
    for (let end = path.length; end > 0; end = path.lastIndexOf("/", end - 1)) {
      const until = this.until.get(path.slice(0, end));
      if (until !== undefined) remaining = Math.max(remaining, until - now);
    }
    return remaining;
  }

  /** Forgets the oldest entries whose window has ended (stopping at the first still open: cheap, and enough). */
  private prune(now: number): void {
    for (const [path, until] of this.until) {
      if (until > now) return;
      this.until.delete(path);
    }
  }
}

/**
 * The path of what a create made: the `Location` it answered with, or the collection path and the `id` of the
 * body. Undefined when neither says (nothing to remember).
 */
export function createdPath(collection: URL, location: string | null, body: unknown): string | undefined {
  if (location) {
    try {
      const url = new URL(location, collection);
      if (url.origin === collection.origin) return url.pathname.replace(/\/+$/, "");
    } catch {
      // A Location that is not a URL says nothing; the body may.
    }
  }
  const id = (body as { id?: unknown } | null | undefined)?.id;
  if (typeof id !== "string" || id === "" || id.includes("/")) return undefined;
  return `${collection.pathname.replace(/\/+$/, "")}/${encodeURIComponent(id)}`;
}
