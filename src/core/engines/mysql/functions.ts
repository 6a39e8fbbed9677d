import type { Volatility } from '../../operations';

/**
 * Volatility of the built-in functions that show up in column defaults, by the manual's
 * description of each: values fixed for the statement (the current time, read once per
 * statement) are `stable`; values that differ per row or per call are `volatile`.
 * Sources: https://dev.mysql.com/doc/refman/8.0/en/date-and-time-functions.html (NOW and
 * its synonyms return the statement's start time; SYSDATE the time it executes),
 * https://dev.mysql.com/doc/refman/8.0/en/miscellaneous-functions.html (UUID, UUID_SHORT),
 * https://dev.mysql.com/doc/refman/8.0/en/mathematical-functions.html (RAND).
 */
export const MYSQL_FUNCTION_VOLATILITY: Readonly<Record<string, Volatility>> = {
  now: 'stable',
  current_timestamp: 'stable',
  localtime: 'stable',
  localtimestamp: 'stable',
  curdate: 'stable',
  current_date: 'stable',
  curtime: 'stable',
  current_time: 'stable',
  utc_timestamp: 'stable',
  utc_date: 'stable',
  utc_time: 'stable',
  unix_timestamp: 'stable',
  sysdate: 'volatile',
  uuid: 'volatile',
  uuid_short: 'volatile',
  uuid_to_bin: 'volatile',
  rand: 'volatile',
  random_bytes: 'volatile',
};
