import { readdir } from 'node:fs/promises';
import path from 'node:path';

/**
 * Files below `dir` whose path (relative, with `/`) passes `accept`, in a stable order so a
 * dump imports the same way every time. A missing folder yields nothing.
 */
export async function* walkFiles(dir: string, accept: (relPath: string) => boolean): AsyncIterable<string> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true, recursive: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  const files = entries
    .filter((d) => d.isFile())
    .map((d) => path.join(d.parentPath, d.name))
    .filter((f) => accept(path.relative(dir, f).split(path.sep).join('/')))
    .sort();
  yield* files;
}
