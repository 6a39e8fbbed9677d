import { Command, CommanderError } from 'commander';
import * as calibrate from './commands/calibrate';
import * as lint from './commands/lint';
import * as plan from './commands/plan';
import * as simulate from './commands/simulate';
import { UsageError } from './files';
import { VERSION } from './version';

/** Each module registers one subcommand. */
const COMMANDS: readonly { register(program: Command): void }[] = [lint, simulate, plan, calibrate];

export function buildProgram(): Command {
  const program = new Command('lockstep')
    .description('Safe column changes for PostgreSQL, MySQL and SQLite migrations: lint, simulate, plan.')
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const command of COMMANDS) command.register(program);
  return program;
}

/** Runs the CLI and resolves to the process exit code: 0 clean, 1 findings, 2 usage or I/O error. */
export async function run(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
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
