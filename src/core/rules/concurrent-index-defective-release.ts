import { DEFECTIVE_RELEASES } from '../engines/postgres/facts';
import { compareVersions, parseVersion } from '../engines/version';
import { displayName } from '../operations';
import { defineRule } from './types';

/**
 * On PostgreSQL 14.0–14.3, CREATE INDEX CONCURRENTLY and REINDEX CONCURRENTLY could miss
 * rows changed while they ran and leave an index that silently returns wrong results
 * (DEFECTIVE_RELEASES.concurrentIndexCorruption). Needs the target's minor version.
 */
const DEFECT = DEFECTIVE_RELEASES.concurrentIndexCorruption;
const FROM = parseVersion(DEFECT.from)!;
const FIXED = parseVersion(DEFECT.fixedIn)!;

export default defineRule({
  meta: {
    id: 'concurrent-index-defective-release',
    description: 'CREATE INDEX and REINDEX CONCURRENTLY can build a corrupt index on PostgreSQL 14.0 to 14.3.',
    defaultSeverity: 'error',
    dialects: ['postgresql'],
    messages: {
      affected: `{statement} CONCURRENTLY on PostgreSQL {version} can build a corrupt index {index} that silently misses rows changed during the build (fixed in ${DEFECT.fixedIn}).`,
      minorUnknown: `{statement} CONCURRENTLY on PostgreSQL 14 before ${DEFECT.fixedIn} can build a corrupt index {index} that silently misses rows changed during the build; the target version 14 does not say which release runs.`,
    },
  },
  on: ['create-index', 'reindex'],
  check(op, ctx) {
    if (!op.concurrently) return [];
    const version = parseVersion(ctx.config.targetVersion);
    if (!version || version[0] !== FROM[0] || compareVersions(version, FROM) < 0 || compareVersions(version, FIXED) >= 0) return [];
    const statement = op.kind === 'create-index' ? 'CREATE INDEX' : 'REINDEX';
    const index = op.kind === 'create-index' ? (op.name ?? '(unnamed)') : displayName(op.name);
    return [
      {
        // "14" alone leaves the minor release open: 14.0 compares equal to it.
        messageId: version.length < 2 ? 'minorUnknown' : 'affected',
        data: { statement, version: ctx.config.targetVersion, index },
        help: `Upgrade to ${DEFECT.fixedIn} or later first (and rebuild indexes built concurrently on the affected releases); set targetVersion to the exact release, e.g. "14.11", once it is fixed.`,
      },
    ];
  },
});
