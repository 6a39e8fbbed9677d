/**
 * PostgreSQL table-level lock modes and their conflicts, as data.
 * Source: PostgreSQL documentation, "13.3.1. Table-Level Locks", Table 13.2
 * "Conflicting Lock Modes" — https://www.postgresql.org/docs/current/explicit-locking.html
 */

/** Lock modes by the names `pg_locks.mode` reports. Ordered weakest to strongest. */
export const LOCK_MODES = [
  'AccessShareLock',
  'RowShareLock',
  'RowExclusiveLock',
  'ShareUpdateExclusiveLock',
  'ShareLock',
  'ShareRowExclusiveLock',
  'ExclusiveLock',
  'AccessExclusiveLock',
] as const;

export type LockMode = (typeof LOCK_MODES)[number];

/** The SQL spelling used in `LOCK TABLE … IN … MODE` and in documentation. */
export const LOCK_SQL_NAMES: Readonly<Record<LockMode, string>> = {
  AccessShareLock: 'ACCESS SHARE',
  RowShareLock: 'ROW SHARE',
  RowExclusiveLock: 'ROW EXCLUSIVE',
  ShareUpdateExclusiveLock: 'SHARE UPDATE EXCLUSIVE',
  ShareLock: 'SHARE',
  ShareRowExclusiveLock: 'SHARE ROW EXCLUSIVE',
  ExclusiveLock: 'EXCLUSIVE',
  AccessExclusiveLock: 'ACCESS EXCLUSIVE',
};

/** Table 13.2: for each requested mode, the held modes it conflicts with. */
const LOCK_CONFLICTS: Readonly<Record<LockMode, readonly LockMode[]>> = {
  AccessShareLock: ['AccessExclusiveLock'],
  RowShareLock: ['ExclusiveLock', 'AccessExclusiveLock'],
  RowExclusiveLock: ['ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareUpdateExclusiveLock: ['ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ShareRowExclusiveLock: ['RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  ExclusiveLock: ['RowShareLock', 'RowExclusiveLock', 'ShareUpdateExclusiveLock', 'ShareLock', 'ShareRowExclusiveLock', 'ExclusiveLock', 'AccessExclusiveLock'],
  AccessExclusiveLock: [...LOCK_MODES],
};

export function conflicts(requested: LockMode, held: LockMode): boolean {
  return LOCK_CONFLICTS[requested].includes(held);
}

/**
 * What application traffic a held lock stops. Plain SELECT takes AccessShareLock;
 * INSERT/UPDATE/DELETE take RowExclusiveLock (documentation, same section).
 */
export type Blocks = 'nothing' | 'writes' | 'reads+writes';

export function blocks(mode: LockMode): Blocks {
  if (conflicts('AccessShareLock', mode)) return 'reads+writes';
  if (conflicts('RowExclusiveLock', mode)) return 'writes';
  return 'nothing';
}

export function isLockMode(value: string): value is LockMode {
  return (LOCK_MODES as readonly string[]).includes(value);
}

export function describeBlocks(b: Blocks): string {
  switch (b) {
    case 'reads+writes':
      return 'blocks reads and writes';
    case 'writes':
      return 'blocks writes';
    case 'nothing':
      return 'blocks neither reads nor writes';
  }
}

/** `AccessExclusiveLock` → `ACCESS EXCLUSIVE`; other engines' lock names pass through. */
export function sqlLockName(lock: string): string {
  return isLockMode(lock) ? LOCK_SQL_NAMES[lock] : lock;
}
