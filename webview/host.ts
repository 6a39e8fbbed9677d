/**
 * Where the UI runs: inside a VS Code webview (messages to the extension, state kept by
 * VS Code) or in the standalone report (read-only, data embedded in the page).
 */
import { REPORT_DATA_ID } from '../src/core/report/constants';
import { parsePanelState, parseToWebview, type FromWebview, type PanelState, type ToWebview } from '../src/extension/panel/protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface Host {
  readonly readOnly: boolean;
  post(message: FromWebview): void;
  loadState(): PanelState;
  saveState(state: PanelState): void;
  onMessage(listener: (message: ToWebview) => void): void;
}

function panelHost(): Host {
  const api = acquireVsCodeApi();
  return {
    readOnly: false,
    post: (m) => api.postMessage(m),
    loadState: () => parsePanelState(api.getState()),
    saveState: (s) => api.setState(s),
    onMessage: (listener) =>
      window.addEventListener('message', (e: MessageEvent) => {
        const m = parseToWebview(e.data);
        if (m) listener(m);
      }),
  };
}

/** The report's data block holds the timeline; nothing ever arrives later. */
function reportHost(): Host {
  const text = document.getElementById(REPORT_DATA_ID)?.textContent ?? 'null';
  const state = parsePanelState({ timeline: JSON.parse(text), source: null });
  return {
    readOnly: true,
    post: () => undefined,
    loadState: () => state,
    saveState: () => undefined,
    onMessage: () => undefined,
  };
}

export function detectHost(): Host {
  return typeof acquireVsCodeApi === 'function' ? panelHost() : reportHost();
}
