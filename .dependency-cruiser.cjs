/**
 * The imports allowed between folders (ARCHITECTURE.md, "What may import what").
 * Run with `npm run lint:arch`. Type-only imports of shared shapes are allowed across
 * layers; behaviour is not. There are no exceptions: code that needs one belongs in
 * another layer.
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
      from: { path: '^src/core/engines/' },
      to: { path: '^src/core/(simulate|lint|rules|phases|sources|report)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'phases-do-not-import-rules',
      comment: 'Helpers shared by rules and planners belong in engines or sql, not in a rule file.',
      severity: 'error',
      from: { path: '^src/core/phases/' },
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
      from: { path: '^src/core/sources/' },
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
