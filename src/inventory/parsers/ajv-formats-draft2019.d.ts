// The package ships no type declarations.
declare module 'ajv-formats-draft2019' {
  import type { Ajv } from 'ajv';
  function addDraft2019Formats(ajv: Ajv, options?: { formats?: string[] }): Ajv;
  export = addDraft2019Formats;
}
