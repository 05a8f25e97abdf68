/**
 * Direct vs transitive, relative to the product: a component is direct when one of the roots
 * (the product's own refs) lists it as a dependency, transitive when the graph has edges for the
 * roots but not to it. Without edges from any root the document cannot tell: null.
 */
export function directness(roots: readonly string[], dependencies: readonly { ref: string; dependsOn: readonly string[] }[]): (ref: string) => boolean | null {
  const rootSet = new Set(roots);
  const direct = new Set<string>();
  for (const d of dependencies) {
    if (rootSet.has(d.ref)) for (const r of d.dependsOn) direct.add(r);
  }
  if (direct.size === 0) return () => null;
  return (ref) => direct.has(ref);
}

/** Merge edges by source ref, dropping duplicates, keeping document order. */
export function groupEdges(edges: Iterable<[from: string, to: string]>): { ref: string; dependsOn: string[] }[] {
  const bySource = new Map<string, Set<string>>();
  for (const [from, to] of edges) {
    let targets = bySource.get(from);
    if (!targets) bySource.set(from, (targets = new Set()));
    targets.add(to);
  }
  return [...bySource].map(([ref, targets]) => ({ ref, dependsOn: [...targets] }));
}
