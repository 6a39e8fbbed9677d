/**
 * The standalone HTML report: one self-contained, read-only file holding the same timeline UI
 * as the VS Code panel, for CI artifacts and pull requests. The UI bundle and its stylesheet
 * are inlined; the timeline travels as a JSON data block. Nothing is loaded from anywhere.
 *
 * Safety: every character that could end a script or open a tag (`<`, `>`, `&`, and the two
 * JavaScript line separators) is escaped in the embedded data, so no markup from a
 * migration's SQL or identifiers appears raw anywhere in the file; a Content-Security-Policy
 * allows only the inlined script and style (by nonce).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Timeline } from '../simulate/timeline';
import { REPORT_DATA_ID, REPORT_SCRIPT, REPORT_STYLE } from './constants';

/** The built UI (`media/timeline.js` and `media/timeline.css`). */
export interface ReportAssets {
  readonly script: string;
  readonly style: string;
}

const JSON_ESCAPES: Readonly<Record<string, string>> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/** JSON safe inside a `<script>` element: still valid JSON, with no `<`, `>` or `&` in it. */
function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => JSON_ESCAPES[c]!);
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/** An inlined asset must not be able to close its own element. */
function assertInlineable(text: string, element: 'script' | 'style'): string {
  if (new RegExp(`</${element}`, 'i').test(text) || text.includes('<!--')) {
    throw new Error(`the ${element} bundle contains "</${element}" or "<!--" and cannot be inlined`);
  }
  return text;
}

export interface ReportOptions {
  /** Fixed only in tests; random otherwise. */
  readonly nonce?: string;
}

export function renderHtmlReport(timeline: Timeline, assets: ReportAssets, options: ReportOptions = {}): string {
  const nonce = options.nonce ?? randomBytes(18).toString('base64');
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    'img-src data:',
    'font-src data:',
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  const title = `Lockstep timeline: ${timeline.file}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Lockstep">
<title>${escapeHtml(title)}</title>
<style nonce="${nonce}">${assertInlineable(assets.style, 'style')}</style>
</head>
<body data-host="report">
<div id="app" aria-live="polite"><noscript>This report needs JavaScript to draw the timeline.</noscript></div>
<script type="application/json" id="${REPORT_DATA_ID}">${scriptSafeJson(timeline)}</script>
<script nonce="${nonce}">${assertInlineable(assets.script, 'script')}</script>
</body>
</html>
`;
}

/**
 * Reads the built UI from the package's `media/` folder, found by walking up from `fromDir`
 * (this module sits at different depths in the source tree and in the bundles).
 */
export function loadReportAssets(fromDir: string = __dirname): ReportAssets {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const script = join(dir, 'media', REPORT_SCRIPT);
    if (existsSync(script) && existsSync(join(dir, 'package.json'))) {
      return { script: readFileSync(script, 'utf8'), style: readFileSync(join(dir, 'media', REPORT_STYLE), 'utf8') };
    }
    if (dirname(dir) === dir) {
      throw new Error(`media/${REPORT_SCRIPT} not found above ${fromDir}: run \`npm run build\` first`);
    }
  }
}
