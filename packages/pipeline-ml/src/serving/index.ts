/** The scoring server (MLflow's `/invocations` protocol) and offline scoring. */
export { startScoringServer, SCORING_DEFAULTS } from './scoring-server.js';
export type { ScoringServer, ScoringServerOptions, ScoringServerState } from './scoring-server.js';
export { serveModel } from './serve-model.js';
export type { ServeModelOptions } from './serve-model.js';
export { predictFile, contentTypeOfPath } from './predict-file.js';
export type { PredictFileOptions } from './predict-file.js';
export { scoreBody, scoreRequest, parseScoringBody } from './score-request.js';
export type { ScoreOptions } from './score-request.js';
export { parseContentType } from './content-type.js';
export type { ScoringContentType } from './content-type.js';
export type { ScoringModel, ScoringModelLoader, ScoringModelMetadata } from './scoring-model.js';
export type { ScoringInput, ScoringRequest, InputFormat } from './scoring-input.js';
export { ScoringError } from './scoring-error.js';
export type { ScoringErrorKind, ScoringErrorCode, ScoringErrorDetails } from './scoring-error.js';
