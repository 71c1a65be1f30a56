import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { PromAuth, PromConnectionOptions } from '../../../server/src/cluster/types';
import type { ClusterSetting } from '../config';

export type { ClusterSetting } from '../config';

const SECRET_PREFIX = 'nativelink.cluster.';
export const secretKey = (cluster: string) => `${SECRET_PREFIX}${cluster}`;

function readPem(path: string | undefined): string | undefined {
  if (!path) return undefined;
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    throw new Error(`Cannot read ${path}: ${(err as Error).message}`);
  }
}

/** Builds client options, pulling the secret from SecretStorage at the last moment. */
export async function connectionOptions(cluster: ClusterSetting, secrets: vscode.SecretStorage, log: (l: string) => void): Promise<PromConnectionOptions> {
  const secret = (await secrets.get(secretKey(cluster.name))) ?? '';
  let auth: PromAuth = { kind: 'none' };
  switch (cluster.auth?.type) {
    case 'bearer':
      auth = { kind: 'bearer', token: secret };
      break;
    case 'basic':
      auth = { kind: 'basic', username: cluster.auth.username ?? '', password: secret };
      break;
    case 'header':
      auth = { kind: 'header', name: cluster.auth.headerName ?? 'Authorization', value: secret };
      break;
  }
  return {
    url: cluster.prometheusUrl,
    auth,
    tls: { ca: readPem(cluster.caFile), cert: readPem(cluster.certFile), key: readPem(cluster.keyFile), skipTlsVerify: !!cluster.skipTlsVerify },
    timeoutMs: Math.max(1, cluster.timeoutSeconds ?? 10) * 1000,
    userAgent: 'nativelink-vscode',
    log,
  };
}
