/**
 * Loads the analysis core on first need. The PostgreSQL parser is a WASM module of about
 * 1.7 MB; keeping it out of activation keeps start-up cheap for workspaces that never open
 * a migration.
 */
import type * as LintModule from '../core/lint';
import type { Linter } from '../core/lint';
import type { Dialect } from '../core/types';
import { elapsed, type Log } from './log';

export class LinterHost {
  private readonly loading = new Map<Dialect, Promise<Linter>>();

  constructor(private readonly log: Log) {}

  /** A linter with the dialect's parser loaded; loads it on first call. */
  get(dialect: Dialect): Promise<Linter> {
    let linter = this.loading.get(dialect);
    if (!linter) {
      linter = this.load(dialect);
      this.loading.set(dialect, linter);
      // Let the next request try again rather than keeping the failure.
      linter.catch(() => this.loading.delete(dialect));
    }
    return linter;
  }

  private async load(dialect: Dialect): Promise<Linter> {
    const started = performance.now();
    // A require inside the function: the bundle evaluates the core (and the parser) only here.
    const { createLinter } = require('../core/lint') as typeof LintModule;
    const linter = await createLinter([dialect]);
    this.log.info(`${dialect} parser loaded in ${elapsed(started)}`);
    return linter;
  }
}
