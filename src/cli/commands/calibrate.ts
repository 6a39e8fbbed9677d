import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { calibrate, DEFAULT_CALIBRATION_SIZES } from '../../core/simulate/calibrate';
import { connectServer, redactUrl, ServerRefusal } from '../../core/simulate/engine/server';

/**
 * `lockstep calibrate --url postgres://… [-o profile.json]`: measure the cost model on a server.
 *
 * @public Loaded on demand by src/cli/main.ts.
 */
export function register(program: Command): void {
  program
    .command('calibrate')
    .description('measure the simulator cost model on a PostgreSQL server you own (creates and drops scratch tables)')
    .requiredOption('--url <url>', 'postgres:// connection string to a scratch database')
    .option('-o, --output <file>', 'where to write the profile JSON', 'lockstep-profile.json')
    .option('--sizes <list>', 'comma-separated table sizes to measure', DEFAULT_CALIBRATION_SIZES.join(','))
    .option('--runs <n>', 'timings per statement (the median is kept)', '3')
    .option('--name <name>', 'profile name', 'calibrated')
    .action(async (opts: { url: string; output: string; sizes: string; runs: string; name: string }) => {
      const sizes = opts.sizes
        .split(',')
        .map((s) => Number(s.trim()))
        .filter((n) => Number.isFinite(n) && n > 0);
      let session;
      try {
        session = await connectServer(opts.url);
      } catch (err) {
        process.stderr.write(`lockstep calibrate: ${err instanceof ServerRefusal ? err.message : String(err)}\n`);
        process.exitCode = 2;
        return;
      }
      const controller = new AbortController();
      const onSigint = (): void => controller.abort();
      process.once('SIGINT', onSigint);
      try {
        process.stderr.write(`calibrating on ${redactUrl(opts.url)} (${session.versionText.split(',')[0]})\n`);
        const { profile } = await calibrate(session, {
          sizes,
          runs: Number(opts.runs) || 3,
          name: opts.name,
          signal: controller.signal,
          onProgress: (m) => process.stderr.write(`  ${m}\n`),
        });
        fs.mkdirSync(path.dirname(path.resolve(opts.output)), { recursive: true });
        fs.writeFileSync(opts.output, JSON.stringify(profile, null, 2) + '\n');
        process.stdout.write(`wrote ${opts.output}\n`);
      } catch (err) {
        const e = err as { message?: string };
        process.stderr.write(`lockstep calibrate: ${e.message ?? String(err)}\n`);
        process.exitCode = 1;
      } finally {
        process.off('SIGINT', onSigint);
        await session.close();
      }
    });
}
