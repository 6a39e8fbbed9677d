import { baseName, bool, num, str, type PyCall, type PyValue } from '../python/values';
import { q, sqlLiteral } from './names';

/**
 * A model field as a migration declares it (`models.CharField(max_length=20, default='free')`)
 * and what Django's PostgreSQL backend makes of it: the column type, the CHECK of positive
 * integers, the effective default used to fill existing rows.
 */
export interface Field {
  readonly name: string;
  /** The class name without its module: `CharField`, `ForeignKey`. */
  readonly kind: string;
  readonly call: PyCall;
  readonly null: boolean;
  readonly blank: boolean;
  readonly unique: boolean;
  readonly primaryKey: boolean;
  readonly dbIndex: boolean;
  readonly dbColumn?: string;
  /** `'app.model'` (lower case) for relations; the app is filled in when the migration's app is known. */
  readonly to?: string;
  readonly toField?: string;
  readonly dbConstraint: boolean;
  readonly hasDefault: boolean;
  readonly default?: PyValue;
  readonly autoNow: boolean;
}

export const RELATIONS = new Set(['ForeignKey', 'OneToOneField']);
/** The target of a relation whose model is computed at run time. */
export const UNKNOWN_MODEL = '?.?';
const UNIQUE_BY_KIND = new Set(['OneToOneField']);
const INDEXED_BY_KIND = new Set(['ForeignKey', 'OneToOneField', 'SlugField']);

export function readField(name: string, call: PyCall, app: string): Field {
  const kw = (k: string) => call.kwargs.get(k);
  const primaryKey = bool(kw('primary_key')) ?? false;
  // `import_string(settings.DEFAULT_AUTO_FIELD)(auto_created=True, primary_key=True)`: the
  // project's automatic key, AutoField unless its settings say otherwise.
  const declared = baseName(call.callee);
  const autoKey = primaryKey && bool(kw('auto_created')) === true && !(declared in TYPES);
  const kind = autoKey ? 'AutoField' : declared;
  const toValue = kw('to') ?? (RELATIONS.has(kind) || kind === 'ManyToManyField' ? call.args[0] : undefined);
  const to = relationTarget(toValue, app);
  const def = kw('default');
  const dbColumn = str(kw('db_column'));
  const toField = str(kw('to_field'));
  return {
    name,
    kind,
    call,
    null: bool(kw('null')) ?? false,
    blank: bool(kw('blank')) ?? false,
    unique: primaryKey || (bool(kw('unique')) ?? UNIQUE_BY_KIND.has(kind)),
    primaryKey,
    dbIndex: bool(kw('db_index')) ?? INDEXED_BY_KIND.has(kind),
    ...(dbColumn !== undefined ? { dbColumn } : {}),
    ...(to !== undefined ? { to } : {}),
    ...(toField !== undefined ? { toField } : {}),
    dbConstraint: bool(kw('db_constraint')) ?? true,
    hasDefault: def !== undefined && !(def.kind === 'name' && def.path.endsWith('NOT_PROVIDED')),
    ...(def !== undefined ? { default: def } : {}),
    autoNow: (bool(kw('auto_now')) ?? false) || (bool(kw('auto_now_add')) ?? false),
  };
}

/** `'shop.Customer'` → `shop.customer`; `'Customer'` → in the migration's own app; a setting → undefined. */
function relationTarget(v: PyValue | undefined, app: string): string | undefined {
  const s = str(v);
  if (s === undefined) {
    if (v?.kind === 'name' && v.path.endsWith('AUTH_USER_MODEL')) return 'auth.user';
    // A swappable or computed target (`swapper.get_model_string(…)`): a model Lockstep cannot name.
    return v ? UNKNOWN_MODEL : undefined;
  }
  const lower = s.toLowerCase();
  return lower.includes('.') ? lower : `${app}.${lower}`;
}

export function column(f: Field): string {
  return f.dbColumn ?? (RELATIONS.has(f.kind) ? `${f.name}_id` : f.name);
}

/** Column types of Django's PostgreSQL backend (`DatabaseWrapper.data_types`), by field class. */
const TYPES: Readonly<Record<string, string>> = {
  AutoField: 'serial',
  BigAutoField: 'bigserial',
  SmallAutoField: 'smallserial',
  BinaryField: 'bytea',
  BooleanField: 'boolean',
  NullBooleanField: 'boolean',
  CharField: 'varchar(%(max_length)s)',
  CICharField: 'citext',
  CIEmailField: 'citext',
  CITextField: 'citext',
  DateField: 'date',
  DateTimeField: 'timestamp with time zone',
  DecimalField: 'numeric(%(max_digits)s, %(decimal_places)s)',
  DurationField: 'interval',
  FileField: 'varchar(%(max_length)s)',
  ImageField: 'varchar(%(max_length)s)',
  FilePathField: 'varchar(%(max_length)s)',
  FloatField: 'double precision',
  IntegerField: 'integer',
  BigIntegerField: 'bigint',
  IPAddressField: 'inet',
  GenericIPAddressField: 'inet',
  JSONField: 'jsonb',
  HStoreField: 'hstore',
  PositiveBigIntegerField: 'bigint',
  PositiveIntegerField: 'integer',
  PositiveSmallIntegerField: 'smallint',
  SlugField: 'varchar(%(max_length)s)',
  EmailField: 'varchar(%(max_length)s)',
  URLField: 'varchar(%(max_length)s)',
  SmallIntegerField: 'smallint',
  TextField: 'text',
  TimeField: 'time',
  UUIDField: 'uuid',
};

/** Default `max_length` of the char-based fields that have one. */
const MAX_LENGTH: Readonly<Record<string, number>> = { SlugField: 50, EmailField: 254, URLField: 200, FileField: 100, ImageField: 100, FilePathField: 100 };

/** The type a relation to this primary key gets (`rel_db_type`): serials become their integer. */
const REL_TYPES: Readonly<Record<string, string>> = { AutoField: 'integer', BigAutoField: 'bigint', SmallAutoField: 'smallint' };

/** The unformatted template (`_field_data_type`), which decides whether a type change casts with USING. */
export function typeTemplate(f: Field, target?: (f: Field) => Field | undefined): string | undefined {
  if (RELATIONS.has(f.kind)) {
    const pk = target?.(f);
    return pk ? (REL_TYPES[pk.kind] ?? dbType(pk)) : undefined;
  }
  return TYPES[f.kind];
}

/** The column's type, or undefined for a field class Django's PostgreSQL backend does not define. */
export function dbType(f: Field, target?: (f: Field) => Field | undefined): string | undefined {
  if (RELATIONS.has(f.kind)) {
    const pk = target?.(f);
    return pk ? (REL_TYPES[pk.kind] ?? dbType(pk)) : undefined;
  }
  if (f.kind === 'ArrayField') {
    const base = f.call.kwargs.get('base_field') ?? f.call.args[0];
    const size = num(f.call.kwargs.get('size'));
    const inner = base?.kind === 'call' ? dbType(readField('item', base, '')) : undefined;
    return inner ? `${inner}[${size ?? ''}]` : undefined;
  }
  const template = TYPES[f.kind];
  if (!template) return undefined;
  const params: Record<string, number | undefined> = {
    max_length: num(f.call.kwargs.get('max_length')) ?? MAX_LENGTH[f.kind],
    max_digits: num(f.call.kwargs.get('max_digits')),
    decimal_places: num(f.call.kwargs.get('decimal_places')),
  };
  let missing = false;
  const sql = template.replace(/%\((\w+)\)s/g, (_, k: string) => {
    const v = params[k];
    if (v === undefined) missing = true;
    return String(v);
  });
  return missing ? undefined : sql;
}

/** The CHECK Django adds for positive integer fields (`data_type_check_constraints`). */
export function checkConstraint(f: Field): string | undefined {
  return /^Positive(Big|Small)?IntegerField$/.test(f.kind) ? `${q(column(f))} >= 0` : undefined;
}

/**
 * The value Django writes as the column's default while adding it or making it NOT NULL
 * (`effective_default`): the declared default, '' for blank text fields, the time of the
 * run for auto_now fields. `stand-in` when the value is computed when the migration runs
 * (a callable such as `uuid.uuid4` or `timezone.now`): one value, the same for every row.
 */
export type EffectiveDefault =
  { readonly kind: 'none' } | { readonly kind: 'literal'; readonly sql: string } | { readonly kind: 'stand-in'; readonly sql: string; readonly reason: string };

export function effectiveDefault(f: Field, type: string | undefined): EffectiveDefault {
  if (f.hasDefault && f.default) {
    const v = f.default;
    if (v.kind === 'str') return { kind: 'literal', sql: sqlLiteral(v.value) };
    if (v.kind === 'num') return { kind: 'literal', sql: v.text.replace(/_/g, '') };
    if (v.kind === 'const') return v.value === null ? { kind: 'none' } : { kind: 'literal', sql: sqlLiteral(v.value) };
    return { kind: 'stand-in', sql: standIn(type), reason: `the default ${v.node.text} is computed once when the migration runs` };
  }
  if (!f.null && f.blank && emptyStringsAllowed(f)) return { kind: 'literal', sql: f.kind === 'BinaryField' ? "'\\x'::bytea" : "''" };
  if (f.autoNow) return { kind: 'stand-in', sql: standIn(type), reason: 'auto_now fills existing rows with the time of the run' };
  return { kind: 'none' };
}

function emptyStringsAllowed(f: Field): boolean {
  const t = TYPES[f.kind] ?? '';
  return t.startsWith('varchar') || t === 'text' || t === 'citext' || f.kind === 'BinaryField';
}

/** A constant of the column's type standing for a value computed at run time. */
function standIn(type: string | undefined): string {
  if (!type) return "''";
  if (type.startsWith('timestamp')) return "'2000-01-01T00:00:00+00:00'::timestamptz";
  if (type === 'date') return "'2000-01-01'::date";
  if (type === 'uuid') return "'00000000-0000-0000-0000-000000000000'::uuid";
  if (/int|serial|numeric|double/.test(type)) return '0';
  if (type === 'boolean') return 'false';
  if (type === 'jsonb') return "'{}'::jsonb";
  return "''";
}
