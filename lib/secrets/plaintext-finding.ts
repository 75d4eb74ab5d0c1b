/** What the plaintext guard reports. */

/** One problem the guard found. Never holds a secret value. */
export interface PlaintextFinding {
  /** The file, named as it will be after the synth (`cdktf.out/...` or `dist/...`). */
  readonly file: string;
  /** Where in the file: document, Terraform block, or line. */
  readonly where: string;
  /** What is wrong and what to do. */
  readonly message: string;
}
