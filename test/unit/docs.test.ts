import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { resolveConfig, type ConfigFile, type RuleSetting } from '../../src/core/config';
import { BUILTIN_IDS, createLinter, type Linter } from '../../src/core/lint';
import { RULES, ruleById } from '../../src/core/rules';
import { docsUrl, type Finding } from '../../src/core/rules/types';
import type { Dialect } from '../../src/core/types';

/**
 * The rule registry, the rule files and the docs pages are one set, every page has the
 * sections a reader looks for, and every example says what Lockstep really does with it.
 */

const ROOT = join(__dirname, '..', '..');
const RULES_DIR = join(ROOT, 'src', 'core', 'rules');
const DOCS_DIR = join(ROOT, 'docs', 'rules');
const RULE_SECTIONS = ['Problem', 'Safe alternative', 'Engine versions', 'Options', 'When not to use'];
const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

interface Example {
  readonly kind: 'Incorrect' | 'Correct';
  readonly sql: string;
  readonly config: ConfigFile;
  readonly line: number;
  /** `ts` for a migration written in TypeScript/JavaScript, linted as `example.ts`. */
  readonly language: 'sql' | 'ts';
}

/**
 * Fenced ```sql (or ```ts) blocks whose preceding non-blank line is `Incorrect:` or `Correct:`, optionally
 * `Incorrect, with lockstep.config.json {…}:` for examples that depend on configuration.
 */
function examples(markdown: string): Example[] {
  const lines = markdown.split('\n');
  const out: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== '```sql' && lines[i] !== '```ts') continue;
    let j = i - 1;
    while (j >= 0 && lines[j]!.trim() === '') j--;
    const label = /^(Incorrect|Correct)(?:, with lockstep\.config\.json (\{.*\}))?:$/.exec(lines[j] ?? '');
    const end = lines.indexOf('```', i + 1);
    assert.ok(end > i, `unclosed sql block at line ${i + 1}`);
    if (label) {
      out.push({
        kind: label[1] as Example['kind'],
        sql: lines.slice(i + 1, end).join('\n'),
        config: label[2] ? (JSON.parse(label[2]) as ConfigFile) : {},
        line: i + 1,
        language: lines[i] === '```ts' ? 'ts' : 'sql',
      });
    }
    i = end;
  }
  return out;
}

function headings(markdown: string, level: number): string[] {
  const prefix = `${'#'.repeat(level)} `;
  return markdown
    .split('\n')
    .filter((l) => l.startsWith(prefix))
    .map((l) => l.slice(prefix.length).trim());
}

const linters = new Map<Dialect, Promise<Linter>>();
function linterFor(dialect: Dialect): Promise<Linter> {
  let linter = linters.get(dialect);
  if (!linter) linters.set(dialect, (linter = createLinter([dialect])));
  return linter;
}

/**
 * Lints an example the way a user's file is linted, with only `id` enabled when it is a rule
 * (built-in findings are always on). A rule for other engines runs on its first dialect.
 */
async function lintExample(id: string, example: Example): Promise<{ mine: Finding[]; all: Finding[] }> {
  const rule = ruleById(id);
  const dialect = example.config.dialect ?? (rule && !rule.meta.dialects.includes('postgresql') ? rule.meta.dialects[0]! : 'postgresql');
  const rules: Record<string, RuleSetting> = rule ? Object.fromEntries(RULES.map((r) => [r.meta.id, r === rule ? r.meta.defaultSeverity : 'off'])) : {};
  const config = resolveConfig({ ...example.config, dialect, rules });
  const all = (await linterFor(dialect)).lint(example.sql, { config, ...(example.language === 'ts' ? { fileName: 'example.ts' } : {}) }).findings;
  return { mine: all.filter((f) => f.ruleId === id), all };
}

const ruleFiles = readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts'));
const pages = readdirSync(DOCS_DIR).filter((f) => f.endsWith('.md') && f !== 'README.md');
const read = (id: string): string => readFileSync(join(DOCS_DIR, `${id}.md`), 'utf8');

describe('rule docs', () => {
  it('the registry holds every rule file, sorted by id, and nothing else', () => {
    const fromFiles: string[] = [];
    for (const file of ruleFiles) {
      // Loaded the way the suite loads every module (tsx's CommonJS hook).
      const mod = require(join(RULES_DIR, file)) as { default?: { meta?: { id?: string } } };
      const id = mod.default?.meta?.id;
      if (id === undefined) continue; // helper modules: types, fixes, wording, index
      assert.equal(id, basename(file, '.ts'), `${file} exports rule "${id}"`);
      fromFiles.push(id);
    }
    const registered = RULES.map((r) => r.meta.id);
    assert.deepEqual([...fromFiles].sort(), [...registered].sort());
    assert.deepEqual(registered, [...registered].sort(), 'RULES is sorted by id');
    assert.equal(new Set(registered).size, registered.length, 'ids are unique');
  });

  it('ids are kebab-case and never collide with the built-in findings', () => {
    for (const id of [...RULES.map((r) => r.meta.id), ...BUILTIN_IDS]) assert.match(id, KEBAB);
    for (const id of BUILTIN_IDS) assert.equal(ruleById(id), undefined, `${id} is built in, not a rule`);
  });

  it('there is one page per rule and per built-in finding, and no other', () => {
    const expected = [...RULES.map((r) => r.meta.id), ...BUILTIN_IDS].sort();
    assert.deepEqual(pages.map((p) => basename(p, '.md')).sort(), expected);
  });

  it('each docs URL points at the page of the same name', () => {
    for (const id of [...RULES.map((r) => r.meta.id), ...BUILTIN_IDS]) assert.ok(docsUrl(id).endsWith(`/docs/rules/${id}.md`), docsUrl(id));
  });

  it('the index lists every page with its default severity and description', () => {
    const index = readFileSync(join(DOCS_DIR, 'README.md'), 'utf8');
    for (const rule of RULES) {
      const row = index.split('\n').find((l) => l.startsWith(`| [${rule.meta.id}](${rule.meta.id}.md) |`));
      assert.ok(row, `${rule.meta.id} is missing from docs/rules/README.md`);
      assert.ok(row.includes(rule.meta.description), `${rule.meta.id}: description differs from meta`);
      assert.ok(row.includes(`\`${rule.meta.defaultSeverity}\``), `${rule.meta.id}: severity differs from meta`);
      assert.ok(row.includes(`| ${rule.meta.fixable ?? '–'} |`), `${rule.meta.id}: fix kind differs from meta`);
    }
    for (const id of BUILTIN_IDS) assert.ok(index.includes(`[${id}](${id}.md)`), `${id} is missing from the index`);
  });

  for (const rule of RULES) {
    const id = rule.meta.id;
    describe(id, () => {
      const page = read(id);

      it('has the id as its title and the required sections', () => {
        assert.equal(page.split('\n')[0], `# ${id}`);
        const sections = headings(page, 2);
        for (const s of RULE_SECTIONS) assert.ok(sections.includes(s), `missing "## ${s}"`);
        assert.deepEqual(
          sections.filter((s) => RULE_SECTIONS.includes(s)),
          RULE_SECTIONS,
          'sections in order',
        );
      });

      it('states its default severity under Options', () => {
        const options = page.split('## Options')[1]!.split('\n## ')[0]!;
        assert.ok(options.includes(`\`${rule.meta.defaultSeverity}\``), 'Options names the default severity');
        assert.ok(options.includes(`"${id}"`), 'Options shows the rule configured in lockstep.config.json');
      });

      const cases = examples(page);
      it('has at least one Incorrect and one Correct example', () => {
        assert.ok(
          cases.some((c) => c.kind === 'Incorrect'),
          'no Incorrect example',
        );
        assert.ok(
          cases.some((c) => c.kind === 'Correct'),
          'no Correct example',
        );
      });

      for (const c of cases) {
        it(`${c.kind} example at line ${c.line} ${c.kind === 'Incorrect' ? 'is reported' : 'is not reported'}`, async () => {
          const { mine, all } = await lintExample(id, c);
          assert.deepEqual(
            all.filter((f) => f.ruleId === 'syntax-error').map((f) => f.message),
            [],
            'example must parse',
          );
          if (c.kind === 'Incorrect') assert.ok(mine.length > 0, 'the rule does not report this example');
          else
            assert.deepEqual(
              mine.map((f) => f.message),
              [],
            );
        });
      }
    });
  }

  for (const id of BUILTIN_IDS) {
    describe(id, () => {
      const page = read(id);

      it('has the id as its title and says what the finding means', () => {
        assert.equal(page.split('\n')[0], `# ${id}`);
        for (const s of ['Problem', 'Options']) assert.ok(headings(page, 2).includes(s), `missing "## ${s}"`);
      });

      const cases = examples(page);
      it('has at least one Incorrect and one Correct example', () => {
        assert.ok(cases.some((c) => c.kind === 'Incorrect'));
        assert.ok(cases.some((c) => c.kind === 'Correct'));
      });

      for (const c of cases) {
        it(`${c.kind} example at line ${c.line} ${c.kind === 'Incorrect' ? 'is reported' : 'is not reported'}`, async () => {
          const { mine } = await lintExample(id, c);
          if (c.kind === 'Incorrect') assert.ok(mine.length > 0, `no ${id} finding`);
          else
            assert.deepEqual(
              mine.map((f) => f.message),
              [],
            );
        });
      }
    });
  }
});

describe('README: the formats table', () => {
  it('repeats rows of docs/frameworks.md word for word, so the two cannot disagree', () => {
    const root = join(__dirname, '..', '..');
    const rows = (file: string) =>
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('| '));
    const readme = rows('README.md').filter((r) => /^\| (SQL files|JS\/TS|Rails|Django|Alembic|Laravel|EF Core|Ecto|Liquibase|Format)/.test(r));
    const docs = new Set(rows('docs/frameworks.md'));
    assert.ok(readme.length >= 10, `${readme.length} rows`);
    for (const r of readme) assert.ok(docs.has(r), r);
  });
});
