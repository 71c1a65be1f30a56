import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';
import { engines } from '../service/engines';
import { HostAwareLanguageService } from '../service/embedded/hostService';
import { defaultSettings } from '../service/settings';

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'] as const;
const USAGE = 'usage: nativelink-check config [--format text|json|sarif] [--prometheus URL [--bearer-token-env NAME]] FILE...';

interface FileResult {
  file: string;
  kind: string | null;
  /** Configs found inside a host file (ConfigMap entries, OpenTelemetryCollector spec.config, Helm values). */
  embedded?: { kind: string; label: string; line: number }[];
  diagnostics: Diagnostic[];
  error?: string;
}

function languageOf(file: string): string {
  if (/\.ya?ml$/i.test(file)) return 'yaml';
  if (/\.json5$/i.test(file)) return 'json5';
  return 'json';
}

/** `nativelink-check config`: the language service, headless, for CI and pre-commit hooks. */
export function runConfigCommand(argv: string[], io: CliIO): number {
  let format = 'text';
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--format') format = argv[++i] ?? '';
    else if (a.startsWith('--format=')) format = a.slice(9);
    else if (a === '-h' || a === '--help') {
      io.stdout(USAGE + '\n');
      return 0;
    } else if (a.startsWith('-')) {
      io.stderr(`unknown option ${a}\n${USAGE}\n`);
      return 64;
    } else files.push(a);
  }
  if (!['text', 'json', 'sarif'].includes(format)) {
    io.stderr(`--format must be text, json or sarif\n${USAGE}\n`);
    return 64;
  }
  if (!files.length) {
    io.stderr(`no files given\n${USAGE}\n`);
    return 64;
  }
  const service = new HostAwareLanguageService(engines, (m) => io.stderr(m + '\n'));
  const results: FileResult[] = [];
  for (const file of files) {
    try {
      if (statSync(file).size > defaultSettings.maxFileSize * 4) throw new Error('file too large');
      const text = readFileSync(file, 'utf8');
      const uri = pathToFileURL(resolve(file)).toString();
      const doc = TextDocument.create(uri, languageOf(file), 1, text);
      const analysis = service.analyze(doc, defaultSettings);
      const hosted = service.embedded(doc, defaultSettings);
      if (hosted) {
        // A host file: its embedded configs' diagnostics, at host lines (host YAML errors are YAML's business).
        const diagnostics = service.diagnostics(doc, defaultSettings);
        diagnostics.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
        const embedded = hosted.map((v) => ({ kind: v.embedded.kind, label: v.embedded.label, line: doc.positionAt(v.embedded.anchor.offset).line + 1 }));
        results.push({ file, kind: 'host', embedded, diagnostics });
        continue;
      }
      // The CLI is asked about these files explicitly: report syntax errors even when the kind is unknown.
      const diagnostics = analysis?.kind ? service.diagnostics(doc, defaultSettings) : service.diagnostics(TextDocument.create(uri, 'json5', 1, languageOf(file) === 'yaml' ? '' : text), defaultSettings);
      // In document order, as a reader of CI output expects (rules report in their own order).
      diagnostics.sort((x, y) => x.range.start.line - y.range.start.line || x.range.start.character - y.range.start.character);
      results.push({ file, kind: analysis?.kind ?? null, diagnostics });
    } catch (err) {
      results.push({ file, kind: null, diagnostics: [], error: err instanceof Error ? err.message : String(err) });
    }
  }
  const hasError = results.some((r) => r.error || r.diagnostics.some((d) => d.severity === 1));
  if (format === 'json') {
    io.stdout(
      JSON.stringify(
        results.map((r) => ({
          file: r.file,
          kind: r.kind,
          ...(r.embedded ? { embedded: r.embedded } : {}),
          ...(r.error ? { error: r.error } : {}),
          diagnostics: r.diagnostics.map((d) => ({ range: d.range, severity: SEVERITY[d.severity ?? 1], code: d.code, message: d.message })),
        })),
        null,
        2,
      ) + '\n',
    );
  } else if (format === 'sarif') {
    io.stdout(JSON.stringify(toSarif(results), null, 2) + '\n');
  } else {
    for (const r of results) {
      if (r.error) io.stdout(`${r.file}: error: cannot read: ${r.error}\n`);
      else if (!r.kind && !r.diagnostics.length) io.stdout(`${r.file}: not a NativeLink or collector config (skipped)\n`);
      for (const e of r.embedded ?? []) io.stderr(`${r.file}:${e.line}: checked embedded ${e.kind} config (${e.label})\n`);
      for (const d of r.diagnostics) {
        io.stdout(`${r.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${SEVERITY[d.severity ?? 1]} ${d.code ?? ''} ${d.message}\n`);
      }
    }
    const count = (s: number) => results.reduce((n, r) => n + r.diagnostics.filter((d) => d.severity === s).length, 0);
    const unreadable = results.filter((r) => r.error).length;
    io.stderr(`${files.length} file(s): ${count(1)} error(s), ${count(2)} warning(s)${unreadable ? `, ${unreadable} unreadable` : ''}\n`);
  }
  return hasError ? 1 : 0;
}

function toSarif(results: FileResult[]): unknown {
  const rules = new Map<string, { id: string; helpUri?: string }>();
  const level = (s?: number) => (s === 1 ? 'error' : s === 2 ? 'warning' : 'note');
  const out = [];
  const unreadable = results.filter((r) => r.error);
  for (const r of results) {
    for (const d of r.diagnostics) {
      const id = String(d.code ?? 'nativelink');
      if (!rules.has(id)) rules.set(id, { id, helpUri: d.codeDescription?.href });
      out.push({
        ruleId: id,
        level: level(d.severity),
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: sarifUri(r.file) },
              region: { startLine: d.range.start.line + 1, startColumn: d.range.start.character + 1, endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1 },
            },
          },
        ],
      });
    }
  }
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'nativelink-check', informationUri: 'https://github.com/TraceMachina/nativelink', rules: [...rules.values()] } },
        // Files that could not be read have no results; say so, or the log looks clean while the exit code is 1.
        invocations: [
          {
            executionSuccessful: !unreadable.length,
            toolExecutionNotifications: unreadable.map((r) => ({
              level: 'error',
              message: { text: `cannot read ${r.file}: ${r.error}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: sarifUri(r.file) } } }],
            })),
          },
        ],
        results: out,
      },
    ],
  };
}

/** SARIF wants URI references: file: URLs for absolute paths, percent-encoded '/'-separated relative ones. */
function sarifUri(file: string): string {
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(sep).join('/').split('/').map(encodeURIComponent).join('/');
}
