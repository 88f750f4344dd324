import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultLabel, parseVersions } from '../../harness/variants/spec.js';
import { describeInstallFailure, variantKey, versionCacheRoot } from '../../harness/variants/cache.js';
import { parseAuto, resolveBenchOptions } from '../../harness/config/options.js';
import { UsageError } from '../../harness/errors.js';

const usage = (message: string) => (error: unknown) => error instanceof UsageError && error.message === message;

describe('--versions', () => {
  it('takes package@version variants, labelled by their packages unless named', () => {
    assert.deepEqual(parseVersions('pg@8.11.3,pg@8.23.1'), [
      { label: 'pg-8.11.3', packages: [{ name: 'pg', version: '8.11.3' }] },
      { label: 'pg-8.23.1', packages: [{ name: 'pg', version: '8.23.1' }] },
    ]);
    assert.deepEqual(parseVersions('old=pg@8.11.3+pg-cursor@2.10.0, new=pg@latest'), [
      { label: 'old', packages: [{ name: 'pg', version: '8.11.3' }, { name: 'pg-cursor', version: '2.10.0' }] },
      { label: 'new', packages: [{ name: 'pg', version: 'latest' }] },
    ]);
    assert.deepEqual(parseVersions('@prisma/client@6.1.0,@prisma/client@^7')[1], { label: 'prisma-client-_7', packages: [{ name: '@prisma/client', version: '^7' }] });
    assert.equal(defaultLabel([{ name: 'pg', version: '8.11.3' }, { name: 'knex', version: '3.1.0' }]), 'pg-8.11.3_knex-3.1.0');
  });

  it('refuses a bad spec in one line naming the part', () => {
    const cases: Array<[string, string]> = [
      ['pg@8.11.3', '--versions: expected at least two variants to compare, got "pg@8.11.3"'],
      ['pg@8.11.3,,pg@8', '--versions: expected variants separated by commas (pg@8.11.3,pg@8.23.1), got "pg@8.11.3,,pg@8"'],
      ['pg,pg@8', '--versions: expected package@version, got "pg"'],
      ['PG@1,pg@2', '--versions: "PG" is not a package name'],
      ['pg@8 1,pg@2', '--versions: "8 1" is not a version of pg'],
      ['a=pg@1,a=pg@2', '--versions: two variants are labelled "a"; name them (old=…,new=…)'],
      ['my label=pg@1,b=pg@2', '--versions: label "my label" must be letters, digits, \'.\', \'_\' or \'-\''],
      ['x=,pg@2', '--versions: expected package@version after "x="'],
      ['pg@1+pg@2,pg@3', '--versions: pg appears twice in "pg@1+pg@2"'],
    ];
    for (const [value, message] of cases) assert.throws(() => parseVersions(value), usage(message), value);
  });
});

describe('the version cache', () => {
  it('keys a set of packages by its sorted specs and Node\'s major version', () => {
    const a = variantKey([{ name: 'pg', version: '8.11.3' }, { name: 'pg-cursor', version: '2.10.0' }], '20');
    assert.equal(a, variantKey([{ name: 'pg-cursor', version: '2.10.0' }, { name: 'pg', version: '8.11.3' }], '20'));
    assert.notEqual(a, variantKey([{ name: 'pg', version: '8.11.3' }, { name: 'pg-cursor', version: '2.10.0' }], '22'));
    assert.match(a, /^[0-9a-f]{16}$/);
    assert.equal(versionCacheRoot({ ROWMETER_CACHE_DIR: '/c' }), '/c/versions');
    assert.equal(versionCacheRoot({ XDG_CACHE_HOME: '/x', HOME: '/h' }), '/x/rowmeter/versions');
  });

  it('says in one line what npm could not install', () => {
    const pg = [{ name: 'pg', version: '99.0.0' }];
    assert.equal(
      describeInstallFailure('npm error code ETARGET\nnpm error notarget No matching version found for pg@99.0.0.\nnpm error notarget In most cases you or one of your dependencies are requesting\n', pg),
      '--versions: no version matches pg@99.0.0 on the registry',
    );
    assert.equal(
      describeInstallFailure('npm error code E404\nnpm error 404 Not Found - GET https://registry.npmjs.org/@acme%2fnope\nnpm error 404\n', [{ name: '@acme/nope', version: '1.0.0' }]),
      '--versions: @acme/nope is not on the registry',
    );
    assert.equal(
      describeInstallFailure('npm error code ENOTFOUND\nnpm error network request to https://registry.npmjs.org/pg failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org\n', pg),
      '--versions: could not reach the npm registry to install pg@99.0.0 (ENOTFOUND): offline?',
    );
    assert.equal(describeInstallFailure('npm error code EACCES\nnpm error permission denied\n', pg), '--versions: npm install pg@99.0.0 failed: permission denied');
  });
});

describe('--auto', () => {
  it('needs --versions, takes a tolerance in percent and a timeout in seconds, and runs its first rounds exactly', () => {
    assert.equal(parseAuto({}), null);
    assert.deepEqual(parseAuto({ auto: true, versions: 'pg@1,pg@2' }), { tolerancePercent: 3, timeoutMs: 600_000, firstRounds: 3 });
    assert.deepEqual(parseAuto({ auto: true, versions: 'pg@1,pg@2', autoTolerance: '5%', autoTimeout: '60', repeat: '4' }), { tolerancePercent: 5, timeoutMs: 60_000, firstRounds: 4 });
    const options = resolveBenchOptions({ auto: true, versions: 'pg@1,pg@2' }, {});
    assert.deepEqual([options.repeat, options.adaptiveRepeats], [3, null]);
  });

  it('refuses what makes no sense in one line', () => {
    assert.throws(() => parseAuto({ auto: true }), usage('--auto needs --versions or --against (it resolves the differences between variants)'));
    assert.throws(() => parseAuto({ autoTolerance: '3' }), usage('--auto-tolerance and --auto-timeout only go with --auto'));
    assert.throws(() => parseAuto({ auto: true, versions: 'a@1,b@2', autoTolerance: 'lots' }), usage('Expected --auto-tolerance to be a percentage from 0 to 100, got "lots"'));
  });
});
