/**
 * Gives each source key a column name that stays distinct once lowercased
 * (Athena, Hive and DuckDB compare names case-insensitively). Deterministic:
 * keys are considered in code-unit order, the first keeps its name and later
 * ones get the smallest free suffix `_2`, `_3`, ... Names in `reserved`
 * (lowercase) are never given out. An empty key becomes `_`.
 */
export function assignColumnNames(keys: readonly string[], reserved: ReadonlySet<string> = new Set()): Map<string, string> {
  const taken = new Set(reserved);
  const names = new Map<string, string>();
  for (const key of [...keys].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    const base = key === '' ? '_' : key;
    let name = base;
    for (let suffix = 2; taken.has(name.toLowerCase()); suffix++) name = `${base}_${suffix}`;
    taken.add(name.toLowerCase());
    names.set(key, name);
  }
  return names;
}
