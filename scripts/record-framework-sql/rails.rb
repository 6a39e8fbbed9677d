# Records the SQL ActiveRecord really emits for each fixture migration, so the Rails
# translation is tested against the framework rather than against our belief about it.
#
#   apt-get install -y ruby-activerecord ruby-pg      # ActiveRecord 6.1 on Debian 12
#   bash scripts/pg-test-server.sh start
#   ruby scripts/record-framework-sql/rails.rb "$(bash scripts/pg-test-server.sh url)"
#
# Each migration in test/fixtures/frameworks/rails/db/migrate runs forward, in version order,
# through ActiveRecord's own migrator on a fresh schema, and <file>.json beside it gets the
# statements it ran. Left out: the migrator's bookkeeping (schema_migrations,
# ar_internal_metadata, advisory locks), catalog lookups (payload name "SCHEMA") and
# BEGIN/COMMIT, whose presence is recorded as `transaction`.
require 'active_record'
require 'json'

url = ARGV[0] or abort 'usage: rails.rb <postgres-url>'
dir = File.expand_path('../../test/fixtures/frameworks/rails/db/migrate', __dir__)

ActiveRecord::Base.establish_connection(url)
ActiveRecord::Migration.verbose = false
conn = ActiveRecord::Base.connection
conn.execute('DROP SCHEMA public CASCADE')
conn.execute('CREATE SCHEMA public')
ActiveRecord::Base.connection_pool.disconnect!

BOOKKEEPING = /schema_migrations|ar_internal_metadata|pg_try_advisory_lock|pg_advisory_unlock/

events = []
ActiveSupport::Notifications.subscribe('sql.active_record') do |*, payload|
  events << payload
end

context = ActiveRecord::MigrationContext.new(dir, ActiveRecord::Base.connection.schema_migration)
context.migrations.sort_by(&:version).each do |migration|
  events.clear
  context.run(:up, migration.version)
  kept = events.reject do |e|
    e[:name] == 'SCHEMA' || e[:name] == 'TRANSACTION' || e[:sql] =~ BOOKKEEPING
  end
  # The migrator's own transaction opens before the first statement; with
  # disable_ddl_transaction! only the version's bookkeeping insert gets one, afterwards.
  first = events.index(kept.first)
  transaction = !first.nil? && events[0...first].any? { |e| e[:name] == 'TRANSACTION' && e[:sql] =~ /\ABEGIN/ }
  statements = kept.map do |e|
    binds = e[:type_casted_binds]
    binds = binds.call if binds.respond_to?(:call)
    binds.nil? || binds.empty? ? e[:sql].strip : { sql: e[:sql].strip, binds: binds }
  end
  out = {
    framework: 'rails',
    activerecord: ActiveRecord.version.to_s,
    adapter: 'postgresql',
    migration: File.basename(migration.filename),
    transaction: transaction,
    statements: statements,
  }
  File.write(migration.filename.sub(/\.rb\z/, '.json'), JSON.pretty_generate(out) + "\n")
  puts "#{File.basename(migration.filename)}: #{statements.length} statements#{transaction ? ' in a transaction' : ''}"
end
