/** One entry of the policy file's `exceptions:` list, validated. */
export interface PolicyException {
  /** Vulnerability ID, secret rule ID, misconfiguration ID / AVD ID, or license name (license findings). */
  id: string;
  /** Only findings in this package (PkgName). */
  package: string | undefined;
  /** Only findings whose target or package path matches (exact, or a glob with * and **). */
  path: string | undefined;
  reason: string;
  /** YYYY-MM-DD (UTC); the exception applies up to and including this day. */
  expires: string;
  /** Position in the list (0-based) and 1-based line in the policy file, for messages. */
  index: number;
  line: number;
}

/** A policy file after parsing: where it came from and its exceptions. */
export interface ParsedPolicy {
  fileName: string;
  exceptions: PolicyException[];
}
