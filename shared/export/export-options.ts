import type { RedactionOptions } from '../redaction/find-secrets';

/** What every export takes besides the record. */
export interface ExportOptions {
  /**
   * Secret param values (and anything else known to be secret); detected
   * secrets are masked whatever is passed here.
   */
  redaction?: Pick<RedactionOptions, 'secretValues'>;
  /**
   * When the export was made (UTC ISO-8601), printed in the output. Passed in
   * rather than read from the clock so that exports are reproducible.
   */
  generatedAt?: string;
}
