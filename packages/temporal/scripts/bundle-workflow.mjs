#!/usr/bin/env node
// Bundles the workflow code for Temporal's workflow sandbox once, at build time (dist/workflow-bundle.js):
// a worker that bundled it at start would spend seconds in webpack every time it starts.
import { writeFile } from 'node:fs/promises';
import { bundleWorkflowCode } from '@temporalio/worker';

const workflowsPath = new URL('../dist/workflow/index.js', import.meta.url).pathname;
const { code } = await bundleWorkflowCode({ workflowsPath, logger: { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} } });
await writeFile(new URL('../dist/workflow-bundle.js', import.meta.url), code);
