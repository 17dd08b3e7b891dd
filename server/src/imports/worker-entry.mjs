// Loads the TypeScript worker: the server runs under tsx, whose loader a worker thread inherits;
// under jest (or plain node) it is registered here. Registering twice is harmless.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
