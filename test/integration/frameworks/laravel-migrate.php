<?php
// Runs a Laravel migration folder with Laravel's own migrator, for the phased-plan test:
//   php laravel-migrate.php <postgres-url> <database/migrations folder> up [last file name] | down
// `up` with a file name runs only the migrations whose name sorts at or before it; `down`
// rolls back the last batch, as `artisan migrate:rollback` does.
require_once 'Illuminate/Database/autoload.php';
require_once 'Illuminate/Events/autoload.php';
require_once 'Illuminate/Filesystem/autoload.php';

use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Database\Migrations\DatabaseMigrationRepository;
use Illuminate\Database\Migrations\Migrator;
use Illuminate\Events\Dispatcher;
use Illuminate\Filesystem\Filesystem;
use Illuminate\Support\Facades\Facade;

[$script, $url, $dir, $direction] = $argv;
$limit = $argv[4] ?? null;
$parts = parse_url($url);
$capsule = new Capsule();
$capsule->addConnection([
    'driver' => 'pgsql',
    'host' => $parts['host'] ?? '127.0.0.1',
    'port' => $parts['port'] ?? 5432,
    'database' => ltrim($parts['path'] ?? '/postgres', '/'),
    'username' => $parts['user'] ?? 'postgres',
    'password' => $parts['pass'] ?? '',
    'charset' => 'utf8',
    'prefix' => '',
    'schema' => 'public',
]);
$capsule->setEventDispatcher(new Dispatcher($capsule->getContainer()));
$capsule->setAsGlobal();
$container = $capsule->getContainer();
$container->instance('db', $capsule->getDatabaseManager());
Facade::setFacadeApplication($container);

$resolver = $capsule->getDatabaseManager();
$repository = new DatabaseMigrationRepository($resolver, 'migrations');
if (!$repository->repositoryExists()) {
    $repository->createRepository();
}
$migrator = new Migrator($repository, $resolver, new Filesystem());
if ($direction === 'up') {
    $files = $migrator->getMigrationFiles([$dir]);
    if ($limit !== null) {
        $files = array_filter($files, function ($path) use ($limit) { return strcmp(basename($path), $limit) <= 0; });
    }
    $migrator->runPending(array_diff_key($files, array_flip($repository->getRan())));
} else {
    $migrator->rollback([$dir]);
}
