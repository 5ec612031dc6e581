// The entrypoint the runner starts. Everything happens in run(); see main.ts.
import './runtime-shims.js';
import { run } from './main.js';

void run();
