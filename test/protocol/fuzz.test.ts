import * as assert from 'node:assert/strict';
import { runFuzz } from '../fuzz/harness';

/**
 * A small fixed-seed run of `npm run fuzz` (test/fuzz): mutated fixtures and corpus documents, every request
 * kind at random positions, over LSP to dist/server.js. Fails on a crash, a hang (no answer in 30 s) or a
 * handler error; slow requests are printed (wall time on a shared machine is not ours to assert).
 */
describe('protocol: fuzz (fixed seed)', function () {
  this.timeout(600_000);
  it('survives 250 mutated documents without a crash, a hang or a handler error', async () => {
    const r = await runFuzz({ seed: 20261204, count: 250 });
    console.log(
      `      fuzz: ${r.documents} documents, ${r.requests} requests in ${r.seconds.toFixed(0)} s; wall max ${r.maxMs.toFixed(0)} ms, ` +
        `server CPU max ${r.cpuMaxMs} ms; ${r.slow} slow; RSS ${r.rss[0]?.mb.toFixed(0)} → ${r.rss[r.rss.length - 1]?.mb.toFixed(0)} MB`,
    );
    const bad = r.failures.filter((f) => f.kind !== 'slow');
    assert.deepEqual(bad, [], JSON.stringify(bad.slice(0, 3), null, 1));
    assert.equal(r.documents, 250);
    // The server started with --expose-gc answers its live heap after a full GC (the fuzzer's memory signal).
    assert.ok(r.heap.length >= 2 && r.heap.every((h) => h.mb > 1 && h.mb < 1024), JSON.stringify(r.heap));
  });
});
