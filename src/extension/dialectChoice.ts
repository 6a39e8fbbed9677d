/**
 * "Lockstep: Set Dialect for This File": a quick pick over the four dialects plus
 * "Detect automatically", for the file whose SQL the detection got wrong.
 */
import * as vscode from 'vscode';
import { DIALECT_NAMES, type Dialect } from '../core/types';
import type { DialectOverrides } from './dialectOverrides';
import type { LintController } from './lintController';

interface DialectItem extends vscode.QuickPickItem {
  readonly dialect: Dialect | undefined;
}

export async function chooseFileDialect(controller: LintController, overrides: DialectOverrides): Promise<void> {
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || doc.isUntitled || !controller.isTarget(doc)) {
    void vscode.window.showInformationMessage('Lockstep: open a saved migration file to choose its dialect.');
    return;
  }
  const chosen = overrides.get(doc.fileName);
  const detected = controller.configFor(doc.fileName, doc.getText()).dialect;
  const items: DialectItem[] = [
    {
      label: 'Detect automatically',
      description: chosen ? undefined : `now ${DIALECT_NAMES[detected.dialect]}`,
      detail: chosen ? undefined : detected.reason,
      dialect: undefined,
      picked: chosen === undefined,
    },
    ...(Object.keys(DIALECT_NAMES) as Dialect[]).map((d) => ({
      label: DIALECT_NAMES[d],
      description: chosen === d ? 'chosen for this file' : undefined,
      dialect: d,
    })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Dialect of ${vscode.workspace.asRelativePath(doc.uri)}` });
  if (!pick) return;
  await overrides.set(doc.fileName, pick.dialect);
  controller.relintOpen();
}
