import type { SourceAdapter, SourceFile } from './adapter';
import { alembicAdapter } from './alembic/adapter';
import { djangoAdapter } from './django/adapter';
import { ectoAdapter } from './ecto/adapter';
import { efCoreAdapter } from './efcore/adapter';
import { laravelAdapter } from './laravel/adapter';
import { liquibaseAdapter } from './liquibase/adapter';
import { prepareJsBuilders } from './js-builders/translate';
import { railsAdapter } from './rails';

/**
 * The source adapters, asked in order; the first that recognises a file reads it. An
 * adapter module is listed here once, so every entry point (lint, simulate, the CLI's
 * file expansion, the extension's document selector) knows the same formats.
 */
export const ADAPTERS: readonly SourceAdapter[] = [railsAdapter, djangoAdapter, alembicAdapter, laravelAdapter, efCoreAdapter, ectoAdapter, liquibaseAdapter];

/** The adapter that reads this file, if any. */
export function adapterFor(file: SourceFile): SourceAdapter | undefined {
  return ADAPTERS.find((a) => a.recognises(file));
}

/** Globs of every adapter's migration files. */
export function adapterGlobs(): string[] {
  return ADAPTERS.flatMap((a) => a.globs);
}

/** Loads every adapter's parser; safe to call more than once. */
export async function prepareAdapters(): Promise<void> {
  // The TypeScript grammar reads the schema-builder calls of JavaScript/TypeScript migrations.
  await Promise.all([...ADAPTERS.map((a) => a.prepare?.()), prepareJsBuilders()]);
}
