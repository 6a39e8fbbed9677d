import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { resolveConfig } from '../../../src/core/config';
import { parseScriptConfig, scriptConfigPath, withScriptConfig } from '../../../src/core/lint/transactions';
import { cli } from '../../helpers/cli';

describe('Flyway per-script config (<script>.sql.conf)', () => {
  it('reads executeInTransaction from Java-properties text', () => {
    assert.deepEqual(parseScriptConfig('executeInTransaction=false\n'), { executeInTransaction: false });
    assert.deepEqual(parseScriptConfig('# no transaction\r\nencoding=UTF-8\r\nexecuteInTransaction : TRUE\r\n'), { executeInTransaction: true });
    assert.deepEqual(parseScriptConfig('! commented out\n#executeInTransaction=false\n'), {});
    assert.equal(scriptConfigPath('/m/V12__add_index.sql'), '/m/V12__add_index.sql.conf');
    assert.equal(scriptConfigPath('/m/add_index.ts'), undefined);
  });

  it('decides the file transaction over the convention default, unless the project uses another runner', () => {
    const flyway = resolveConfig({ convention: 'flyway' });
    assert.equal(withScriptConfig(flyway, 'executeInTransaction=false').transactional, false);
    assert.equal(withScriptConfig(resolveConfig({}), 'executeInTransaction=false').transactional, false);
    assert.equal(withScriptConfig(flyway, undefined), flyway);
    assert.equal(withScriptConfig(resolveConfig({ convention: 'dbmate' }), 'executeInTransaction=false').transactional, undefined);
  });

  it('lockstep lint honours executeInTransaction=false beside a generated CONCURRENTLY step', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-flyway-'));
    try {
      const folder = path.join(dir, 'db', 'migration');
      fs.mkdirSync(folder, { recursive: true });
      fs.writeFileSync(path.join(dir, 'lockstep.config.json'), JSON.stringify({ convention: 'flyway' }));
      fs.writeFileSync(path.join(folder, 'V1__create_users.sql'), 'CREATE TABLE users (id bigint PRIMARY KEY, email text);\n');
      const step = path.join(folder, 'V2__index_users_email.sql');
      fs.writeFileSync(step, 'CREATE INDEX CONCURRENTLY users_email_idx ON users (email);\n');
      const withoutConf = await cli('lint', '--format', 'json', folder);
      assert.match(withoutConf.stdout, /concurrently-in-transaction/, 'Flyway wraps a script in a transaction by default');
      fs.writeFileSync(`${step}.conf`, 'executeInTransaction=false\n');
      const withConf = await cli('lint', '--format', 'json', folder);
      assert.doesNotMatch(withConf.stdout, /concurrently-in-transaction/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
