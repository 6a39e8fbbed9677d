/**
 * The imports allowed between folders (ARCHITECTURE.md, "What may import what").
 * Run with `npm run lint:arch`. Type-only imports of shared shapes are allowed across
 * layers; behaviour is not. Imports that predate a rule are listed in `pathNot` of that
 * rule, each with why it is there, so that no new one can be added unnoticed.
 */
module.exports = {
  forbidden: [
    {
      name: 'core-is-editor-and-terminal-free',
      comment: 'src/core is shared by the CLI, the extension and the tests: it never reaches for either front end or for vscode.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: ['^src/extension/', '^src/cli/', '^vscode$', '^node_modules/@types/vscode/'] },
    },
    {
      name: 'no-vscode-outside-extension',
      severity: 'error',
      from: { pathNot: '^src/extension/' },
      to: { path: ['^vscode$', '^node_modules/@types/vscode/'] },
    },
    {
      name: 'cli-and-extension-are-separate',
      severity: 'error',
      from: { path: '^src/(cli|extension)/' },
      to: { path: '^src/(cli|extension)/', pathNot: '^src/$1/' },
    },
    {
      name: 'webview-speaks-only-the-protocol',
      comment: 'The webview talks to the extension through messages; only the protocol types may be shared.',
      severity: 'error',
      from: { path: '^webview/' },
      to: { path: '^src/extension/', pathNot: '^src/extension/panel/protocol\\.ts$' },
    },
    {
      name: 'engines-are-facts',
      comment: 'Engine facts sit below everything that uses them: no simulate, lint, rules, phases or sources code.',
      severity: 'error',
      // Known exception: the PostgreSQL duration estimate prices operations with the simulator's
      // calibrated cost model (src/core/simulate/cost-model.ts); the model is engine data and
      // should move under src/core/engines/postgres/ once the simulate branches have landed.
      from: { path: '^src/core/engines/', pathNot: '^src/core/engines/postgres/estimate\\.ts$' },
      to: { path: '^src/core/(simulate|lint|rules|phases|sources|report)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'phases-do-not-import-rules',
      comment: 'Helpers shared by rules and planners belong in engines or sql, not in a rule file.',
      severity: 'error',
      // Known exception: the SQLite planner asks sqlite-requires-rebuild's needOf() which change
      // needs the 12-step rebuild; that decision is an engine fact and should move to
      // src/core/engines/sqlite/facts.ts.
      from: { path: '^src/core/phases/', pathNot: '^src/core/phases/sqlite\\.ts$' },
      to: { path: '^src/core/rules/', pathNot: '^src/core/rules/types\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sql-is-below-rules-and-plans',
      severity: 'error',
      from: { path: '^src/core/sql/' },
      to: { path: '^src/core/(rules|lint|simulate|phases|report)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'rules-do-not-run-the-linter-or-simulator',
      severity: 'error',
      from: { path: '^src/core/rules/' },
      to: { path: '^src/core/(lint|simulate|phases|report)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'sources-do-not-import-lint',
      comment: 'lint calls sources to find SQL in host files, not the other way round.',
      severity: 'error',
      // Known exceptions: sources/index.ts (lintScript) and sources/lint-source.ts
      // (lintMigrationSource) lint the SQL a host file yields with lintParsedFile(); both belong
      // in src/core/lint/, a move left for a later change.
      from: { path: '^src/core/sources/', pathNot: '^src/core/sources/(index|lint-source)\\.ts$' },
      to: { path: '^src/core/lint/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|media)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
