import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConfig } from '../../../../src/core/config';
import { liquibaseAdapter } from '../../../../src/core/sources/liquibase/adapter';
import { adapterFor } from '../../../../src/core/sources/registry';
import { runnerSections } from '../../../../src/core/sql/runner-sections';
import { lintAdapterCorpus, ruleCounts } from '../../../helpers/adapter-corpus';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../../helpers/corpus';
import { sharedLinter } from '../../../helpers/rule-cases';

/*
 * No Java runtime with Liquibase is installed here: the expected SQL follows what
 * liquibase-core's SQL generators write for PostgreSQL.
 */
const XML = readFileSync(join(__dirname, '..', '..', '..', 'fixtures', 'frameworks', 'liquibase', 'db', 'changelog', '001-add-plan.xml'), 'utf8');

const YAML = `databaseChangeLog:
  - changeSet:
      id: 1
      author: dev
      changes:
        - addColumn:
            tableName: users
            columns:
              - column:
                  name: plan
                  type: varchar(20)
                  constraints:
                    nullable: false
        - sql:
            sql: UPDATE users SET plan = 'free'
      rollback:
        - dropColumn:
            tableName: users
            columnName: plan
`;

describe('Liquibase adapter (PostgreSQL)', () => {
  const read = (text: string, path: string) => liquibaseAdapter.read({ path, text }, { dialect: 'postgresql' });

  it('recognises XML, YAML and JSON changelogs', () => {
    assert.equal(adapterFor({ path: 'db/changelog/001.xml', text: XML }), liquibaseAdapter);
    assert.equal(adapterFor({ path: 'db/changelog/001.yaml', text: YAML }), liquibaseAdapter);
    assert.equal(liquibaseAdapter.recognises({ path: 'pom.xml', text: '<project/>' }), false);
  });

  it('translates an XML changelog: a transaction per changeSet, none with runInTransaction="false", rollback and other databases left out', () => {
    const s = read(XML, 'db/changelog/001.xml');
    assert.deepEqual(s.errors, []);
    assert.deepEqual(s.notes, []);
    assert.equal(s.transactional, false);
    assert.deepEqual(
      s.statements.filter((st) => st.direction === 'forward').map((st) => st.sql),
      [
        'BEGIN',
        "ALTER TABLE users ADD plan VARCHAR(20) DEFAULT 'free' NOT NULL",
        'CREATE UNIQUE INDEX idx_users_email ON users(email)',
        'COMMIT',
        "CREATE INDEX CONCURRENTLY idx_users_plan ON users (plan) WHERE plan <> 'free'",
        'BEGIN',
        'ALTER TABLE posts ADD CONSTRAINT fk_posts_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE NOT VALID',
        "UPDATE users SET name = 'anon' WHERE name IS NULL",
        'ALTER TABLE users ALTER COLUMN name SET NOT NULL',
        'ALTER TABLE users ALTER COLUMN age TYPE BIGINT',
        'ALTER TABLE users RENAME COLUMN bio TO about',
        'COMMIT',
      ],
    );
    assert.deepEqual(
      s.statements.filter((st) => st.direction === 'rollback').map((st) => st.sql),
      ['ALTER TABLE users DROP COLUMN plan'],
    );
    const raw = s.statements.find((st) => st.kind === 'raw')!;
    // Offsets map through the entities back into the file.
    assert.equal(XML.slice(raw.offsets![raw.sql.indexOf('<>')], raw.offsets![raw.sql.indexOf('<>') + 2]), '&lt;&gt;');
    const add = s.statements[1]!;
    assert.match(XML.slice(add.range.start, add.range.end), /^<column name="plan"[\s\S]*<\/column>$/);
  });

  it('translates a YAML changelog the same way, SQL mapped into its scalar', () => {
    const s = read(YAML, 'db/changelog/001.yaml');
    assert.deepEqual(s.errors, []);
    assert.deepEqual(
      s.statements.map((st) => [st.direction, st.sql]),
      [
        ['forward', 'BEGIN'],
        ['forward', 'ALTER TABLE users ADD plan VARCHAR(20) NOT NULL'],
        ['forward', "UPDATE users SET plan = 'free'"],
        ['rollback', 'ALTER TABLE users DROP COLUMN plan'],
        ['forward', 'COMMIT'],
      ],
    );
    const raw = s.statements[2]!;
    assert.equal(YAML.slice(raw.offsets![0], raw.offsets![6]), 'UPDATE');
  });

  it('reads the same changelog written as JSON', () => {
    const json = JSON.stringify(
      { databaseChangeLog: [{ changeSet: { id: '1', author: 'dev', changes: [{ dropColumn: { tableName: 'users', columnName: 'legacy' } }] } }] },
      null,
      2,
    );
    const s = read(json, 'db/changelog/001.json');
    assert.deepEqual(
      s.statements.map((st) => st.sql),
      ['BEGIN', 'ALTER TABLE users DROP COLUMN legacy', 'COMMIT'],
    );
  });

  it('lints the change at its element: a non-concurrent index and a validated foreign key', async () => {
    const linter = await sharedLinter();
    const text = XML.replace(' validate="false"', '');
    const result = linter.lint(text, { fileName: 'db/changelog/001.xml', config: resolveConfig({}) });
    const at = (rule: string) =>
      result.findings.filter((f) => f.ruleId === rule).map((f) => text.slice(f.range.start.offset, f.range.end.offset).split('\n')[0]);
    assert.deepEqual(at('create-index-non-concurrently'), ['<createIndex indexName="idx_users_email" tableName="users" unique="true">']);
    assert.equal(at('constraint-without-not-valid').length, 1);
    assert.deepEqual(at('concurrently-in-transaction'), []);
    assert.ok(!result.findings.some((f) => f.ruleId === 'syntax-error'));
  });

  it('reads formatted SQL changelogs: --rollback lines are rollback, runInTransaction:false turns the transaction off', () => {
    const text = '--liquibase formatted sql\n\n--changeset dev:1 runInTransaction:false\nCREATE INDEX CONCURRENTLY i ON t (a);\n--rollback DROP INDEX i;\n';
    const sections = runnerSections('db/changelog/001.sql', text);
    assert.equal(sections.runner, 'liquibase');
    assert.equal(sections.transactional, false);
    assert.equal(sections.rollback.length, 1);
    assert.ok(!sections.forward.includes('DROP INDEX'));
  });
});

describe('Liquibase changelog corpus', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('reads and lints every changelog without a crash or a syntax error', async function () {
    // Hundreds of files through the linter: seconds on a quiet machine, more on a loaded one.
    this.timeout(300_000);
    const files = corpusFiles((p) => /\.(xml|ya?ml|json)$/.test(p) && p.includes('apache__fineract'));
    if (files.length === 0) return;
    const { read, statements, notes, rules, errors } = await lintAdapterCorpus(liquibaseAdapter, files);
    console.log(`      ${files.length} files (${read} changelogs), ${statements} forward statements, ${notes} changes not analysed`);
    console.log(`      findings: ${ruleCounts(rules)}`);
    assert.deepEqual(errors, []);
  });
});
