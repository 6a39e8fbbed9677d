/**
 * The parts of ActiveSupport's inflector that name tables and columns in migrations:
 * `User` → `users` (a model's table), `users` → `user` (`add_foreign_key :posts, :users`
 * references column `user_id`). The rules are ActiveSupport's defaults; applications that
 * add their own inflections may name tables differently (a note then says the table name
 * was inferred).
 */
type Rule = readonly [RegExp, string];

const UNCOUNTABLE = new Set(['equipment', 'information', 'rice', 'money', 'species', 'series', 'fish', 'sheep', 'jeans', 'police']);
const IRREGULAR: readonly (readonly [string, string])[] = [
  ['person', 'people'],
  ['man', 'men'],
  ['child', 'children'],
  ['sex', 'sexes'],
  ['move', 'moves'],
  ['zombie', 'zombies'],
];

/** Later rules win, as in ActiveSupport. */
const PLURAL: readonly Rule[] = [
  [/$/, 's'],
  [/s$/i, 's'],
  [/^(ax|test)is$/i, '$1es'],
  [/(octop|vir)us$/i, '$1i'],
  [/(octop|vir)i$/i, '$1i'],
  [/(alias|status)$/i, '$1es'],
  [/(bu)s$/i, '$1ses'],
  [/(buffal|tomat)o$/i, '$1oes'],
  [/([ti])um$/i, '$1a'],
  [/([ti])a$/i, '$1a'],
  [/sis$/i, 'ses'],
  [/(?:([^f])fe|([lr])f)$/i, '$1$2ves'],
  [/(hive)$/i, '$1s'],
  [/([^aeiouy]|qu)y$/i, '$1ies'],
  [/(x|ch|ss|sh)$/i, '$1es'],
  [/(matr|vert|ind)(?:ix|ex)$/i, '$1ices'],
  [/^(m|l)ouse$/i, '$1ice'],
  [/^(m|l)ice$/i, '$1ice'],
  [/^(ox)$/i, '$1en'],
  [/^(oxen)$/i, '$1'],
  [/(quiz)$/i, '$1zes'],
];

const SINGULAR: readonly Rule[] = [
  [/s$/i, ''],
  [/(ss)$/i, '$1'],
  [/(n)ews$/i, '$1ews'],
  [/([ti])a$/i, '$1um'],
  [/((a)naly|(b)a|(d)iagno|(p)arenthe|(p)rogno|(s)ynop|(t)he)(sis|ses)$/i, '$1sis'],
  [/(^analy)(sis|ses)$/i, '$1sis'],
  [/([^f])ves$/i, '$1fe'],
  [/(hive)s$/i, '$1'],
  [/(tive)s$/i, '$1'],
  [/([lr])ves$/i, '$1f'],
  [/([^aeiouy]|qu)ies$/i, '$1y'],
  [/(s)eries$/i, '$1eries'],
  [/(m)ovies$/i, '$1ovie'],
  [/(x|ch|ss|sh)es$/i, '$1'],
  [/^(m|l)ice$/i, '$1ouse'],
  [/(bus)(es)?$/i, '$1'],
  [/(o)es$/i, '$1'],
  [/(shoe)s$/i, '$1'],
  [/(cris|test)(is|es)$/i, '$1is'],
  [/^(a)x[ie]s$/i, '$1xis'],
  [/(octop|vir)(us|i)$/i, '$1us'],
  [/(alias|status)(es)?$/i, '$1'],
  [/^(ox)en/i, '$1'],
  [/(vert|ind)ices$/i, '$1ex'],
  [/(matr)ices$/i, '$1ix'],
  [/(quiz)zes$/i, '$1'],
  [/(database)s$/i, '$1'],
];

function inflect(word: string, rules: readonly Rule[], irregular: (pair: readonly [string, string]) => [string, string]): string {
  // Only the last word of a compound (`line_items`) is inflected.
  const m = /^(.*?)([a-z0-9]+)$/i.exec(word);
  if (!m || UNCOUNTABLE.has(m[2]!.toLowerCase())) return word;
  const [head, last] = [m[1]!, m[2]!];
  for (const pair of IRREGULAR) {
    const [from, to] = irregular(pair);
    if (last.toLowerCase() === from) return head + last[0] + to.slice(1);
    if (last.toLowerCase() === to) return head + last;
  }
  for (let i = rules.length - 1; i >= 0; i--) {
    const [pattern, replacement] = rules[i]!;
    if (pattern.test(last)) return head + last.replace(pattern, replacement);
  }
  return word;
}

export function pluralize(word: string): string {
  return inflect(word, PLURAL, ([s, p]) => [s, p]);
}

export function singularize(word: string): string {
  return inflect(word, SINGULAR, ([s, p]) => [p, s]);
}

/** `UserProfile` → `user_profile`, `HTMLPage` → `html_page`. */
function underscore(camel: string): string {
  return camel
    .replace(/([A-Z\d]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A model class's default table: `UserProfile` → `user_profiles`. */
export function tableize(className: string): string {
  return pluralize(underscore(className));
}
