#!/usr/bin/env node
import { main } from './program.js';

// Every output is written synchronously, so exiting right away loses nothing, and a stray handle
// (a timer in a user's hook, the loader thread) cannot keep a finished command alive.
// (No top-level await: the bundled command line is CommonJS.)
void main(process.argv).then((code) => process.exit(code));
