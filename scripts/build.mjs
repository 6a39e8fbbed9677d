// `npm run build`: bundles what ships. Each bundle lives with its own packaging code.
import { bundleExtension } from './package.mjs';

await bundleExtension();
