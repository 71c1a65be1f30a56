import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import type { ASTNode } from '../../../server/src/parser/ast';
import { lastIncrementalParsedChars, ParseLineage, parseYaml, parseYamlFull, parseYamlIncremental } from '../../../server/src/parser/yaml';
import { corpusFiles, prng } from './helpers';

/** The incremental (piece-cached) YAML parse must be indistinguishable from the whole-text parse. */
function canon(r: { root: ASTNode | undefined; errors: unknown[]; comments: unknown[]; documents: (ASTNode | undefined)[] }): string {
  const sortKeys = (_k: string, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).filter(([k]) => k !== 'parent').sort(([a], [b]) => (a < b ? -1 : 1))) : v;
  return JSON.stringify({ root: r.root, errors: r.errors, comments: r.comments, documents: r.documents }, sortKeys);
}

function parentsOk(n: ASTNode | undefined, p: ASTNode | undefined): boolean {
  if (!n) return true;
  return n.parent === p && (n.children ?? []).every((c) => parentsOk(c, n));
}

function bigCollector(n: number): string {
  const L = ['# big collector config', 'receivers:'];
  for (let i = 0; i < n; i++) L.push(`  otlp/r${i}:`, '    protocols:', '      grpc:', `        endpoint: 0.0.0.0:${4317 + i}  # port`, '');
  L.push('processors:', '  # limiter first', '  memory_limiter:', '    check_interval: 1s', '    limit_mib: 512', '  batch:', '    send_batch_size: 512');
  for (let i = 0; i < n; i++) L.push(`  attributes/a${i}:`, '    actions:', '    - key: execution_action_digest', '      action: delete', `  resource/x${i}:`, '    attributes:', '      - key: k', "        value: 'v: x'", '        action: upsert');
  L.push('exporters:');
  for (let i = 0; i < n; i++) L.push(`  otlp_http/e${i}:`, `    endpoint: "http://backend-${i}:4318"`, '    headers:', '      X-Scope-OrgID: |', '        tenant', '        more');
  L.push('service:', '  extensions: []', '  pipelines:', '    metrics:', '      receivers: [otlp/r0]', '      processors: [memory_limiter, batch]', '      exporters:', '        - otlp_http/e0', '# trailing comment', '');
  return L.join('\n');
}

/**
 * A Prometheus rule file: `groups:` is a sequence of groups whose `rules:` are sequences, in three layouts:
 * indented items, items at their key's indentation, and a PrometheusRule resource (`spec:` → `groups:`).
 * Block scalars (`|`, `>-`) in expr, comments at several indentations, quoted and plain scalars.
 */
function ruleFile(groups: number, perGroup: number, layout: 'indented' | 'compact' | 'resource'): string {
  const L: string[] = [];
  let pad = '';
  if (layout === 'resource') {
    L.push('apiVersion: monitoring.coreos.com/v1', 'kind: PrometheusRule', 'metadata:', '  name: nativelink', '  labels:', '    release: prom', 'spec:');
    pad = '  ';
  }
  const item = layout === 'compact' ? '' : '  '; // a sequence's indentation below its key
  L.push(`${pad}groups:`, `${pad}# groups below`);
  for (let g = 0; g < groups; g++) {
    const gi = pad + item; // the group's `- `
    L.push(`${gi}- name: nativelink_${g}  # group`, `${gi}  interval: 30s`, `${gi}  rules:`);
    const ri = `${gi}  ${item}`;
    for (let r = 0; r < perGroup; r++) {
      const id = `${g}_${r}`;
      if (r % 4 === 0) {
        L.push(`${ri}- alert: NativeLinkDown${id}`, `${ri}  expr: |`, `${ri}    sum(rate(nativelink_execution_completed_count_total{execution_result="failure"}[5m]))`, `${ri}      > ${r}`, `${ri}  for: 5m`, `${ri}  labels:`, `${ri}    severity: page`, `${ri}  annotations:`, `${ri}    summary: "{{ $labels.instance }} down"`, `${ri}    description: >-`, `${ri}      Folded text`, `${ri}      on two lines.`);
      } else if (r % 4 === 1) {
        L.push(`${ri}# a recording rule`, `${ri}- record: nativelink:rate_${id}`, `${ri}  expr: 'sum by (instance_name) (rate(nativelink_cache_operations_total[5m]))'`, '');
      } else if (r % 4 === 2) {
        L.push(`${ri}- record: "nativelink:q_${id}"`, `${ri}  expr: histogram_quantile(0.9, rate(nativelink_execution_queue_time_seconds_bucket[5m]))  # p90`, `${ri}  labels: {team: build, tier: "${r}"}`);
      } else {
        L.push(`${ri}- alert: Backlog${id}`, `${ri}  expr: >`, `${ri}    sum(nativelink_execution_active_count{execution_stage="queued"})`, '', `${ri}    > 100`, `${ri}  keep_firing_for: 1m`, `${gi}  # comment shallower than the rule`);
      }
    }
  }
  L.push('# end', '');
  return L.join('\n');
}

describe('parseYaml incremental pieces', () => {
  const base = [bigCollector(60), bigCollector(25), ...corpusFiles('otel', ['.yaml', '.yml']).map((f) => fs.readFileSync(f, 'utf8'))];

  it('is used for large configs and equals the whole-text parse', () => {
    for (const t of base) {
      const inc = parseYamlIncremental(t);
      if (t.length > 8192) assert.ok(inc, 'incremental parse should apply to a plain large config');
      if (!inc) continue;
      assert.equal(canon(inc), canon(parseYamlFull(t)));
      assert.ok(parentsOk(inc.root, undefined));
    }
    assert.equal(canon(parseYaml(base[0])), canon(parseYamlFull(base[0])));
  });

  it('equals the whole-text parse after hundreds of random edits (or declines)', function () {
    this.timeout(60_000);
    const r = prng(7);
    const bits = [' ', '  ', '-', '- ', ':', ': ', '#', 'a', '\n', '\n  ', '\n#c\n', '\nfoo: 1\n', '\n  bar: 2\n', '"', "'", '&a ', '*a', '|', '>', '\t', '[', ']', '{', '}', ',', '? ', '!!str ', '%', '---\n', '<<: *a\n', '~', 'true', '\n  - ', 'null: 1\n', ' #x'];
    let used = 0;
    for (let it = 0; it < 600; it++) {
      let t = base[it % 2];
      const k = 1 + Math.floor(r() * 3);
      for (let j = 0; j < k; j++) {
        let pos = Math.floor(r() * t.length);
        if (r() < 0.5) pos = t.lastIndexOf('\n', pos) + 1;
        t = r() < 0.35 ? t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 3)) : t.slice(0, pos) + bits[Math.floor(r() * bits.length)] + t.slice(pos);
      }
      const inc = parseYamlIncremental(t);
      if (!inc) continue;
      used++;
      assert.equal(canon(inc), canon(parseYamlFull(t)), `edit round ${it}`);
      assert.ok(parentsOk(inc.root, undefined));
    }
    assert.ok(used > 50, `incremental path exercised only ${used} times`);
  });

  describe('Prometheus rule files (sequences split at their items)', () => {
    const files = [ruleFile(6, 30, 'indented'), ruleFile(5, 24, 'compact'), ruleFile(4, 30, 'resource')];

    it('are parsed incrementally, equal the whole-text parse, and one edit re-parses about one rule', () => {
      for (const t of files) {
        const inc = parseYamlIncremental(t);
        assert.ok(inc, 'a rule file should be split');
        assert.equal(canon(inc), canon(parseYamlFull(t)));
        assert.ok(parentsOk(inc.root, undefined));
        // Typing inside one rule of a warm cache: only that rule's piece is parsed again.
        const at = t.indexOf('nativelink:rate_2_9');
        const edited = `${t.slice(0, at)}x${t.slice(at)}`;
        const again = parseYamlIncremental(edited);
        assert.ok(again);
        assert.ok(lastIncrementalParsedChars() < 400, `an edit inside one rule re-parsed ${lastIncrementalParsedChars()} characters`);
        assert.equal(canon(again), canon(parseYamlFull(edited)));
        // A document's lineage: typing forward and back moves the previous trees; the same text is the same result.
        const lineage = new ParseLineage();
        for (const v of [t, edited, t, `${edited}# more\n`, edited]) {
          const moved = parseYaml(v, lineage);
          assert.equal(canon(moved), canon(parseYamlFull(v)));
          assert.ok(parentsOk(moved.root, undefined));
          assert.equal(parseYaml(v, lineage), moved);
        }
      }
    });

    it('equals the whole-text parse after random edits that break and restore indentation (or declines)', function () {
      this.timeout(60_000);
      const small = [ruleFile(3, 10, 'indented'), ruleFile(3, 9, 'compact'), ruleFile(2, 12, 'resource')];
      const r = prng(13);
      const bits = [' ', '  ', '    ', '-', '- ', ':', ': ', '#', '# c', 'a', '\n', '\n  ', '\n    # c\n', '\n#c\n', '\n  # c\n', '\n      # c\n', '\n- ', '\n  - ', '\n      - record: x\n        expr: up\n', '\n        expr: |\n          up\n', '|', '>-', '"', "'", '&a ', '*a', '[', ']', '{', '}', '\t', '---\n', 'rules:', '\n    rules:\n', 'name: y\n', '? '];
      let used = 0;
      // One lineage per file, as the language service keeps one per document: each parse moves the previous
      // parse's trees, and must still equal the whole-text parse.
      const lineages = small.map(() => new ParseLineage());
      for (let it = 0; it < 300; it++) {
        const original = small[it % small.length];
        const lineage = lineages[it % small.length];
        let t = original;
        const k = 1 + Math.floor(r() * 3);
        for (let j = 0; j < k; j++) {
          let pos = Math.floor(r() * t.length);
          if (r() < 0.6) pos = t.lastIndexOf('\n', pos) + 1; // line starts: indentation breaks and repairs
          t = r() < 0.4 ? t.slice(0, pos) + t.slice(pos + 1 + Math.floor(r() * 4)) : t.slice(0, pos) + bits[Math.floor(r() * bits.length)] + t.slice(pos);
        }
        for (const v of [t, original]) {
          const moved = parseYamlIncremental(v, lineage);
          const inc = parseYamlIncremental(v);
          assert.equal(!moved, !inc);
          if (!inc || !moved) continue;
          assert.equal(canon(moved), canon(parseYamlFull(v)), `edit round ${it}, lineage`);
          assert.ok(parentsOk(moved.root, undefined));
          used++;
          assert.equal(canon(inc), canon(parseYamlFull(v)), `edit round ${it}`);
          assert.ok(parentsOk(inc.root, undefined));
        }
      }
      assert.ok(used > 250, `incremental path exercised only ${used} times`);
    });
  });

  it('declines documents it cannot split exactly (aliases, several documents, duplicate sections, errors)', () => {
    const t = bigCollector(40);
    assert.equal(parseYamlIncremental(t.replace('  memory_limiter:', '  memory_limiter: &m').replace('  batch:\n', '  batch: *m\n  batch2:\n')), undefined);
    assert.equal(parseYamlIncremental(`${t}---\nfoo: 1\n`), undefined);
    assert.equal(parseYamlIncremental(`${t}receivers:\n  x: 1\n`), undefined);
    assert.equal(parseYamlIncremental(t.replace('    limit_mib: 512', '    limit_mib: [512')), undefined);
    const dup = t.replace('  batch:\n', '  memory_limiter:\n');
    assert.equal(parseYamlIncremental(dup), undefined);
    assert.ok(parseYaml(dup).errors.some((e) => /unique/i.test(e.message)));
  });

  // Found by the fuzzer (seed 20261208, doc 725): the first open of a 138 KB file with a syntax error at 78 %
  // parsed 78 % of it as pieces, then the whole text. One parse now costs at most one whole parse.
  it('parses a text whole, without pieces, on first sight when large and while its previous version was broken', () => {
    const keys = (n: number) => Array.from({ length: n }, (_, i) => `  k${i}: ${i}`).join('\n');
    const broken = `receivers:\n  otlp: {}\nprocessors:\n${keys(7000)}\n  bad: [1\nservice: {}\n`;
    assert.ok(broken.length > 64 * 1024);
    const first = parseYaml(broken, new ParseLineage());
    assert.ok(first.errors.length);
    assert.equal(lastIncrementalParsedChars(), 0, 'a large first version goes to the whole parse directly');
    // Without a lineage (no history to go by) the split parse still tries pieces first.
    parseYaml(`${broken}# x\n`);
    assert.ok(lastIncrementalParsedChars() > 0);

    const small = `receivers:\n  otlp: {}\nprocessors:\n${keys(900)}\nservice: {}\n`;
    const lineage = new ParseLineage();
    assert.equal(parseYaml(small, lineage).errors.length, 0);
    assert.ok(lastIncrementalParsedChars() > 0, 'a small first version is split');
    const typing = small.replace('  k450: 450', '  k450: [450');
    assert.ok(parseYaml(typing, lineage).errors.length);
    assert.ok(parseYaml(`${typing}# more\n`, lineage).errors.length);
    assert.equal(lastIncrementalParsedChars(), 0, 'while broken, the whole parse only');
    const fixed = `${small}# more\n`;
    assert.equal(parseYaml(fixed, lineage).errors.length, 0);
    const next = `${small}# more!\n`;
    assert.equal(canon(parseYaml(next, lineage)), canon(parseYamlFull(next)));
    assert.ok(lastIncrementalParsedChars() > 0 && lastIncrementalParsedChars() < 200, `the version after the fix is split again from cached pieces (${lastIncrementalParsedChars()})`);
  });

  // Found by the fuzzer (seed 20261207, doc 9248): a 10,000-key section whose last key repeats an earlier one parsed
  // every piece cold, then the whole text (1 s of server CPU on a 138 KB file). The repeat is seen before any piece.
  it('declines a repeated key at any level before parsing that mapping\'s pieces', () => {
    const keys = Array.from({ length: 3000 }, (_, i) => `  k${i}: ${i}`).join('\n');
    const text = `receivers:\n  otlp:\n    protocols:\n      grpc:\nprocessors:\n${keys}\n  k17: again\nservice: {}\n`;
    assert.equal(parseYamlIncremental(text), undefined);
    // Only the small section before it was parsed, none of the 3,000 keys.
    assert.ok(lastIncrementalParsedChars() < 100, String(lastIncrementalParsedChars()));
    assert.ok(parseYaml(text).errors.some((e) => /unique/i.test(e.message)));
    // Without the repeat the same text is split (and its pieces parsed).
    assert.ok(parseYamlIncremental(text.replace('  k17: again\n', '')));
    assert.ok(lastIncrementalParsedChars() > 0);
  });
});
