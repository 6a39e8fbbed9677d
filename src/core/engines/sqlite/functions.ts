import type { Volatility } from '../../operations';

/**
 * SQLite functions seen in defaults. CURRENT_TIME/DATE/TIMESTAMP are read once per
 * statement (stable); random() and randomblob() change per call. Source:
 * https://www.sqlite.org/lang_corefunc.html and https://www.sqlite.org/deterministic.html
 * ("the date and time functions … are not deterministic").
 */
export const SQLITE_FUNCTION_VOLATILITY: Readonly<Record<string, Volatility>> = {
  current_timestamp: 'stable',
  current_date: 'stable',
  current_time: 'stable',
  datetime: 'stable',
  date: 'stable',
  time: 'stable',
  julianday: 'stable',
  unixepoch: 'stable',
  strftime: 'stable',
  random: 'volatile',
  randomblob: 'volatile',
  lower: 'immutable',
  upper: 'immutable',
  abs: 'immutable',
  hex: 'immutable',
  length: 'immutable',
  coalesce: 'immutable',
};
