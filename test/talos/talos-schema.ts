import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv/dist/2020';

/**
 * The Talos 1.13 machine-config JSON schema, read from the shared reference folder next to the repository
 * (`../shared/reference/talos/config.schema.json`); it is not copied into the project.
 */
export const TALOS_SCHEMA_PATH = join(__dirname, '..', '..', '..', 'shared', 'reference', 'talos', 'config.schema.json');

let validator: ValidateFunction | undefined;

/** The compiled validator of the root schema (one of the Talos documents, or a partial `v1alpha1` config). */
export function talosSchemaValidator(): ValidateFunction {
  if (validator) return validator;
  if (!existsSync(TALOS_SCHEMA_PATH)) {
    throw new Error(
      `Talos machine-config schema not found at ${TALOS_SCHEMA_PATH} (expected the shared reference checkout ` +
        'next to the repository: ../shared/reference/talos/config.schema.json). Fix: restore that folder; the ' +
        'schema is published as https://talos.dev/v1.13/schemas/config.schema.json.',
    );
  }
  const schema = JSON.parse(readFileSync(TALOS_SCHEMA_PATH, 'utf8')) as Record<string, unknown>;
  // strict: false because the schema carries editor keywords (markdownDescription, x-intellij-html-description).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  validator = ajv.compile(schema);
  return validator;
}

/** Schema errors of one document, formatted, or an empty list when it is valid. */
export function talosSchemaErrors(document: unknown): string[] {
  const validate = talosSchemaValidator();
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
