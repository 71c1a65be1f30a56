import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { nativelinkRules } from '../../../server/src/nativelink/rules';
import { collectorRules } from '../../../server/src/collector/rules';
import { componentReadme } from '../../../server/src/collector/componentDocs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { engines } from '../../../server/src/service/engines';
import { ConfigLanguageService } from '../../../server/src/service/languageService';
import { defaultSettings } from '../../../server/src/service/settings';
import { REPO_ROOT } from '../../sharedPaths';
import { gitFiles, gitShow, upstreamRepo } from '../../upstreamMirror';

/** Every docs link we ship (rule docs, schema x-docs/x-guide and descriptions, snippets, source text). */
function shippedLinks(): Set<string> {
  const links = new Set<string>();
  for (const r of [...nativelinkRules, ...collectorRules]) links.add(r.docs);
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
  const files = [...walk(join(REPO_ROOT, 'server', 'src')), ...walk(join(REPO_ROOT, 'schemas')), ...walk(join(REPO_ROOT, 'snippets'))];
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/https:\/\/(?:docs\.nativelink\.com|nativelink\.com\/docs|github\.com\/open-telemetry)[^\s'"`)\\\]>]*/g)) {
      if (!m[0].includes('${')) links.add(m[0].replace(/[.,;]+$/, ''));
    }
  }
  return links;
}

/** fumadocs/GitHub heading anchors: explicit `[#id]`, else the github-slugger form of the heading. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const line of markdown.split('\n')) {
    const h = /^#{1,6}\s+(.*?)\s*(?:\[#([^\]]+)\])?\s*$/.exec(line);
    if (!h) continue;
    if (h[2]) out.add(h[2]);
    out.add(h[1].toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

describe('docs links we ship exist at the pinned releases', () => {
  const links = [...shippedLinks()].sort();

  it('no link to unpinned GitHub branches or to the retired nativelink.com/docs site', () => {
    assert.deepEqual(links.filter((l) => /\/(?:tree|blob)\/main\//.test(l) || l.startsWith('https://nativelink.com/docs')), []);
  });

  const nl = upstreamRepo('TraceMachina/nativelink', 'v1.6.6');
  it('docs.nativelink.com pages and anchors exist in web/apps/docs/content/docs at v1.6.6', function () {
    if (!nl) {
      console.log('      (no TraceMachina/nativelink mirror with v1.6.6: set NATIVELINK_UPSTREAM_DIR; links not checked here)');
      this.skip();
    }
    const root = 'web/apps/docs/content/docs/';
    const pages = new Map<string, string>();
    for (const f of gitFiles(nl!, 'v1.6.6', root).filter((f) => f.endsWith('.mdx'))) {
      const page = f.slice(root.length, -'.mdx'.length).replace(/(^|\/)index$/, '');
      pages.set(page, f);
    }
    const bad: string[] = [];
    for (const l of links.filter((x) => x.startsWith('https://docs.nativelink.com'))) {
      const [path, anchor] = l.replace(/^https:\/\/docs\.nativelink\.com\/?/, '').split('#');
      const file = pages.get(path.replace(/\/$/, ''));
      if (!file) bad.push(`${l}: no page`);
      else if (anchor && !anchors(gitShow(nl!, 'v1.6.6', file) ?? '').has(anchor)) bad.push(`${l}: no heading #${anchor}`);
    }
    assert.deepEqual(bad, []);
  });

  const core = upstreamRepo('open-telemetry/opentelemetry-collector', 'v0.159.0');
  it('core collector README links exist at v0.159.0', function () {
    if (!core) {
      console.log('      (no opentelemetry-collector mirror with v0.159.0: set NATIVELINK_UPSTREAM_DIR; links not checked here)');
      this.skip();
    }
    const bad: string[] = [];
    const readmes = [...links, ...['otlp', 'nop'].map((t) => componentReadme('receiver', t)!), componentReadme('exporter', 'otlp_grpc')!, componentReadme('extension', 'zpages')!];
    for (const l of readmes) {
      const m = /^https:\/\/github\.com\/open-telemetry\/opentelemetry-collector\/blob\/v0\.159\.0\/([^#]+)(?:#(.+))?$/.exec(l);
      if (!m) continue;
      const text = gitShow(core!, 'v0.159.0', m[1]);
      if (text === undefined) bad.push(`${l}: no file`);
      else if (m[2] && !anchors(text).has(m[2])) bad.push(`${l}: no heading #${m[2]}`);
    }
    assert.deepEqual(bad, []);
  });

  it('component READMEs: core types in the core repo, others in contrib, at the pinned release', () => {
    assert.equal(componentReadme('processor', 'batch'), 'https://github.com/open-telemetry/opentelemetry-collector/blob/v0.159.0/processor/batchprocessor/README.md');
    assert.equal(componentReadme('exporter', 'otlp_grpc'), 'https://github.com/open-telemetry/opentelemetry-collector/blob/v0.159.0/exporter/otlpexporter/README.md');
    assert.equal(componentReadme('receiver', 'host_metrics'), 'https://github.com/open-telemetry/opentelemetry-collector-contrib/blob/v0.159.0/receiver/hostmetricsreceiver/README.md');
    assert.equal(componentReadme('extension', 'file_storage'), 'https://github.com/open-telemetry/opentelemetry-collector-contrib/blob/v0.159.0/extension/storage/filestorage/README.md');
    assert.equal(componentReadme('receiver', '../x'), undefined);
  });

  it('collector hovers on a component id link its README (also for components the schema does not describe)', () => {
    const text = 'receivers:\n  otlp:\n    protocols:\n      grpc:\n  kafka/in:\nexporters:\n  debug:\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp, kafka/in]\n      exporters: [debug]\n';
    const d = TextDocument.create('file:///otel-collector-config.yaml', 'yaml', 1, text);
    const s = new ConfigLanguageService(engines);
    const md = (needle: string) => (s.hover(d, d.positionAt(text.indexOf(needle) + 1), defaultSettings)?.contents as { value: string } | undefined)?.value ?? '';
    assert.match(md('otlp:'), /\(https:\/\/github\.com\/open-telemetry\/opentelemetry-collector\/blob\/v0\.159\.0\/receiver\/otlpreceiver\/README\.md\)/);
    assert.match(md('kafka/in:'), /\(https:\/\/github\.com\/open-telemetry\/opentelemetry-collector-contrib\/blob\/v0\.159\.0\/receiver\/kafkareceiver\/README\.md\)/);
    assert.match(md('debug:'), /exporter\/debugexporter\/README\.md/);
  });
});
