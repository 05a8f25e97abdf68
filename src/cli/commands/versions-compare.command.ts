import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { supportedEcosystems, versionScheme } from '../../ids/index.ts';

/** Output is flushed in chunks of about this many characters. */
const CHUNK = 64 * 1024;

/**
 * `kanshi versions compare <ecosystem>`: one `a<TAB>b` per input line, one `<`, `=`, `>` or
 * `error: <reason>` per output line. Output goes out in chunks, waiting for `drain` when the
 * stream is full, so millions of lines stream through bounded memory.
 * Returns 0, or 2 (with a message on `output`) for an unknown ecosystem.
 */
export async function compareVersionLines(ecosystem: string, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const scheme = versionScheme(ecosystem);
  if (scheme === undefined) {
    await write(output, `error: unknown ecosystem ${JSON.stringify(ecosystem)}; known: ${supportedEcosystems.join(', ')}\n`);
    return 2;
  }
  let buffer = '';
  for await (const raw of createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY })) {
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const tab = line.indexOf('\t');
    if (tab < 0) buffer += 'error: expected two versions separated by a tab\n';
    else {
      try {
        const c = scheme.compare(line.slice(0, tab), line.slice(tab + 1));
        buffer += c < 0 ? '<\n' : c > 0 ? '>\n' : '=\n';
      } catch (err) {
        buffer += `error: ${(err as Error).message}\n`;
      }
    }
    if (buffer.length >= CHUNK) {
      await write(output, buffer);
      buffer = '';
    }
  }
  if (buffer !== '') await write(output, buffer);
  return 0;
}

async function write(output: NodeJS.WritableStream, chunk: string): Promise<void> {
  if (!output.write(chunk)) await once(output, 'drain');
}
