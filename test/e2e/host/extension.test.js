// Runs inside the VS Code extension host with the packaged extension loaded; the
// workspace is a scratch copy of test/e2e/workspace.
const assert = require('node:assert/strict');
const vscode = require('vscode');

const EXT_ID = 'lockstep.lockstep';
const folder = () => vscode.workspace.workspaceFolders[0].uri;
const file = (name) => vscode.Uri.joinPath(folder(), 'migrations', name);
const ours = (uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'lockstep');

/** Resolves when `check()` returns a value, re-checking on every diagnostics change. */
function whenDiagnostics(uri, check, ms = 90_000) {
  return new Promise((resolve, reject) => {
    const now = check(ours(uri));
    if (now) return resolve(now);
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`diagnostics for ${uri.path} never matched; last: ${JSON.stringify(ours(uri).map((d) => d.message))}`));
    }, ms);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      const v = check(ours(uri));
      if (v) {
        clearTimeout(timer);
        sub.dispose();
        resolve(v);
      }
    });
  });
}

async function open(name) {
  const doc = await vscode.workspace.openTextDocument(file(name));
  await vscode.window.showTextDocument(doc);
  return doc;
}

describe('Lockstep in the real extension host', () => {
  let api;

  before(async () => {
    const ext = vscode.extensions.getExtension(EXT_ID);
    assert.ok(ext, `${EXT_ID} is installed`);
    api = await ext.activate();
  });

  it('registers the palette commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of [
      'lockstep.simulateMigration',
      'lockstep.generatePhasedMigration',
      'lockstep.lintWorkspace',
      'lockstep.openRuleDocumentation',
      'lockstep.showOutput',
    ]) {
      assert.ok(all.includes(id), id);
    }
  });

  it('reports an unsafe migration with rule id, docs link, severity and exact range', async () => {
    const doc = await open('001_add_token.sql');
    const [d] = await whenDiagnostics(doc.uri, (ds) => {
      const hit = ds.filter((x) => x.code && x.code.value === 'add-column-table-rewrite');
      return hit.length ? hit : undefined;
    });
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    // The rule id opens the page shipped in the extension (Markdown preview), not a website.
    const target = d.code.target;
    assert.equal(target.scheme, 'command');
    assert.equal(target.path, 'lockstep.openRuleDocumentation');
    assert.deepEqual(JSON.parse(decodeURIComponent(target.query)), ['add-column-table-rewrite']);
    const line = doc.lineAt(d.range.start.line).text;
    assert.match(line, /ALTER TABLE users ADD COLUMN token/);
  });

  it('offers a hover with the lock and the estimate, and CodeLens with the verdict', async () => {
    const doc = await open('001_add_token.sql');
    await whenDiagnostics(doc.uri, (ds) => ds.length > 0);
    const line = doc
      .getText()
      .split('\n')
      .findIndex((l) => l.startsWith('ALTER'));
    const hovers = await vscode.commands.executeCommand('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /ACCESS EXCLUSIVE/);
    assert.match(text, /at 5M rows/);
    const lenses = await vscode.commands.executeCommand('vscode.executeCodeLensProvider', doc.uri, 10);
    const titles = lenses.map((l) => l.command && l.command.title);
    assert.ok(
      titles.some((t) => /Simulate/.test(t)),
      JSON.stringify(titles),
    );
    assert.ok(
      titles.some((t) => /ACCESS EXCLUSIVE · rewrites the table · ~.* at 5M rows/.test(t)),
      JSON.stringify(titles),
    );
  });

  it('leaves a safe migration clean', async () => {
    const doc = await open('002_add_note.sql');
    const n = await api.lint(doc.uri);
    assert.equal(n, 0);
    assert.deepEqual(ours(doc.uri), []);
  });

  it('applies a rule quick fix that makes the file lint-clean', async () => {
    const doc = await open('003_add_status.sql');
    const [d] = await whenDiagnostics(doc.uri, (ds) => (ds.length ? ds : undefined));
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Generate phased migration…'), JSON.stringify(titles));
    assert.ok(
      titles.some((t) => t.startsWith('Ignore require-lock-timeout')),
      JSON.stringify(titles),
    );
    const fix = actions.find((a) => a.title === 'Insert SET lock_timeout');
    assert.ok(fix && fix.edit, JSON.stringify(titles));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await whenDiagnostics(doc.uri, (ds) => ds.length === 0);
    assert.match(doc.getText(), /^SET lock_timeout = '5s';\n/);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('the ignore-comment fix suppresses the finding', async () => {
    const doc = await open('001_add_token.sql');
    const ds = await whenDiagnostics(doc.uri, (x) => (x.length ? x : undefined));
    const d = ds.find((x) => x.code.value === 'add-column-table-rewrite');
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', doc.uri, d.range);
    const ignore = actions.find((a) => a.title.startsWith('Ignore add-column-table-rewrite'));
    assert.ok(ignore, JSON.stringify(actions.map((a) => a.title)));
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.match(doc.getText(), /-- lockstep-ignore add-column-table-rewrite: <reason>\nALTER TABLE users/);
    // The placeholder is not a reason: the finding stays and the directive is reported ...
    await whenDiagnostics(doc.uri, (x) => x.some((y) => y.code.value === 'invalid-ignore') && x.some((y) => y.code.value === 'add-column-table-rewrite'));
    // ... until the author writes one.
    const at = doc.getText().indexOf('<reason>');
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + '<reason>'.length)), 'users holds 40 rows in this deployment');
    assert.ok(await vscode.workspace.applyEdit(edit));
    await whenDiagnostics(doc.uri, (x) => !x.some((y) => y.code.value === 'add-column-table-rewrite' || y.code.value === 'invalid-ignore'));
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await whenDiagnostics(doc.uri, (x) => x.some((y) => y.code.value === 'add-column-table-rewrite'));
  });

  it('source.fixAll.lockstep applies every safe fix, leaving the file clean', async () => {
    const uri = file('009_fix_all.sql');
    const sql = 'ALTER TABLE users ADD CONSTRAINT users_org_fk FOREIGN KEY (org_id) REFERENCES orgs (id);\nCREATE INDEX users_email_idx ON users (email);\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(sql));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      await whenDiagnostics(uri, (ds) => (ds.length >= 3 ? ds : undefined));
      const whole = new vscode.Range(0, 0, doc.lineCount, 0);
      const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, whole, 'source.fixAll.lockstep');
      assert.equal(actions.length, 1, JSON.stringify(actions.map((a) => a.title)));
      assert.ok(await vscode.workspace.applyEdit(actions[0].edit));
      await whenDiagnostics(uri, (ds) => (ds.length === 0 ? true : undefined));
      assert.match(doc.getText(), /CREATE INDEX CONCURRENTLY/);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });

  it('re-lints when settings change (the config file still wins)', async () => {
    const doc = await open('001_add_token.sql');
    await whenDiagnostics(doc.uri, (ds) => ds.some((d) => d.code.value === 'add-column-table-rewrite'));
    const cfg = vscode.workspace.getConfiguration('lockstep');
    await cfg.update('rules', { 'add-column-table-rewrite': 'off' }, vscode.ConfigurationTarget.Workspace);
    try {
      await whenDiagnostics(doc.uri, (ds) => !ds.some((d) => d.code.value === 'add-column-table-rewrite'));
    } finally {
      await cfg.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await whenDiagnostics(doc.uri, (ds) => ds.some((d) => d.code.value === 'add-column-table-rewrite'));
  });

  it('declines a file above the size limit politely', async () => {
    const doc = await open('001_add_token.sql');
    const cfg = vscode.workspace.getConfiguration('lockstep');
    await cfg.update('maxFileBytes', 64, vscode.ConfigurationTarget.Workspace);
    try {
      await whenDiagnostics(doc.uri, (ds) => ds.length === 0);
      assert.equal(await api.lint(doc.uri), undefined);
    } finally {
      await cfg.update('maxFileBytes', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
  it('re-lints when lockstep.config.json changes', async () => {
    const doc = await open('001_add_token.sql');
    await whenDiagnostics(doc.uri, (ds) => ds.some((d) => d.code.value === 'add-column-table-rewrite'));
    const configUri = vscode.Uri.joinPath(folder(), 'lockstep.config.json');
    const original = await vscode.workspace.fs.readFile(configUri);
    const config = JSON.parse(Buffer.from(original).toString('utf8'));
    await vscode.workspace.fs.writeFile(configUri, Buffer.from(JSON.stringify({ ...config, rules: { 'add-column-table-rewrite': 'off' } })));
    try {
      await whenDiagnostics(doc.uri, (ds) => !ds.some((d) => d.code.value === 'add-column-table-rewrite'));
    } finally {
      await vscode.workspace.fs.writeFile(configUri, original);
    }
    await whenDiagnostics(doc.uri, (ds) => ds.some((d) => d.code.value === 'add-column-table-rewrite'));
  });

  it('lints the SQL inside a JavaScript migration, without offering an SQL comment', async () => {
    const uri = file('20240101000000_add_token.js');
    const source = [
      'exports.up = async (knex) => {',
      "  await knex.raw('ALTER TABLE users ADD COLUMN token uuid DEFAULT gen_random_uuid()');",
      '};',
      'exports.down = async () => {};',
      '',
    ].join('\n');
    await vscode.workspace.fs.writeFile(uri, Buffer.from(source));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const ds = await whenDiagnostics(uri, (x) => (x.some((d) => d.code.value === 'add-column-table-rewrite') ? x : undefined));
    const d = ds.find((x) => x.code.value === 'add-column-table-rewrite');
    assert.equal(d.range.start.line, 1);
    assert.equal(doc.getText(d.range).startsWith('ALTER TABLE users'), true);
    const actions = await vscode.commands.executeCommand('vscode.executeCodeActionProvider', uri, d.range);
    assert.ok(!actions.some((a) => a.title.startsWith('Ignore ')), JSON.stringify(actions.map((a) => a.title)));
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('underlines a mistake in lockstep.config.json as it is typed, with a status bar warning', async () => {
    const dir = vscode.Uri.joinPath(folder(), 'broken-config');
    const uri = vscode.Uri.joinPath(dir, 'lockstep.config.json');
    await vscode.workspace.fs.writeFile(uri, Buffer.from('{\n  "dialect": "postgresql"\n}\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      const editor = await vscode.window.showTextDocument(doc);
      await editor.edit((e) => e.replace(new vscode.Range(1, 13, 1, 25), '"oracle"'));
      const [d] = await whenDiagnostics(uri, (ds) => (ds.length ? ds : undefined));
      assert.match(d.message, /"dialect" must be one of/);
      assert.equal(doc.getText(d.range), '"dialect"');
      await editor.edit((e) => e.replace(new vscode.Range(1, 13, 1, 21), '"mysql"'));
      await whenDiagnostics(uri, (ds) => (ds.length === 0 ? true : undefined));
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    } finally {
      await vscode.workspace.fs.delete(dir, { recursive: true });
    }
  });

  it('opens a rule page shipped inside the extension', async () => {
    await vscode.commands.executeCommand('lockstep.openRuleDocumentation', 'require-lock-timeout');
    const tab = await new Promise((resolve, reject) => {
      const find = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => /require-lock-timeout/.test(t.label));
      const now = find();
      if (now) return resolve(now);
      const timer = setTimeout(() => (sub.dispose(), reject(new Error('no preview tab'))), 90_000);
      const sub = vscode.window.tabGroups.onDidChangeTabs(() => {
        const t = find();
        if (t) {
          clearTimeout(timer);
          sub.dispose();
          resolve(t);
        }
      });
    });
    assert.match(tab.label, /Preview/);
  });
});
