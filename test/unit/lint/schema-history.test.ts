import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { resolveConfig } from '../../../src/core/config';
import { loadParser } from '../../../src/core/sql/parsers';
import { SchemaHistory } from '../../../src/core/lint/schema-history';
import { sharedLinter } from '../../helpers/rule-cases';
import { cli } from '../../helpers/cli';
import { migrationFolder } from '../../engine/helpers';

const folder = migrationFolder;

const CREATE = `CREATE TABLE users (id int PRIMARY KEY, code varchar(20), total numeric(10,2), seen timestamp(0), bio varchar(40), visits int, email text, name text);\n`;
const CHECK = 'ALTER TABLE users ADD CONSTRAINT users_email_nn CHECK (email IS NOT NULL) NOT VALID;\n';
const VALIDATE = 'ALTER TABLE users VALIDATE CONSTRAINT users_email_nn;\n';

async function lintFile(file: string, text: string, schemaFile?: string): Promise<{ ruleId: string; messageId: string; message: string; line: number }[]> {
  const linter = await sharedLinter();
  const config = resolveConfig({ rules: { 'require-lock-timeout': 'off' } });
  const result = linter.lint(text, { fileName: file, config, ...(schemaFile ? { schemaFile } : {}) });
  return result.findings.map((f) => ({ ruleId: f.ruleId, messageId: f.messageId, message: f.message, line: f.range.start.line }));
}

describe('lint: the schema as the earlier migrations leave it', function () {
  this.timeout(30_000);

  it('type changes are judged from the type an earlier migration declared', async () => {
    const change = [
      'ALTER TABLE users ALTER COLUMN code TYPE varchar(21);',
      'ALTER TABLE users ALTER COLUMN total TYPE numeric(20,2);',
      'ALTER TABLE users ALTER COLUMN seen TYPE timestamp(3);',
      'ALTER TABLE users ALTER COLUMN bio TYPE text;',
      'ALTER TABLE users ALTER COLUMN visits TYPE text;',
      'ALTER TABLE users ALTER COLUMN name TYPE varchar(10);',
    ].join('\n');
    const f = folder({ '001_create.sql': CREATE, '002_change.sql': change });
    try {
      const findings = (await lintFile(f.file('002_change.sql'), change)).filter((x) => x.ruleId === 'alter-column-type-rewrite');
      assert.deepEqual(
        findings.map((x) => [x.line, x.messageId]),
        [
          [5, 'rewrite'],
          [6, 'rewrite'],
        ],
      );
      assert.match(findings[0]!.message, /from int to text/);
    } finally {
      f.remove();
    }
  });

  it('a migration with no earlier migration says the current type is unknown', async () => {
    const change = 'ALTER TABLE users ALTER COLUMN code TYPE varchar(21);\n';
    const f = folder({ '001_change.sql': change });
    try {
      const [finding] = (await lintFile(f.file('001_change.sql'), change)).filter((x) => x.ruleId === 'alter-column-type-rewrite');
      assert.equal(finding?.messageId, 'unknownType');
      assert.match(finding!.message, /current type unknown/);
    } finally {
      f.remove();
    }
  });

  it('SET NOT NULL knows a CHECK (col IS NOT NULL) validated by an earlier migration', async () => {
    const change = 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\nALTER TABLE users ALTER COLUMN name SET NOT NULL;\n';
    const f = folder({ '001_create.sql': CREATE, '002_check.sql': CHECK, '003_validate.sql': VALIDATE, '004_not_null.sql': change });
    try {
      const findings = (await lintFile(f.file('004_not_null.sql'), change)).filter((x) => x.ruleId === 'set-not-null-scans-table');
      assert.deepEqual(
        findings.map((x) => x.line),
        [2],
      );
    } finally {
      f.remove();
    }
  });

  it('SET NOT NULL on a column an earlier migration made NOT NULL checks nothing', async () => {
    const change = 'ALTER TABLE users ALTER COLUMN id SET NOT NULL;\nALTER TABLE users ALTER COLUMN code SET NOT NULL;\n';
    const f = folder({ '001_create.sql': CREATE, '002_not_null.sql': change });
    try {
      const findings = (await lintFile(f.file('002_not_null.sql'), change)).filter((x) => x.ruleId === 'set-not-null-scans-table');
      assert.deepEqual(
        findings.map((x) => x.line),
        [2],
      );
    } finally {
      f.remove();
    }
  });

  it('an unvalidated CHECK from an earlier migration does not spare the scan, and the fix validates it', async () => {
    const change = 'ALTER TABLE users ALTER COLUMN email SET NOT NULL;\n';
    const f = folder({ '001_create.sql': CREATE, '002_check.sql': CHECK, '003_not_null.sql': change });
    try {
      const findings = (await lintFile(f.file('003_not_null.sql'), change)).filter((x) => x.ruleId === 'set-not-null-scans-table');
      assert.deepEqual(
        findings.map((x) => x.line),
        [1],
      );
    } finally {
      f.remove();
    }
  });

  it('later migrations and rollback files are not part of the schema', async () => {
    const change = 'ALTER TABLE users ALTER COLUMN code TYPE varchar(21);\n';
    const f = folder({ '001_change.sql': change, '002_create.sql': CREATE, '000_create.down.sql': CREATE });
    try {
      const findings = (await lintFile(f.file('001_change.sql'), change)).filter((x) => x.ruleId === 'alter-column-type-rewrite');
      assert.deepEqual(
        findings.map((x) => x.messageId),
        ['unknownType'],
      );
    } finally {
      f.remove();
    }
  });

  it('--schema reads a pg_dump --schema-only file instead of the folder', async () => {
    const dump = [
      '\\restrict abc',
      'SET statement_timeout = 0;',
      "SELECT pg_catalog.set_config('search_path', '', false);",
      'CREATE TABLE public.accounts (',
      '    id bigint NOT NULL,',
      '    handle character varying(30),',
      '    score integer',
      ');',
      'ALTER TABLE ONLY public.accounts ADD CONSTRAINT accounts_pkey PRIMARY KEY (id);',
      '\\unrestrict abc',
      '',
    ].join('\n');
    const change = 'ALTER TABLE accounts ALTER COLUMN handle TYPE varchar(60);\nALTER TABLE accounts ALTER COLUMN score TYPE bigint;\n';
    const f = folder({ 'structure.sql': dump, 'migrate/001_change.sql': change });
    try {
      const findings = (await lintFile(f.file('migrate/001_change.sql'), change, f.file('structure.sql'))).filter(
        (x) => x.ruleId === 'alter-column-type-rewrite',
      );
      assert.deepEqual(
        findings.map((x) => [x.line, x.messageId]),
        [[2, 'rewrite']],
      );
      const r = await cli('lint', f.file('migrate/001_change.sql'), '--schema', f.file('structure.sql'), '--format', 'json');
      const ids = (JSON.parse(r.stdout) as { rule: string; message: string }[]).filter((x) => x.rule === 'alter-column-type-rewrite');
      assert.equal(ids.length, 1);
      assert.match(ids[0]!.message, /from int(eger)? to bigint/);
    } finally {
      f.remove();
    }
  });

  it('the catalog is reused while the earlier files are unchanged and rebuilt when one changes', async () => {
    const f = folder({ '001_create.sql': CREATE, '002_change.sql': '' });
    try {
      const history = new SchemaHistory(await loadParser('postgresql'), 0);
      const first = history.catalogFor(f.file('002_change.sql'))!;
      assert.equal(history.catalogFor(f.file('002_change.sql')), first);
      assert.equal(first.column({ name: 'users' }, 'code')?.type.sql, 'varchar(20)');
      fs.writeFileSync(f.file('001_create.sql'), CREATE.replace('code varchar(20)', 'code varchar(99)'));
      // A different size is enough to notice; mtime may not move within the same millisecond.
      const second = history.catalogFor(f.file('002_change.sql'))!;
      assert.notEqual(second, first);
      assert.equal(second.column({ name: 'users' }, 'code')?.type.sql, 'varchar(99)');
      assert.equal(history.catalogFor(f.file('missing.sql')), undefined);
    } finally {
      f.remove();
    }
  });
});
