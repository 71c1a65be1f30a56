/**
 * Wording of "how to give the engine more input" for the surface that shows it: the command line names its flags,
 * VS Code names the setting that fixes it. Without a surface, both are named.
 */
import type { Surface } from '../cluster/types';

export type HintId = 'collectorMetrics' | 'collectorHealth' | 'timeout' | 'credentials' | 'caFile';

const HINTS: Record<HintId, Record<Surface, string>> = {
  collectorMetrics: { cli: 'the --collector-metrics URL', vscode: 'the nativelink.clusters[].collectorMetricsUrl setting' },
  collectorHealth: { cli: 'the --collector-health URL', vscode: 'the nativelink.clusters[].collectorHealthUrl setting' },
  timeout: { cli: 'the --timeout option', vscode: 'the nativelink.clusters[].timeoutSeconds setting' },
  credentials: {
    cli: '--bearer-token-env NAME, --basic-auth-env USER_VAR:PASS_VAR or --header-env HEADER:VAR',
    vscode: 'the command NativeLink: Connect to Prometheus… (credentials are kept in VS Code\'s secret storage)',
  },
  caFile: { cli: 'the --ca-file option', vscode: 'the nativelink.clusters[].caFile setting' },
};

/** How to supply the input `id` on this surface. */
export function hint(surface: Surface | undefined, id: HintId): string {
  const h = HINTS[id];
  return surface ? h[surface] : `${h.cli} (in VS Code: ${h.vscode})`;
}
