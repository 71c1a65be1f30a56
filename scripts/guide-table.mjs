// Prints the README's troubleshooting-guide coverage table (run `node scripts/build.mjs` first).
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { coverageTable } = require('../out/server/src/diagnose/coverageTable.js');
console.log(coverageTable());
