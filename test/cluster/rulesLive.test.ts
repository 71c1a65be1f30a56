/**
 * The live rule check (CodeLens and `nativelink-check config --prometheus`) against a real Prometheus running the
 * healthy simulator scenario, which spells names as the collector does by default.
 */
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { runConfigWithLive } from '../../server/src/cli/rulesLive';
import { clusterNames, liveCheck } from '../../server/src/promrules/live';
import { usePrometheus } from './harness';

const FIXTURE = join(__dirname, '..', '..', '..', 'test', 'fixtures', 'promrules', 'nativelink-rules-corrected.yml');

describe('cluster: live rule check on a real Prometheus', function () {
  this.timeout(60_000);
  const fx = usePrometheus('healthy');

  it('an expression with data returns its series and value', async () => {
    const { client } = fx();
    const names = await clusterNames(client);
    assert.ok(names.has('nativelink_execution_completed_count_total'), [...names].join(', '));
    const r = await liveCheck(client, 'sum(nativelink_worker_connected_count)', names, {});
    assert.equal(r.status, 'series', r.message);
    assert.equal(r.series, 1);
    assert.ok(r.value !== undefined && r.value > 0, r.message);
  });

  it('the shipped spelling and a never-emitted metric: "can never fire here", with the names the cluster has', async () => {
    const { client } = fx();
    const names = await clusterNames(client);
    const r = await liveCheck(client, 'histogram_quantile(0.95, sum by (le) (rate(nativelink_execution_queue_time_bucket[5m]))) > 30', names);
    assert.equal(r.status, 'never', r.message);
    assert.deepEqual(r.missing, ['nativelink_execution_queue_time_bucket']);
    assert.ok(r.available.includes('nativelink_execution_queue_time_seconds_bucket'), r.available.join(', '));
    assert.match(r.message, /can never fire here/);
    const size = await liveCheck(client, 'sum(nativelink_cache_size) > 0', names);
    assert.equal(size.status, 'never');
  });

  it('a condition that is false now is "no series now", not "never"', async () => {
    const { client } = fx();
    const names = await clusterNames(client);
    const r = await liveCheck(client, 'sum(nativelink_execution_active_count{execution_stage="queued"}) > 1e9', names);
    assert.equal(r.status, 'empty', r.message);
  });

  it('nativelink-check config --prometheus evaluates every rule of the file', async () => {
    const { prom } = fx();
    let out = '';
    let err = '';
    const code = await runConfigWithLive(['--prometheus', prom.url, FIXTURE], { stdout: (s) => (out += s), stderr: (s) => (err += s), env: {} });
    assert.equal(code, 0, err);
    const live = out.split('\n').filter((l) => l.includes('promrules/live'));
    assert.equal(live.length, 12, out);
    assert.ok(live.some((l) => /record nativelink:execution_success_ratio: \d+ series now, value/.test(l)), out);
    assert.ok(live.some((l) => /alert NativeLinkMetricsAbsent: no series now/.test(l)), out);
  });

  it('refuses a secret on the command line and needs the variable to be set', async () => {
    const { prom } = fx();
    let err = '';
    const io = { stdout: () => undefined, stderr: (s: string) => (err += s), env: {} };
    assert.equal(await runConfigWithLive(['--prometheus', prom.url, '--bearer-token', 'x', FIXTURE], io), 64);
    assert.match(err, /not accepted: a secret on the command line/);
    assert.equal(await runConfigWithLive(['--prometheus', prom.url, '--bearer-token-env', 'NL_TOKEN', FIXTURE], io), 64);
    assert.match(err, /NL_TOKEN is not set/);
  });
});
