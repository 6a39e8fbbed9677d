import { execFileSync, spawnSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The real frameworks Debian ships, driven as a project would run them, for the phased-plan
 * test: each case is a small project whose earlier migrations build the tables, a risky
 * migration, and the rows seeded in between.
 */
export interface FrameworkProject {
  readonly id: 'rails' | 'django' | 'alembic' | 'laravel';
  /** Why the framework cannot run here (its Debian package is missing), else undefined. */
  missing(): string | undefined;
  /** The migration folder, relative to the project root. */
  readonly migrations: string;
  /** Files of the project (paths relative to its root), earlier migrations included. */
  readonly files: Readonly<Record<string, string>>;
  /** The risky migration, relative to the migration folder. */
  readonly original: string;
  readonly originalText: string;
  /** SQL that seeds rows once the earlier migrations ran. */
  readonly seed: string;
  /** Tables the framework keeps its own bookkeeping in (left out of the comparison). */
  readonly bookkeeping: readonly string[];
  /** Migrates the project at `root` on `url`: everything (`upTo` absent) or the earlier migrations only. */
  migrate(root: string, url: string, upTo?: 'earlier'): void;
  /** Rolls the project back to the earlier migrations. */
  rollback(root: string, url: string): void;
}

const HERE = __dirname;

function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): void {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 300_000 });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
}

function hasCommand(check: () => void): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

const SEED_USERS = `INSERT INTO users (name, created_at, updated_at) SELECT 'user ' || g, '2024-01-01 00:00:00', '2024-01-01 00:00:00' FROM generate_series(1, 120) AS g;
INSERT INTO posts (title) SELECT 'post ' || g FROM generate_series(1, 40) AS g;`;

export const RAILS: FrameworkProject = {
  id: 'rails',
  missing: () =>
    hasCommand(() => execFileSync('ruby', ['-e', 'require "active_record"; require "pg"'], { stdio: 'ignore' }))
      ? undefined
      : 'ruby-activerecord and ruby-pg are not installed',
  migrations: 'db/migrate',
  files: {
    'db/migrate/20240101000001_create_users.rb': `class CreateUsers < ActiveRecord::Migration[6.1]
  def change
    create_table :users do |t|
      t.string :name
      t.timestamps
    end
    create_table :posts do |t|
      t.string :title
    end
  end
end
`,
  },
  original: '20240101000002_add_plan_to_users.rb',
  originalText: `class AddPlanToUsers < ActiveRecord::Migration[6.1]
  def change
    add_column :users, :plan, :string, default: "free", null: false
    add_column :users, :score, :integer
    execute "UPDATE users SET score = 0"
    change_column_null :users, :score, false
    add_index :users, :plan
    add_index :users, :name, unique: true, where: "name IS NOT NULL", name: "index_users_on_name_present"
    add_reference :posts, :user, foreign_key: true, index: false
    add_check_constraint :users, "char_length(name) > 0", name: "users_name_present"
  end
end
`,
  seed: SEED_USERS,
  bookkeeping: ['schema_migrations', 'ar_internal_metadata'],
  migrate(root, url, upTo) {
    run('ruby', [path.join(HERE, 'rails-migrate.rb'), url, path.join(root, 'db/migrate'), 'up', ...(upTo ? ['20240101000001'] : [])], root);
  },
  rollback(root, url) {
    run('ruby', [path.join(HERE, 'rails-migrate.rb'), url, path.join(root, 'db/migrate'), 'down', '20240101000001'], root);
  },
};

const PYTHON = '/usr/bin/python3';

export const DJANGO: FrameworkProject = {
  id: 'django',
  missing: () =>
    hasCommand(() => execFileSync(PYTHON, ['-c', 'import django, psycopg2'], { stdio: 'ignore' }))
      ? undefined
      : 'python3-django and python3-psycopg2 are not installed',
  migrations: 'shop/migrations',
  files: {
    'shop/__init__.py': '',
    'shop/migrations/__init__.py': '',
    'shop/migrations/0001_initial.py': `from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name='Customer',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('name', models.CharField(max_length=100)),
            ],
        ),
        migrations.CreateModel(
            name='Order',
            fields=[
                ('id', models.AutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('total', models.IntegerField()),
            ],
        ),
    ]
`,
  },
  original: '0002_add_plan.py',
  originalText: `from django.db import migrations, models
import django.db.models.deletion


class Migration(migrations.Migration):

    dependencies = [
        ('shop', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='customer',
            name='plan',
            field=models.CharField(default='free', max_length=20),
        ),
        migrations.AddField(
            model_name='customer',
            name='email',
            field=models.CharField(max_length=200, null=True),
        ),
        migrations.AddIndex(
            model_name='customer',
            index=models.Index(fields=['email'], name='customer_email_idx'),
        ),
        migrations.AddField(
            model_name='order',
            name='customer',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, to='shop.customer'),
        ),
        migrations.AddConstraint(
            model_name='order',
            constraint=models.CheckConstraint(check=models.Q(total__gte=0), name='order_total_positive'),
        ),
    ]
`,
  seed: `INSERT INTO shop_customer (name) SELECT 'customer ' || g FROM generate_series(1, 120) AS g;
INSERT INTO shop_order (total) SELECT g FROM generate_series(1, 40) AS g;`,
  bookkeeping: ['django_migrations'],
  migrate(root, url, upTo) {
    run(PYTHON, [path.join(HERE, 'django-migrate.py'), url, root, 'shop', ...(upTo ? ['0001'] : [])], root);
  },
  rollback(root, url) {
    run(PYTHON, [path.join(HERE, 'django-migrate.py'), url, root, 'shop', '0001'], root);
  },
};

export const ALEMBIC: FrameworkProject = {
  id: 'alembic',
  missing: () =>
    hasCommand(() => execFileSync(PYTHON, ['-c', 'import alembic, sqlalchemy, psycopg2'], { stdio: 'ignore' }))
      ? undefined
      : 'python3-alembic and python3-psycopg2 are not installed',
  migrations: 'versions',
  files: {
    'env.py': `from alembic import context
from sqlalchemy import create_engine

engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
with engine.connect() as connection:
    context.configure(connection=connection)
    with context.begin_transaction():
        context.run_migrations()
`,
    'versions/a0001_create.py': `from alembic import op
import sqlalchemy as sa

revision = "a0001"
down_revision = None


def upgrade():
    op.create_table("users", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("name", sa.String(100)))
    op.create_table("posts", sa.Column("id", sa.Integer(), primary_key=True), sa.Column("title", sa.String(100)), sa.Column("user_id", sa.Integer()))


def downgrade():
    op.drop_table("posts")
    op.drop_table("users")
`,
  },
  original: 'a0002_add_plan.py',
  originalText: `from alembic import op
import sqlalchemy as sa

revision = "a0002"
down_revision = "a0001"


def upgrade():
    op.add_column("users", sa.Column("plan", sa.String(20), server_default="free", nullable=False))
    op.add_column("users", sa.Column("score", sa.Integer(), nullable=True))
    op.execute("UPDATE users SET score = 0")
    op.alter_column("users", "score", nullable=False)
    op.create_index("ix_users_plan", "users", ["plan"])
    op.create_foreign_key("fk_posts_user", "posts", "users", ["user_id"], ["id"])
    op.create_check_constraint("ck_users_name", "users", "char_length(name) > 0")


def downgrade():
    op.drop_constraint("ck_users_name", "users")
    op.drop_constraint("fk_posts_user", "posts")
    op.drop_index("ix_users_plan", "users")
    op.drop_column("users", "score")
    op.drop_column("users", "plan")
`,
  seed: `INSERT INTO users (name) SELECT 'user ' || g FROM generate_series(1, 120) AS g;
INSERT INTO posts (title, user_id) SELECT 'post ' || g, g FROM generate_series(1, 40) AS g;`,
  bookkeeping: ['alembic_version'],
  migrate(root, url, upTo) {
    run(PYTHON, [path.join(HERE, 'alembic-migrate.py'), url, root, 'upgrade', upTo ? 'a0001' : 'heads'], root);
  },
  rollback(root, url) {
    run(PYTHON, [path.join(HERE, 'alembic-migrate.py'), url, root, 'downgrade', 'a0001'], root);
  },
};

export const LARAVEL: FrameworkProject = {
  id: 'laravel',
  missing: () =>
    hasCommand(() =>
      execFileSync(
        'php',
        ['-r', 'require "Illuminate/Database/autoload.php"; require "Illuminate/Filesystem/autoload.php"; if (!extension_loaded("pdo_pgsql")) exit(1);'],
        { stdio: 'ignore' },
      ),
    )
      ? undefined
      : 'php-laravel-framework and php-pgsql are not installed',
  migrations: 'database/migrations',
  files: {
    'database/migrations/2024_01_01_000001_create_users_table.php': `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::create('users', function (Blueprint $table) {
            $table->id();
            $table->string('name');
        });
        Schema::create('posts', function (Blueprint $table) {
            $table->id();
            $table->string('title');
            $table->unsignedBigInteger('user_id')->nullable();
        });
    }

    public function down()
    {
        Schema::drop('posts');
        Schema::drop('users');
    }
};
`,
  },
  original: '2024_01_02_000001_add_plan_to_users.php',
  originalText: `<?php

use Illuminate\\Database\\Migrations\\Migration;
use Illuminate\\Database\\Schema\\Blueprint;
use Illuminate\\Support\\Facades\\DB;
use Illuminate\\Support\\Facades\\Schema;

return new class extends Migration
{
    public function up()
    {
        Schema::table('users', function (Blueprint $table) {
            $table->string('plan')->default('free');
            $table->integer('score')->nullable();
            $table->index('plan');
        });
        DB::table('users')->update(['score' => 0]);
        Schema::table('posts', function (Blueprint $table) {
            $table->foreign('user_id')->references('id')->on('users');
        });
    }

    public function down()
    {
        Schema::table('posts', function (Blueprint $table) {
            $table->dropForeign(['user_id']);
        });
        Schema::table('users', function (Blueprint $table) {
            $table->dropIndex(['plan']);
            $table->dropColumn(['plan', 'score']);
        });
    }
};
`,
  seed: `INSERT INTO users (name) SELECT 'user ' || g FROM generate_series(1, 120) AS g;
INSERT INTO posts (title, user_id) SELECT 'post ' || g, g FROM generate_series(1, 40) AS g;`,
  bookkeeping: ['migrations'],
  migrate(root, url, upTo) {
    run(
      'php',
      [
        path.join(HERE, 'laravel-migrate.php'),
        url,
        path.join(root, 'database/migrations'),
        'up',
        ...(upTo ? ['2024_01_01_000001_create_users_table.php'] : []),
      ],
      root,
    );
  },
  rollback(root, url) {
    run('php', [path.join(HERE, 'laravel-migrate.php'), url, path.join(root, 'database/migrations'), 'down'], root);
  },
};
