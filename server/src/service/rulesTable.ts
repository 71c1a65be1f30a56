import type { Rule } from './rules';

/**
 * The README's "Rules" table: id, severity (advice rules are marked, they can be silenced), what the rule checks
 * and the upstream source it encodes. Severities are read from the rule sources (the literals a rule reports with),
 * so the table states what the code does; a unit test compares it with README.md.
 */

/** Severity literals reported inside each rule object of a rule source file, keyed by rule id. */
export function severitiesFromSource(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const ids = [...text.matchAll(/\n\s*id: '([^']+)',/g)];
  ids.forEach((m, i) => {
    // One rule per file: its helpers above the rule object count too.
    const segment = ids.length === 1 ? text : text.slice(m.index, ids[i + 1]?.index ?? text.length);
    const found = new Set<string>();
    for (const s of segment.matchAll(/'(error|warning|information|hint)'/g)) found.add(s[1]);
    out.set(m[1], [...found]);
  });
  return out;
}

const ORDER = ['error', 'warning', 'information', 'hint'];
const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** `owner/repo@tag:path` → a link to that file at that tag. */
function sourceLink(entry: string): string {
  const m = /^([^@]+)@([^:]+):(.+)$/.exec(entry);
  if (!m) return cell(entry);
  const short = m[1].replace(/^open-telemetry\/opentelemetry-collector-contrib$/, 'contrib').replace(/^open-telemetry\/opentelemetry-collector$/, 'collector').replace(/^TraceMachina\/nativelink$/, 'nativelink');
  return `[${short}:${m[3]}](https://github.com/${m[1]}/blob/${m[2]}/${m[3]})`;
}

export function rulesTable(rules: readonly Rule[], severities: ReadonlyMap<string, string[]>): string {
  const rows = [...rules]
    .sort((a, b) => a.id.localeCompare(b.id))
    .map((r) => {
      const sev = [...(severities.get(r.id) ?? [])].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)).join('/') || '—';
      return `| \`${r.id}\` | ${sev}${r.advice ? ' (advice)' : ''} | ${cell(r.description)} | ${(r.upstream ?? []).map(sourceLink).join('<br>') || '—'} |`;
    });
  return ['| Rule | Severity | What it checks | Upstream source |', '|---|---|---|---|', ...rows].join('\n');
}
