/**
 * The tutorial end to end on 5,000 reviews against a real `mlflow server` (Python MLflow, the
 * shared test server): MLFLOW_TRACKING_URI set, as a team with a tracking server runs it.
 */
import { tutorialEndToEnd } from './helpers/tutorial-end-to-end.js';

describe('the tutorial with a real MLflow server (MLFLOW_TRACKING_URI)', () => {
  tutorialEndToEnd('server');
});
