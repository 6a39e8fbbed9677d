import assert from 'node:assert/strict';
import { planStatement } from '../../../src/core/engines/mysql/classify';
import { mysqlTarget, ONLINE_DDL_FACTS, onlineDdlFact, supportsInstantKeyword } from '../../../src/core/engines/mysql/online-ddl';
import { atLeast, parseVersion } from '../../../src/core/engines/version';
import type { Operation } from '../../../src/core/operations';

const addColumn = (position?: { first: true } | { after: string }): Operation => ({
  kind: 'add-column',
  statementIndex: 0,
  table: { name: 't' },
  ifNotExists: false,
  column: {
    name: 'c',
    type: { sql: 'INT', name: 'int', modifiers: [], isArray: false },
    notNull: false,
    identity: false,
    serial: false,
    primaryKey: false,
    unique: false,
    checks: [],
    ...(position ? { position } : {}),
  },
});
const noState = { columnType: () => undefined };

function plan(dialect: 'mysql' | 'mariadb', version: string, op: Operation) {
  return planStatement([op], mysqlTarget(dialect, version), noState, {})!;
}

describe('MySQL/MariaDB online DDL facts', () => {
  it('every row cites a manual page', () => {
    for (const f of ONLINE_DDL_FACTS) assert.match(f.source, /^https:\/\/(dev\.mysql\.com|mariadb\.com)\//, `${f.op} ${f.flavor} ${f.since}`);
  });

  it('parses prefixed and short versions', () => {
    assert.deepEqual(mysqlTarget('mysql', 'mariadb-10.6'), { flavor: 'mariadb', version: [10, 6] });
    assert.deepEqual(mysqlTarget('mysql', 'mysql-8.0.28').version, [8, 0, 28]);
    assert.ok(atLeast(parseVersion('8.4')!, '8.0.29'));
  });

  it('MySQL 8.0.11 / 8.0.12: INSTANT ADD COLUMN appears', () => {
    assert.equal(plan('mysql', '8.0.11', addColumn()).algorithm, 'INPLACE');
    assert.equal(plan('mysql', '8.0.12', addColumn()).algorithm, 'INSTANT');
    assert.equal(supportsInstantKeyword(mysqlTarget('mysql', '8.0.11')), false);
    assert.equal(supportsInstantKeyword(mysqlTarget('mysql', '8.0.12')), true);
  });

  it('MySQL 8.0.28 / 8.0.29: INSTANT in any position', () => {
    assert.equal(plan('mysql', '8.0.28', addColumn({ after: 'a' })).algorithm, 'INPLACE');
    assert.equal(plan('mysql', '8.0.29', addColumn({ after: 'a' })).algorithm, 'INSTANT');
    assert.equal(onlineDdlFact('drop-column', mysqlTarget('mysql', '8.0.28'))?.algorithm, 'INPLACE');
    assert.equal(onlineDdlFact('drop-column', mysqlTarget('mysql', '8.0.29'))?.algorithm, 'INSTANT');
  });

  it('MariaDB 10.3 / 10.4: last position from 10.3.2, any position from 10.4', () => {
    assert.equal(plan('mariadb', '10.2', addColumn()).algorithm, 'INPLACE');
    assert.equal(plan('mariadb', '10.3.2', addColumn()).algorithm, 'INSTANT');
    assert.equal(plan('mariadb', '10.3.39', addColumn({ first: true })).algorithm, 'INPLACE');
    assert.equal(plan('mariadb', '10.4', addColumn({ first: true })).algorithm, 'INSTANT');
    assert.equal(supportsInstantKeyword(mysqlTarget('mariadb', '10.3.6')), false);
    assert.equal(supportsInstantKeyword(mysqlTarget('mariadb', '10.3.7')), true);
  });

  it('the 64th instant row version is the last', () => {
    const target = mysqlTarget('mysql', '8.0.36');
    assert.equal(planStatement([addColumn()], target, noState, { rowVersions: 63 })!.algorithm, 'INSTANT');
    assert.equal(planStatement([addColumn()], target, noState, { rowVersions: 64 })!.algorithm, 'INPLACE');
    // MariaDB has no such limit.
    assert.equal(planStatement([addColumn()], mysqlTarget('mariadb', '10.11'), noState, { rowVersions: 500 })!.algorithm, 'INSTANT');
  });
});
