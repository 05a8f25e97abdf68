import { PassThrough, Readable, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compareVersionLines } from './versions-compare.command.ts';

async function run(ecosystem: string, input: string, output: Writable = new PassThrough()): Promise<[number, string]> {
  const chunks: Buffer[] = [];
  if (output instanceof PassThrough) output.on('data', (c: Buffer) => chunks.push(c));
  const code = await compareVersionLines(ecosystem, Readable.from([input]), output);
  return [code, Buffer.concat(chunks).toString('utf8')];
}

describe('compareVersionLines', () => {
  it('answers one line per pair', async () => {
    const [code, out] = await run('Debian:12', '1.0\t1.0-0\n1:0.9\t2.0\r\n1.0~rc1\t1.0\nno-tab\n:1\t1\n');
    expect(code).toBe(0);
    expect(out.split('\n')).toEqual([
      '=',
      '>',
      '<',
      'error: expected two versions separated by a tab',
      'error: invalid deb version ":1": epoch in version is empty',
      '',
    ]);
  });

  it('returns 2 with a message for an unknown ecosystem', async () => {
    const [code, out] = await run('Nope', '1\t2\n');
    expect(code).toBe(2);
    expect(out).toMatch(/^error: unknown ecosystem "Nope"; known: npm, /);
  });

  it('writes in chunks and waits for a slow consumer', async () => {
    let writes = 0;
    let received = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      write(chunk: Buffer, _enc, done) {
        writes++;
        received += chunk.toString().split('\n').length - 1;
        setImmediate(done);
      },
    });
    const lines = 200_000;
    const [code] = await run('npm', '1.2.3\t1.2.4\n'.repeat(lines), slow);
    expect(code).toBe(0);
    expect(received).toBe(lines);
    expect(writes).toBeLessThan(lines / 100);
  });
});
