import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import type { Timeline } from '../../src/core/simulate/timeline';

/** A folder of migration files for one test, removed by the returned function. */
export function migrationFolder(files: Record<string, string>): { dir: string; file(name: string): string; remove(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-test-'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return { dir, file: (name) => path.join(dir, name), remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

let validator: (((t: unknown) => boolean) & { errors?: unknown }) | undefined;

/** Validates against the published schema and returns the errors (empty when valid). */
export function schemaErrors(t: Timeline): unknown[] {
  if (!validator) {
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '../../docs/timeline.schema.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: true, formats: { 'date-time': /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/ } });
    validator = ajv.compile(schema);
  }
  const plain = JSON.parse(JSON.stringify(t));
  return validator(plain) ? [] : ((validator.errors as unknown[]) ?? []);
}
