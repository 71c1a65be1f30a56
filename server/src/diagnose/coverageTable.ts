import { GUIDE_COVERAGE, GUIDE_SECTIONS, sectionDocs } from './guide';

/**
 * The README's "guide → product" table, generated from GUIDE_COVERAGE so the two cannot drift
 * (a unit test compares it with README.md).
 */
export function coverageTable(): string {
  const rows = GUIDE_SECTIONS.map((title) => {
    const entries = GUIDE_COVERAGE[title];
    const checks = entries.filter((e) => !e.includes(':')).map((e) => `\`${e}\``);
    const rules = entries.filter((e) => e.startsWith('config:')).map((e) => `\`${e.slice(7)}\``);
    const other = entries.filter((e) => e.startsWith('report:')).map((e) => `report (${e.slice(7)})`);
    return `| [${title}](${sectionDocs(title)}) | ${checks.join(', ') || '—'} | ${[...rules, ...other].join(', ') || '—'} |`;
  });
  return ['| Guide section | Diagnose checks / health view | Config diagnostics & hovers |', '|---|---|---|', ...rows].join('\n');
}
