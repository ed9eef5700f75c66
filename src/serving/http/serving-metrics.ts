/**
 * The serving process's Prometheus metrics (`GET /metrics`), in a registry of its own so a test or
 * a second server in one process never collides with another's. The follower feeds switch counters
 * through SwitchMetrics; the scoring server records requests.
 */
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { SwitchMetrics } from '../contracts.js';

export interface ServingMetrics extends SwitchMetrics {
  readonly registry: Registry;
  /** One finished HTTP request: route (`/invocations`…), status, duration in seconds. */
  observeRequest(route: string, status: number, seconds: number): void;
  /** The version now answering requests (`strata_serving_model_info{version=…} 1`). */
  setServedVersion(version: string, modelUri: string): void;
  /** Prometheus text exposition and its content type. */
  render(): Promise<{ contentType: string; body: string }>;
}

export function createServingMetrics(): ServingMetrics {
  const registry = new Registry();
  const requests = new Counter({
    name: 'strata_serving_requests_total',
    help: 'HTTP requests answered by the model server, by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const errors = new Counter({
    name: 'strata_serving_errors_total',
    help: 'Requests answered with a 4xx or 5xx status, by route and status',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'strata_serving_request_duration_seconds',
    help: 'Time from request start to the last byte of the answer',
    labelNames: ['route'] as const,
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [registry],
  });
  const modelInfo = new Gauge({
    name: 'strata_serving_model_info',
    help: 'The model version being served (value 1 on the current version)',
    labelNames: ['version', 'model_uri'] as const,
    registers: [registry],
  });
  const switches = new Counter({
    name: 'strata_serving_switches_total',
    help: 'Model switches attempted by the alias follower, by outcome and target version',
    labelNames: ['outcome', 'version'] as const,
    registers: [registry],
  });

  return {
    registry,
    observeRequest(route, status, seconds) {
      const labels = { route, status: String(status) };
      requests.inc(labels);
      if (status >= 400) errors.inc(labels);
      latency.observe({ route }, seconds);
    },
    setServedVersion(version, modelUri) {
      modelInfo.reset();
      modelInfo.set({ version, model_uri: modelUri }, 1);
    },
    switchSucceeded(version) {
      switches.inc({ outcome: 'succeeded', version });
    },
    switchFailed(version) {
      switches.inc({ outcome: 'failed', version });
    },
    async render() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
