/** Entry point of the timeline UI, in the VS Code panel and in the standalone report alike. */
import { App } from './app';
import { detectHost } from './host';

function start(): void {
  const root = document.getElementById('app');
  if (!root) return;
  const host = detectHost();
  const app = new App(root, host);
  void app;
  host.post({ type: 'ready' });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
