# Runs a Rails migration folder with ActiveRecord's own migrator, for the phased-plan test:
#   ruby rails-migrate.rb <postgres-url> <db/migrate folder> up|down [version]
# `up` migrates to the version (all when absent); `down` rolls back to it.
require 'active_record'

url, dir, direction, version = ARGV
abort 'usage: rails-migrate.rb <url> <dir> up|down [version]' unless url && dir && %w[up down].include?(direction)
ActiveRecord::Base.establish_connection(url)
ActiveRecord::Migration.verbose = false
context = ActiveRecord::MigrationContext.new(dir, ActiveRecord::Base.connection.schema_migration)
target = version && version.to_i
direction == 'up' ? context.up(target) : context.down(target)
