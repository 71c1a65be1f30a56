import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { collectorRules } from '../../../server/src/collector/rules';
import { rulesTable, severitiesFromSource } from '../../../server/src/service/rulesTable';
import { REPO_ROOT } from '../../sharedPaths';

function severities(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const dir of ['server/src/nativelink/rules', 'server/src/collector/rules'])
    for (const f of readdirSync(join(REPO_ROOT, dir)).filter((n) => n.endsWith('.ts')))
      for (const [id, s] of severitiesFromSource(readFileSync(join(REPO_ROOT, dir, f), 'utf8'))) out.set(id, s);
  return out;
}

describe('README rules table', () => {
  const table = rulesTable([...nativelinkRules, ...collectorRules], severities());
  it('README carries the current rules table', () => {
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
    assert.ok(readme.includes(table), 'README rules table is stale: regenerate it with `node scripts/rules-table.mjs`');
  });
  it('every rule has a row with a severity and an upstream link', () => {
    const rows = table.split('\n').slice(2);
    assert.equal(rows.length, nativelinkRules.length + collectorRules.length);
    for (const row of rows) {
      assert.doesNotMatch(row, /^\| `[^`]+` \| —/, row);
      assert.match(row, /\]\(https:\/\/github\.com\/[^)]+\/blob\/v[0-9.]+\/[^)]+\) \|$/, row);
    }
  });
});
