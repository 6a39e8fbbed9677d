import type { ColumnType } from '../../operations';
import data from './data/binary-coercible.json';
import { hasFact } from './facts';

/**
 * Which column type changes keep the stored bytes (ALTER TABLE … TYPE without a rewrite),
 * from data generated on a real PostgreSQL (`npm run gen:casts`): the binary-coercible
 * casts of pg_cast, the types whose length coercion has a planner support function, and
 * the PostgreSQL 12+ timestamp ⇄ timestamptz case in a UTC session.
 */

type GrowthRule = 'length' | 'precision-same-scale' | 'precision';

const RELABEL = new Set(data.binaryCoercible.map(([from, to]) => `${from}>${to}`));
const GROWTH: Readonly<Record<string, GrowthRule>> = data.typmodGrowth as Record<string, GrowthRule>;
const UTC_PAIRS = new Set(data.utcTimestamp.pairs.map(([from, to]) => `${from}>${to}`));

export interface CoercionSession {
  readonly pgVersion: number;
  /** The session's TimeZone is known to have a zero offset (a `SET TIME ZONE 'UTC'` ran). */
  readonly utc: boolean;
}

/**
 * Whether changing a column from `from` to `to` keeps the stored bytes (no rewrite).
 * Unknown `from` returns undefined: the caller says the current type is unknown.
 */
export function typeChangeIsBinaryCoercible(from: ColumnType | undefined, to: ColumnType, session: CoercionSession): boolean | undefined {
  if (!from) return undefined;
  const same = from.name === to.name;
  if (same && from.isArray === to.isArray && sameModifiers(from.modifiers, to.modifiers)) return true;
  // Arrays are converted element by element: only an identical type keeps them.
  if (from.isArray || to.isArray) return false;
  if (same) {
    const rule = GROWTH[from.name];
    return rule !== undefined && modifierGrows(rule, from.modifiers, to.modifiers);
  }
  const pair = `${from.name}>${to.name}`;
  if (UTC_PAIRS.has(pair) && session.utc && hasFact(session.pgVersion, 'timestampTimeZoneChangeInUtc')) {
    return to.modifiers.length === 0 || (from.modifiers.length > 0 && modifierGrows('precision', from.modifiers, to.modifiers));
  }
  // A relabelled value still passes the target's length check unless the target is unlimited.
  return RELABEL.has(pair) && to.modifiers.length === 0;
}

/** The old type is timestamp or timestamptz and the new the other: only a UTC session keeps the bytes. */
export function isTimeZoneChange(from: ColumnType | undefined, to: ColumnType): boolean {
  return from !== undefined && !from.isArray && !to.isArray && UTC_PAIRS.has(`${from.name}>${to.name}`);
}

function sameModifiers(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((m, i) => m === b[i]);
}

function modifierGrows(rule: GrowthRule, from: readonly number[], to: readonly number[]): boolean {
  if (to.length === 0) return true; // unlimited never shrinks
  if (from.length === 0) return false; // unlimited to limited checks every value
  switch (rule) {
    case 'length':
      return to[0]! >= from[0]!;
    case 'precision-same-scale':
      return (to[1] ?? 0) === (from[1] ?? 0) && to[0]! >= from[0]!;
    case 'precision':
      // interval keeps its fields in the first modifier; the precision is the last one.
      return from.length === to.length && from.slice(0, -1).every((m, i) => m === to[i]) && to.at(-1)! >= from.at(-1)!;
  }
}
