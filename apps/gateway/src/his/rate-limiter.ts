/**
 * Per-client token bucket (requests per minute, bursts up to one minute's worth). Kept in the
 * memory of each gateway replica: with N replicas behind a balancer the effective limit is up to
 * N × the configured rate — size it per replica.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  take(key: string, perMinute: number, nowMs: number): boolean {
    const b = this.buckets.get(key) ?? { tokens: perMinute, at: nowMs };
    b.tokens = Math.min(perMinute, b.tokens + ((nowMs - b.at) * perMinute) / 60_000);
    b.at = nowMs;
    if (b.tokens < 1) {
      this.buckets.set(key, b);
      return false;
    }
    b.tokens -= 1;
    this.buckets.set(key, b);
    return true;
  }
}
