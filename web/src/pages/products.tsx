import { useState } from 'preact/hooks';
import { call, download, urlOf, type Response } from '../api.ts';
import { useI18n } from '../i18n.tsx';
import { Link, path } from '../router.tsx';
import { Async, Empty, ErrorText, Kev, Pager, Severity, useLoad } from '../ui.tsx';
import { CaseTable } from './case-table.tsx';

export function ProductsPage() {
  const { t, number } = useI18n();
  const [offset, setOffset] = useState(0);
  const products = useLoad(() => call('listProducts', { query: { limit: 100, offset } }), [offset]);
  return (
    <>
      <h1>{t('products.title')}</h1>
      <Async state={products}>
        {(res) =>
          res.items.length === 0 ? (
            <Empty k="products.none" />
          ) : (
            <>
              <div class="table-wrap">
                <table>
                  <caption>{t('products.caption', { n: res.total })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('product.name')}</th>
                      <th scope="col">{t('case.team')}</th>
                      <th scope="col">{t('product.versions')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {res.items.map((p) => (
                      <tr key={p.id}>
                        <td>
                          <Link href={path('products', p.name)}>{p.name}</Link>
                        </td>
                        <td>
                          <Link href={path('teams', p.team)}>{p.team}</Link>
                        </td>
                        <td>{number(p.versions)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} limit={100} total={res.total} onPage={setOffset} />
            </>
          )
        }
      </Async>
    </>
  );
}

export function ProductPage({ product }: { product: string }) {
  const { t, te, date, number } = useI18n();
  const p = useLoad(() => call('getProduct', { params: { product } }), [product]);
  const cases = useLoad(() => call('listCases', { query: { product, limit: 100 } }), [product]);
  return (
    <>
      <h1>{t('product.title', { product })}</h1>
      <Async state={p}>
        {(res) => (
          <div class="table-wrap">
            <table>
              <caption>{t('product.versions')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('product.version')}</th>
                  <th scope="col">{t('product.lifecycle')}</th>
                  <th scope="col">{t('product.components')}</th>
                  <th scope="col">{t('product.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {res.versions.map((v) => (
                  <tr key={v.version}>
                    <td>
                      <Link href={path('products', product, 'versions', v.version)}>{v.version}</Link>
                    </td>
                    <td>{te('lifecycle', v.lifecycle)}</td>
                    <td>{number(v.components)}</td>
                    <td>{date(v.updatedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
      <section aria-labelledby="product-cases">
        <h2 id="product-cases">{t('product.cases')}</h2>
        <Async state={cases}>
          {(res) => (res.items.length === 0 ? <Empty k="cases.none" /> : <CaseTable items={res.items} caption={t('cases.caption', { n: res.total })} />)}
        </Async>
      </section>
    </>
  );
}

type Part = Response<'getProductVersion'>['parts'][number];

function Uploads({ parts }: { parts: Part[] }) {
  const { t, te, date, number } = useI18n();
  const uploads = useLoad(() => Promise.all(parts.map((p) => call('getUpload', { params: { id: p.uploadId } }))), [parts.map((p) => p.uploadId).join()]);
  return (
    <Async state={uploads}>
      {(list) => (
        <div class="table-wrap">
          <table>
            <caption>{t('version.uploads')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('upload.part')}</th>
                <th scope="col">{t('upload.format')}</th>
                <th scope="col">{t('upload.status')}</th>
                <th scope="col">{t('product.components')}</th>
                <th scope="col">{t('upload.processed')}</th>
                <th scope="col">{t('upload.warnings')}</th>
              </tr>
            </thead>
            <tbody>
              {list.map((u) => (
                <tr key={u.id}>
                  <td>{u.part}</td>
                  <td>{u.format ? `${u.format} ${u.specVersion ?? ''}` : '—'}</td>
                  <td>{te('uploadStatus', u.status)}</td>
                  <td>{u.componentCount === null ? '—' : number(u.componentCount)}</td>
                  <td>{date(u.processedAt)}</td>
                  <td>
                    {u.warnings.length === 0 ? (
                      t('upload.noWarnings')
                    ) : (
                      <details>
                        <summary>{t('upload.warningCount', { n: u.warnings.length })}</summary>
                        <ul>
                          {u.warnings.map((w, i) => (
                            <li key={i}>
                              <code>{w.path}</code> {w.message}
                            </li>
                          ))}
                        </ul>
                      </details>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Async>
  );
}

const COMPONENT_PAGE = 50;

function Components({ product, version }: { product: string; version: string }) {
  const { t, te } = useI18n();
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [direct, setDirect] = useState('');
  const [offset, setOffset] = useState(0);
  const components = useLoad(
    () =>
      call('listComponents', {
        params: { product, version },
        query: { q: search || undefined, direct: (direct || undefined) as 'true' | 'false' | undefined, limit: COMPONENT_PAGE, offset },
      }),
    [product, version, search, direct, offset],
  );
  return (
    <section aria-labelledby="components">
      <h2 id="components">{t('version.components')}</h2>
      <form
        class="filters"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          setOffset(0);
          setSearch(q.trim());
        }}
      >
        <div class="field">
          <label for="c-q">{t('version.componentSearch')}</label>
          <input id="c-q" type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="c-direct">{t('component.dependency')}</label>
          <select
            id="c-direct"
            value={direct}
            onChange={(e) => {
              setOffset(0);
              setDirect(e.currentTarget.value);
            }}
          >
            <option value="">{t('common.any')}</option>
            <option value="true">{t('component.direct')}</option>
            <option value="false">{t('component.transitive')}</option>
          </select>
        </div>
        <button type="submit">{t('common.search')}</button>
      </form>
      <Async state={components}>
        {(res) =>
          res.items.length === 0 ? (
            <Empty k="version.noComponents" />
          ) : (
            <>
              <div class="table-wrap">
                <table>
                  <caption>{t('version.componentsCaption', { n: res.total })}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('component.name')}</th>
                      <th scope="col">{t('component.version')}</th>
                      <th scope="col">{t('component.dependency')}</th>
                      <th scope="col">{t('component.licenses')}</th>
                      <th scope="col">{t('component.id')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {res.items.map((c) => (
                      <tr key={c.bomRef}>
                        <td>{c.group ? `${c.group}/${c.name}` : c.name}</td>
                        <td>{c.version ?? '—'}</td>
                        <td>{c.direct === null ? '—' : c.direct ? t('component.direct') : t('component.transitive')}</td>
                        <td>{c.licenses.join(', ') || '—'}</td>
                        <td>
                          <code>{c.purl ?? c.cpe ?? '—'}</code>
                          {c.type !== 'library' && ` (${te('componentType', c.type)})`}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager offset={offset} limit={COMPONENT_PAGE} total={res.total} onPage={setOffset} />
            </>
          )
        }
      </Async>
    </section>
  );
}

function Findings({ product, version }: { product: string; version: string }) {
  const { t, te, date } = useI18n();
  const findings = useLoad(() => call('getFindings', { query: { product, version, limit: 200 } }), [product, version]);
  return (
    <section aria-labelledby="findings">
      <h2 id="findings">{t('version.findings')}</h2>
      <Async state={findings}>
        {(res) =>
          res.items.length === 0 ? (
            <Empty k="version.noFindings" />
          ) : (
            <div class="table-wrap">
              <table>
                <caption>{t('version.findingsCaption', { n: res.total })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('case.vulnerability')}</th>
                    <th scope="col">{t('component.name')}</th>
                    <th scope="col">{t('finding.cvss')}</th>
                    <th scope="col">{t('finding.confidence')}</th>
                    <th scope="col">{t('finding.smallestFix')}</th>
                    <th scope="col">{t('finding.firstSeen')}</th>
                  </tr>
                </thead>
                <tbody>
                  {res.items.map((f) => (
                    <tr key={f.id}>
                      <td>
                        {f.vulnerability} <Severity value={f.severity} /> <Kev kev={f.kev} />
                      </td>
                      <td>
                        {f.component.name} {f.component.version}
                      </td>
                      <td>{f.cvss ? f.cvss.score.toFixed(1) : '—'}</td>
                      <td>{te('confidence', f.match.confidence)}</td>
                      <td>{f.match.smallestFix ?? '—'}</td>
                      <td>{date(f.firstSeen)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Async>
    </section>
  );
}

const VEX_FORMATS = [
  ['cyclonedx', 'vex.cyclonedx', 'cdx.json'],
  ['openvex', 'vex.openvex', 'openvex.json'],
  ['csaf', 'vex.csaf', 'csaf.json'],
] as const;

function VexDownloads({ product, version }: { product: string; version: string }) {
  const { t } = useI18n();
  const [error, setError] = useState<unknown>(undefined);
  return (
    <section aria-labelledby="downloads">
      <h2 id="downloads">{t('version.downloads')}</h2>
      <div class="buttons">
        {VEX_FORMATS.map(([format, label, ext]) => (
          <button
            type="button"
            key={format}
            onClick={() =>
              void download(urlOf('/api/v1/products/{product}/versions/{version}/vex', { product, version }, { format }), `${product}-${version}.${ext}`).then(
                () => setError(undefined),
                setError,
              )
            }
          >
            {t(label)}
          </button>
        ))}
      </div>
      {error !== undefined && <ErrorText error={error} />}
    </section>
  );
}

export function VersionPage({ product, version }: { product: string; version: string }) {
  const { t, te } = useI18n();
  const v = useLoad(() => call('getProductVersion', { params: { product, version } }), [product, version]);
  const cases = useLoad(() => call('listCases', { query: { product, limit: 100 } }), [product]);
  return (
    <>
      <p class="crumbs">
        <Link href={path('products', product)}>{product}</Link>
      </p>
      <h1>{t('version.title', { product, version })}</h1>
      <Async state={v}>
        {(res) => (
          <>
            <p>
              {t('product.lifecycle')}: {te('lifecycle', res.lifecycle)}
            </p>
            <Uploads parts={res.parts} />
          </>
        )}
      </Async>
      <Components product={product} version={version} />
      <Findings product={product} version={version} />
      <section aria-labelledby="version-cases">
        <h2 id="version-cases">{t('product.cases')}</h2>
        <Async state={cases}>
          {(res) => (res.items.length === 0 ? <Empty k="cases.none" /> : <CaseTable items={res.items} caption={t('cases.caption', { n: res.total })} />)}
        </Async>
      </section>
      <VexDownloads product={product} version={version} />
    </>
  );
}
