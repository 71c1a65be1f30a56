/** The few messages client and server share beyond standard LSP. */

/** Server → client: which engine owns a document, so the client can switch `.json` to json5 and collector YAML to otelcol. */
export const DocumentKindNotification = 'nativelink/documentKind';
export interface DocumentKindParams {
  uri: string;
  kind: 'nativelink' | 'collector' | 'promrules' | null;
}

/** Language ids the server serves. */
export const SERVED_LANGUAGES = ['json5', 'json', 'jsonc', 'yaml', 'otelcol'] as const;

/** Client → server: process facts for the logs and for the crash-recovery test. */
export const ServerInfoRequest = 'nativelink/serverInfo';
export interface ServerInfo {
  pid: number;
  version: string;
}

/** Client → server: config entries that can carry live cluster numbers (CodeLens, hover). */
export const LiveTargetsRequest = 'nativelink/liveTargets';
export interface LiveTargetsParams {
  uri: string;
}
/** Client → server: liveness probe; a server that does not answer within the client's timeout is restarted. */
export const PingRequest = 'nativelink/ping';
