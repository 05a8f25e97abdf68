/** A plain-text table as the CLI prints it: a header row, columns padded to their widest cell, two spaces apart. */
export function writeTable(out: NodeJS.WritableStream, head: readonly string[], rows: readonly (readonly string[])[]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [head, ...rows])
    out.write(
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join('  ')
        .trimEnd()}\n`,
    );
}
