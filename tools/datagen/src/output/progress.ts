import { performance } from 'node:perf_hooks';

/**
 * A text progress bar on stderr, redrawn at most 10 times a second: `\r` in a terminal, one line
 * per second otherwise (logs stay readable).
 */
export class ProgressBar {
  private readonly started = performance.now();
  private last = this.started;
  private readonly interval: number;

  constructor(
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly enabled = true,
  ) {
    this.interval = out.isTTY ? 100 : 1000;
  }

  update(done: number): void {
    if (!this.enabled) return;
    const now = performance.now();
    if (now - this.last < this.interval) return;
    this.last = now;
    this.draw(done, now);
  }

  finish(done: number): void {
    if (!this.enabled) return;
    this.draw(done, performance.now());
    if (this.out.isTTY) this.out.write('\n');
  }

  private draw(done: number, now: number): void {
    const ratio = Math.min(1, done / this.total);
    const width = 30;
    const filled = Math.round(ratio * width);
    const seconds = (now - this.started) / 1000;
    const rate = seconds > 0 ? Math.round(done / seconds) : 0;
    const eta = rate > 0 ? Math.max(0, Math.round((this.total - done) / rate)) : 0;
    const text = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(1).padStart(5)}% ${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} lines ${rate.toLocaleString('en-US')}/s eta ${eta}s`;
    this.out.write(this.out.isTTY ? `\r${text}` : `${text}\n`);
  }
}
