/** The configuration, validated and normalised at build time (infra/worker/build-config.ts): a BuiltConfig. */
declare module 'twinplane-config' {
  const document: unknown;
  export default document;
}
