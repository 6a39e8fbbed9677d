import { compactTimestamp, others, timestampSequence } from '../naming';
import type { ConventionWriter, GeneratedFile } from '../types';
import { blockLines, generated, hostFiles, indentLines, type HostBlock, type HostFile, type HostSyntax } from './host-files';

const MIGRATION = /^(\d{4})_(\d{2})_(\d{2})_(\d{6})_[A-Za-z0-9_]+\.php$/;

/**
 * Laravel `database/migrations/YYYY_MM_DD_HHMMSS_<name>.php`, one anonymous migration class
 * per step, named after the folder's latest one. The schema builder has no form for
 * CONCURRENTLY, NOT VALID or VALIDATE, so every statement is the planner's SQL through
 * `DB::statement` (`DB::unprepared` for the backfill's DO block and for SQL holding a `?`,
 * which PDO would read as a placeholder); `public $withinTransaction = false;` where a
 * statement must run outside a transaction.
 */
export const laravelWriter: ConventionWriter = {
  id: 'laravel',
  hasDown: true,
  write(plan, ctx) {
    const stamps = others(ctx.existing, ctx.replacing).flatMap((e) => {
      const m = MIGRATION.exec(e.split('/').pop()!);
      return m ? [`${m[1]}${m[2]}${m[3]}${m[4]}`] : [];
    });
    const next = timestampSequence(ctx.now, stamps);
    return hostFiles(plan, ctx).map((f): GeneratedFile => {
      const t = compactTimestamp(next());
      return generated(f, `${t.slice(0, 4)}_${t.slice(4, 6)}_${t.slice(6, 8)}_${t.slice(8)}_${f.description}.php`, migrationClass(f));
    });
  },
};

function migrationClass(f: HostFile): string {
  return [
    '<?php',
    '',
    ...f.header.map((l) => (l ? `// ${l}` : '//')),
    '',
    'use Illuminate\\Database\\Migrations\\Migration;',
    'use Illuminate\\Support\\Facades\\DB;',
    '',
    'return new class extends Migration',
    '{',
    ...(f.transactional ? [] : ['    public $withinTransaction = false;', '']),
    '    public function up()',
    '    {',
    ...indentLines(body(f.up), '        '),
    '    }',
    '',
    '    public function down()',
    '    {',
    ...indentLines(f.down ? body(f.down) : [`// ${f.noDown}`], '        '),
    '    }',
    '};',
    '',
  ].join('\n');
}

const LARAVEL_SYNTAX: HostSyntax = {
  comment: (text) => `// ${text}`,
  setLockTimeout: (sql) => `DB::statement(${phpString(sql)});`,
  // `unprepared` for the backfill and for SQL holding a `?`, which `statement` would take for a binding.
  run: (s) => [`DB::${s.backfill || s.sql.includes('?') ? 'unprepared' : 'statement'}(${phpString(s.sql)});`],
};

function body(blocks: readonly HostBlock[]): string[] {
  const out: string[] = [];
  for (const b of blocks) {
    const inner = blockLines(b, LARAVEL_SYNTAX);
    out.push(...(b.explicitTransaction ? ['DB::transaction(function () {', ...indentLines(inner, '    '), '});'] : inner));
  }
  return out;
}

/** A single-quoted PHP string: only `\\` and `'` are special. */
function phpString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
