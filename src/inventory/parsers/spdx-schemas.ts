/**
 * JSON Schemas (draft-07) for SPDX 2.2 and 2.3 JSON documents, written from the specifications
 * (SPDX 2.2.2, whose clauses are numbered 2–9, and SPDX 2.3, numbered 6–13 as in ISO/IEC 5962).
 * Clause references below read "2.2 §x / 2.3 §y".
 *
 * The official JSON schemas ship in no package, so these are our own. Their verdicts are held to
 * the official schemas' by `test/conformance/spdx-schema.test.ts`; where they knowingly go
 * further (identifier syntax, the version string, 2.2's mandatory creators), the spec says so
 * and the test names the difference.
 *
 * Every object is closed (`additionalProperties: false`), as in the JSON serialisation the spec
 * describes: an unknown field is a misspelt one, and silently dropping it would lose data.
 */

type Schema = Record<string, unknown>;

const text: Schema = { type: 'string' };
const texts: Schema = { type: 'array', items: text };
const integer: Schema = { type: 'integer' };
const flag: Schema = { type: 'boolean' };
const oneOf = (values: readonly string[]): Schema => ({ type: 'string', enum: values });
const listOf = (items: Schema, minItems?: number): Schema => ({ type: 'array', items, ...(minItems ? { minItems } : {}) });
const ref = (name: string): Schema => ({ $ref: `#/definitions/${name}` });

/** An object with exactly these fields, of which `required` are mandatory. */
function record(properties: Record<string, Schema>, required: readonly string[] = []): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}

/** `[idstring]`: letters, digits, `.` and `-` (2.2 §3.2 / 2.3 §7.2, and the other identifier clauses). */
const IDSTRING = '[A-Za-z0-9.\\-]+';
/** An element's own identifier, `SPDXRef-[idstring]` (2.2 §3.2, §4.2, §5.1 / 2.3 §7.2, §8.2, §9.1). */
const elementId: Schema = { type: 'string', pattern: `^SPDXRef-${IDSTRING}$` };
/** A reference to an element, here or in an external document `DocumentRef-[idstring]:` (2.2 §7.1 / 2.3 §11.1). */
const ELEMENT_REF = `(DocumentRef-${IDSTRING}:)?SPDXRef-${IDSTRING}`;
const elementRef: Schema = { type: 'string', pattern: `^${ELEMENT_REF}$` };
/** The right-hand side of a relationship may also say there is none or nothing is asserted (2.2 §7.1 / 2.3 §11.1). */
const relatedElement: Schema = { type: 'string', pattern: `^(${ELEMENT_REF}|NONE|NOASSERTION)$` };

/** Checksum algorithms of 2.2 §3.10 / 2.3 §7.10; 2.3 adds SHA-3, BLAKE2b, BLAKE3 and ADLER32. */
const CHECKSUMS_22 = ['SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'MD2', 'MD4', 'MD5', 'MD6'];
const CHECKSUMS_23 = [...CHECKSUMS_22, 'SHA3-256', 'SHA3-384', 'SHA3-512', 'BLAKE2b-256', 'BLAKE2b-384', 'BLAKE2b-512', 'BLAKE3', 'ADLER32'];

/** Relationship types of 2.2 §7.1 / 2.3 §11.1; 2.3 adds requirements, specifications and amendments. */
const RELATIONSHIPS_22 = [
  'DESCRIBES',
  'DESCRIBED_BY',
  'CONTAINS',
  'CONTAINED_BY',
  'DEPENDS_ON',
  'DEPENDENCY_OF',
  'DEPENDENCY_MANIFEST_OF',
  'BUILD_DEPENDENCY_OF',
  'DEV_DEPENDENCY_OF',
  'OPTIONAL_DEPENDENCY_OF',
  'PROVIDED_DEPENDENCY_OF',
  'TEST_DEPENDENCY_OF',
  'RUNTIME_DEPENDENCY_OF',
  'EXAMPLE_OF',
  'GENERATES',
  'GENERATED_FROM',
  'ANCESTOR_OF',
  'DESCENDANT_OF',
  'VARIANT_OF',
  'DISTRIBUTION_ARTIFACT',
  'PATCH_FOR',
  'PATCH_APPLIED',
  'COPY_OF',
  'FILE_ADDED',
  'FILE_DELETED',
  'FILE_MODIFIED',
  'EXPANDED_FROM_ARCHIVE',
  'DYNAMIC_LINK',
  'STATIC_LINK',
  'DATA_FILE_OF',
  'TEST_CASE_OF',
  'BUILD_TOOL_OF',
  'DEV_TOOL_OF',
  'TEST_OF',
  'TEST_TOOL_OF',
  'DOCUMENTATION_OF',
  'OPTIONAL_COMPONENT_OF',
  'METAFILE_OF',
  'PACKAGE_OF',
  'PREREQUISITE_FOR',
  'HAS_PREREQUISITE',
  'OTHER',
];
const RELATIONSHIPS_23 = [...RELATIONSHIPS_22, 'REQUIREMENT_DESCRIPTION_FOR', 'SPECIFICATION_FOR', 'AMENDS'];

/**
 * External reference categories (2.2 §3.21 / 2.3 §7.21). The 2.2 JSON serialisation spells the
 * package-manager category with an underscore; 2.3 settled on the hyphen the tag-value format
 * always used, and added PERSISTENT-ID (SWHIDs, gitoids).
 */
const REF_CATEGORIES_22 = ['SECURITY', 'PACKAGE_MANAGER', 'OTHER'];
const REF_CATEGORIES_23 = ['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER'];

/** File types of 2.2 §4.3 / 2.3 §8.3. */
const FILE_TYPES = ['SOURCE', 'BINARY', 'ARCHIVE', 'APPLICATION', 'AUDIO', 'IMAGE', 'TEXT', 'VIDEO', 'DOCUMENTATION', 'SPDX', 'OTHER'];

/** Primary package purposes, new in 2.3 §7.24. */
const PACKAGE_PURPOSES = [
  'APPLICATION',
  'FRAMEWORK',
  'LIBRARY',
  'CONTAINER',
  'OPERATING_SYSTEM',
  'DEVICE',
  'FIRMWARE',
  'SOURCE',
  'ARCHIVE',
  'FILE',
  'INSTALL',
  'OTHER',
];

/** What one SPDX 2.x version requires or allows beyond what both share. */
interface VersionRules {
  version: '2.2' | '2.3';
  checksumAlgorithms: readonly string[];
  relationshipTypes: readonly string[];
  referenceCategories: readonly string[];
  /** Fields a package must have besides SPDXID and name. */
  packageRequires: readonly string[];
  /** Fields a file must have besides SPDXID and fileName. */
  fileRequires: readonly string[];
  /** Fields a snippet must have besides SPDXID, name and snippetFromFile. */
  snippetRequires: readonly string[];
  /** Fields 2.3 added to packages. */
  packageExtras: Record<string, Schema>;
  /** 2.2 §4.6 asks for at least one entry (NONE or NOASSERTION when there is nothing to say); 2.3 §8.6 made it optional. */
  licenseInfoInFilesMin: number | undefined;
}

const SPDX_22: VersionRules = {
  version: '2.2',
  checksumAlgorithms: CHECKSUMS_22,
  relationshipTypes: RELATIONSHIPS_22,
  referenceCategories: REF_CATEGORIES_22,
  // 2.2 §3.7, §3.13, §3.15, §3.17: mandatory, NOASSERTION allowed.
  packageRequires: ['downloadLocation', 'licenseConcluded', 'licenseDeclared', 'copyrightText'],
  // 2.2 §4.5, §4.8. The file checksum (§4.4) is mandatory in the text, but the 2.2 JSON
  // serialisation never enforced it and real 2.2 documents omit it.
  fileRequires: ['licenseConcluded', 'copyrightText'],
  // 2.2 §5.5, §5.8; the 2.2 JSON serialisation leaves `ranges` optional.
  snippetRequires: ['licenseConcluded', 'copyrightText'],
  packageExtras: {},
  licenseInfoInFilesMin: 1,
};

const SPDX_23: VersionRules = {
  version: '2.3',
  checksumAlgorithms: CHECKSUMS_23,
  relationshipTypes: RELATIONSHIPS_23,
  referenceCategories: REF_CATEGORIES_23,
  // 2.3 §7.7 keeps the download location mandatory; licences and copyright became optional.
  packageRequires: ['downloadLocation'],
  // 2.3 §8.4: a file carries at least its SHA1.
  fileRequires: ['checksums'],
  // 2.3 §9.3: a snippet has at least one range.
  snippetRequires: ['ranges'],
  packageExtras: {
    primaryPackagePurpose: oneOf(PACKAGE_PURPOSES), // §7.24
    releaseDate: text, // §7.25
    builtDate: text, // §7.26
    validUntilDate: text, // §7.27
  },
  licenseInfoInFilesMin: undefined,
};

/** Parts both versions share, referenced from each schema's `definitions`. */
function definitions(rules: VersionRules): Record<string, Schema> {
  // 2.2 §8 / 2.3 §12: an annotation always says who, when, what kind and what.
  const annotation = record({ annotator: text, annotationDate: text, annotationType: oneOf(['REVIEW', 'OTHER']), comment: text }, [
    'annotator',
    'annotationDate',
    'annotationType',
    'comment',
  ]);
  // 2.2 §3.10 / 2.3 §7.10: an algorithm and its value, always both.
  const checksum = record({ algorithm: oneOf(rules.checksumAlgorithms), checksumValue: text }, ['algorithm', 'checksumValue']);
  // 2.2 §5.3–5.4 / 2.3 §9.3–9.4: a range end points into the file by byte offset or line number.
  const pointer = record({ reference: text, offset: integer, lineNumber: integer }, ['reference']);
  return { annotation, checksum, pointer };
}

/** The fields every element (package, file, snippet) has: identifier, annotations, attribution. */
const ELEMENT_FIELDS: Record<string, Schema> = {
  SPDXID: elementId,
  annotations: listOf(ref('annotation')),
  attributionTexts: texts, // 2.2 §3.23, §4.15, §5.11 / 2.3 §7.23, §8.15, §9.11
  comment: text,
  copyrightText: text,
  licenseConcluded: text,
  licenseComments: text,
};

function packageSchema(rules: VersionRules): Schema {
  return record(
    {
      ...ELEMENT_FIELDS,
      name: text, // §3.1 / §7.1
      versionInfo: text,
      packageFileName: text,
      supplier: text,
      originator: text,
      downloadLocation: text, // NONE and NOASSERTION are values too, so no URI format
      filesAnalyzed: flag, // §3.8 / §7.8
      packageVerificationCode: record({ packageVerificationCodeValue: text, packageVerificationCodeExcludedFiles: texts }, ['packageVerificationCodeValue']),
      checksums: listOf(ref('checksum')),
      homepage: text,
      sourceInfo: text,
      licenseInfoFromFiles: texts,
      licenseDeclared: text,
      summary: text,
      description: text,
      // §3.21–3.22 / §7.21–7.22: the type (purl, cpe23Type…) is open-ended, the category is not.
      externalRefs: listOf(
        record({ referenceCategory: oneOf(rules.referenceCategories), referenceType: text, referenceLocator: text, comment: text }, [
          'referenceCategory',
          'referenceType',
          'referenceLocator',
        ]),
      ),
      // The JSON serialisation lists the package's files by identifier.
      hasFiles: listOf(elementId),
      ...rules.packageExtras,
    },
    ['SPDXID', 'name', ...rules.packageRequires],
  );
}

function fileSchema(rules: VersionRules): Schema {
  return record(
    {
      ...ELEMENT_FIELDS,
      fileName: text, // §4.1 / §8.1
      fileTypes: listOf(oneOf(FILE_TYPES)),
      checksums: listOf(ref('checksum'), 1),
      licenseInfoInFiles: listOf(text, rules.licenseInfoInFilesMin),
      noticeText: text,
      fileContributors: texts,
      // Deprecated (artifact of project, file dependencies) but still part of the serialisation.
      artifactOfs: listOf({ type: 'object' }),
      fileDependencies: texts,
    },
    ['SPDXID', 'fileName', ...rules.fileRequires],
  );
}

function snippetSchema(rules: VersionRules): Schema {
  return record(
    {
      ...ELEMENT_FIELDS,
      name: text,
      snippetFromFile: elementRef, // §5.2 / §9.2
      ranges: listOf(record({ startPointer: ref('pointer'), endPointer: ref('pointer') }, ['startPointer', 'endPointer']), 1),
      licenseInfoInSnippets: texts,
    },
    // The JSON serialisations of both versions keep the snippet name mandatory.
    ['SPDXID', 'name', 'snippetFromFile', ...rules.snippetRequires],
  );
}

function documentSchema(rules: VersionRules): Schema {
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: `urn:kanshi:spdx-${rules.version}-json`,
    title: `SPDX ${rules.version} JSON document`,
    definitions: definitions(rules),
    ...record(
      {
        spdxVersion: { const: `SPDX-${rules.version}` }, // §2.1 / §6.1
        dataLicense: text, // §2.2 / §6.2
        SPDXID: { const: 'SPDXRef-DOCUMENT' }, // §2.3 / §6.3
        name: text,
        documentNamespace: text,
        // §2.6 / §6.6: the id is what DocumentRef- prefixes elsewhere resolve against.
        externalDocumentRefs: listOf(
          record({ externalDocumentId: { type: 'string', pattern: `^DocumentRef-${IDSTRING}$` }, spdxDocument: text, checksum: ref('checksum') }, [
            'externalDocumentId',
            'spdxDocument',
            'checksum',
          ]),
        ),
        // §2.7–2.10 / §6.7–6.10: when and by whom; 2.2 §2.8 already made creators mandatory,
        // which only the 2.3 JSON schema enforced.
        creationInfo: record({ created: text, creators: listOf(text, 1), licenseListVersion: text, comment: text }, ['created', 'creators']),
        comment: text,
        documentDescribes: listOf(elementRef),
        packages: listOf(packageSchema(rules)),
        files: listOf(fileSchema(rules)),
        snippets: listOf(snippetSchema(rules)),
        // §6 / §10: licences that are not on the SPDX list, with the text found.
        hasExtractedLicensingInfos: listOf(
          record(
            {
              licenseId: text,
              extractedText: text,
              name: text,
              comment: text,
              seeAlsos: texts,
              crossRefs: listOf(record({ url: text, isValid: flag, isLive: flag, isWayBackLink: flag, match: text, timestamp: text, order: integer }, ['url'])),
            },
            ['licenseId', 'extractedText'],
          ),
        ),
        relationships: listOf(
          record({ spdxElementId: elementRef, relationshipType: oneOf(rules.relationshipTypes), relatedSpdxElement: relatedElement, comment: text }, [
            'spdxElementId',
            'relationshipType',
            'relatedSpdxElement',
          ]),
        ),
        annotations: listOf(ref('annotation')),
        // §9 / §13: deprecated reviews, still accepted.
        revieweds: listOf(record({ reviewer: text, reviewDate: text, comment: text }, ['reviewDate'])),
      },
      ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'creationInfo'],
    ),
  };
}

// Built once: the validator cache in spdx-json.ts is keyed by schema identity.
const SCHEMAS = { '2.2': documentSchema(SPDX_22), '2.3': documentSchema(SPDX_23) } as const;

/** Our JSON Schema for an SPDX 2.2 or 2.3 JSON document. */
export function spdxJsonSchema(version: '2.2' | '2.3'): object {
  return SCHEMAS[version];
}
