/**
 * Migration files in languages Lockstep has no reader for yet, by extension, named the way
 * their users know them. Such a file is declined with one message instead of being read as
 * SQL, where its code would only produce syntax errors.
 */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  // Read when their adapter recognises the file (Rails, Django, Alembic); otherwise declined.
  '.rb': 'Ruby',
  '.py': 'Python',
  '.php': 'PHP',
  '.exs': 'Elixir (Ecto)',
  '.ex': 'Elixir (Ecto)',
  '.cs': 'C#',
  '.xml': 'XML (Liquibase)',
  '.go': 'Go (goose, golang-migrate)',
  '.java': 'Java (Flyway)',
  '.kt': 'Kotlin (Flyway)',
};

/** The language a migration file is written in, when Lockstep cannot read it yet. */
export function unsupportedLanguage(fileName: string): string | undefined {
  const name = fileName.toLowerCase();
  const dot = name.lastIndexOf('.');
  return dot >= 0 ? UNSUPPORTED[name.slice(dot)] : undefined;
}

/** Languages read through a framework's adapter: a file of theirs no adapter recognises is not a migration Lockstep knows. */
const ADAPTED: Readonly<Record<string, string>> = {
  Ruby: 'Rails',
  Python: 'Django or Alembic',
  PHP: 'Laravel',
  'C#': 'EF Core',
  'Elixir (Ecto)': 'Ecto',
  'XML (Liquibase)': 'Liquibase',
};

/** The sentence a user sees for such a file. */
export function unsupportedReason(language: string): string {
  const frameworks = ADAPTED[language];
  const article = frameworks && /^[AEIOU]/.test(frameworks) ? 'an' : 'a';
  return frameworks ? `not ${article} ${frameworks} migration Lockstep recognises` : `${language} migrations are not supported yet`;
}
