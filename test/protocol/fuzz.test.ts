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
    const r = await runFuzz({ seed: 20261204, count: 250, rssEvery: 50, clearEvery: 100 });
    console.log(
      `      fuzz: ${r.documents} documents, ${r.requests} requests in ${r.seconds.toFixed(0)} s; wall max ${r.maxMs.toFixed(0)} ms, ` +
        `server CPU max ${r.cpuMaxMs} ms; ${r.slow} slow; RSS ${r.rss[0]?.mb.toFixed(0)} → ${r.rss[r.rss.length - 1]?.mb.toFixed(0)} MB`,
    );
    const bad = r.failures.filter((f) => f.kind !== 'slow');
    assert.deepEqual(bad, [], JSON.stringify(bad.slice(0, 3), null, 1));
    assert.equal(r.documents, 250);
    // The server started with --expose-gc answers its live heap after a full GC (the fuzzer's memory signal).
    assert.ok(r.heap.length >= 2 && r.heap.every((h) => h.mb > 1 && h.mb < 1024), JSON.stringify(r.heap));
    // The bare-heap checkpoints empty the server's caches first, so they never hold more than the sample beside them.
    assert.deepEqual(r.bareHeap.map((b) => b.doc), [0, 100, 200]);
    for (const b of r.bareHeap) {
      const full = r.heap.find((h) => h.doc === b.doc)!;
      assert.ok(b.mb > 1 && b.mb <= full.mb + 0.5, `doc ${b.doc}: ${b.mb} MB with caches emptied, ${full.mb} MB with them`);
    }
    // Every server-wide cache reports its fill within its bounds, and the YAML documents used the piece cache.
    assert.equal(r.caches.length, 5, JSON.stringify(r.caches));
    for (const c of r.caches) assert.ok(c.entries <= c.maxEntries && (c.chars ?? 0) <= (c.maxChars ?? Infinity), JSON.stringify(c));
    assert.ok(r.caches.some((c) => c.name === 'yaml pieces'));
  });
});
