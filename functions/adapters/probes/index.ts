/**
 * Probers by runtime. Node planes (Lambda, local) use createNodeProber; the Worker imports
 * createFetchProber from './fetch' directly, so no `node:` module enters its bundle.
 */
export { createFetchProber, type FetchProberOptions } from './fetch';
export { createNodeProber, createNodeProber as createProber, type NodeProberOptions } from './node';
