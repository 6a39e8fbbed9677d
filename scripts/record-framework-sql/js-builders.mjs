#!/usr/bin/env node
/*
 * Records the SQL that Knex, Sequelize, Kysely, node-pg-migrate and TypeORM emit for
 * PostgreSQL for the fixture migrations in
 * test/fixtures/frameworks/{knex,sequelize,kysely,node-pg-migrate,typeorm}/,
 * as JSON beside each fixture. The libraries render the SQL themselves; no database is
 * needed: Knex compiles with `toSQL()`, Kysely compiles through a driver that keeps each
 * compiled query, Sequelize's queryInterface hands its generated SQL to `sequelize.query`,
 * which is replaced by a recorder, and node-pg-migrate's MigrationBuilder collects its SQL.
 * TypeORM's QueryRunner reads each table from the database before it writes SQL, so it runs
 * against a real PostgreSQL (the tables of typeorm/schema.sql) with the runner's SQL memory
 * on: the statements are kept, not executed.
 *
 * Usage: node scripts/record-framework-sql/js-builders.mjs
 * (TypeORM: set DATABASE_URL, e.g. `DATABASE_URL=$(bash scripts/pg-test-server.sh url)`;
 * without it the TypeORM fixtures are left as they are.)
 */
import { readdirSync, writeFileSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'frameworks');
const version = (pkg) => JSON.parse(readFileSync(join(root, 'node_modules', pkg, 'package.json'), 'utf8')).version;

async function knexSql(migration) {
  const knex = require('knex')({ client: 'pg' });
  let statements = [];
  // `await builder` would run it; `toSQL()` only compiles. A migration that awaits is given a handle whose schema calls are compiled when awaited.
  const handle = new Proxy(knex, {
    get(target, prop) {
      if (prop !== 'schema') return target[prop];
      const schema = target.schema;
      return new Proxy(schema, {
        get(s, p) {
          const v = s[p];
          if (typeof v !== 'function') return v;
          return (...args) => {
            const builder = v.apply(s, args);
            builder.then = (resolve) => {
              statements.push(...builder.toSQL().map((q) => q.sql));
              delete builder.then;
              resolve(undefined);
            };
            return builder;
          };
        },
      });
    },
  });
  const out = migration.up(handle);
  if (out && typeof out.then === 'function') await out;
  await knex.destroy();
  return statements;
}

async function kyselySql(migration) {
  const { Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler } = require('kysely');
  const statements = [];
  const connection = {
    async executeQuery(compiled) {
      statements.push(compiled.sql);
      return { rows: [] };
    },
    async *streamQuery() {},
  };
  const db = new Kysely({
    dialect: {
      createAdapter: () => new PostgresAdapter(),
      createDriver: () => ({
        init: async () => {},
        acquireConnection: async () => connection,
        beginTransaction: async () => {},
        commitTransaction: async () => {},
        rollbackTransaction: async () => {},
        releaseConnection: async () => {},
        destroy: async () => {},
      }),
      createIntrospector: (k) => new PostgresIntrospector(k),
      createQueryCompiler: () => new PostgresQueryCompiler(),
    },
  });
  await migration.up(db);
  return statements;
}

async function sequelizeSql(migration) {
  const { Sequelize } = require('sequelize');
  const sequelize = new Sequelize('postgres://lockstep@127.0.0.1:1/lockstep', { dialect: 'postgres', logging: false });
  const statements = [];
  sequelize.query = async (sql) => {
    statements.push(typeof sql === 'string' ? sql : sql.query);
    return [[], 0];
  };
  await migration.up(sequelize.getQueryInterface(), Sequelize);
  return statements;
}

async function pgMigrateSql(migration) {
  const { MigrationBuilder } = await import('node-pg-migrate');
  const logger = { debug() {}, info() {}, warn() {}, error() {} };
  const pgm = new MigrationBuilder({}, undefined, false, logger);
  await migration.up(pgm);
  return pgm
    .getSql()
    .split(/;\n/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (s.endsWith(';') ? s : `${s};`));
}

async function typeormSql(migration) {
  const { DataSource } = require('typeorm');
  const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, logging: false });
  await ds.initialize();
  const runner = ds.createQueryRunner();
  try {
    await runner.query('DROP TABLE IF EXISTS posts, users, teams CASCADE');
    await runner.query(readFileSync(join(fixtures, 'typeorm', 'schema.sql'), 'utf8'));
    runner.enableSqlMemory();
    await migration.up(runner);
    const statements = runner.getMemorySql().upQueries.map((q) => q.query);
    runner.disableSqlMemory();
    await runner.query('DROP TABLE IF EXISTS posts, users, teams CASCADE');
    return statements;
  } finally {
    await runner.release();
    await ds.destroy();
  }
}

const FRAMEWORKS = {
  knex: [knexSql, () => `knex ${version('knex')}`],
  kysely: [kyselySql, () => `kysely ${version('kysely')}`],
  sequelize: [sequelizeSql, () => `sequelize ${version('sequelize')}`],
  'node-pg-migrate': [pgMigrateSql, () => `node-pg-migrate ${version('node-pg-migrate')}`],
  ...(process.env.DATABASE_URL ? { typeorm: [typeormSql, () => `typeorm ${version('typeorm')}`] } : {}),
};

for (const [name, [record, label]] of Object.entries(FRAMEWORKS)) {
  const dir = join(fixtures, name);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.js'))
    .sort()) {
    const migration = require(join(dir, file));
    const statements = await record(migration);
    writeFileSync(join(dir, file.replace(/\.js$/, '.json')), JSON.stringify({ framework: label(), dialect: 'postgresql', statements }, null, 1) + '\n');
    console.log(`${name}/${file}: ${statements.length} statements`);
  }
}
