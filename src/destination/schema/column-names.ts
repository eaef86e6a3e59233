/**
 * Gives each source key a column name that stays distinct once lowercased
 * (Athena, Hive and DuckDB compare names case-insensitively). Deterministic
 * and independent of key order: keys are considered in code-unit order; the
 * first key of each case-insensitive group keeps its name, then the others
 * get the smallest free suffix `_2`, `_3`, ... (a key that already has such a
 * name keeps it). Names in `reserved` (lowercase) are never given out. An
 * empty key becomes `_`; a lone surrogate in a key becomes U+FFFD in its
 * name (a Parquet name is UTF-8, which cannot hold one).
 */
export function assignColumnNames(keys: readonly string[], reserved: ReadonlySet<string> = new Set()): Map<string, string> {
  const taken = new Set(reserved);
  const names = new Map<string, string>();
  const sorted = [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const renamed: string[] = [];
  for (const key of sorted) {
    const name = key === '' ? '_' : key.toWellFormed();
    if (taken.has(name.toLowerCase())) {
      renamed.push(key);
    } else {
      taken.add(name.toLowerCase());
      names.set(key, name);
    }
  }
  for (const key of renamed) {
    const base = key === '' ? '_' : key.toWellFormed();
    let name = base;
    for (let suffix = 2; taken.has(name.toLowerCase()); suffix++) name = `${base}_${suffix}`;
    taken.add(name.toLowerCase());
    names.set(key, name);
  }
  return names;
}
