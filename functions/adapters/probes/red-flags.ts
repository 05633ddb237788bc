/**
 * Known red flags in identity and credential failures. Found in an error or a body, they are named in
 * the reason and the observation is classed `auth`, so an operator sees "AADSTS90033" and not "400".
 */

const FLAGS: { pattern: RegExp; label: (match: string) => string }[] = [
  { pattern: /AADSTS90033/, label: () => 'AADSTS90033 (identity provider temporarily unavailable)' },
  { pattern: /AADSTS90072/, label: () => 'AADSTS90072 (the external account is not in the tenant)' },
  { pattern: /AADSTS\d{5,6}/, label: (m) => `${m} (Entra ID sign-in error)` },
  {
    pattern: /CredentialsProviderError|Unable to load AWS credentials|Could not load credentials/,
    label: () => 'no AWS credentials (CredentialsProviderError)',
  },
  { pattern: /ExpiredToken/, label: () => 'ExpiredToken (the AWS credentials have expired)' },
  {
    pattern: /InvalidClientTokenId|The security token included in the request is invalid/,
    label: () => 'InvalidClientTokenId (the AWS security token is invalid)',
  },
  { pattern: /SignatureDoesNotMatch/, label: () => 'SignatureDoesNotMatch (the AWS secret key is wrong)' },
];

/** The first red flag in `texts`, labelled; undefined when there is none. */
export function redFlag(...texts: (string | undefined)[]): string | undefined {
  const text = texts.filter(Boolean).join('\n');
  for (const flag of FLAGS) {
    const match = flag.pattern.exec(text);
    if (match) return flag.label(match[0]);
  }
  return undefined;
}
