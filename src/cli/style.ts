import { styleText } from 'node:util';
import type { TextStyle } from '../core/report/text';
import { PLAIN_STYLE } from '../core/report/text';

/** Colours only on a terminal that wants them (NO_COLOR and FORCE_COLOR honoured). */
export function terminalStyle(stream: NodeJS.WriteStream): TextStyle {
  const wanted = process.env['FORCE_COLOR'] ? process.env['FORCE_COLOR'] !== '0' : stream.isTTY && !process.env['NO_COLOR'];
  if (!wanted) return PLAIN_STYLE;
  return {
    bold: (s) => styleText('bold', s),
    dim: (s) => styleText('dim', s),
    severity: (sev, s) => styleText(sev === 'error' ? 'red' : sev === 'warning' ? 'yellow' : 'cyan', s),
  };
}
