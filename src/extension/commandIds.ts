/** Command ids; package.json `contributes.commands` lists the palette ones (a unit test checks). */
export const COMMANDS = {
  simulate: 'lockstep.simulateMigration',
  generatePhased: 'lockstep.generatePhasedMigration',
  lintWorkspace: 'lockstep.lintWorkspace',
  openRuleDocs: 'lockstep.openRuleDocumentation',
  showOutput: 'lockstep.showOutput',
  setFileDialect: 'lockstep.setFileDialect',
  /** Internal: selects text after a quick fix (the ignore comment's reason placeholder). */
  selectRange: 'lockstep.selectRange',
} as const;

/** Commands shown in the palette, with their titles. */
export const PALETTE_COMMANDS: readonly { readonly id: string; readonly title: string }[] = [
  { id: COMMANDS.simulate, title: 'Lockstep: Simulate Migration' },
  { id: COMMANDS.generatePhased, title: 'Lockstep: Generate Phased Migration' },
  { id: COMMANDS.lintWorkspace, title: 'Lockstep: Lint Workspace Migrations' },
  { id: COMMANDS.openRuleDocs, title: 'Lockstep: Open Rule Documentation' },
  { id: COMMANDS.showOutput, title: 'Lockstep: Show Output' },
  { id: COMMANDS.setFileDialect, title: 'Lockstep: Set Dialect for This File' },
];
