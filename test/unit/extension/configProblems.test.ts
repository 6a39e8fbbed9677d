import assert from 'node:assert/strict';
import { configProblems } from '../../../src/extension/configProblems';

/** Each problem as [message start, the text it underlines]. */
function underlined(text: string): [string, string][] {
  return configProblems(text).map((p) => [p.message.slice(0, 20), text.slice(p.start, p.end)]);
}

describe('extension: problems in lockstep.config.json', () => {
  it('finds nothing in a valid config', () => {
    assert.deepEqual(configProblems('{ "dialect": "postgresql", "tables": { "users": { "rows": 5000000 } } }'), []);
  });

  it('underlines the key a shape error names', () => {
    const text = '{\n  "dialect": "oracle",\n  "rules": { "require-lock-timeut": "off" },\n  "tables": { "users": { "rows": -1 } },\n  "bogus": 1\n}';
    assert.deepEqual(underlined(text), [
      ['"dialect" must be on', '"dialect"'],
      ['"rules": unknown rul', '"require-lock-timeut"'],
      ['"tables.users.rows" ', '"rows"'],
      ['unknown setting "bog', '"bogus"'],
    ]);
    assert.match(configProblems(text)[1]!.message, /did you mean "require-lock-timeout"/);
  });

  it('puts a JSON syntax error at its offset and says the defaults apply', () => {
    const text = '{ "dialect": "postgresql", }';
    const [first] = configProblems(text);
    assert.ok(first);
    assert.equal(text.slice(first.start, first.end), '}');
    assert.match(first.message, /not valid JSON .*defaults/);
  });
});
