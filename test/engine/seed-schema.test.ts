import { strict as assert } from 'node:assert';
import { simulate } from '../../src/core/simulate/simulate';
import { migrationFolder, schemaErrors } from './helpers';

describe('seeding: types outside the public schema', function () {
  this.timeout(120_000);

  it('an enum, an enum array and a domain in another schema are seeded under their qualified names', async () => {
    const f = migrationFolder({
      '001.sql': `
CREATE SCHEMA app;
CREATE TYPE app.state AS ENUM ('new', 'done');
CREATE TYPE app."Odd Kind" AS ENUM ('a', 'b');
CREATE DOMAIN app.positive AS int CHECK (VALUE > 0);
CREATE TABLE app.tasks (id bigint PRIMARY KEY, state app.state NOT NULL, kind app."Odd Kind" NOT NULL, states app.state[] NOT NULL, weight app.positive NOT NULL);
`,
      '002.sql': 'ALTER TABLE app.tasks ADD COLUMN note text;\n',
    });
    try {
      const t = await simulate({ file: f.file('002.sql'), sampleRows: 300 });
      assert.deepEqual(schemaErrors(t), []);
      const seeded = t.seeding.find((s) => s.table === 'app.tasks');
      assert.equal(seeded?.rows, 300, JSON.stringify(seeded?.notes));
      assert.deepEqual(seeded?.notes, []);
      assert.equal(t.statements[0]?.error, null);
    } finally {
      f.remove();
    }
  });
});
