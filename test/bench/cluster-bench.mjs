// Runs the compiled cluster benchmark: node scripts/build.mjs && node test/bench/cluster-bench.mjs [scenario…]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
const { benchCluster } = require('../../out/test/bench/cluster-bench.js');
const scenarios = process.argv.slice(2).length ? process.argv.slice(2) : ['healthy', 'cache-thrash'];
for (const scenario of scenarios) console.log(JSON.stringify(await benchCluster({ scenario })));
