import { Command, CommanderError } from 'commander';
import { UsageError } from './files';
import { VERSION } from './version';

interface CommandModule {
  register(program: Command): void;
}

/**
 * Each module registers one subcommand. They load on demand: `lint` runs in CI on every
 * push and should not pay for loading the simulator, its worker threads and the planner.
 */
const COMMANDS: Readonly<Record<string, () => CommandModule>> = {
  lint: () => require('./commands/lint') as CommandModule,
  simulate: () => require('./commands/simulate') as CommandModule,
  plan: () => require('./commands/plan') as CommandModule,
  calibrate: () => require('./commands/calibrate') as CommandModule,
};

/** The program with the named subcommand only, or with all of them (for help and unknown names). */
export function buildProgram(subcommand?: string): Command {
  const program = new Command('lockstep')
    .description('Safe column changes for PostgreSQL, MySQL and SQLite migrations: lint, simulate, plan.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const load = subcommand !== undefined ? COMMANDS[subcommand] : undefined;
  for (const register of load ? [load] : Object.values(COMMANDS)) register().register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code: 0 clean, 1 findings, 2 usage or I/O error. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram(argv[0]);
  try {
    process.exitCode = 0;
    await program.parseAsync(argv as string[], { from: 'user' });
    return Number(process.exitCode ?? 0);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    const message = err instanceof UsageError || err instanceof Error ? err.message : String(err);
    process.stderr.write(`lockstep: ${message}\n`);
    if (!(err instanceof UsageError) && process.env['LOCKSTEP_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return 2;
  }
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`lockstep: ${String(err)}\n`);
      process.exitCode = 2;
    },
  );
}
