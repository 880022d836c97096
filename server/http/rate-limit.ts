// Requests a minute per client address, in fixed one-minute windows; memory is cleared every window.
export class RateLimiter {
  private windowStart = 0
  private readonly counts = new Map<string, number>()

  constructor(
    private readonly limit: number,
    private readonly now: () => number = Date.now,
    private readonly windowMs = 60_000,
  ) {}

  /** 0 when the request may go ahead, else the seconds until the client may try again. */
  hit(client: string): number {
    const now = this.now()
    if (now - this.windowStart >= this.windowMs) {
      this.counts.clear()
      this.windowStart = now
    }
    const count = (this.counts.get(client) ?? 0) + 1
    this.counts.set(client, count)
    return count > this.limit ? Math.max(1, Math.ceil((this.windowStart + this.windowMs - now) / 1000)) : 0
  }
}
