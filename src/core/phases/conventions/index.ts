import type { Convention } from '../../config/types';
import type { ConventionWriter } from '../types';
import { dbmateWriter } from './dbmate';
import { flywayWriter } from './flyway';
import { golangMigrateWriter } from './golang-migrate';
import { knexWriter } from './knex';
import { plainWriter } from './plain';
import { prismaWriter } from './prisma';
import { sequelizeWriter } from './sequelize';
import { typeormWriter } from './typeorm';
import { kyselyWriter } from './kysely';
import { pgMigrateWriter } from './node-pg-migrate';
import { gooseWriter } from './goose';
import { alembicWriter } from '../frameworks/alembic';
import { djangoWriter } from '../frameworks/django';
import { laravelWriter } from '../frameworks/laravel';
import { railsWriter } from '../frameworks/rails';

export { detectConvention, type Detection } from './detect';

const WRITERS: Partial<Record<Convention, ConventionWriter>> = {
  plain: plainWriter,
  flyway: flywayWriter,
  'golang-migrate': golangMigrateWriter,
  dbmate: dbmateWriter,
  prisma: prismaWriter,
  knex: knexWriter,
  typeorm: typeormWriter,
  sequelize: sequelizeWriter,
  kysely: kyselyWriter,
  'node-pg-migrate': pgMigrateWriter,
  goose: gooseWriter,
  rails: railsWriter,
  django: djangoWriter,
  alembic: alembicWriter,
  laravel: laravelWriter,
};

export function writerFor(convention: Convention): ConventionWriter | undefined {
  return WRITERS[convention];
}

/** Conventions that have a writer, in the order help texts list them. */
export function writableConventions(): Convention[] {
  return Object.keys(WRITERS) as Convention[];
}
