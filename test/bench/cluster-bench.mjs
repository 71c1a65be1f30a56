// Runs the compiled cluster benchmark: node scripts/build.mjs && node test/bench/cluster-bench.mjs [scenario…] [--scale large] [--runs N]
import { createRequire } from 'node:module';
const require = createRequire(import.meta.url);
await require('../../out/test/bench/cluster-bench.js').main();
