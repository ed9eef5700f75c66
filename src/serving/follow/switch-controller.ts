/**
 * One version switch at a time: fetch (download + verify), then the applier loads, warms and
 * swaps — in that order, so a version that fails any step is never switched to. Requests that
 * arrive while a switch runs are coalesced: only the newest target runs next. A version that
 * failed is not tried again until the cool-down has passed (an alias left on a broken version
 * must not make every poll download and load it again).
 */
import type { SwitchMetrics } from '../contracts.js';
import type { ModelFetcher, ResolvedVersion } from './model-fetcher.js';

/** Loads, warms and swaps a model directory in; rejects with nothing switched on any failure. */
export interface ModelApplier {
  apply(dir: string, version: string): Promise<void>;
}

export interface SwitchOutcome {
  from: string | undefined;
  to: string;
  reason: string;
}

export interface SwitchListener {
  switched(outcome: SwitchOutcome): void;
  failed(outcome: SwitchOutcome, error: Error): void;
}

export interface SwitchControllerOptions {
  fetcher: ModelFetcher;
  applier: ModelApplier;
  metrics: SwitchMetrics;
  listener: SwitchListener;
  /** How long a failed version is left alone before it may be tried again (default 5 minutes). */
  retryFailedAfterMs?: number;
  now?: () => number;
}

export const DEFAULT_RETRY_FAILED_AFTER_MS = 5 * 60_000;

interface Target {
  resolved: ResolvedVersion;
  reason: string;
}

export class SwitchController {
  private currentVersion: string | undefined;
  private pending: Target | undefined;
  private running: Promise<void> | undefined;
  private readonly failedAt = new Map<string, number>();
  private readonly options: SwitchControllerOptions;

  constructor(options: SwitchControllerOptions) {
    this.options = options;
  }

  get current(): string | undefined {
    return this.currentVersion;
  }

  /** The version being served when the controller starts (loaded by the caller). */
  markServing(version: string): void {
    this.currentVersion = version;
  }

  /** Asks for `resolved` to be served; resolves once every switch asked for so far has run. */
  request(resolved: ResolvedVersion, reason: string): Promise<void> {
    this.pending = { resolved, reason };
    this.running ??= this.drain().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Resolves once no switch is running. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** True when asking for `version` now would do nothing (served, or failed too recently). */
  isSettled(version: string): boolean {
    return version === this.currentVersion || this.isCoolingDown(version);
  }

  private async drain(): Promise<void> {
    while (this.pending) {
      const target = this.pending;
      this.pending = undefined;
      if (this.isSettled(target.resolved.version)) continue;
      await this.switchTo(target);
    }
  }

  private async switchTo({ resolved, reason }: Target): Promise<void> {
    const outcome: SwitchOutcome = { from: this.currentVersion, to: resolved.version, reason };
    try {
      const dir = await this.options.fetcher.fetch(resolved);
      await this.options.applier.apply(dir, resolved.version);
    } catch (error) {
      this.failedAt.set(resolved.version, this.now());
      this.options.metrics.switchFailed(resolved.version);
      this.options.listener.failed(outcome, error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.failedAt.delete(resolved.version);
    this.currentVersion = resolved.version;
    this.options.metrics.switchSucceeded(resolved.version);
    this.options.listener.switched(outcome);
  }

  private isCoolingDown(version: string): boolean {
    const failed = this.failedAt.get(version);
    if (failed === undefined) return false;
    return this.now() - failed < (this.options.retryFailedAfterMs ?? DEFAULT_RETRY_FAILED_AFTER_MS);
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}
