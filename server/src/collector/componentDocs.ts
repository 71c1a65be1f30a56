/**
 * README link of a collector component at the pinned release (the release our schema and rules follow).
 * Core components live in open-telemetry/opentelemetry-collector; everything else in -contrib, in a folder named
 * `<kind>/<type without underscores><kind>` (the contrib convention) unless listed below.
 */
import type { ComponentKind } from './model';

export const COLLECTOR_RELEASE = 'v0.159.0';
const CORE = `https://github.com/open-telemetry/opentelemetry-collector/blob/${COLLECTOR_RELEASE}`;
const CONTRIB = `https://github.com/open-telemetry/opentelemetry-collector-contrib/blob/${COLLECTOR_RELEASE}`;

/** Core components at v0.159.0 (folders read from the release tree), by type name including deprecated aliases. */
const CORE_DIRS: Partial<Record<ComponentKind, Record<string, string>>> = {
  receiver: { otlp: 'receiver/otlpreceiver', nop: 'receiver/nopreceiver' },
  processor: { batch: 'processor/batchprocessor', memory_limiter: 'processor/memorylimiterprocessor' },
  exporter: {
    otlp_grpc: 'exporter/otlpexporter',
    otlp: 'exporter/otlpexporter',
    otlp_http: 'exporter/otlphttpexporter',
    otlphttp: 'exporter/otlphttpexporter',
    debug: 'exporter/debugexporter',
    nop: 'exporter/nopexporter',
  },
  extension: { zpages: 'extension/zpagesextension', memory_limiter: 'extension/memorylimiterextension' },
  connector: { forward: 'connector/forwardconnector' },
};

/** Contrib folders that break the naming convention. */
const CONTRIB_DIRS: Partial<Record<ComponentKind, Record<string, string>>> = {
  receiver: { prometheus_simple: 'receiver/simpleprometheusreceiver' },
  extension: {
    file_storage: 'extension/storage/filestorage',
    k8s_observer: 'extension/observer/k8sobserver',
    docker_observer: 'extension/observer/dockerobserver',
    host_observer: 'extension/observer/hostobserver',
    oidc: 'extension/oidcauthextension',
    oauth2client: 'extension/oauth2clientauthextension',
    jaeger_remote_sampling: 'extension/jaegerremotesampling',
  },
};

/** `type` is the part of a component id before '/'. Undefined for names that cannot be a component type. */
export function componentReadme(kind: ComponentKind, type: string): string | undefined {
  if (!/^[a-z][a-z0-9_]*$/.test(type)) return undefined;
  const core = CORE_DIRS[kind]?.[type];
  if (core) return `${CORE}/${core}/README.md`;
  const dir = CONTRIB_DIRS[kind]?.[type] ?? `${kind}/${type.replace(/_/g, '')}${kind}`;
  return `${CONTRIB}/${dir}/README.md`;
}
