/**
 * The tutorial end to end on 5,000 reviews, tracked into the project's own mlruns folder (no
 * MLFLOW_TRACKING_URI): what a user gets from `pnpm tutorial` on a fresh machine.
 */
import { tutorialEndToEnd } from './helpers/tutorial-end-to-end.js';

describe('the tutorial with the embedded mlruns store', () => {
  tutorialEndToEnd('embedded');
});
