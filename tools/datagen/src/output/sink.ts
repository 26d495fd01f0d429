import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';

/**
 * A text file written in ~256 KB chunks that waits for `drain` when the stream's buffer is full
 * (backpressure), so a 10M-line run never queues more than a chunk or two in memory.
 */
export class FileSink {
  private readonly stream: WriteStream;
  private parts: string[] = [];
  private size = 0;
  private failure: Error | undefined;

  constructor(
    readonly path: string,
    private readonly chunkSize = 256 * 1024,
  ) {
    this.stream = createWriteStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
    this.stream.on('error', (e: Error) => (this.failure = e));
  }

  /** Resolves at once unless a chunk had to wait for the disk. */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text);
    this.size += text.length;
    return this.size >= this.chunkSize ? this.drain() : undefined;
  }

  private async drain(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.stream.write(chunk)) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    if (this.size > 0) await this.drain();
    await new Promise<void>((resolve, reject) => {
      this.stream.end(() => (this.failure ? reject(this.failure) : resolve()));
    });
  }
}

/** One CSV field (RFC 4180): quoted when it holds a comma, quote or line break. */
export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(values: readonly (string | number | undefined)[]): string {
  return `${values.map(csvField).join(',')}\n`;
}
