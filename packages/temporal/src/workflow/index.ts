// The workflows a worker registers (bundled for Temporal's workflow sandbox: no Node modules here).
export { kedroPipelineWorkflow } from './pipeline-workflow.js';
