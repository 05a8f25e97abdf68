import { parseXml, type Element, type Node } from 'libxmljs2';
import { rejectDtd } from '../../core/xml-safety.ts';
import type { ValidationMode } from '../sbom-model.ts';
import { mapCycloneDx, type CdxBom, type CdxComponent } from './cyclonedx-bom.ts';
import { CDX_VERSIONS, cycloneDxXmlViolations } from './cyclonedx-schema.ts';
import { judge, rejected, type SbomParseResult } from './outcome.ts';

// No network, no entity substitution, no external DTD: with rejectDtd in front, nothing in the
// document can make libxml2 read anything but the document itself.
const SAFE_PARSE = { nonet: true, noent: false, dtdload: false, dtdvalid: false, xinclude: false, big_lines: true } as const;

const NAMESPACE = /^http:\/\/cyclonedx\.org\/schema\/bom\/(\d+\.\d+)$/;

export async function parseCycloneDxXml(text: string, mode: ValidationMode): Promise<SbomParseResult> {
  const dtd = rejectDtd(text);
  if (!dtd.ok) return rejected(dtd.code, dtd.message, [{ path: dtd.path ?? '', message: dtd.message }]);

  let root: Element | null;
  try {
    root = parseXml(text, SAFE_PARSE).root();
  } catch (e) {
    const x = e as { message: string; line?: number };
    const path = `line ${x.line ?? 0}`;
    return rejected('INVALID_XML', `not well-formed XML at ${path}: ${x.message.trim()}`, [{ path, message: x.message.trim() }]);
  }
  const version = NAMESPACE.exec(root?.namespace()?.href() ?? '')?.[1];
  if (!root || root.name() !== 'bom' || version === undefined) {
    return rejected('UNKNOWN_FORMAT', 'XML document is not a CycloneDX BOM (root <bom> in a http://cyclonedx.org/schema/bom/<version> namespace)', [
      { path: `line ${root?.line() ?? 1}`, message: 'expected a CycloneDX <bom> root element' },
    ]);
  }
  if (!CDX_VERSIONS.includes(version)) {
    return rejected('UNSUPPORTED_SPEC_VERSION', `CycloneDX ${version} is not supported (${CDX_VERSIONS.join(', ')})`, [
      { path: `line ${root.line()}`, message: 'unsupported CycloneDX namespace version' },
    ]);
  }
  const violations = await cycloneDxXmlViolations(text, version);
  return judge(mode, `CycloneDX ${version} XML`, violations, () => {
    const lines = new WeakMap<object, number>();
    const bom = readBom(root, version, lines);
    return mapCycloneDx(bom, 'xml', (node) => `line ${lines.get(node) ?? root.line()}`);
  });
}

function readBom(root: Element, specVersion: string, lines: WeakMap<object, number>): CdxBom {
  const readComponent = (el: Element): CdxComponent => {
    const c: CdxComponent = {
      'bom-ref': el.attr('bom-ref')?.value(),
      type: el.attr('type')?.value(),
      group: childText(el, 'group'),
      name: childText(el, 'name'),
      version: childText(el, 'version'),
      purl: childText(el, 'purl'),
      cpe: childText(el, 'cpe'),
      scope: childText(el, 'scope'),
      supplier: { name: childText(child(el, 'supplier'), 'name') },
      hashes: children(child(el, 'hashes'), 'hash').map((h) => ({ alg: h.attr('alg')?.value(), content: h.text().trim() })),
      licenses: children(child(el, 'licenses')).map((l) =>
        l.name() === 'expression' ? { expression: l.text().trim() } : { license: { id: childText(l, 'id'), name: childText(l, 'name') } },
      ),
      components: children(child(el, 'components'), 'component').map(readComponent),
    };
    lines.set(c, el.line());
    return c;
  };
  const subject = child(child(root, 'metadata'), 'component');
  const bom: CdxBom = {
    specVersion,
    components: children(child(root, 'components'), 'component').map(readComponent),
    dependencies: children(child(root, 'dependencies'), 'dependency').map((d) => ({
      ref: d.attr('ref')?.value(),
      dependsOn: children(d, 'dependency').map((x) => x.attr('ref')?.value()),
    })),
  };
  if (subject) bom.metadata = { component: readComponent(subject) };
  return bom;
}

const isElement = (n: Node): n is Element => n.type() === 'element';

function children(el: Element | undefined, name?: string): Element[] {
  if (!el) return [];
  return el.childNodes().filter((n): n is Element => isElement(n) && (name === undefined || n.name() === name));
}

const child = (el: Element | undefined, name: string): Element | undefined => children(el, name)[0];

function childText(el: Element | undefined, name: string): string | undefined {
  return child(el, name)?.text().trim();
}
