import assert from 'node:assert/strict';
import { resolveConfig } from '../../../src/core/config';
import { quoteIdentifier } from '../../../src/core/engines/identifiers';
import { planMigration, writableConventions } from '../../../src/core/phases';
import { loadParser } from '../../../src/core/sql/parsers';
import type { Dialect } from '../../../src/core/types';
import { applyEdits, sharedLinter } from '../../helpers/rule-cases';

/**
 * Columns named after keywords, through every quick fix and every plan writer: what
 * Lockstep writes must parse in the dialect it was written for.
 */
const NAMES = ['order', 'offset', 'desc', 'window', 'user', 'group'];

function migration(dialect: Dialect, col: string): string {
  const c = quoteIdentifier(dialect, col);
  switch (dialect) {
    case 'postgresql':
      return [
        `ALTER TABLE users ADD COLUMN ${c} integer NOT NULL`,
        `ALTER TABLE users ADD COLUMN ${quoteIdentifier(dialect, `${col}_at`)} timestamptz NOT NULL DEFAULT now()`,
        `CREATE INDEX users_${col}_idx ON users (${c})`,
        `ALTER TABLE users ALTER COLUMN ${c} SET NOT NULL`,
        `ALTER TABLE users ADD CONSTRAINT users_${col}_check CHECK (${c} > 0)`,
        `ALTER TABLE users ADD CONSTRAINT users_${col}_key UNIQUE (${c})`,
        `ALTER TABLE users ALTER COLUMN ${c} TYPE bigint`,
        `UPDATE users SET ${c} = 1 WHERE ${c} IS NULL`,
        '',
      ].join(';\n');
    case 'mysql':
      return [
        `ALTER TABLE users ADD COLUMN ${c} int NOT NULL`,
        `CREATE INDEX users_${col}_idx ON users (${c})`,
        `ALTER TABLE users MODIFY ${c} bigint NOT NULL`,
        `UPDATE users SET ${c} = 1`,
        '',
      ].join(';\n');
    default:
      return [
        `ALTER TABLE users ADD COLUMN ${c} INTEGER NOT NULL DEFAULT 0`,
        `ALTER TABLE users ADD COLUMN ${quoteIdentifier(dialect, `${col}2`)} TEXT`,
        `UPDATE users SET ${quoteIdentifier(dialect, `${col}2`)} = 'x'`,
        `CREATE INDEX users_${col}_idx ON users (${c})`,
        `ALTER TABLE users ADD CONSTRAINT users_${col}_key UNIQUE (${c})`,
        '',
      ].join(';\n');
  }
}

const DIALECTS: readonly { dialect: Dialect; targetVersion: string | number }[] = [
  { dialect: 'postgresql', targetVersion: 16 },
  { dialect: 'mysql', targetVersion: '8.0.30' },
  { dialect: 'sqlite', targetVersion: '3.45.0' },
];

describe('keyword-named columns: quick fixes and plan files parse', () => {
  for (const { dialect, targetVersion } of DIALECTS) {
    for (const col of NAMES) {
      it(`${dialect}: column ${col}`, async () => {
        const parser = await loadParser(dialect);
        const linter = await sharedLinter();
        const sql = migration(dialect, col);
        assert.deepEqual(
          parser
            .parse(sql)
            .statements.filter((s) => s.error)
            .map((s) => s.text),
          [],
          'the input itself parses',
        );
        const config = resolveConfig({ dialect, targetVersion, tables: { users: { rows: 5_000_000 } } });
        const broken: string[] = [];
        let fixes = 0;
        for (const f of linter.lint(sql, { config }).findings) {
          if (!f.fix) continue;
          fixes++;
          const fixed = applyEdits(sql, f.fix.edits);
          for (const s of parser.parse(fixed).statements) if (s.error) broken.push(`fix of ${f.ruleId} ("${f.fix.title}"): ${s.text} — ${s.error.message}`);
        }
        // MySQL and SQLite plans are written in the plain convention only.
        for (const convention of dialect === 'postgresql' ? writableConventions() : (['plain'] as const)) {
          const result = await planMigration(sql, {
            config,
            convention,
            now: new Date(Date.UTC(2025, 0, 1)),
            folder: { list: () => [], read: () => undefined },
          });
          if (result.refused) {
            broken.push(`${convention}: refused: ${result.refused}`);
            continue;
          }
          assert.ok(result.files.length > 0, `${convention}: a plan was written`);
          for (const file of result.files) {
            for (const part of file.parts) {
              for (const s of parser.parse(part.sql).statements) if (s.error) broken.push(`${convention} ${file.path}: ${s.text} — ${s.error.message}`);
            }
          }
        }
        assert.deepEqual(broken, []);
        if (dialect === 'postgresql') assert.ok(fixes > 0, 'some rule offered a fix, so the check means something');
      });
    }
  }
});
