/** The configuration document, validated and bundled at build time (infra/worker/build-config.ts). */
declare module 'twinplane-config' {
  const document: unknown;
  export default document;
}
