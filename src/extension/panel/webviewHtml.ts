/**
 * The panel's page: the same UI bundle as the report, loaded from the extension's media/
 * folder under a Content-Security-Policy that allows only that folder and one nonce'd script.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { REPORT_SCRIPT, REPORT_STYLE } from '../../core/report/constants';

function mediaRoot(extensionUri: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(extensionUri, 'media');
}

/** A fresh nonce per page load, from the system's CSPRNG. */
function makeNonce(): string {
  return randomBytes(18).toString('base64');
}

export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return {
    enableScripts: true,
    // Only the built UI may be loaded into the page.
    localResourceRoots: [mediaRoot(extensionUri)],
    retainContextWhenHidden: false,
    enableFindWidget: true,
  };
}

export function panelHtml(webview: vscode.Webview, extensionUri: vscode.Uri): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), REPORT_SCRIPT));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(mediaRoot(extensionUri), REPORT_STYLE));
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="${style.toString()}">
<title>Lockstep timeline</title>
</head>
<body data-host="panel">
<div id="app"></div>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}
