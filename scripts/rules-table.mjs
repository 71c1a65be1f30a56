// Prints the README's "Rules" table (run `node scripts/build.mjs` first).
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { rulesTable, severitiesFromSource } = require('../out/server/src/service/rulesTable.js');
const { nativelinkRules } = require('../out/server/src/nativelink/rules/index.js');
const { collectorRules } = require('../out/server/src/collector/rules/index.js');
const severities = new Map();
for (const dir of ['server/src/nativelink/rules', 'server/src/collector/rules'])
  for (const f of readdirSync(join(root, dir)).filter((n) => n.endsWith('.ts')))
    for (const [id, s] of severitiesFromSource(readFileSync(join(root, dir, f), 'utf8'))) severities.set(id, s);
console.log(rulesTable([...nativelinkRules, ...collectorRules], severities));
