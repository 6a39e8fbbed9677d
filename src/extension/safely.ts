/**
 * Every entry point VS Code calls (events, providers, commands) goes through these wrappers,
 * so an exception becomes a line in the output channel (and, for commands the user ran, a
 * short message with a way to the details), never an error toast with a stack trace.
 */
import type { Log } from './log';

export interface Notifier {
  /** Shows a short error message; resolves to the chosen action, if any. */
  error(message: string, ...actions: string[]): PromiseLike<string | undefined>;
}

const SHOW_OUTPUT = 'Show Output';

/** For event handlers and providers: log and return `fallback`. */
export function guarded<A extends unknown[], R>(log: Log, what: string, fallback: R, fn: (...args: A) => R): (...args: A) => R {
  return (...args: A): R => {
    try {
      const r = fn(...args);
      if (r instanceof Promise) {
        return r.catch((err: unknown) => {
          log.error(`${what} failed`, err);
          return fallback;
        }) as R;
      }
      return r;
    } catch (err) {
      log.error(`${what} failed`, err);
      return fallback;
    }
  };
}

/** For commands: log, tell the user in one line, offer the output channel. */
export function guardedCommand<A extends unknown[]>(log: Log, notify: Notifier, title: string, fn: (...args: A) => unknown): (...args: A) => Promise<unknown> {
  return async (...args: A) => {
    try {
      return await fn(...args);
    } catch (err) {
      log.error(`${title} failed`, err);
      const reason = err instanceof Error ? err.message : String(err);
      const choice = await notify.error(`${title} failed: ${reason.split('\n')[0]}`, SHOW_OUTPUT);
      if (choice === SHOW_OUTPUT) log.show();
      return undefined;
    }
  };
}
