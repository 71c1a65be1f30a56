import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectorRules } from '../../../server/src/collector/rules';
import { ALL_DIAGNOSE_CHECKS, GUIDE_COVERAGE, GUIDE_SECTIONS } from '../../../server/src/diagnose';
import { coverageTable } from '../../../server/src/diagnose/coverageTable';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { GUIDE_PATH } from '../../sharedPaths';

const root = join(__dirname, '..', '..', '..', '..');
const GUIDE = GUIDE_PATH;

describe('troubleshooting guide coverage', () => {
  it('maps every section to at least one existing check or rule', () => {
    const checks = new Set(ALL_DIAGNOSE_CHECKS.map((c) => c.id));
    const rules = new Set([...nativelinkRules, ...collectorRules].map((r) => r.id));
    for (const title of GUIDE_SECTIONS) {
      const entries = GUIDE_COVERAGE[title];
      assert.ok(entries.length > 0, `${title} is covered`);
      for (const e of entries) {
        if (e.startsWith('config:')) assert.ok(rules.has(e.slice(7)), `${title}: rule ${e} exists`);
        else if (e.startsWith('report:')) continue;
        else assert.ok(checks.has(e), `${title}: check ${e} exists`);
      }
    }
  });

  it('lists exactly the sections of the guide', function () {
    if (!existsSync(GUIDE)) {
      console.log(`      (guide not found at ${GUIDE}: section titles not cross-checked)`);
      this.skip();
    }
    const lines = new Set(readFileSync(GUIDE, 'utf8').split('\n').map((l) => l.trim()));
    for (const title of GUIDE_SECTIONS) assert.ok(lines.has(title), `"${title}" is a line of the guide`);
  });

  it('README carries the current coverage table', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    assert.ok(readme.includes(coverageTable()), 'README table is stale: regenerate it with `node scripts/guide-table.mjs`');
  });
});
