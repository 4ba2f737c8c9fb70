/** MLflow models: MLmodel files, signatures, input examples, model URIs, logging and downloading. */
export { InvalidMLmodelError, InvalidModelUriError, ModelNotFoundError } from './model-errors.js';
export type { MissingModelPart } from './model-errors.js';
export {
  MLMODEL_FILE_NAME,
  readMLmodel,
  writeMLmodel,
  parseMLmodel,
  serializeMLmodel,
  mlmodelFromYaml,
  mlmodelToYaml,
  formatUtcTimeCreated,
} from './mlmodel.js';
export type { MLmodel, FlavorConfig, SavedInputExampleInfo } from './mlmodel.js';
export { dumpModelYaml } from './model-yaml.js';
export {
  DATA_TYPES,
  SchemaError,
  parseSchema,
  parseParamsSchema,
  parseSignature,
  parseColumnType,
  schemaToJson,
  paramsSchemaToJson,
  signatureToStrings,
  columnTypeToDict,
  columnSchema,
} from './signature.js';
export type {
  DataTypeName,
  ColumnType,
  ArrayType,
  ObjectType,
  ObjectProperty,
  MapType,
  AnyType,
  SparkMlVectorType,
  ColSpec,
  TensorSpec,
  Schema,
  ParamSpec,
  ModelSignature,
  SignatureStrings,
} from './signature.js';
export { inferSchemaFromRecords, inferSchemaFromColumns } from './schema-inference.js';
export { validateAgainstSchema, applyParamsSchema, checkValue, typeName } from './schema-validation.js';
export type { SchemaValidationResult, SchemaViolation } from './schema-validation.js';
export { prepareInputExample, saveInputExample, loadInputExample, INPUT_EXAMPLE_FILE, SERVING_INPUT_EXAMPLE_FILE } from './input-example.js';
export type { InputExample, PreparedInputExample } from './input-example.js';
export { environmentFiles, pythonFunctionEnv, REQUIREMENTS_FILE, PYTHON_ENV_FILE, CONDA_ENV_FILE } from './model-environment.js';
export type { PythonEnvironment } from './model-environment.js';
export { parseModelUri, loggedModelUri, modelVersionUri, modelAliasUri } from './model-uri.js';
export type { ParsedModelUri } from './model-uri.js';
export { resolveModelUri, downloadModel, loadModelInfo } from './model-resolver.js';
export type { ResolvedModelLocation, DownloadModelOptions, ModelResolverClient } from './model-resolver.js';
export { logModel } from './log-model.js';
export type { LogModelOptions, LogModelResult } from './log-model.js';
export { registerLoggedModel, ensureRegisteredModel } from './register-model.js';
export type { RegisterModelOptions } from './register-model.js';
export { MLFLOW_FORMAT_VERSION, mlflowVersionOf } from './mlflow-version.js';
export { pythonJsonDumps } from './python-json.js';
