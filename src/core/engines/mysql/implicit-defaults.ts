/**
 * The value MySQL stores in existing rows when a NOT NULL column without a DEFAULT is
 * added: the data type's implicit default. Source:
 * https://dev.mysql.com/doc/refman/8.0/en/data-type-defaults.html ("Implicit Default
 * Handling": 0 for numeric types, the empty string for string types other than ENUM, the
 * first enumeration value for ENUM, the "zero" value for temporal types).
 */
const NUMERIC = new Set([
  'tinyint',
  'smallint',
  'mediumint',
  'int',
  'integer',
  'bigint',
  'decimal',
  'dec',
  'numeric',
  'fixed',
  'float',
  'double',
  'real',
  'bit',
  'bool',
  'boolean',
  'year',
]);
const STRING = new Set([
  'char',
  'varchar',
  'binary',
  'varbinary',
  'tinytext',
  'text',
  'mediumtext',
  'longtext',
  'tinyblob',
  'blob',
  'mediumblob',
  'longblob',
  'set',
]);
const TEMPORAL: Readonly<Record<string, string>> = {
  date: "'0000-00-00'",
  datetime: "'0000-00-00 00:00:00'",
  timestamp: "'0000-00-00 00:00:00'",
  time: "'00:00:00'",
};

/** The implicit default as SQL, e.g. `0`, `''`, `'0000-00-00'`; undefined when the manual gives none we model (JSON, spatial). */
export function implicitDefault(typeName: string, typeSql: string): string | undefined {
  const name = typeName.toLowerCase();
  if (NUMERIC.has(name)) return '0';
  if (STRING.has(name)) return "''";
  if (name === 'enum') return /\(\s*('(?:[^']|'')*')/.exec(typeSql)?.[1];
  return TEMPORAL[name];
}
