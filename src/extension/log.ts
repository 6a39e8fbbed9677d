/** The "Lockstep" output channel: timings at debug level, problems at warn/error. */
import * as vscode from 'vscode';

export interface Log {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, err?: unknown): void;
  show(): void;
}

function describeError(err: unknown): string {
  if (err instanceof Error) return err.stack ?? `${err.name}: ${err.message}`;
  return String(err);
}

export function createLog(): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel('Lockstep', { log: true });
  return {
    debug: (m) => channel.debug(m),
    info: (m) => channel.info(m),
    warn: (m) => channel.warn(m),
    error: (m, err) => channel.error(err === undefined ? m : `${m}\n${describeError(err)}`),
    show: () => channel.show(true),
    dispose: () => channel.dispose(),
  };
}

/** Milliseconds with one decimal, for timing lines. */
export function elapsed(since: number): string {
  return `${(performance.now() - since).toFixed(1)} ms`;
}
