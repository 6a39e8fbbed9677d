import type { CostProfile } from '../cost-model';
import defaultProfile from './default.json';

/**
 * The cost profile shipped with Lockstep, written by `npm run calibrate` against a native
 * Debian PostgreSQL server (its `server`, `createdAt` and `method` fields say where and when).
 * Users with their own server can calibrate and point `--profile` at the result.
 */
export const DEFAULT_PROFILE = defaultProfile as CostProfile;
