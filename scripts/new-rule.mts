/**
 * Scaffolds a rule: src/core/rules/<id>.ts, docs/rules/<id>.md and
 * test/unit/rules/<id>.test.ts, registers it in src/core/rules/index.ts (sorted by id)
 * and adds its row to docs/rules/README.md.
 *
 *   npm run new-rule -- <id>
 *
 * The files it writes are a working rule (it reports ALTER TABLE … RENAME TO on an existing
 * table) so `npm test` passes at once; every TODO marks what to replace with the real check.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..');
const id = process.argv[2] ?? '';
if (!/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(id)) {
  console.error('usage: npm run new-rule -- <id>   (kebab-case, e.g. drop-index-non-concurrently)');
  process.exit(2);
}
const camel = id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const description = 'TODO: one sentence: what the rule catches and why it hurts.';
const paths = {
  rule: join(ROOT, 'src', 'core', 'rules', `${id}.ts`),
  docs: join(ROOT, 'docs', 'rules', `${id}.md`),
  test: join(ROOT, 'test', 'unit', 'rules', `${id}.test.ts`),
};
for (const p of Object.values(paths)) {
  if (existsSync(p)) {
    console.error(`${p} exists already; nothing written`);
    process.exit(1);
  }
}

writeFileSync(
  paths.rule,
  `import { displayName } from '../operations';
import { defineRule } from './types';

/**
 * TODO: why this statement is a hazard (what lock it takes, what it breaks), with the engine
 * facts it relies on coming from src/core/engines/<dialect>/, not from this file.
 */
export default defineRule({
  meta: {
    id: '${id}',
    description: '${description}',
    defaultSeverity: 'warning',
    dialects: ['postgresql'],
    messages: {
      // TODO: messageId → what is wrong and why, with {placeholders} filled from \`data\`.
      renamed: 'Renaming {table} breaks running code that still uses the old name.',
    },
  },
  // TODO: the operation kinds (src/core/operations.ts) the rule looks at.
  on: ['rename-table'],
  check(op, ctx) {
    if (op.kind !== 'rename-table' || ctx.state.isNewTable(op.table)) return [];
    return [{ messageId: 'renamed', data: { table: displayName(op.table) }, help: 'TODO: what to do instead, in one or two sentences.' }];
  },
});
`,
);

writeFileSync(
  paths.docs,
  `# ${id}

${description}

## Problem

TODO: what happens on a busy production table, and to whom. Cite the engine documentation.

Source: TODO (a link to the engine's documentation).

## Safe alternative

TODO: the safe way to make the same change.

Incorrect:

\`\`\`sql
ALTER TABLE users RENAME TO accounts;
\`\`\`

Correct:

\`\`\`sql
CREATE TABLE scratch (id bigint);
ALTER TABLE scratch RENAME TO scratch_old;
\`\`\`

## Engine versions

TODO: which versions behave differently, if any.

## Options

Default severity: \`warning\`. Configure it in \`lockstep.config.json\`:

\`\`\`json
{ "rules": { "${id}": "error" } }
\`\`\`

## When not to use

TODO: when the finding can be ignored, and the reason to give in \`-- lockstep-ignore ${id}: …\`.
`,
);

writeFileSync(
  paths.test,
  `import rule from '../../../src/core/rules/${id}';
import { ruleCases } from '../../helpers/rule-cases';

// TODO: cases for the real check: what must stay quiet, what must be reported and where.
ruleCases(rule, {
  valid: [{ name: 'a table created in the same file', sql: 'CREATE TABLE t (a int);\\nALTER TABLE t RENAME TO u;' }],
  invalid: [{ sql: 'ALTER TABLE users RENAME TO accounts;', findings: [{ messageId: 'renamed', line: 1, column: 1 }] }],
});
`,
);

// Register the rule, keeping imports and RULES sorted by id (the docs test checks both).
const indexPath = join(ROOT, 'src', 'core', 'rules', 'index.ts');
const index = readFileSync(indexPath, 'utf8').split('\n');
const importLines = index.filter((l) => /^import \w+ from '\.\/[a-z0-9-]+';$/.test(l));
const importAt = importLines.find((l) => /'\.\/([a-z0-9-]+)'/.exec(l)![1]! > id);
const importLine = `import ${camel} from './${id}';`;
if (importAt) index.splice(index.indexOf(importAt), 0, importLine);
else index.splice(index.indexOf(importLines.at(-1)!) + 1, 0, importLine);
const start = index.findIndex((l) => l.startsWith('export const RULES'));
const end = index.findIndex((l, i) => i > start && l.startsWith('];'));
const entries = index.slice(start + 1, end).map((l) => l.trim().replace(/,$/, ''));
const kebab = (name: string): string => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
const next = entries.findIndex((e) => kebab(e) > id);
index.splice(next === -1 ? end : start + 1 + next, 0, `  ${camel},`);
writeFileSync(indexPath, index.join('\n'));

const readmePath = join(ROOT, 'docs', 'rules', 'README.md');
const readme = readFileSync(readmePath, 'utf8').split('\n');
const row = `| [${id}](${id}.md) | ${description} | \`warning\` | – |`;
const rows = readme.map((l, i) => [l, i] as const).filter(([l]) => /^\| \[[a-z0-9-]+\]\([a-z0-9-]+\.md\) \|/.test(l));
const after = rows.find(([l]) => /^\| \[([a-z0-9-]+)\]/.exec(l)![1]! > id);
readme.splice(after ? after[1] : rows.at(-1)![1] + 1, 0, row);
writeFileSync(readmePath, readme.join('\n'));

console.log(`wrote ${Object.values(paths).join(', ')}; registered ${id} in src/core/rules/index.ts and docs/rules/README.md`);
console.log(`next: replace every TODO, then npx mocha test/unit/rules/${id}.test.ts test/unit/docs.test.ts`);
