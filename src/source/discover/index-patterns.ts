/** Compiles Elasticsearch-style name patterns (`*` wildcards) into one matcher. */
export function patternMatcher(patterns: readonly string[]): (name: string) => boolean {
  const regexes = patterns.map((pattern) => new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`));
  return (name) => regexes.some((regex) => regex.test(name));
}
