import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { NativeLinkTestApi } from '../../client/src/extension';
import type { Features } from '../../client/src/features';
import { freePort, startPrometheus, type RunningPrometheus } from '../../demo/simulator/prometheus';
import { EXTENSION_ID } from './helpers';

/** The tree against real Prometheus servers fed by the simulator, read through the test API. */
describe('Cluster health tree in real VS Code', function () {
  this.timeout(90_000);
  const proms: RunningPrometheus[] = [];
  let api: Features;

  before(async () => {
    api = await ((await vscode.extensions.getExtension(EXTENSION_ID)!.activate()) as NativeLinkTestApi).features();
    assert.ok(api?.cluster, 'activate() returns the test API when NATIVELINK_EXTENSION_TEST=1');
    proms.push(await startPrometheus({ scenario: 'healthy' }), await startPrometheus({ scenario: 'cache-thrash' }));
    const closed = await freePort();
    await vscode.workspace.getConfiguration('nativelink').update(
      'clusters',
      [
        { name: 'healthy', prometheusUrl: proms[0].url },
        { name: 'thrash', prometheusUrl: proms[1].url },
        { name: 'down', prometheusUrl: `http://127.0.0.1:${closed}`, timeoutSeconds: 2 },
      ],
      vscode.ConfigurationTarget.Global,
    );
  });

  after(async () => {
    await vscode.workspace.getConfiguration('nativelink').update('clusters', undefined, vscode.ConfigurationTarget.Global);
    await Promise.all(proms.map((p) => p.stop()));
  });

  it('shows each scenario with the right statuses and says plainly when a cluster is unreachable', async () => {
    await api.cluster.monitor.refresh();
    const snap = api.cluster.tree.snapshot();
    const by = (n: string) => snap.find((s) => s.cluster === n)!;
    assert.deepEqual(snap.map((s) => s.cluster), ['healthy', 'thrash', 'down']);
    const healthyBad = by('healthy').checks.filter((c) => c.status === 'warning' || c.status === 'critical');
    assert.deepEqual(healthyBad, [], 'healthy scenario has no warning or critical check');
    const hit = by('thrash').checks.find((c) => c.id === 'cache-hit-rate');
    assert.equal(hit?.status, 'critical');
    assert.equal(by('thrash').status, 'critical');
    assert.match(by('down').error ?? '', /refused|unreachable|connect/i);
    assert.ok(by('down').checks.every((c) => c.status === 'unknown'));

    const roots = api.cluster.tree.getChildren();
    const areas = api.cluster.tree.getChildren(roots[1]);
    const cacheArea = areas.find((a) => a.type === 'area' && a.area === 'cache')!;
    const item = api.cluster.tree.getTreeItem(cacheArea);
    assert.equal(item.label, 'Cache');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
    const checkItem = api.cluster.tree.getTreeItem(api.cluster.tree.getChildren(cacheArea).find((n) => n.type === 'check' && n.check.id === 'cache-hit-rate')!);
    assert.equal(checkItem.contextValue, 'check.critical');
    assert.ok(checkItem.tooltip instanceof vscode.MarkdownString && /promql/.test(checkItem.tooltip.value));
  });
});
