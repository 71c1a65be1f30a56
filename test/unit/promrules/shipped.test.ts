import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseYaml } from '../../../server/src/parser/yaml';
import { checkRuleGroups } from '../../../server/src/promrules/ruleGroups';
import { ruleGroupsNode } from '../../../server/src/promrules/engine';
import type { Finding } from '../../../server/src/service/rules';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { HostAwareLanguageService } from '../../../server/src/service/embedded/hostService';
import { findEmbedded } from '../../../server/src/service/embedded/hosts';
import { engines } from '../../../server/src/service/engines';
import { defaultSettings } from '../../../server/src/service/settings';
import { CORPUS_DIR, REPO_ROOT } from '../../sharedPaths';
import { findings, kindOf } from './helpers';

/**
 * NativeLink's shipped rule files and dashboard (deployment-examples/metrics at v1.6.6): every finding listed here is
 * true, with the upstream reason beside it; nothing else may be reported.
 */
const METRICS = join(CORPUS_DIR, 'metrics');
const summary = (fs: { code: string; at: string }[]) => fs.map((f) => `${f.code} ${f.at.trim()}`).sort();

describe('promrules: NativeLink shipped rules and dashboard', function () {
  before(function () {
    if (!existsSync(METRICS)) this.skip();
  });

  it('prometheus-recording-rules.yml: every finding is true', () => {
    const text = readFileSync(join(METRICS, 'prometheus-recording-rules.yml'), 'utf8');
    assert.equal(kindOf(text, 'prometheus-recording-rules.yml'), 'promrules');
    const got = findings(text, 'prometheus-recording-rules.yml');
    const expected = [
      // simple_scheduler_state_manager.rs records cache_hit only for ActionStage::CompletedFromCache; that stage comes from
      // cache_lookup_scheduler.rs, which answers the client directly, and local_worker.rs reports ActionStage::Completed.
      'nativelink/label-value-never-recorded "cache_hit"',
      // metrics.rs: execution.queue.time / stage.duration / total.duration have unit "s", output.size "By",
      // cache.operation.duration "ms": the collector's translator appends _seconds / _bytes / _milliseconds.
      ...Array(2).fill('nativelink/metric-spelling nativelink_execution_queue_time_bucket'),
      ...Array(3).fill('nativelink/metric-spelling nativelink_execution_stage_duration_bucket'),
      ...Array(2).fill('nativelink/metric-spelling nativelink_execution_total_duration_bucket'),
      ...Array(2).fill('nativelink/metric-spelling nativelink_execution_output_size_bucket'),
      ...Array(3).fill('nativelink/metric-spelling nativelink_cache_operation_duration_bucket'),
      // the two SLO rules repeat those spellings
      'nativelink/metric-spelling nativelink_cache_operation_duration_bucket',
      'nativelink/metric-spelling nativelink_execution_queue_time_bucket',
      // metrics.rs: cache.io has unit "By" → nativelink_cache_io_bytes_total.
      ...Array(2).fill('nativelink/metric-spelling nativelink_cache_io_total'),
      // metrics.rs declares cache.size and cache.entries; no call site records them.
      'nativelink/metric-never-emitted nativelink_cache_size',
      'nativelink/metric-never-emitted nativelink_cache_entries',
      // cache_metrics_store.rs records only read_* and write_* attribute sets: "evict" never appears.
      'nativelink/label-value-never-recorded "evict"',
      // memory_awaited_action_db.rs records execution.active.count with execution.stage only.
      'nativelink/label-never-carried execution_instance',
      'nativelink/label-never-carried execution_priority',
      'nativelink/label-never-carried execution_worker_id',
      // estimated_memory_usage_bytes sums a histogram's _sum (unit By, so _bytes_sum): a running total, not a level.
      'nativelink/metric-spelling nativelink_execution_output_size_sum',
      'nativelink/counter-without-rate nativelink_execution_output_size_sum',
    ];
    assert.deepEqual(summary(got), expected.sort());
    assert.ok(got.every((f) => f.severity === 2), 'all warnings: promtool accepts the file');
  });

  it('kubernetes-prometheus.yaml: the rules inside the ConfigMap entry, through checkRuleGroups', () => {
    // The embedded-documents layer does this in the editor; here we pull the entry out ourselves.
    const host = readFileSync(join(METRICS, 'kubernetes-prometheus.yaml'), 'utf8');
    const cm = parseAllDocuments(host).map((d) => d.toJS()).find((d) => d?.data?.['nativelink-rules.yml']);
    const inner: string = cm.data['nativelink-rules.yml'];
    // The editor claims the entry too: its alert annotations' {{ }} are Prometheus templates, not Helm input.
    assert.deepEqual(findEmbedded('file:///k8s/kubernetes-prometheus.yaml', host).filter((e) => e.kind === 'promrules').map((e) => e.label), ['ConfigMap prometheus-rules: data.nativelink-rules.yml']);
    const root = parseYaml(inner).root;
    const out: Finding[] = [];
    checkRuleGroups(inner, ruleGroupsNode(root)!, (f) => out.push(f));
    const at = (f: Finding) => (f.node ? inner.slice(f.node.offset, f.node.offset + f.node.length) : inner.slice(f.range!.offset, f.range!.offset + f.range!.length));
    assert.deepEqual(out.map((f) => `${f.code} ${at(f)}`).sort(), [
      // count by (execution_worker_id) over execution.active.count: that instrument carries execution.stage only.
      'nativelink/label-never-carried execution_worker_id',
      // cache_metrics_store.rs never records cache.operation.name="evict": NativeLinkCacheEvictionRateHigh can never fire.
      'nativelink/label-value-never-recorded "evict"',
    ]);
  });

  // The path an operator's editor and `nativelink-check config` take: the host file itself. Its alert annotations are
  // Go templates (`{{ $value | humanizePercentage }}`), which once made the host layer decline the entry as Helm input.
  it('kubernetes-prometheus.yaml as a host file: the ConfigMap entry is found and checked at host lines', () => {
    const host = readFileSync(join(METRICS, 'kubernetes-prometheus.yaml'), 'utf8');
    assert.match(host, /\{\{ \$value/);
    assert.deepEqual(findEmbedded('file:///k8s/kubernetes-prometheus.yaml', host).map((e) => `${e.kind} ${e.label}`), ['promrules ConfigMap prometheus-rules: data.nativelink-rules.yml']);
    const service = new HostAwareLanguageService(engines);
    const diags = service.diagnostics(TextDocument.create('file:///k8s/kubernetes-prometheus.yaml', 'yaml', 1, host), defaultSettings);
    const lines = host.split('\n');
    const at = (d: Diagnostic) => lines[d.range.start.line].slice(d.range.start.character, d.range.end.character);
    assert.deepEqual(diags.map((d) => `${d.code} ${at(d)}`).sort(), ['nativelink/label-never-carried execution_worker_id', 'nativelink/label-value-never-recorded "evict"']);
  });

  it('nativelink-overview.json: claimed for PromQL only, every finding true', () => {
    const text = readFileSync(join(METRICS, 'nativelink-overview.json'), 'utf8');
    assert.equal(kindOf(text, 'nativelink-overview.json'), 'promrules');
    const got = findings(text, 'nativelink-overview.json');
    assert.deepEqual(summary(got), [
      // "Successful"/"Failed" stat panels show sum() of the raw counter: a total since each process started.
      'nativelink/counter-without-rate nativelink_execution_completed_count_total',
      'nativelink/counter-without-rate nativelink_execution_completed_count_total',
      // metrics.rs declares ExecutionResult::{Cancelled, Timeout}; no call site records them; cache_hit as above.
      'nativelink/label-value-never-recorded \\"cache_hit\\"',
      'nativelink/label-value-never-recorded \\"cancelled\\"',
      'nativelink/label-value-never-recorded \\"failure|cancelled|timeout\\"',
      'nativelink/label-value-never-recorded \\"timeout\\"',
    ]);
    // The regex still matches "failure": information, not a warning.
    assert.equal(got.find((f) => f.at.includes('failure|'))?.severity, 3);
  });

  it('our corrected rule file is clean', () => {
    const text = readFileSync(join(REPO_ROOT, 'test/fixtures/promrules/nativelink-rules-corrected.yml'), 'utf8');
    assert.equal(kindOf(text), 'promrules');
    assert.deepEqual(findings(text), []);
  });
});
