import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { resolveConfig } from '../../../../src/core/config';
import { efCoreAdapter } from '../../../../src/core/sources/efcore/adapter';
import { adapterFor } from '../../../../src/core/sources/registry';
import { corpusAvailable, corpusFiles, CORPUS_DIR } from '../../../helpers/corpus';
import { sharedLinter } from '../../../helpers/rule-cases';

/*
 * No EF Core oracle runs here (no .NET SDK among the reachable packages): the expected SQL is
 * the shape Npgsql's migrations SQL generator documents, kept to what the rules read.
 */
const migration = (up: string, down = '') => `using Microsoft.EntityFrameworkCore.Migrations;

namespace App.Migrations
{
    public partial class Change : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
${up}
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
${down}
        }
    }
}
`;

describe('EF Core adapter (Npgsql)', () => {
  before(() => efCoreAdapter.prepare!());

  const read = (text: string, path = 'Migrations/20240101000000_Change.cs') => efCoreAdapter.read({ path, text }, { dialect: 'postgresql' });

  it('recognises migrations but not designer files or the model snapshot', () => {
    const text = migration('');
    assert.equal(adapterFor({ path: 'App/Migrations/20240101000000_Change.cs', text }), efCoreAdapter);
    assert.equal(efCoreAdapter.recognises({ path: 'App/Migrations/20240101000000_Change.Designer.cs', text }), false);
    assert.equal(efCoreAdapter.recognises({ path: 'App/Migrations/AppDbContextModelSnapshot.cs', text }), false);
  });

  it('translates column, index, key and rename calls; Down is rollback', () => {
    const s = read(
      migration(
        `            migrationBuilder.AddColumn<string>(name: "Plan", table: "Users", maxLength: 20, nullable: false, defaultValue: "free");
            migrationBuilder.AddColumn<bool>(name: "Active", table: "Users", nullable: false, defaultValue: true);
            migrationBuilder.AddColumn<DateTime>(name: "Seen", table: "Users", type: "timestamp without time zone", nullable: true);
            migrationBuilder.CreateIndex(name: "IX_Users_Email", table: "Users", column: "Email", unique: true, filter: "\\"Email\\" IS NOT NULL");
            migrationBuilder.CreateIndex(name: "IX_Users_Plan", table: "Users", columns: new[] { "Plan", "Active" }).Annotation("Npgsql:CreatedConcurrently", true);
            migrationBuilder.AddForeignKey(name: "FK_Posts_Users_UserId", table: "Posts", column: "UserId", principalTable: "Users", principalColumn: "Id", onDelete: ReferentialAction.Cascade);
            migrationBuilder.RenameColumn(name: "Bio", table: "Users", newName: "About");
            migrationBuilder.DropColumn(name: "Legacy", table: "Users");
            migrationBuilder.AlterColumn<long>(name: "Count", table: "Users", type: "bigint", nullable: false, oldClrType: typeof(int), oldType: "integer");
            migrationBuilder.AlterColumn<string>(name: "Name", table: "Users", type: "text", nullable: false, oldClrType: typeof(string), oldType: "text", oldNullable: true);`,
        `            migrationBuilder.DropIndex(name: "IX_Users_Email", table: "Users");`,
      ),
    );
    assert.deepEqual(s.notes, []);
    assert.deepEqual(
      s.statements.map((st) => [st.direction, st.sql]),
      [
        ['forward', `ALTER TABLE "Users" ADD "Plan" character varying(20) NOT NULL DEFAULT 'free';`],
        ['forward', `ALTER TABLE "Users" ADD "Active" boolean NOT NULL DEFAULT TRUE;`],
        ['forward', `ALTER TABLE "Users" ADD "Seen" timestamp without time zone NULL;`],
        ['forward', `CREATE UNIQUE INDEX "IX_Users_Email" ON "Users" ("Email") WHERE "Email" IS NOT NULL;`],
        ['forward', `CREATE INDEX CONCURRENTLY "IX_Users_Plan" ON "Users" ("Plan", "Active");`],
        ['forward', `ALTER TABLE "Posts" ADD CONSTRAINT "FK_Posts_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE;`],
        ['forward', `ALTER TABLE "Users" RENAME COLUMN "Bio" TO "About";`],
        ['forward', `ALTER TABLE "Users" DROP COLUMN "Legacy";`],
        ['forward', `ALTER TABLE "Users" ALTER COLUMN "Count" TYPE bigint;`],
        ['forward', `ALTER TABLE "Users" ALTER COLUMN "Name" SET NOT NULL;`],
        ['rollback', `DROP INDEX "IX_Users_Email";`],
      ],
    );
  });

  it('translates CreateTable with its keys, and maps Sql("…") into the string', () => {
    const text = migration(
      `            migrationBuilder.CreateTable(
                name: "Tags",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(maxLength: 64, nullable: false),
                    PostId = table.Column<Guid>(nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Tags", x => x.Id);
                    table.ForeignKey(name: "FK_Tags_Posts_PostId", column: x => x.PostId, principalTable: "Posts", principalColumn: "Id", onDelete: ReferentialAction.SetNull);
                });
            migrationBuilder.Sql(@"UPDATE ""Tags"" SET ""Name"" = lower(""Name"")");`,
    );
    const s = read(text);
    assert.deepEqual(s.notes, []);
    const [create, raw] = s.statements;
    assert.equal(
      create!.sql.replace(/\s+/g, ' '),
      'CREATE TABLE "Tags" ( "Id" integer GENERATED BY DEFAULT AS IDENTITY NOT NULL, "Name" character varying(64) NOT NULL, "PostId" uuid NULL, CONSTRAINT "PK_Tags" PRIMARY KEY ("Id"), CONSTRAINT "FK_Tags_Posts_PostId" FOREIGN KEY ("PostId") REFERENCES "Posts" ("Id") ON DELETE SET NULL );',
    );
    assert.equal(raw!.kind, 'raw');
    assert.equal(raw!.sql, 'UPDATE "Tags" SET "Name" = lower("Name")');
    assert.equal(text.slice(raw!.offsets![0], raw!.offsets![6]), 'UPDATE');
  });

  it('says a migration generated for another database is not analysed', () => {
    const text = migration(`            migrationBuilder.AddColumn<string>(name: "A", table: "T", type: "nvarchar(max)", nullable: true);`);
    const s = efCoreAdapter.read({ path: 'src/App.Data.SQLServer/Migrations/20240101000000_Change.cs', text }, { dialect: 'postgresql' });
    assert.deepEqual(s.statements, []);
    assert.match(s.notes[0]!.message, /not analysed for this database: .*SQL Server/);
  });
});

describe('EF Core migration corpus', function () {
  before(function () {
    if (!corpusAvailable()) {
      console.log(`      (skipped: no corpus at ${CORPUS_DIR})`);
      this.skip();
    }
  });

  it('reads every migration without a crash or a syntax error', async () => {
    const files = corpusFiles((p) => p.endsWith('.cs') && p.includes('PiranhaCMS__piranha.core') && /[\\/]Migrations[\\/]/.test(p));
    if (files.length === 0) return;
    await efCoreAdapter.prepare!();
    const linter = await sharedLinter();
    const config = resolveConfig({});
    const rules = new Map<string, number>();
    const errors: string[] = [];
    let read = 0;
    let otherDatabase = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      if (!efCoreAdapter.recognises({ path: file, text })) continue;
      read++;
      const source = efCoreAdapter.read({ path: file, text }, { dialect: 'postgresql' });
      if (source.notes.some((n) => n.message.startsWith('not analysed for this database'))) otherDatabase++;
      const result = linter.lint(text, { fileName: file, config });
      for (const f of result.findings) {
        rules.set(f.ruleId, (rules.get(f.ruleId) ?? 0) + 1);
        if (f.ruleId === 'syntax-error') errors.push(`${relative(CORPUS_DIR, file)}:${f.range.start.line}: ${f.message}`);
      }
    }
    console.log(
      `      ${files.length} files, ${read} migrations read (${otherDatabase} for another database); findings: ${[...rules]
        .sort((a, b) => b[1] - a[1])
        .map(([id, n]) => `${id} ${n}`)
        .join(', ')}`,
    );
    assert.deepEqual(errors, []);
  });
});
