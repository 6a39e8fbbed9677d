import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The URL of the test server started by `scripts/pg-test-server.sh start` (CI does this
 * before the integration stage), or LOCKSTEP_PG_URL.
 */
export function testServerUrl(): string {
  const env = process.env['LOCKSTEP_PG_URL'];
  if (env) return env;
  const state = path.join(__dirname, '../../.tmp/pg-test-server.env');
  const m = fs.existsSync(state) ? /^PG_URL=(.+)$/m.exec(fs.readFileSync(state, 'utf8')) : null;
  if (!m) throw new Error('no PostgreSQL test server: run `scripts/pg-test-server.sh start` first (or set LOCKSTEP_PG_URL)');
  return m[1]!.trim();
}
