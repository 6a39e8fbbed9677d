import addColumnNotNullWithoutDefault from './add-column-not-null-without-default';
import addColumnTableRewrite from './add-column-table-rewrite';
import alterColumnTypeRewrite from './alter-column-type-rewrite';
import backfillInMigration from './backfill-in-migration';
import breakingDrop from './breaking-drop';
import breakingRename from './breaking-rename';
import concurrentIndexDefectiveRelease from './concurrent-index-defective-release';
import concurrentlyInTransaction from './concurrently-in-transaction';
import constraintWithoutNotValid from './constraint-without-not-valid';
import createIndexNonConcurrently from './create-index-non-concurrently';
import detachPartitionNonConcurrently from './detach-partition-non-concurrently';
import domainConstraintWithoutNotValid from './domain-constraint-without-not-valid';
import dropIndexNonConcurrently from './drop-index-non-concurrently';
import exclusionConstraintBuildsIndex from './exclusion-constraint-builds-index';
import foreignKeyValidatedInSameTransaction from './foreign-key-validated-in-same-transaction';
import mysqlAddColumnNotInstant from './mysql-add-column-not-instant';
import mysqlAlgorithmCopy from './mysql-algorithm-copy';
import mysqlNotNullZeroFill from './mysql-not-null-zero-fill';
import mysqlOnlineSchemaChange from './mysql-online-schema-change';
import mysqlRequireExplicitAlgorithm from './mysql-require-explicit-algorithm';
import notNullDefaultDropped from './not-null-default-dropped';
import reindexNonConcurrently from './reindex-non-concurrently';
import requireLockTimeout from './require-lock-timeout';
import requireStatementTimeout from './require-statement-timeout';
import setNotNullScansTable from './set-not-null-scans-table';
import sqliteAddColumnRestriction from './sqlite-add-column-restriction';
import sqliteRequiresRebuild from './sqlite-requires-rebuild';
import statementAfterAccessExclusive from './statement-after-access-exclusive';
import type { AnyRule } from './types';
import tableRewriteCommand from './table-rewrite-command';
import uniqueConstraintBuildsIndex from './unique-constraint-builds-index';

/** Every rule, sorted by id. Config validation, docs and `--list-rules` derive from this list. */
export const RULES: readonly AnyRule[] = [
  addColumnNotNullWithoutDefault,
  addColumnTableRewrite,
  alterColumnTypeRewrite,
  backfillInMigration,
  breakingDrop,
  breakingRename,
  concurrentIndexDefectiveRelease,
  concurrentlyInTransaction,
  constraintWithoutNotValid,
  createIndexNonConcurrently,
  detachPartitionNonConcurrently,
  domainConstraintWithoutNotValid,
  dropIndexNonConcurrently,
  exclusionConstraintBuildsIndex,
  foreignKeyValidatedInSameTransaction,
  mysqlAddColumnNotInstant,
  mysqlAlgorithmCopy,
  mysqlNotNullZeroFill,
  mysqlOnlineSchemaChange,
  mysqlRequireExplicitAlgorithm,
  notNullDefaultDropped,
  reindexNonConcurrently,
  requireLockTimeout,
  requireStatementTimeout,
  setNotNullScansTable,
  sqliteAddColumnRestriction,
  sqliteRequiresRebuild,
  statementAfterAccessExclusive,
  tableRewriteCommand,
  uniqueConstraintBuildsIndex,
];

const byId = new Map(RULES.map((r) => [r.meta.id, r]));

export function ruleById(id: string): AnyRule | undefined {
  return byId.get(id);
}
