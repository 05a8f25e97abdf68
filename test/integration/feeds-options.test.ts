import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inventoryEcosystems, sourceOptions } from '../../feeds/sync/source-options.ts';
import { loadConfig } from '../../src/config/index.ts';
import { describeDatabases, openTestDatabase, type TestDatabase } from '../support/databases.ts';

describeDatabases('feed source options', (target) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await openTestDatabase(target);
    await t.db.execute(sql`insert into teams (id, name) values ('t', 'T')`);
    await t.db.execute(sql`insert into products (id, name, team_id) values ('00000000-0000-4000-8000-000000000001', 'p', 't')`);
    await t.db.execute(
      sql`insert into product_versions (id, product_id, version) values ('00000000-0000-4000-8000-000000000002', '00000000-0000-4000-8000-000000000001', '1')`,
    );
    await t.db.execute(sql`
      insert into sbom_uploads (id, product_version_id, sha256, size_bytes, raw_gzip, validation)
      values ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', 'x', 1, '\\x00', 'warn')`);
    for (const [i, purlBase] of [
      'pkg:npm/lodash',
      'pkg:npm/%40babel/core',
      'pkg:maven/org.apache.logging.log4j/log4j-core',
      'pkg:deb/debian/openssl',
      'pkg:generic/thing',
      'pkg:pypi/Django',
    ].entries()) {
      await t.db.execute(sql`
        insert into components (upload_id, product_version_id, bom_ref, type, name, purl_base)
        values ('00000000-0000-4000-8000-000000000003', '00000000-0000-4000-8000-000000000002', ${`c${i}`}, 'library', 'n', ${purlBase})`);
    }
  });
  afterAll(async () => t?.cleanup());

  it('OSV follows the ecosystems of the inventory: one per purl type, the distribution for distro packages', async () => {
    expect(await inventoryEcosystems(t.db)).toEqual(['Debian', 'Maven', 'PyPI', 'npm']);
    const config = loadConfig({} as NodeJS.ProcessEnv);
    expect(await sourceOptions(t.db, config, 'osv')).toEqual({ ecosystems: ['Debian', 'Maven', 'PyPI', 'npm'] });
    const configured = { ...config, feeds: { ...config.feeds, osv: { ...config.feeds.osv, ecosystems: ['Go'] } } };
    expect(await sourceOptions(t.db, configured, 'osv')).toEqual({ ecosystems: ['Go'] });
    expect(await sourceOptions(t.db, config, 'nvd')).toEqual({});
  });
});
