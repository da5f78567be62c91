/** Merges header maps case-insensitively; later maps win, the last spelling of a name is kept. */
export function mergeHeaders(...sources: Array<Record<string, string> | null | undefined>): Record<string, string> {
  const merged = new Map<string, [string, string]>();
  for (const source of sources) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      if (typeof value === 'string') merged.set(name.toLowerCase(), [name, value]);
    }
  }
  return Object.fromEntries([...merged.values()]);
}
