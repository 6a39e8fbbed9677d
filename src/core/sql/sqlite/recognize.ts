import type { Operation, QualifiedName } from '../../operations';

/**
 * SQLite statements node-sql-parser does not know: transaction control, PRAGMA, the
 * ALTER forms added in SQLite 3.53, and forms SQLite never accepts but that migrations
 * written for other engines contain (ALTER COLUMN … TYPE, ADD PRIMARY KEY), which become
 * operations so the rules can explain the rebuild they need instead of a bare syntax error.
 */
const NAME = String.raw`("(?:[^"]|"")+"|` + '`[^`]+`' + String.raw`|\[[^\]]+\]|[\w$]+)`;
const TABLE = String.raw`${NAME}(?:\s*\.\s*${NAME})?`;

export function unquoteSqlite(name: string): string {
  if (/^".*"$/s.test(name)) return name.slice(1, -1).replace(/""/g, '"');
  if (/^`.*`$/s.test(name) || /^\[.*\]$/s.test(name)) return name.slice(1, -1);
  return name;
}

function table(a: string, b: string | undefined): QualifiedName {
  return b ? { schema: unquoteSqlite(a), name: unquoteSqlite(b) } : { name: unquoteSqlite(a) };
}

/**
 * `PRAGMA [schema.]name [= value | (value)]`, read by slicing rather than one regular
 * expression: optional blanks around an optional value made the pattern backtrack in
 * cubic time on long runs of spaces.
 */
function recognizePragma(s: string): { name: string; value: string } | undefined {
  const head = /^PRAGMA\s+(?:\w+\s*\.\s*)?(\w+)/i.exec(s);
  if (!head) return undefined;
  let value = s.slice(head[0].length).trim();
  if (value.startsWith('=') || value.startsWith('(')) value = value.slice(1);
  if (value.endsWith(')')) value = value.slice(0, -1);
  if (value.includes(')')) return undefined;
  return { name: head[1]!.toLowerCase(), value: value.trim().toLowerCase() };
}

export function recognizeSqlite(sql: string, statementIndex: number): Operation[] | undefined {
  const s = sql.trim();
  if (/^BEGIN(\s+(DEFERRED|IMMEDIATE|EXCLUSIVE))?(\s+TRANSACTION)?$/i.test(s)) return [{ kind: 'transaction', statementIndex, action: 'begin' }];
  if (/^(COMMIT|END)(\s+TRANSACTION)?$/i.test(s)) return [{ kind: 'transaction', statementIndex, action: 'commit' }];
  if (/^ROLLBACK(\s+TRANSACTION)?$/i.test(s)) return [{ kind: 'transaction', statementIndex, action: 'rollback' }];
  if (/^(SAVEPOINT|RELEASE|ROLLBACK\s+(TRANSACTION\s+)?TO)\b/i.test(s)) return [{ kind: 'other', statementIndex, tag: 'savepoint' }];
  const pragma = recognizePragma(s);
  if (pragma) return [{ kind: 'other', statementIndex, tag: `pragma:${pragma.name}${pragma.value ? `=${pragma.value}` : ''}` }];
  if (/^(VACUUM|ANALYZE|REINDEX)\b/i.test(s)) return [{ kind: 'other', statementIndex, tag: s.split(/\s+/)[0]!.toLowerCase() }];

  const alter = new RegExp(String.raw`^ALTER\s+TABLE\s+${TABLE}\s+([\s\S]+)$`, 'i').exec(s);
  if (!alter) return undefined;
  const t = table(alter[1]!, alter[2]);
  const rest = alter[3]!.trim();
  let m = new RegExp(String.raw`^ALTER\s+(?:COLUMN\s+)?${NAME}\s+(SET|DROP)\s+NOT\s+NULL$`, 'i').exec(rest);
  if (m) return [{ kind: m[2]!.toUpperCase() === 'SET' ? 'set-not-null' : 'drop-not-null', statementIndex, table: t, column: unquoteSqlite(m[1]!) }];
  m = new RegExp(String.raw`^ADD\s+(?:CONSTRAINT\s+${NAME}\s+)?CHECK\s*\(([\s\S]*)\)$`, 'i').exec(rest);
  if (m) {
    return [
      {
        kind: 'add-constraint',
        statementIndex,
        table: t,
        constraint: 'check',
        notValid: false,
        columns: [],
        expression: m[2]!.trim(),
        ...(m[1] ? { name: unquoteSqlite(m[1]) } : {}),
      },
    ];
  }
  m = new RegExp(String.raw`^ADD\s+(?:CONSTRAINT\s+${NAME}\s+)?(PRIMARY\s+KEY|UNIQUE|FOREIGN\s+KEY)\s*\(([^)]*)\)`, 'i').exec(rest);
  if (m) {
    const kind = m[2]!.toUpperCase().startsWith('PRIMARY') ? 'primary-key' : m[2]!.toUpperCase() === 'UNIQUE' ? 'unique' : 'foreign-key';
    const columns = m[3]!.split(',').map((c) => unquoteSqlite(c.trim()));
    return [{ kind: 'add-constraint', statementIndex, table: t, constraint: kind, notValid: false, columns, ...(m[1] ? { name: unquoteSqlite(m[1]) } : {}) }];
  }
  m = new RegExp(String.raw`^DROP\s+CONSTRAINT\s+${NAME}$`, 'i').exec(rest);
  if (m) return [{ kind: 'drop-constraint', statementIndex, table: t, name: unquoteSqlite(m[1]!) }];
  m = new RegExp(String.raw`^(?:ALTER\s+(?:COLUMN\s+)?${NAME}\s+(?:SET\s+DATA\s+)?TYPE|MODIFY\s+(?:COLUMN\s+)?${NAME})\s+([\s\S]+)$`, 'i').exec(rest);
  if (m) {
    const typeSql = m[3]!.replace(/\s+USING\s[\s\S]*$/i, '').trim();
    const name = typeSql.split(/[\s(]/)[0]!.toLowerCase();
    const modifiers = (/\(([^)]*)\)/.exec(typeSql)?.[1] ?? '')
      .split(',')
      .map(Number)
      .filter((n) => Number.isFinite(n) && n > 0);
    return [
      { kind: 'alter-column-type', statementIndex, table: t, column: unquoteSqlite(m[1] ?? m[2]!), type: { sql: typeSql, name, modifiers, isArray: false } },
    ];
  }
  m = new RegExp(String.raw`^ALTER\s+(?:COLUMN\s+)?${NAME}\s+(SET\s+DEFAULT\s+([\s\S]+)|DROP\s+DEFAULT)$`, 'i').exec(rest);
  if (m) {
    const sql = m[3]?.trim();
    return [
      {
        kind: 'set-default',
        statementIndex,
        table: t,
        column: unquoteSqlite(m[1]!),
        ...(sql ? { default: { sql, volatility: 'unknown' as const, isNull: /^NULL$/i.test(sql), unknownFunctions: [] } } : {}),
      },
    ];
  }
  return undefined;
}
