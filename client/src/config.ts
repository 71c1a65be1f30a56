import * as vscode from 'vscode';

/** Every setting the client reads, in one place (rust-analyzer's config.ts pattern). */
export const SECTION = 'nativelink';

export type CollectorLanguageMode = 'otelcol' | 'yaml';

export interface ClientConfig {
  collectorLanguageMode: CollectorLanguageMode;
  switchJsonToJson5: boolean;
}

export function readConfig(): ClientConfig {
  const c = vscode.workspace.getConfiguration(SECTION);
  return {
    collectorLanguageMode: c.get<CollectorLanguageMode>('collector.languageMode', 'otelcol'),
    switchJsonToJson5: c.get<boolean>('files.switchJsonToJson5', true),
  };
}

/** Silencing a rule writes the user's (not the workspace's) settings: a repo cannot hide rules from us. */
export async function silenceRule(ruleId: string): Promise<void> {
  const c = vscode.workspace.getConfiguration(SECTION);
  const rules = { ...(c.inspect<Record<string, string>>('rules')?.globalValue ?? {}) };
  rules[ruleId] = 'off';
  await c.update('rules', rules, vscode.ConfigurationTarget.Global);
}
