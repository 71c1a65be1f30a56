import { runConfigCommand } from './config';

const USAGE = `nativelink-check: NativeLink config and cluster checks

  nativelink-check config [--format text|json|sarif] FILE...
      Checks NativeLink (.json5/.json) and OpenTelemetry Collector (.yaml) configs, Prometheus rule files
      (groups:, PrometheusRule) and Grafana dashboards (their PromQL). Exit 1 when any error is found.
      --prometheus URL [--bearer-token-env NAME …] also evaluates every rule on that Prometheus.

  nativelink-check cluster --prometheus URL [--collector-health URL] [--bearer-token-env NAME]
                           [--format text|json|markdown]
      Diagnoses a running cluster from its Prometheus. Exit 2 on critical, 1 on warning findings.

  nativelink-check annotate --prometheus URL [--format text|json] FILE...
      Prints the live numbers of each config entry (cache_metrics stores, execution instances, fast_slow
      stores, collector components), as the editor shows them above the entries.
`;

async function main(argv: string[]): Promise<number> {
  const io = { stdout: (s: string) => process.stdout.write(s), stderr: (s: string) => process.stderr.write(s), env: process.env };
  const [cmd, ...rest] = argv;
  switch (cmd) {
    case 'config':
      if (rest.some((a) => a === '--prometheus' || a.startsWith('--prometheus='))) {
        const { runConfigWithLive } = await import('./rulesLive');
        return runConfigWithLive(rest, io);
      }
      return runConfigCommand(rest, io);
    case 'annotate': {
      const { runAnnotateCommand } = await import('./annotate');
      return runAnnotateCommand(rest, io);
    }
    case 'cluster': {
      const { runClusterCommand } = await import('./cluster');
      return runClusterCommand(rest, io);
    }
    case undefined:
    case '-h':
    case '--help':
    case 'help':
      process.stdout.write(USAGE);
      return cmd ? 0 : 64;
    default:
      process.stderr.write(`unknown command "${cmd}"\n\n${USAGE}`);
      return 64;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`nativelink-check: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 70;
  },
);
