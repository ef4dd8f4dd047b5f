// The pieces that keep many requests polite: the shared limiter, when to retry, and the TTY-only counter.
import { Writable } from 'node:stream';
import { Limiter } from '../../src/concurrency.js';
import { retryDelay } from '../../src/kube/retry.js';
import { Printer } from '../../src/output/printer.js';

test('Limiter: never more than its limit at once, and every task runs', async () => {
  const limiter = new Limiter(3);
  let now = 0;
  let peak = 0;
  const release: Array<() => void> = [];
  const tasks = Array.from({ length: 10 }, (_, i) =>
    limiter.run(async () => {
      peak = Math.max(peak, ++now);
      await new Promise<void>((resolve) => release.push(resolve));
      now--;
      return i;
    }),
  );
  // Release whatever is running until all have run.
  while (release.length || now) {
    await new Promise((resolve) => setImmediate(resolve));
    release.shift()?.();
  }
  expect(await Promise.all(tasks)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  expect(peak).toBe(3);
});

test('Limiter: a failing task frees its slot', async () => {
  const limiter = new Limiter(1);
  await expect(limiter.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
  expect(await limiter.run(async () => 'next')).toBe('next');
});

test.each<[number, string | undefined, number, number | undefined]>([
  [429, '3', 0, 3000],
  [429, '0', 9, 0],
  [429, '1', 10, undefined],
  [503, '2', 0, 2000],
  [500, undefined, 0, undefined],
  [429, undefined, 0, 500],
  [429, undefined, 3, 4000],
  [429, undefined, 4, 8000],
  [429, undefined, 5, undefined],
  [429, 'Wed, 21 Oct 2015 07:28:00 GMT', 0, 500],
  [409, '1', 0, undefined],
  [200, '1', 0, undefined],
])('status %p, Retry-After %p, attempt %p: wait %p ms', (status, header, attempt, wait) => {
  expect(retryDelay(status, header, attempt)).toBe(wait);
});

class Terminal extends Writable {
  text = '';
  isTTY: boolean;
  columns = 80;
  constructor(tty: boolean) {
    super();
    this.isTTY = tty;
  }
  // What ora calls on a TTY stream (tty.WriteStream), written out as the escapes they stand for.
  cursorTo(x: number): boolean {
    return this.write(`\u001b[${x + 1}G`);
  }
  clearLine(): boolean {
    return this.write('\u001b[2K');
  }
  moveCursor(_dx: number, dy: number): boolean {
    return this.write(dy < 0 ? `\u001b[${-dy}A` : '');
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

const palette = { level: 1, red: String, green: String, yellow: String, cyan: String, dim: String, bold: String };

test('counter: a spinner with the count on a TTY, erased at the end', async () => {
  const stderr = new Terminal(true);
  const printer = new Printer({ stdout: new Terminal(true), stderr, env: {} }, palette);
  const counter = printer.counter((n, of) => `read ${n}/${of} clusters`);
  counter.tick(37, 100);
  await import('ora');
  await new Promise((resolve) => setImmediate(resolve));
  expect(stderr.text).toContain('read 37/100 clusters');
  const before = stderr.text.length;
  counter.stop();
  // ora erases its line, and writes nothing else
  expect(stderr.text.slice(before)).toContain('\u001b[2K');
  expect(stderr.text.slice(before)).not.toContain('read');
});

test('counter: nothing at all when stderr is not a TTY', async () => {
  const stderr = new Terminal(false);
  const printer = new Printer({ stdout: new Terminal(false), stderr, env: {} }, palette);
  const counter = printer.counter((n, of) => `read ${n}/${of} clusters`);
  counter.tick(1, 2);
  await import('ora');
  await new Promise((resolve) => setImmediate(resolve));
  counter.stop();
  expect(stderr.text).toBe('');
});
