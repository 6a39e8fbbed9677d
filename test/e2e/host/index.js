// extensionTestsPath module: the real extension host loads it and calls run(); the
// promise settling ends the run with exit code 0 (resolved) or 1 (rejected).
const path = require('node:path');
const Mocha = require('mocha');

exports.run = function run() {
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 120_000, reporter: 'spec' });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      console.log(`host tests: ${mocha.suite.total() - failures} passed, ${failures} failed`);
      if (failures) reject(new Error(`${failures} host test(s) failed`));
      else resolve();
    });
  });
};
