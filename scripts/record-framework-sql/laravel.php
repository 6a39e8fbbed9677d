<?php
// Records the SQL Laravel really runs for each fixture migration, so the Laravel translation
// is tested against the framework rather than against our belief about it.
//
//   apt-get install -y php-laravel-framework php-pgsql php-cli php-doctrine-dbal   # Laravel 8.83 on Debian 12
//   bash scripts/pg-test-server.sh start
//   php scripts/record-framework-sql/laravel.php "$(bash scripts/pg-test-server.sh url)"
//
// Each migration in test/fixtures/frameworks/laravel/database/migrations runs forward, in
// file-name order as Laravel's migrator orders them, on a fresh schema, inside a transaction
// unless it sets `$withinTransaction = false` (as the migrator does), and <file>.json beside it
// gets the statements Laravel sent, with their bindings. The migrations really run (not
// `pretend`) because renameColumn() and change() are compiled by Doctrine DBAL from the live
// table; DBAL's own catalog queries do not go through Laravel and are not recorded.
require_once 'Illuminate/Database/autoload.php';
require_once 'Illuminate/Events/autoload.php';

use Illuminate\Database\Capsule\Manager as Capsule;
use Illuminate\Events\Dispatcher;
use Illuminate\Support\Facades\Facade;

$url = $argv[1] ?? null;
if ($url === null) {
    fwrite(STDERR, "usage: laravel.php <postgres-url>\n");
    exit(2);
}
$parts = parse_url($url);
$dir = realpath(__DIR__ . '/../../test/fixtures/frameworks/laravel/database/migrations');

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

$connection = $capsule->getConnection();
$connection->statement('DROP SCHEMA public CASCADE');
$connection->statement('CREATE SCHEMA public');

$queries = [];
$connection->listen(function ($event) use (&$queries) {
    $queries[] = $event->bindings === [] ? $event->sql : ['sql' => $event->sql, 'bindings' => $event->bindings];
});

$version = trim((string) shell_exec("dpkg-query -W -f='\${Version}' php-laravel-framework 2>/dev/null")) ?: 'unknown';
$files = glob($dir . '/*.php');
sort($files, SORT_STRING);
foreach ($files as $file) {
    $before = get_declared_classes();
    $migration = require $file;
    if (!is_object($migration)) {
        $declared = array_filter(array_diff(get_declared_classes(), $before), function ($c) {
            return is_subclass_of($c, \Illuminate\Database\Migrations\Migration::class) && !(new ReflectionClass($c))->isAbstract();
        });
        $class = end($declared);
        $migration = new $class();
    }
    $queries = [];
    $transaction = $migration->withinTransaction ?? true;
    $error = null;
    try {
        if ($transaction) {
            $connection->transaction(function () use ($migration) { $migration->up(); });
        } else {
            $migration->up();
        }
    } catch (Throwable $e) {
        $error = get_class($e) . ': ' . $e->getMessage();
    }
    $out = [
        'framework' => 'laravel ' . $version,
        'dialect' => 'postgresql',
        'transaction' => $transaction,
        'statements' => $queries,
    ];
    if ($error !== null) {
        $out['error'] = $error;
    }
    file_put_contents(preg_replace('/\.php$/', '.json', $file), json_encode($out, JSON_PRETTY_PRINT | JSON_UNESCAPED_SLASHES | JSON_UNESCAPED_UNICODE) . "\n");
    echo basename($file) . ': ' . count($queries) . ' statements' . ($error ? " ($error)" : '') . "\n";
}
